#include "auth_session.hpp"

#include "auth_interrupt.hpp"
#include "rules_location.hpp"

#include "gdapcheck/auth/accounts.hpp"
#include "gdapcheck/auth/device_code.hpp"
#include "gdapcheck/build_info.hpp"
#include "gdapcheck/error.hpp"
#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/http/curl_transport.hpp"
#include "gdapcheck/http/logging_transport.hpp"
#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/text.hpp"

#include <chrono>
#include <iostream>
#include <string>
#include <utility>

namespace gdap::cli {

namespace {

// The catalogue entry of the first code the catalogue knows, with the failure's ids filled in; the
// same words `gdapcheck explain` prints. A missing or broken catalogue must not hide the sign-in
// error itself, so it only costs the hint.
std::optional<model::Explanation> explanation_of(const Context& context,
                                                 const auth::AuthFailure& failure,
                                                 std::string_view login) {
  if (failure.error_codes.empty()) {
    return std::nullopt;
  }
  try {
    const auto folders = find_rule_folders(context, "");
    const auto catalogue =
        errors::load_catalogue(rules::catalogue_directory(folders), rules::rule_ids_in(folders));
    for (const auto code : failure.error_codes) {
      if (const auto* entry = catalogue.find_code("AADSTS" + std::to_string(code))) {
        errors::Evidence evidence;
        if (failure.tenant != "organizations" && failure.tenant != "common") {
          (model::is_guid(failure.tenant) ? evidence.target_tenant_id
                                          : evidence.target_tenant_name) = failure.tenant;
        }
        evidence.trace_id = failure.trace_id;
        evidence.correlation_id = failure.correlation_id;
        evidence.sign_in_command = std::string(login);
        return errors::explain(*entry, evidence);
      }
    }
  } catch (const Error&) {
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

auth::AuthConfig resolve_auth_config(const Context& context,
                                     const auth::ConfigOverrides& overrides) {
  auth::ConfigOverrides resolved = overrides;
  resolved.cloud = context.global.cloud;
  auto config = auth::resolve_config(context.env, resolved);
  if (!config.ok()) {
    throw UsageError(config.error().message);
  }
  return std::move(config).value();
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

auth::TenantTokens tenant_tokens(const Context& context, const auth::AuthConfig& config,
                                 std::optional<auth::ClientCredential> credential) {
  auth::TenantTokens tokens(config);
  if (!credential) {
    credential = credential_from_environment(context);
  }
  if (credential) {
    tokens.set_client_credential(std::move(*credential));
  }
  return tokens;
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
      err << "gdapcheck: " << model::display_text(line) << '\n' << std::flush;
    });
    m_transport = m_logged.get();
  }
}

std::string explain_auth_failure(const auth::AuthFailure& failure,
                                 const std::optional<model::Explanation>& explanation,
                                 std::string_view login) {
  using auth::FailureKind;
  const std::string again = "run '" + std::string(login) + "' again";
  switch (failure.kind) {
    case FailureKind::declined:
      return "sign-in was declined in the browser (" +
             (failure.error.empty() ? std::string("authorization_declined") : failure.error) +
             "); " + again + " and approve the request";
    case FailureKind::expired:
      return "the device code expired before it was approved; " + again +
             " and enter the code within the time shown";
    case FailureKind::bad_code:
      return "the sign-in service did not recognise the device code (bad_verification_code); " +
             again;
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
  if (explanation) {
    message.append("\n  ").append(explanation->title.view()).append(".");
    message += "\n  what to do:";
    for (std::size_t i = 0; i < explanation->fix.size(); ++i) {
      message += "\n    " + std::to_string(i + 1) + ". " + explanation->fix[i];
    }
    message.append("\n  more: gdapcheck explain ").append(explanation->id.view());
  }
  return message;
}

void throw_auth_failure(const Context& context, const auth::AuthFailure& failure,
                        std::string_view login) {
  if (failure.kind == auth::FailureKind::cancelled) {
    throw Error(explain_auth_failure(failure, std::nullopt, login), ExitCode::interrupted);
  }
  if (failure.kind == auth::FailureKind::credential) {
    // A local file problem, not a sign-in.
    throw UsageError(explain_auth_failure(failure, std::nullopt, login));
  }
  const auto explanation = failure.kind == auth::FailureKind::oauth
                               ? explanation_of(context, failure, login)
                               : std::nullopt;
  throw AuthError(explain_auth_failure(failure, explanation, login));
}

auth::SignedInAccount device_code_sign_in(const Context& context, const auth::AuthConfig& config,
                                          const std::vector<std::string>& extra_scopes) {
  const InterruptGuard interrupt_guard;
  AuthSession session(context, config);
  auth::DeviceCodeFlow flow(session.transport(), config, interruptible_sleep,
                            [] { return interrupted(); });
  const auto again = auth::login_command(config.cloud, config.tenant, config.client_id,
                                         auth::AccountKind::delegated);
  auto started = flow.start(config.tenant, extra_scopes);
  if (!started.ok()) {
    throw_auth_failure(context, started.error(), again);
  }
  const auto& grant = started.value();
  context.streams.err << model::display_text(auth::device_code_prompt(grant),
                                             model::LineBreaks::keep)
                      << '\n'
                      << "Waiting for approval (Ctrl-C to cancel)...\n"
                      << std::flush;
  auto reply = flow.wait_for_tokens(grant, config.tenant);
  if (!reply.ok()) {
    throw_auth_failure(context, reply.error(), again);
  }
  auth::TokenCache cache(config.cache_dir);
  auto saved = auth::save_sign_in(cache, config, config.tenant, reply.value(),
                                  auth::AccountKind::delegated, std::chrono::system_clock::now());
  if (!saved.ok()) {
    throw_auth_failure(context, saved.error());
  }
  return saved.value();
}

}  // namespace gdap::cli
