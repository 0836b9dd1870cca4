#include "live_tokens.hpp"

#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/auth/tenant_discovery.hpp"

#include <memory>
#include <utility>
#include <variant>

namespace gdap::cli {

collect::SignInFailure sign_in_failure(const auth::AuthFailure& failure) {
  using Kind = collect::SignInFailure::Kind;
  collect::SignInFailure out;
  out.kind = failure.kind == auth::FailureKind::cancelled ? Kind::cancelled
             : auth::is_refusal(failure)                  ? Kind::refused
                                                          : Kind::unavailable;
  out.error = failure.error.empty() ? std::string(auth::to_string(failure.kind)) : failure.error;
  for (const auto code : failure.error_codes) {
    out.error_codes.push_back(static_cast<long>(code));
  }
  out.description = failure.description;
  out.trace_id = failure.trace_id;
  out.correlation_id = failure.correlation_id;
  out.http_status = failure.http_status;
  out.reason = auth::describe(failure);
  return out;
}

collect::Token collector_token(const auth::AccessToken& token) {
  collect::Token out;
  out.bearer = std::make_shared<const std::string>(token.value);
  out.tenant_id = token.identity.tenant_id.value_or(token.tenant);
  out.object_id = token.identity.object_id.value_or("");
  out.upn = token.identity.account.value_or("");
  out.display_name = token.identity.display_name.value_or("");
  if (const auto claims = auth::decode_claims(token.value)) {
    out.amr = claims->amr;
  }
  return out;
}

LiveTokenSource::LiveTokenSource(auth::TenantTokens& tokens, graph::Client& client,
                                 std::string authority_host)
    : m_tokens(tokens), m_client(client), m_authority_host(std::move(authority_host)) {}

void LiveTokenSource::partner_token(collect::TokenDone done) {
  token_for(m_tokens.home_tenant(), true, std::move(done));
}

void LiveTokenSource::customer_token(const std::string& tenant_id, collect::TokenDone done) {
  token_for(tenant_id, false, std::move(done));
}

void LiveTokenSource::tenant_of_domain(const std::string& domain,
                                       std::function<void(std::optional<std::string>)> done) {
  m_client.send("tenantLookup", auth::openid_configuration_request(m_authority_host, domain),
                [done = std::move(done)](const http::Result& result) {
                  done(auth::tenant_of_openid_configuration(result));
                });
}

void LiveTokenSource::token_for(const std::string& tenant, bool partner, collect::TokenDone done) {
  auto begun = m_tokens.begin(tenant);
  if (!begun.ok()) {
    done(answer(partner, Failure{std::move(begun).error()}));
    return;
  }
  if (auto* cached = std::get_if<auth::AccessToken>(&begun.value())) {
    done(answer(partner, std::move(*cached)));
    return;
  }
  m_client.send("token", std::get<http::Request>(std::move(begun).value()),
                [this, tenant, partner, done = std::move(done)](const http::Result& result) {
                  done(answer(partner, m_tokens.finish(tenant, result)));
                });
}

collect::TokenResult LiveTokenSource::answer(bool partner,
                                             Result<auth::AccessToken, auth::AuthFailure> token) {
  if (!token.ok()) {
    if (partner) {
      m_partner_failure = token.error();
    }
    return Failure{sign_in_failure(token.error())};
  }
  auto out = collector_token(token.value());
  out.app_only = m_tokens.kind() == auth::AccountKind::app;
  return out;
}

}  // namespace gdap::cli
