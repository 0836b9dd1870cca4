#include "gdapcheck/auth/device_code.hpp"

#include "gdapcheck/input/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace gdap::auth {

namespace {

using nlohmann::json;
using std::chrono::seconds;

// The device-code endpoint answered, but not with what RFC 8628 promises.
AuthFailure protocol_failure(std::string_view tenant, int http_status, std::string description) {
  AuthFailure failure;
  failure.kind = FailureKind::protocol;
  failure.tenant = std::string(tenant);
  failure.http_status = http_status;
  failure.description = std::move(description);
  return failure;
}

std::optional<seconds> seconds_of(const json& body, const char* name) {
  const auto found = body.find(name);
  if (found == body.end()) {
    return std::nullopt;
  }
  if (found->is_number_integer()) {
    return seconds(found->get<std::int64_t>());
  }
  if (found->is_string()) {
    try {
      return seconds(std::stoll(found->get<std::string>()));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string text_of(const json& body, const char* name) {
  const auto found = body.find(name);
  return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
}

PollStep fail_with(const PollState& state, FailureKind kind) {
  return PollStep{PollAction::fail, state, kind};
}

// Wait one more interval, unless that would run past the code's lifetime.
PollStep wait_or_expire(PollState state) {
  if (state.elapsed + state.interval > state.lifetime) {
    return fail_with(state, FailureKind::expired);
  }
  state.elapsed += state.interval;
  return PollStep{PollAction::wait_then_poll, state, FailureKind::protocol};
}

}  // namespace

Result<DeviceCodeGrant, AuthFailure> parse_device_code_reply(const http::Result& result,
                                                             std::string_view tenant) {
  if (const auto* error = std::get_if<http::TransportError>(&result)) {
    return Failure{failure_from_transport(*error, tenant)};
  }
  const auto& response = std::get<http::Response>(result);
  const json body = input::parse_json_or_discarded(response.body);
  if (response.status != 200 || !body.is_object() || !body.contains("device_code")) {
    // Error answers share the token endpoint's shape; reuse its parser for the typed failure.
    auto reply = parse_token_reply(result, tenant);
    if (!reply.ok()) {
      return Failure{std::move(reply).error()};
    }
    return Failure{
        protocol_failure(tenant, response.status, "the devicecode endpoint sent no device_code")};
  }
  DeviceCodeGrant grant;
  grant.device_code = text_of(body, "device_code");
  grant.user_code = text_of(body, "user_code");
  grant.verification_uri = text_of(body, "verification_uri");
  if (grant.verification_uri.empty()) {
    grant.verification_uri = text_of(body, "verification_url");  // older servers' spelling
  }
  grant.message = text_of(body, "message");
  grant.expires_in = seconds_of(body, "expires_in").value_or(seconds(900));
  grant.interval = seconds_of(body, "interval").value_or(k_default_poll_interval);
  if (grant.interval < seconds(0)) {
    grant.interval = k_default_poll_interval;
  }
  if (grant.device_code.empty() || grant.user_code.empty() || grant.verification_uri.empty()) {
    return Failure{
        protocol_failure(tenant, response.status,
                         "the devicecode answer lacks device_code, user_code or verification_uri")};
  }
  return grant;
}

std::string device_code_prompt(const DeviceCodeGrant& grant) {
  if (!grant.message.empty()) {
    return grant.message;
  }
  return "To sign in, use a web browser to open the page " + grant.verification_uri +
         " and enter the code " + grant.user_code + " to authenticate.";
}

PollOutcome classify_poll_reply(const TokenReply& reply) {
  if (reply.ok()) {
    return PollOutcome::tokens;
  }
  const auto& failure = reply.error();
  switch (failure.kind) {
    case FailureKind::transport:
      return PollOutcome::transport_error;
    case FailureKind::cancelled:
      return PollOutcome::cancelled;
    case FailureKind::oauth:
      break;
    default:
      return PollOutcome::error;
  }
  const std::string& error = failure.error;
  if (error == "authorization_pending") {
    return PollOutcome::pending;
  }
  if (error == "slow_down") {
    return PollOutcome::slow_down;
  }
  if (error == "authorization_declined" || error == "access_denied") {
    return PollOutcome::declined;
  }
  if (error == "expired_token") {
    return PollOutcome::expired;
  }
  if (error == "bad_verification_code") {
    return PollOutcome::bad_code;
  }
  return PollOutcome::error;
}

PollStep first_poll_step(const DeviceCodeGrant& grant) {
  PollState state;
  state.interval = grant.interval;
  state.lifetime = grant.expires_in;
  return wait_or_expire(state);
}

PollStep next_poll_step(const PollState& state, PollOutcome outcome) {
  PollState next = state;
  switch (outcome) {
    case PollOutcome::tokens:
      return PollStep{PollAction::done, next, FailureKind::protocol};
    case PollOutcome::pending:
      next.transport_failures = 0;
      return wait_or_expire(next);
    case PollOutcome::slow_down:
      next.transport_failures = 0;
      next.interval += k_slow_down_step;
      return wait_or_expire(next);
    case PollOutcome::transport_error:
      next.transport_failures += 1;
      if (next.transport_failures >= k_max_poll_transport_failures) {
        return fail_with(next, FailureKind::transport);
      }
      return wait_or_expire(next);
    case PollOutcome::declined:
      return fail_with(next, FailureKind::declined);
    case PollOutcome::expired:
      return fail_with(next, FailureKind::expired);
    case PollOutcome::bad_code:
      return fail_with(next, FailureKind::bad_code);
    case PollOutcome::cancelled:
      return fail_with(next, FailureKind::cancelled);
    case PollOutcome::error:
      return fail_with(next, FailureKind::oauth);
  }
  return fail_with(next, FailureKind::protocol);
}

DeviceCodeFlow::DeviceCodeFlow(http::Transport& transport, AuthConfig config, SleepFunction sleep,
                               CancelCheck cancelled)
    : m_transport(transport),
      m_config(std::move(config)),
      m_sleep(std::move(sleep)),
      m_cancelled(std::move(cancelled)) {}

Result<DeviceCodeGrant, AuthFailure> DeviceCodeFlow::start(std::string_view tenant,
                                                           const std::vector<std::string>& extra) {
  const auto request =
      form_post(devicecode_endpoint(m_config, tenant),
                {{"client_id", m_config.client_id}, {"scope", delegated_scopes(m_config, extra)}});
  return parse_device_code_reply(m_transport.send(request), tenant);
}

TokenReply DeviceCodeFlow::wait_for_tokens(const DeviceCodeGrant& grant, std::string_view tenant) {
  const auto request = form_post(token_endpoint(m_config, tenant),
                                 {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                  {"client_id", m_config.client_id},
                                  {"device_code", grant.device_code}});
  const auto cancelled_failure = [&] {
    AuthFailure failure;
    failure.kind = FailureKind::cancelled;
    failure.tenant = std::string(tenant);
    failure.description = "sign-in cancelled";
    return failure;
  };

  PollStep step = first_poll_step(grant);
  TokenReply last_reply = Failure{AuthFailure{}};
  while (step.action == PollAction::wait_then_poll) {
    m_sleep(step.state.interval);
    if (m_cancelled && m_cancelled()) {
      return Failure{cancelled_failure()};
    }
    last_reply = parse_token_reply(m_transport.send(request), tenant);
    step = next_poll_step(step.state, classify_poll_reply(last_reply));
  }
  if (step.action == PollAction::done) {
    return last_reply;
  }
  if (step.failure == FailureKind::cancelled) {
    return Failure{cancelled_failure()};
  }
  // Keep the server's details (error, AADSTS, ids) but give the state machine's verdict.
  AuthFailure failure;
  if (!last_reply.ok()) {
    failure = last_reply.error();
  }
  if (step.failure == FailureKind::expired && failure.error != "expired_token") {
    // Our own clock ran out (the last answer was only "pending"): report that, not the pending.
    failure = AuthFailure{};
    failure.description = "the device code expired before it was approved";
  }
  failure.kind = step.failure;
  failure.tenant = std::string(tenant);
  return Failure{failure};
}

}  // namespace gdap::auth
