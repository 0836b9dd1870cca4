#include "gdapcheck/auth/client_credentials.hpp"

#include "client_assertion.hpp"

namespace gdap::auth {

Result<http::Request, AuthFailure> app_token_request(const AuthConfig& config,
                                                     std::string_view tenant,
                                                     const ClientCredential& credential,
                                                     std::chrono::system_clock::time_point now) {
  http::FormFields fields = {{"client_id", config.client_id},
                             {"scope", default_scope(config)},
                             {"grant_type", "client_credentials"}};
  const std::string endpoint = token_endpoint(config, tenant);
  if (const auto* secret = std::get_if<ClientSecret>(&credential)) {
    fields.emplace_back("client_secret", secret->value);
  } else {
    const auto& certificate = std::get<ClientCertificate>(credential);
    auto assertion = make_client_assertion(certificate, config.client_id, endpoint, now);
    if (!assertion.ok()) {
      AuthFailure failure;
      failure.kind = FailureKind::credential;
      failure.tenant = std::string(tenant);
      failure.description = assertion.error().message;
      return Failure{failure};
    }
    fields.emplace_back("client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    fields.emplace_back("client_assertion", std::move(assertion).value());
  }
  return form_post(endpoint, fields);
}

TokenReply acquire_app_token(http::Transport& transport, const AuthConfig& config,
                             std::string_view tenant, const ClientCredential& credential,
                             std::chrono::system_clock::time_point now) {
  auto request = app_token_request(config, tenant, credential, now);
  if (!request.ok()) {
    return Failure{std::move(request).error()};
  }
  return parse_token_reply(transport.send(request.value()), tenant);
}

}  // namespace gdap::auth
