#pragma once

// Private to auth: the signed JWT a certificate credential sends instead of a secret
// (identity.md §5: PS256, x5t#S256, aud = the token endpoint, iss = sub = client id).

#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace gdap::auth {

struct AssertionError {
  std::string message;
};

// Build and sign a client assertion valid for ten minutes from `now`.
Result<std::string, AssertionError> make_client_assertion(
    const ClientCertificate& certificate, std::string_view client_id, std::string_view audience,
    std::chrono::system_clock::time_point now);

}  // namespace gdap::auth
