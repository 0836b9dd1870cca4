#pragma once

// Private to cli: what every command that talks to Microsoft needs, built once from flags and
// environment: the resolved sign-in configuration, the transport for sign-in requests (logged
// under --verbose, never with credentials) and the signed-in account's tokens.

#include "commands.hpp"

#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/auth/config.hpp"
#include "gdapcheck/auth/oauth.hpp"
#include "gdapcheck/auth/tenant_tokens.hpp"
#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gdap::cli {

// Resolve the sign-in configuration; a bad value throws UsageError (exit 2).
auth::AuthConfig resolve_auth_config(const Context& context,
                                     const auth::ConfigOverrides& overrides);

// The app-only credential named by GDAPCHECK_CLIENT_SECRET or GDAPCHECK_CLIENT_CERTIFICATE
// (+ GDAPCHECK_CLIENT_CERTIFICATE_KEY), if any.
std::optional<auth::ClientCredential> credential_from_environment(const Context& context);

// The signed-in account's tokens; an app-only account gets its credential from the environment
// (it is never cached).
// A credential given on the command line (--client-secret-stdin) wins over the environment.
auth::TenantTokens tenant_tokens(const Context& context, const auth::AuthConfig& config,
                                 std::optional<auth::ClientCredential> credential = std::nullopt);

// A blocking transport for the sign-in commands (device code, client credentials, one token).
class AuthSession {
 public:
  AuthSession(const Context& context, auth::AuthConfig config);

  const auth::AuthConfig& config() const { return m_config; }
  http::Transport& transport() { return *m_transport; }

 private:
  auth::AuthConfig m_config;
  std::unique_ptr<http::Transport> m_curl;
  std::unique_ptr<http::Transport> m_logged;  // wraps m_curl under --verbose
  http::Transport* m_transport = nullptr;
};

// Sign in with a device code (the prompt on stderr) to config.tenant and save the account as the
// current one. `extra_scopes` asks for Graph permissions beyond the read-only ones (incremental
// consent). A failure ends the run (throw_auth_failure).
auth::SignedInAccount device_code_sign_in(const Context& context, const auth::AuthConfig& config,
                                          const std::vector<std::string>& extra_scopes = {});

// The message for a failed sign-in or token request: what happened, the AADSTS codes with the
// ids support asks for, and, given the error catalogue's explanation of the code, what to do.
// Never contains a token or secret.
// `login` is the command that signs in again, with the cloud, tenant and client in use.
std::string explain_auth_failure(const auth::AuthFailure& failure,
                                 const std::optional<model::Explanation>& explanation,
                                 std::string_view login = "gdapcheck login");

// Throw the error that ends the run for `failure` (exit 3, or 130 when cancelled), explained from
// the error catalogue shipped with the rules.
[[noreturn]] void throw_auth_failure(const Context& context, const auth::AuthFailure& failure,
                                     std::string_view login = "gdapcheck login");

}  // namespace gdap::cli
