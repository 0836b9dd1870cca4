#pragma once

// Client-credentials grant (app-only): a secret from the environment or stdin, or a certificate
// whose private key signs a client assertion. Secrets never come from argv.

#include "gdapcheck/auth/config.hpp"
#include "gdapcheck/auth/oauth.hpp"
#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/result.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace gdap::auth {

struct ClientSecret {
  std::string value;
};

// A PEM file holding the certificate and its private key (or two files).
struct ClientCertificate {
  std::string certificate_pem_path;
  std::string private_key_pem_path;  // empty: the key is in the certificate file
};

using ClientCredential = std::variant<ClientSecret, ClientCertificate>;

// The token request for an app-only Graph token in `tenant` (nothing is sent), or why the
// credential cannot make one.
Result<http::Request, AuthFailure> app_token_request(const AuthConfig& config,
                                                     std::string_view tenant,
                                                     const ClientCredential& credential,
                                                     std::chrono::system_clock::time_point now);

// Request an app-only Graph token in `tenant` (must be a tenant id or domain, not an alias).
TokenReply acquire_app_token(http::Transport& transport, const AuthConfig& config,
                             std::string_view tenant, const ClientCredential& credential,
                             std::chrono::system_clock::time_point now);

}  // namespace gdap::auth
