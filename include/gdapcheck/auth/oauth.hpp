#pragma once

// OAuth 2.0 token endpoint replies as values: tokens, or a typed failure that keeps what support
// needs (OAuth `error`, AADSTS numbers, trace and correlation ids) and nothing secret.

#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/http/url.hpp"
#include "gdapcheck/result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::auth {

// A successful token endpoint answer.
struct TokenResponse {
  std::string token_type;
  std::string scope;
  std::chrono::seconds expires_in{0};
  std::string access_token;
  std::string refresh_token;  // absent for client credentials
  std::string id_token;       // only with the openid scope
};

enum class FailureKind {
  declined,       // the user refused the device code (authorization_declined / access_denied)
  expired,        // the device code expired before approval (expired_token or client-side)
  bad_code,       // bad_verification_code
  oauth,          // any other OAuth error answer (invalid_grant + AADSTS..., invalid_client ...)
  transport,      // no HTTP answer (DNS, TLS, timeout, refused URL)
  protocol,       // an answer that is neither tokens nor an OAuth error
  not_signed_in,  // nothing usable in the token cache
  cache,          // the token cache could not be read or written
  cancelled,      // Ctrl-C
  credential,     // the certificate or key could not be read or used (nothing was sent)
};

// Why no token could be had. Holds no token, code or secret; `description` is the first line of
// Microsoft's error_description, for people only (never branch on it).
struct AuthFailure {
  FailureKind kind = FailureKind::protocol;
  std::string tenant;                     // the tenant the token was requested for
  std::string error;                      // OAuth `error`, e.g. invalid_grant
  std::vector<std::int64_t> error_codes;  // AADSTS numbers from `error_codes`
  std::string suberror;
  std::string trace_id;
  std::string correlation_id;
  std::string timestamp;
  int http_status = 0;
  std::string description;
};

using TokenReply = Result<TokenResponse, AuthFailure>;

// "declined", "expired", "bad_code", "oauth", "transport", ... (for JSON evidence and logs).
std::string_view to_string(FailureKind kind);

// A POST of a form to a token-style endpoint.
http::Request form_post(std::string url, const http::FormFields& fields);

// Turn whatever came back from a token endpoint into tokens or a typed failure.
TokenReply parse_token_reply(const http::Result& result, std::string_view tenant);

// Whether the token endpoint answered "no" for the tenant (an OAuth error such as
// invalid_grant + AADSTS50020), rather than failing to answer at all: throttling, outages,
// broken connections and local problems say nothing about the tenant.
bool is_refusal(const AuthFailure& failure);

// Build a failure for a transport error (Ctrl-C becomes FailureKind::cancelled).
AuthFailure failure_from_transport(const http::TransportError& error, std::string_view tenant);

// One-line, secret-free explanation: "invalid_grant AADSTS50020 in tenant T: <first line>
// (trace id …, correlation id …)".
std::string describe(const AuthFailure& failure);

// "AADSTS50020, AADSTS50177" (empty when there are none).
std::string aadsts_list(const AuthFailure& failure);

}  // namespace gdap::auth
