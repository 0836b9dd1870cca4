#pragma once

// Private to cli: the collector's TokenSource over the signed-in account's cached tokens. New
// tokens are requested through the Graph client (so token requests share its limit, retries and
// request log), and the caller saves them to the cache after the run. What a token says about the
// account is read from its claims here, in auth, never in the collector.

#include "gdapcheck/auth/tenant_tokens.hpp"
#include "gdapcheck/collect/token_source.hpp"
#include "gdapcheck/graph/client.hpp"

#include <optional>
#include <string>

namespace gdap::cli {

class LiveTokenSource final : public collect::TokenSource {
 public:
  // `tokens` must be open; `authority_host` is where tenants of custom domains are looked up.
  LiveTokenSource(auth::TenantTokens& tokens, graph::Client& client, std::string authority_host);

  void partner_token(collect::TokenDone done) override;
  void customer_token(const std::string& tenant_id, collect::TokenDone done) override;
  void tenant_of_domain(const std::string& domain,
                        std::function<void(std::optional<std::string>)> done) override;

  // Why the partner token could not be had, with everything auth knows (the collector's
  // SignInFailure keeps only what the snapshot needs): for the message that ends the run.
  const std::optional<auth::AuthFailure>& partner_failure() const { return m_partner_failure; }

 private:
  void token_for(const std::string& tenant, bool partner, collect::TokenDone done);
  collect::TokenResult answer(bool partner, Result<auth::AccessToken, auth::AuthFailure> token);

  auth::TenantTokens& m_tokens;
  graph::Client& m_client;
  std::string m_authority_host;
  std::optional<auth::AuthFailure> m_partner_failure;
};

// What the collector needs to know of an auth failure.
collect::SignInFailure sign_in_failure(const auth::AuthFailure& failure);

// What the collector needs to know of a token: the bearer and who it belongs to.
collect::Token collector_token(const auth::AccessToken& token);

}  // namespace gdap::cli
