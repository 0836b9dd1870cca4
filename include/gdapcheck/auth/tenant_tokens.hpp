#pragma once

// The one thing the rest of gdapcheck asks auth for: "a Graph access token for tenant T". The
// answer is a token or a typed AuthFailure (which feeds the tenant.sign-in-failed rule).
// Delegated: the cached refresh token is redeemed at {authority}/{T}/oauth2/v2.0/token (the GDAP
// way into a customer tenant) and the rotated refresh token is saved; access tokens are reused
// until a few minutes before they expire. App-only: client credentials in tenant T.

#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/auth/config.hpp"
#include "gdapcheck/auth/oauth.hpp"
#include "gdapcheck/auth/token_cache.hpp"
#include "gdapcheck/http/transport.hpp"
#include "gdapcheck/result.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gdap::auth {

// Refresh this long before expiry, so a token never runs out in the middle of a run.
inline constexpr std::chrono::minutes k_refresh_margin{5};

using Clock = std::function<std::chrono::system_clock::time_point()>;

// The real wall clock.
Clock system_clock();

struct AccessToken {
  std::string value;  // secret: send it, never print it
  std::chrono::system_clock::time_point expires_at;
  std::string tenant;  // as requested
  Identity identity;   // what its claims say (best effort)
};

// Who is signed in, from the cache alone (no network).
struct SignedInAccount {
  AccountKind kind = AccountKind::delegated;
  std::string authority_host;
  std::string client_id;
  std::string home_tenant;
  Identity identity;  // from the cached home-tenant tokens
};

// Store the outcome of a sign-in (device code or client credentials) as the current account. It
// replaces that identity's entry: a credential kept by an earlier sign-in is forgotten unless
// `keep` gives it again.
Result<SignedInAccount, AuthFailure> save_sign_in(TokenCache& cache, const AuthConfig& config,
                                                  std::string_view tenant,
                                                  const TokenResponse& tokens, AccountKind kind,
                                                  std::chrono::system_clock::time_point now,
                                                  std::optional<KeptCredential> keep = {});

// The current account for this authority and client, from the cache.
Result<SignedInAccount, AuthFailure> signed_in_account(const TokenCache& cache,
                                                       const AuthConfig& config);

// What begin() found: a cached token that is still good, or the request that gets a new one.
using TokenOrRequest = std::variant<AccessToken, http::Request>;

// Tokens for the signed-in account in any tenant. The cache is read once (open()); begin() gives
// a cached token that is still good or the request that gets one, the caller sends the requests
// (concurrently, with retries: the tenant command sends them through the Graph client) and hands
// each answer to finish(); save() writes every new token and the newest rotated refresh token in
// one locked update. Entra keeps a refresh token valid after it rotates, so one refresh token can
// be redeemed for many tenants at the same time. For a single token, fetch_now() does all of it
// under the cache's lock. Not thread-safe: one event loop drives it.
class TenantTokens {
 public:
  explicit TenantTokens(AuthConfig config, Clock clock = system_clock());

  // Credential for app-only accounts (client credentials need it for every new token).
  void set_client_credential(ClientCredential credential);

  // Load the signed-in account from the cache.
  Result<Ok, AuthFailure> open();

  // The tenant signed in to (the partner tenant); valid after open().
  std::string home_tenant() const;
  // Whether the account is a person or an application; valid after open().
  AccountKind kind() const { return m_account ? m_account->kind : AccountKind::delegated; }

  // A still-fresh cached token for `tenant` (the home tenant when empty), the request that gets
  // a new one, or why there can be none.
  // With `scopes` (Graph permissions by name), a cached token serves only when Microsoft granted
  // it every one of them, and the request names them instead of ".default": Microsoft answers
  // AADSTS65001 (consent_required) for a permission the account has not consented to.
  Result<TokenOrRequest, AuthFailure> begin(std::string_view tenant,
                                            const std::vector<std::string>& scopes = {}) const;

  // The answer to begin()'s request: the token (remembered for save()) or a typed failure.
  Result<AccessToken, AuthFailure> finish(std::string_view tenant, const http::Result& result);

  // Write what finish() learnt to the cache; expired access tokens are dropped on the way.
  Result<Ok, AuthFailure> save();

  // One token, now, for a command that needs just one (whoami --tenant): under the cache's lock,
  // re-read the account (another gdapcheck may have just rotated the refresh token), send the
  // request through `transport` when no cached token will do, and save what came back before
  // the lock is released -- so processes running side by side never redeem a replaced refresh
  // token. No open() needed.
  Result<AccessToken, AuthFailure> fetch_now(std::string_view tenant, http::Transport& transport,
                                             const std::vector<std::string>& scopes = {});

 private:
  // The newest id_token of the home tenant (what its token's identity falls back on).
  std::string id_token() const;
  // Copy what finish() learnt into `account`, dropping its expired access tokens.
  void merge_into(CachedAccount& account) const;

  AuthConfig m_config;
  Clock m_clock;
  TokenCache m_cache;
  std::optional<ClientCredential> m_credential;
  std::optional<CachedAccount> m_account;
  std::string m_new_refresh_token;
  std::string m_new_id_token;
  std::map<std::string, CachedAccessToken> m_new_tokens;  // by lower-case tenant
};

}  // namespace gdap::auth
