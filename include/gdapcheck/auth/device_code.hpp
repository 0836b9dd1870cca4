#pragma once

// Device authorization grant (RFC 8628) as Microsoft implements it: a pure polling state machine
// (table-testable) and a small driver over http::Transport with injected sleep and cancellation.

#include "gdapcheck/auth/config.hpp"
#include "gdapcheck/auth/oauth.hpp"
#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/result.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::auth {

// RFC 8628 §3.2: poll every 5 s when the server names no interval.
inline constexpr std::chrono::seconds k_default_poll_interval{5};
// RFC 8628 §3.5: each slow_down adds 5 s for this and all later polls.
inline constexpr std::chrono::seconds k_slow_down_step{5};
// Consecutive network failures tolerated while polling before giving up.
inline constexpr int k_max_poll_transport_failures = 3;

// The answer to the device authorization request (no verification_uri_complete at Microsoft).
struct DeviceCodeGrant {
  std::string device_code;  // secret: never shown or logged
  std::string user_code;
  std::string verification_uri;
  std::string message;  // Microsoft's ready-made prompt; may be empty
  std::chrono::seconds expires_in{900};
  std::chrono::seconds interval = k_default_poll_interval;
};

// Parse the devicecode endpoint's answer.
Result<DeviceCodeGrant, AuthFailure> parse_device_code_reply(const http::Result& result,
                                                             std::string_view tenant);

// The text to show the user: Microsoft's `message`, else one built from the URI and the code.
std::string device_code_prompt(const DeviceCodeGrant& grant);

// --- Pure polling state machine ---

// What one poll of the token endpoint said, reduced to what the state machine needs.
enum class PollOutcome {
  tokens,           // success
  pending,          // authorization_pending
  slow_down,        // slow_down
  declined,         // authorization_declined / access_denied
  expired,          // expired_token
  bad_code,         // bad_verification_code
  error,            // any other OAuth error or an unusable answer
  transport_error,  // no answer (network)
  cancelled,        // Ctrl-C during the request
};

// Classify a token endpoint reply for the state machine (branches on `error`, never on text).
PollOutcome classify_poll_reply(const TokenReply& reply);

struct PollState {
  std::chrono::seconds interval = k_default_poll_interval;
  std::chrono::seconds elapsed{0};     // time spent waiting so far
  std::chrono::seconds lifetime{900};  // the grant's expires_in
  int transport_failures = 0;          // consecutive
};

enum class PollAction {
  wait_then_poll,  // sleep `state.interval`, then poll again
  done,            // tokens arrived: stop polling
  fail,            // stop with `failure`
};

struct PollStep {
  PollAction action = PollAction::fail;
  PollState state;
  FailureKind failure = FailureKind::protocol;  // meaningful when action == fail
};

// Start polling: wait one interval before the first poll (or fail if the grant is already over).
PollStep first_poll_step(const DeviceCodeGrant& grant);

// Decide what follows one poll's outcome. Waiting past the grant's lifetime fails as expired even
// when the server never says expired_token.
PollStep next_poll_step(const PollState& state, PollOutcome outcome);

// --- Driver ---

// Sleep for a while; may return early when cancelled.
using SleepFunction = std::function<void(std::chrono::seconds)>;
// True once the user asked to stop (Ctrl-C).
using CancelCheck = std::function<bool()>;

class DeviceCodeFlow {
 public:
  DeviceCodeFlow(http::Transport& transport, AuthConfig config, SleepFunction sleep,
                 CancelCheck cancelled);

  // Ask for a device code for `tenant` with the delegated scopes, and `extra` Graph permissions
  // (incremental consent: Microsoft asks the user for what is new).
  Result<DeviceCodeGrant, AuthFailure> start(std::string_view tenant,
                                             const std::vector<std::string>& extra = {});

  // Poll until the user approves (tokens), refuses, the code expires, or Ctrl-C.
  TokenReply wait_for_tokens(const DeviceCodeGrant& grant, std::string_view tenant);

 private:
  http::Transport& m_transport;
  AuthConfig m_config;
  SleepFunction m_sleep;
  CancelCheck m_cancelled;
};

}  // namespace gdap::auth
