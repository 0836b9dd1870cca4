#include "auth_session.hpp"

#include "auth_interrupt.hpp"

#include "gdapcheck/build_info.hpp"
#include "gdapcheck/error.hpp"
#include "gdapcheck/http/curl_transport.hpp"
#include "gdapcheck/http/logging_transport.hpp"

#include <array>
#include <iostream>
#include <string_view>
#include <utility>

namespace gdap::cli {

namespace {

// What to do about the sign-in errors technicians meet most (error-catalogue.md §F). The full
// catalogue belongs to `gdapcheck explain`; this is the one-line nudge at the point of failure.
constexpr std::array<std::pair<std::int64_t, std::string_view>, 20> k_hints = {{
    {50020,
     "the account has no GDAP access in this tenant: add it to a security group of an "
     "active access assignment, check the relationship is active, remove any stale guest "
     "account"},
    {50177, "the account has no GDAP access in this tenant (as AADSTS50020)"},
    {90072, "the account has no GDAP access in this tenant (as AADSTS50020)"},
    {50076,
     "multi-factor authentication is required: sign in again with Entra MFA "
     "(gdapcheck login); check Conditional Access in the customer tenant"},
    {50079, "the account must register for Entra MFA"},
    {50078, "the MFA presented has expired under policy: run 'gdapcheck login' again"},
    {53003,
     "blocked by Conditional Access: exclude service provider users (the partner tenant) "
     "from the policy"},
    {90099,
     "the app is not authorized in this tenant for delegated admins: consent it through "
     "the Partner Center applicationconsents API or the admin-consent URL"},
    {65001, "the app has not been consented in this tenant: run admin consent"},
    {700016, "the app is not found in this tenant: consent or create its service principal"},
    {7000215, "invalid client secret: send the secret's value, not its id"},
    {7000222, "the client secret has expired: create a new one"},
    {700027,
     "the certificate assertion was not accepted: check the certificate is uploaded "
     "to the app registration"},
    {700082, "the refresh token expired from inactivity: run 'gdapcheck login' again"},
    {50173,
     "the sign-in was revoked (password change or session revocation): run "
     "'gdapcheck login' again"},
    {70043, "Conditional Access sign-in frequency ended the session: run 'gdapcheck login' again"},
    {70008, "the refresh token expired or was already used: run 'gdapcheck login' again"},
    {9001023, "this grant is not allowed on /common or /consumers: use --tenant with a tenant id"},
    {90002, "tenant not found: check the tenant id or domain"},
    {53000, "Conditional Access requires a compliant device: exclude service provider users"},
}};

std::string_view hint_for(const auth::AuthFailure& failure) {
  for (const auto code : failure.error_codes) {
    for (const auto& [known, hint] : k_hints) {
      if (known == code) {
        return hint;
      }
    }
  }
  return {};
}

}  // namespace

auth::AuthConfig resolve_auth_config(const Context& context,
                                     const auth::ConfigOverrides& overrides) {
  auth::ConfigOverrides resolved = overrides;
  resolved.cloud = context.global.cloud;
  auto config = auth::resolve_config(context.env, resolved);
  if (auto* error = std::get_if<auth::ConfigError>(&config)) {
    throw UsageError(error->message);
  }
  return std::get<auth::AuthConfig>(std::move(config));
}

std::optional<auth::ClientCredential> credential_from_environment(const Context& context) {
  if (auto secret = context.env("GDAPCHECK_CLIENT_SECRET"); secret && !secret->empty()) {
    return auth::ClientSecret{*secret};
  }
  if (auto certificate = context.env("GDAPCHECK_CLIENT_CERTIFICATE");
      certificate && !certificate->empty()) {
    return auth::ClientCertificate{*certificate,
                                   context.env("GDAPCHECK_CLIENT_CERTIFICATE_KEY").value_or("")};
  }
  return std::nullopt;
}

AuthSession::AuthSession(const Context& context, auth::AuthConfig config)
    : m_config(std::move(config)) {
  http::CurlOptions options;
  options.ca_bundle = m_config.ca_bundle;
  options.user_agent = "gdapcheck/" + std::string(build::version());
  options.should_abort = [] { return interrupted(); };
  m_curl = http::make_curl_transport(options);
  m_transport = m_curl.get();
  if (context.global.verbose) {
    std::ostream& err = context.streams.err;
    m_logged = http::make_logging_transport(*m_curl, [&err](const std::string& line) {
      err << "gdapcheck: " << line << '\n' << std::flush;
    });
    m_transport = m_logged.get();
  }
  m_provider = std::make_unique<auth::TokenProvider>(*m_transport, m_config);
  if (auto credential = credential_from_environment(context)) {
    m_provider->set_client_credential(std::move(*credential));
  }
}

std::string explain_auth_failure(const auth::AuthFailure& failure) {
  using auth::FailureKind;
  switch (failure.kind) {
    case FailureKind::declined:
      return "sign-in was declined in the browser (" +
             (failure.error.empty() ? std::string("authorization_declined") : failure.error) +
             "); run 'gdapcheck login' again and approve the request";
    case FailureKind::expired:
      return "the device code expired before it was approved; run 'gdapcheck login' again and "
             "enter the code within the time shown";
    case FailureKind::bad_code:
      return "the sign-in service did not recognise the device code (bad_verification_code); "
             "run 'gdapcheck login' again";
    case FailureKind::cancelled:
      return "sign-in cancelled";
    case FailureKind::credential:
      return "cannot use the client certificate: " + failure.description;
    case FailureKind::not_signed_in:
    case FailureKind::cache:
      return failure.description;
    case FailureKind::transport:
      return "could not reach the sign-in service: " + failure.description;
    case FailureKind::protocol:
      return "unexpected answer from the sign-in service: " + failure.description;
    case FailureKind::oauth:
      break;
  }
  std::string message = "sign-in failed: " + auth::describe(failure);
  if (const auto hint = hint_for(failure); !hint.empty()) {
    message += "\n  what to do: " + std::string(hint);
  }
  return message;
}

void throw_auth_failure(const auth::AuthFailure& failure) {
  if (failure.kind == auth::FailureKind::cancelled) {
    throw Error(explain_auth_failure(failure), ExitCode::interrupted);
  }
  if (failure.kind == auth::FailureKind::credential) {
    throw UsageError(explain_auth_failure(failure));  // a local file problem, not a sign-in
  }
  throw AuthError(explain_auth_failure(failure));
}

}  // namespace gdap::cli
