#include "auth_test_helpers.hpp"

#include "gdapcheck/auth/oauth.hpp"

#include <catch2/catch.hpp>

using namespace gdap::auth;
using gdap::http::Response;
using gdap::http::TransportError;
using gdap::http::TransportErrorKind;

namespace {
Response answer(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}
}  // namespace

TEST_CASE("auth: token answers become tokens", "[auth]") {
  const auto reply =
      parse_token_reply(answer(200, gdap::testing::token_body("AT", "RT", 3599, "ID")), "t");
  REQUIRE(reply.ok());
  const auto& tokens = reply.value();
  CHECK(tokens.access_token == "AT");
  CHECK(tokens.refresh_token == "RT");
  CHECK(tokens.id_token == "ID");
  CHECK(tokens.expires_in == std::chrono::seconds(3599));
  CHECK(tokens.token_type == "Bearer");

  const auto string_expiry = parse_token_reply(
      answer(200, R"({"access_token":"AT","expires_in":"60","token_type":"Bearer"})"), "t");
  CHECK(string_expiry.value().expires_in == std::chrono::seconds(60));
}

TEST_CASE("auth: token errors keep error, AADSTS codes and ids, and no description logic",
          "[auth]") {
  const auto reply = parse_token_reply(
      answer(400, gdap::testing::error_body("invalid_grant", {50076, 50079})), "customer-1");
  REQUIRE_FALSE(reply.ok());
  const auto& failure = reply.error();
  CHECK(failure.kind == FailureKind::oauth);
  CHECK(failure.error == "invalid_grant");
  CHECK(failure.error_codes == std::vector<std::int64_t>{50076, 50079});
  CHECK(failure.trace_id == "5810b037-c97b-48b8-95c3-fa5e39754302");
  CHECK(failure.correlation_id == "543970af-30fa-446a-b99f-946c4360a36e");
  CHECK(failure.timestamp == "2021-05-03 15:01:36Z");
  CHECK(failure.http_status == 400);
  CHECK(failure.tenant == "customer-1");
  CHECK(failure.description == "Something happened.");  // first line, code prefix dropped
  CHECK(aadsts_list(failure) == "AADSTS50076, AADSTS50079");
  const std::string text = describe(failure);
  CHECK_THAT(text, Catch::Contains("invalid_grant AADSTS50076, AADSTS50079 in tenant customer-1"));
  CHECK_THAT(text, Catch::Contains("trace id 5810b037") && Catch::Contains("correlation id 5439"));
}

TEST_CASE("auth: answers that are neither tokens nor OAuth errors are protocol failures",
          "[auth]") {
  CHECK(parse_token_reply(answer(502, "<html>Bad gateway</html>"), "t").error().kind ==
        FailureKind::protocol);
  CHECK(parse_token_reply(answer(500, R"({"message":"x"})"), "t").error().kind ==
        FailureKind::protocol);
  CHECK(parse_token_reply(answer(200, R"({"access_token":""})"), "t").error().kind ==
        FailureKind::protocol);
  CHECK(parse_token_reply(answer(200, "[1,2]"), "t").error().kind == FailureKind::protocol);
}

TEST_CASE("auth: transport errors become transport or cancelled failures", "[auth]") {
  const auto down =
      parse_token_reply(TransportError{TransportErrorKind::connect, "Couldn't connect"}, "t");
  CHECK(down.error().kind == FailureKind::transport);
  const auto stopped = parse_token_reply(TransportError{TransportErrorKind::aborted, "x"}, "t");
  CHECK(stopped.error().kind == FailureKind::cancelled);
}

TEST_CASE("auth: form posts carry the form content type", "[auth]") {
  const auto request = form_post("https://h/t/oauth2/v2.0/token", {{"a", "b c"}});
  CHECK(request.method == gdap::http::Method::post);
  CHECK(request.body == "a=b%20c");
  CHECK(request.headers.at(0).second == "application/x-www-form-urlencoded");
}
