#include "auth_test_helpers.hpp"
#include "support/fake_transport.hpp"

#include "gdapcheck/auth/device_code.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

using namespace gdap::auth;
using gdap::testing::error_body;
using gdap::testing::FakeTransport;
using gdap::testing::token_body;
using std::chrono::seconds;

namespace {

AuthFailure oauth_error(const std::string& error) {
  AuthFailure failure;
  failure.kind = FailureKind::oauth;
  failure.error = error;
  return failure;
}

AuthConfig test_config() {
  AuthConfig config;
  config.authority_host = "https://login.example";
  config.scope_resource = "https://graph.microsoft.com";
  config.tenant = "organizations";
  config.client_id = "client-1";
  return config;
}

std::string grant_body(const char* extra = R"(,"interval":5)") {
  return std::string(R"({"device_code":"DC-SECRET","user_code":"FQK5HW3UF",)"
                     R"("verification_uri":"https://microsoft.com/devicelogin","expires_in":900)") +
         extra + "}";
}

}  // namespace

TEST_CASE("auth: poll replies are classified by the OAuth error, never by its text", "[auth]") {
  CHECK(classify_poll_reply(TokenResponse{}) == PollOutcome::tokens);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("authorization_pending")}) ==
        PollOutcome::pending);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("slow_down")}) == PollOutcome::slow_down);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("authorization_declined")}) ==
        PollOutcome::declined);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("access_denied")}) == PollOutcome::declined);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("expired_token")}) == PollOutcome::expired);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("bad_verification_code")}) ==
        PollOutcome::bad_code);
  CHECK(classify_poll_reply(gdap::Failure{oauth_error("invalid_grant")}) == PollOutcome::error);
  AuthFailure transport;
  transport.kind = FailureKind::transport;
  CHECK(classify_poll_reply(gdap::Failure{transport}) == PollOutcome::transport_error);
  AuthFailure cancelled;
  cancelled.kind = FailureKind::cancelled;
  CHECK(classify_poll_reply(gdap::Failure{cancelled}) == PollOutcome::cancelled);
  AuthFailure protocol;
  protocol.kind = FailureKind::protocol;
  CHECK(classify_poll_reply(gdap::Failure{protocol}) == PollOutcome::error);
}

TEST_CASE("auth: the polling state machine follows RFC 8628", "[auth]") {
  struct Row {
    PollOutcome outcome;
    int interval_before;
    int elapsed_before;
    int failures_before;
    PollAction action;
    int interval_after;
    FailureKind failure;
  };
  const auto row = GENERATE(values<Row>({
      {PollOutcome::tokens, 5, 10, 0, PollAction::done, 5, FailureKind::protocol},
      {PollOutcome::pending, 5, 10, 0, PollAction::wait_then_poll, 5, FailureKind::protocol},
      {PollOutcome::pending, 5, 10, 2, PollAction::wait_then_poll, 5, FailureKind::protocol},
      {PollOutcome::slow_down, 5, 10, 0, PollAction::wait_then_poll, 10, FailureKind::protocol},
      {PollOutcome::slow_down, 10, 20, 0, PollAction::wait_then_poll, 15, FailureKind::protocol},
      {PollOutcome::slow_down, 0, 0, 0, PollAction::wait_then_poll, 5, FailureKind::protocol},
      {PollOutcome::declined, 5, 10, 0, PollAction::fail, 5, FailureKind::declined},
      {PollOutcome::expired, 5, 10, 0, PollAction::fail, 5, FailureKind::expired},
      {PollOutcome::bad_code, 5, 10, 0, PollAction::fail, 5, FailureKind::bad_code},
      {PollOutcome::error, 5, 10, 0, PollAction::fail, 5, FailureKind::oauth},
      {PollOutcome::cancelled, 5, 10, 0, PollAction::fail, 5, FailureKind::cancelled},
      {PollOutcome::transport_error, 5, 10, 0, PollAction::wait_then_poll, 5,
       FailureKind::protocol},
      {PollOutcome::transport_error, 5, 10, 2, PollAction::fail, 5, FailureKind::transport},
      // Waiting past the code's lifetime (900 s) fails even though the server said "pending".
      {PollOutcome::pending, 5, 896, 0, PollAction::fail, 5, FailureKind::expired},
      {PollOutcome::slow_down, 5, 891, 0, PollAction::fail, 10, FailureKind::expired},
      {PollOutcome::slow_down, 5, 890, 0, PollAction::wait_then_poll, 10, FailureKind::protocol},
  }));
  CAPTURE(static_cast<int>(row.outcome), row.interval_before, row.elapsed_before);
  PollState state;
  state.interval = seconds(row.interval_before);
  state.elapsed = seconds(row.elapsed_before);
  state.lifetime = seconds(900);
  state.transport_failures = row.failures_before;
  const PollStep step = next_poll_step(state, row.outcome);
  CHECK(step.action == row.action);
  CHECK(step.state.interval == seconds(row.interval_after));
  if (row.action == PollAction::fail) {
    CHECK(step.failure == row.failure);
  }
  if (row.action == PollAction::wait_then_poll) {
    CHECK(step.state.elapsed == state.elapsed + step.state.interval);
  }
}

TEST_CASE("auth: the first poll waits one interval", "[auth]") {
  DeviceCodeGrant grant;
  grant.interval = seconds(7);
  grant.expires_in = seconds(900);
  const auto step = first_poll_step(grant);
  CHECK(step.action == PollAction::wait_then_poll);
  CHECK(step.state.interval == seconds(7));
  grant.expires_in = seconds(3);
  CHECK(first_poll_step(grant).failure == FailureKind::expired);
}

TEST_CASE("auth: device code answers parse, with the RFC default interval", "[auth]") {
  gdap::http::Response response;
  response.status = 200;
  response.body = grant_body("");
  const auto parsed = parse_device_code_reply(response, "organizations");
  REQUIRE(parsed.ok());
  const auto& grant = parsed.value();
  CHECK(grant.interval == seconds(5));
  CHECK(grant.expires_in == seconds(900));
  CHECK(grant.user_code == "FQK5HW3UF");
  // No `message`: the prompt is built from the URI and the code, and never shows the device code.
  const std::string prompt = device_code_prompt(grant);
  CHECK_THAT(prompt,
             Catch::Contains("https://microsoft.com/devicelogin") && Catch::Contains("FQK5HW3UF"));
  CHECK(prompt.find("DC-SECRET") == std::string::npos);

  response.body = grant_body(R"(,"interval":"3","message":"Go to X and type Y")");
  const auto with_message = parse_device_code_reply(response, "t").value();
  CHECK(with_message.interval == seconds(3));
  CHECK(device_code_prompt(with_message) == "Go to X and type Y");

  response.status = 400;
  response.body = error_body("invalid_client", {700016});
  const auto failed = parse_device_code_reply(response, "t");
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().error_codes == std::vector<std::int64_t>{700016});

  response.status = 200;
  response.body = R"({"user_code":"X"})";
  CHECK(parse_device_code_reply(response, "t").error().kind == FailureKind::protocol);
}

TEST_CASE("auth: the device code driver polls with injected sleeps until tokens arrive", "[auth]") {
  FakeTransport transport;
  transport.push(200, grant_body(), "/devicecode");
  transport.push(400, error_body("authorization_pending", {70016}), "/token");
  transport.push(400, error_body("slow_down", {70016}), "/token");
  transport.push(400, error_body("authorization_pending", {70016}), "/token");
  transport.push(200, token_body("AT", "RT"), "/token");
  transport.push(200, token_body("NEVER-USED"), "/token");

  std::vector<seconds> sleeps;
  DeviceCodeFlow flow(
      transport, test_config(), [&](seconds s) { sleeps.push_back(s); }, [] { return false; });
  const auto started = flow.start("organizations");
  REQUIRE(started.ok());
  const auto reply = flow.wait_for_tokens(started.value(), "organizations");
  REQUIRE(reply.ok());
  CHECK(reply.value().refresh_token == "RT");
  CHECK(sleeps == std::vector<seconds>{seconds(5), seconds(5), seconds(10), seconds(10)});
  CHECK(transport.pending() == 1);  // stopped polling as soon as tokens came

  REQUIRE(transport.requests().size() == 5);
  CHECK(transport.requests()[0].url ==
        "https://login.example/organizations/oauth2/v2.0/devicecode");
  CHECK(transport.field(0, "client_id") == "client-1");
  CHECK_THAT(transport.field(0, "scope"),
             Catch::Contains("https://graph.microsoft.com/User.Read ") &&
                 Catch::EndsWith("offline_access openid profile"));
  CHECK(transport.requests()[1].url == "https://login.example/organizations/oauth2/v2.0/token");
  CHECK(transport.field(1, "grant_type") == "urn:ietf:params:oauth:grant-type:device_code");
  CHECK(transport.field(1, "device_code") == "DC-SECRET");
}

TEST_CASE("auth: the device code driver stops on refusals and keeps the server's ids", "[auth]") {
  const auto [error, kind] = GENERATE(table<const char*, FailureKind>({
      {"authorization_declined", FailureKind::declined},
      {"access_denied", FailureKind::declined},
      {"expired_token", FailureKind::expired},
      {"bad_verification_code", FailureKind::bad_code},
      {"invalid_grant", FailureKind::oauth},
  }));
  FakeTransport transport;
  transport.push(400, error_body(error, {70020}));
  int sleeps = 0;
  DeviceCodeFlow flow(
      transport, test_config(), [&](seconds) { ++sleeps; }, nullptr);
  DeviceCodeGrant grant;
  grant.device_code = "DC";
  const auto reply = flow.wait_for_tokens(grant, "organizations");
  REQUIRE_FALSE(reply.ok());
  const auto& failure = reply.error();
  CHECK(failure.kind == kind);
  CHECK(failure.error == error);
  CHECK(failure.trace_id == "5810b037-c97b-48b8-95c3-fa5e39754302");
  CHECK(sleeps == 1);
  CHECK(transport.requests().size() == 1);
}

TEST_CASE("auth: the device code driver gives up after repeated network failures", "[auth]") {
  FakeTransport transport;
  transport.push_error(gdap::http::TransportErrorKind::connect, "refused");
  transport.push_error(gdap::http::TransportErrorKind::timeout, "slow");
  transport.push_error(gdap::http::TransportErrorKind::connect, "refused");
  DeviceCodeFlow flow(
      transport, test_config(), [](seconds) {}, nullptr);
  const auto reply = flow.wait_for_tokens(DeviceCodeGrant{}, "organizations");
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == FailureKind::transport);
  CHECK(transport.requests().size() == 3);
}

TEST_CASE("auth: the device code driver expires on its own clock and honours cancellation",
          "[auth]") {
  FakeTransport transport;
  for (int i = 0; i < 10; ++i) {
    transport.push(400, error_body("authorization_pending", {70016}));
  }
  DeviceCodeGrant grant;
  grant.interval = seconds(5);
  grant.expires_in = seconds(12);
  seconds waited{0};
  DeviceCodeFlow flow(
      transport, test_config(), [&](seconds s) { waited += s; }, nullptr);
  const auto reply = flow.wait_for_tokens(grant, "organizations");
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == FailureKind::expired);
  CHECK(reply.error().error.empty());  // not "authorization_pending"
  CHECK(waited == seconds(10));
  CHECK(transport.requests().size() == 2);

  bool stop = false;
  DeviceCodeFlow cancellable(
      transport, test_config(), [&](seconds) { stop = true; }, [&] { return stop; });
  const auto cancelled = cancellable.wait_for_tokens(DeviceCodeGrant{}, "organizations");
  CHECK(cancelled.error().kind == FailureKind::cancelled);
  CHECK(transport.requests().size() == 2);  // no poll after Ctrl-C
}
