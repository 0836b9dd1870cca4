// login, logout, whoami (issue 3). The flows live in the auth module; this file reads flags,
// prints the prompt on stderr and results on stdout, and turns failures into exit codes.
#include "auth_interrupt.hpp"
#include "auth_render.hpp"
#include "auth_session.hpp"
#include "commands.hpp"

#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/auth/device_code.hpp"
#include "gdapcheck/auth/tenant_tokens.hpp"
#include "gdapcheck/auth/token_cache.hpp"
#include "gdapcheck/model/display_text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>

namespace gdap::cli {

namespace {

struct LoginOptions {
  std::string tenant;
  std::string client_id;
  bool client_secret_stdin = false;
  std::string certificate;
  std::string certificate_key;
  bool tenant_given = false;
  bool client_id_given = false;
  std::string rejected_secret;  // only to refuse it, see register_auth_commands
};

struct WhoamiOptions {
  bool json = false;
  std::string tenant;
};

auth::ConfigOverrides overrides_of(const LoginOptions& options) {
  auth::ConfigOverrides overrides;
  if (options.tenant_given) {
    overrides.tenant = options.tenant;
  }
  if (options.client_id_given) {
    overrides.client_id = options.client_id;
  }
  return overrides;
}

std::string read_secret_from_stdin() {
  std::string secret;
  std::getline(std::cin, secret);
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == '\n')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    throw UsageError("--client-secret-stdin: no secret on standard input");
  }
  return secret;
}

// Two credentials at once, or a key without its certificate, would leave gdapcheck to guess.
void refuse_conflicting_options(const LoginOptions& options) {
  if (options.client_secret_stdin && !options.certificate.empty()) {
    throw UsageError(
        "--client-secret-stdin and --certificate are two different credentials: give one of "
        "them");
  }
  if (!options.certificate_key.empty() && options.certificate.empty()) {
    throw UsageError("--certificate-key needs --certificate (the certificate it belongs to)");
  }
}

// The token cache must take the tokens before anyone is asked to approve a sign-in: a failure
// after the MFA prompt wastes the user's time. A folder that cannot be used is configuration.
void require_writable_cache(const auth::AuthConfig& config) {
  const auth::TokenCache cache(config.cache_dir);
  if (auto writable = cache.check_writable(); !writable.ok()) {
    const auto& message = writable.error().message;
    const bool says_what_to_do = message.find("(remove it)") != std::string::npos ||
                                 message.find("GDAPCHECK_CACHE_DIR") != std::string::npos;
    throw UsageError(says_what_to_do
                         ? message
                         : message + " (set GDAPCHECK_CACHE_DIR to a folder you can write)");
  }
}

// The credential for app-only sign-in, if the user supplied one (flags first, then environment).
std::optional<auth::ClientCredential> app_credential(const Context& context,
                                                     const LoginOptions& options) {
  if (options.client_secret_stdin) {
    return auth::ClientSecret{read_secret_from_stdin()};
  }
  if (!options.certificate.empty()) {
    return auth::ClientCertificate{options.certificate, options.certificate_key};
  }
  return credential_from_environment(context);
}

void print_signed_in(const Context& context, const auth::SignedInAccount& account) {
  const auto& id = account.identity;
  std::string line;
  if (account.kind == auth::AccountKind::app) {
    line = fmt::format("Signed in as application {} in tenant {}.",
                       id.app_id.value_or(account.client_id),
                       id.tenant_id.value_or(account.home_tenant));
  } else {
    line = fmt::format("Signed in as {} (tenant {}); MFA claim: {}.",
                       id.account.value_or("an unknown account"),
                       id.tenant_id.value_or(account.home_tenant), auth::to_string(id.mfa));
  }
  // The names come from the token, which another tenant's administrator may have chosen.
  context.streams.out << model::display_text(line) << '\n';
}

void run_app_login(Context& context, const LoginOptions& options,
                   const auth::ClientCredential& credential) {
  const auto config = resolve_auth_config(context, overrides_of(options));
  if (auth::is_tenant_alias(config.tenant)) {
    throw UsageError(
        "app-only sign-in needs --tenant (or GDAPCHECK_TENANT) set to a tenant id or "
        "domain, not '" +
        config.tenant + "'");
  }
  if (config.client_id == auth::k_default_client_id) {
    throw UsageError(
        "app-only sign-in needs --client-id (or GDAPCHECK_CLIENT_ID) of your own app "
        "registration");
  }
  require_writable_cache(config);
  const InterruptGuard interrupt_guard;
  AuthSession session(context, config);
  const auto now = std::chrono::system_clock::now();
  auto reply = auth::acquire_app_token(session.transport(), config, config.tenant, credential, now);
  if (!reply.ok()) {
    throw_auth_failure(context, reply.error());
  }
  auth::TokenCache cache(config.cache_dir);
  auto saved =
      auth::save_sign_in(cache, config, config.tenant, reply.value(), auth::AccountKind::app, now);
  if (!saved.ok()) {
    throw_auth_failure(context, saved.error());
  }
  print_signed_in(context, saved.value());
}

void run_device_login(Context& context, const LoginOptions& options) {
  const auto config = resolve_auth_config(context, overrides_of(options));
  require_writable_cache(config);
  const InterruptGuard interrupt_guard;
  AuthSession session(context, config);
  auth::DeviceCodeFlow flow(session.transport(), config, interruptible_sleep,
                            [] { return interrupted(); });
  auto started = flow.start(config.tenant);
  if (!started.ok()) {
    throw_auth_failure(context, started.error());
  }
  const auto& grant = started.value();
  context.streams.err << model::display_text(auth::device_code_prompt(grant),
                                             model::LineBreaks::keep)
                      << '\n'
                      << "Waiting for approval (Ctrl-C to cancel)...\n"
                      << std::flush;
  auto reply = flow.wait_for_tokens(grant, config.tenant);
  if (!reply.ok()) {
    throw_auth_failure(context, reply.error());
  }
  auth::TokenCache cache(config.cache_dir);
  auto saved = auth::save_sign_in(cache, config, config.tenant, reply.value(),
                                  auth::AccountKind::delegated, std::chrono::system_clock::now());
  if (!saved.ok()) {
    throw_auth_failure(context, saved.error());
  }
  print_signed_in(context, saved.value());
}

void run_login(Context& context, const LoginOptions& options) {
  refuse_conflicting_options(options);
  if (auto credential = app_credential(context, options)) {
    run_app_login(context, options, *credential);
  } else {
    run_device_login(context, options);
  }
}

void run_logout(Context& context) {
  const auto config = resolve_auth_config(context, {});
  auth::TokenCache cache(config.cache_dir);
  if (auto cleared = cache.clear(); !cleared.ok()) {
    throw AuthError(cleared.error().message);
  }
  context.streams.out << "Signed out: removed cached tokens from " << config.cache_dir.string()
                      << ".\n";
}

void run_whoami(Context& context, const WhoamiOptions& options) {
  const auto config = resolve_auth_config(context, {});
  WhoamiView view;
  view.authority_host = config.authority_host;
  view.client_id = config.client_id;
  view.now = std::chrono::system_clock::now();

  auth::TokenCache cache(config.cache_dir);
  auto account = auth::signed_in_account(cache, config);
  if (!account.ok()) {
    throw_auth_failure(context, account.error());
  }
  view.kind = account->kind;
  if (options.tenant.empty()) {
    // From the cache alone: works offline.
    view.identity = account->identity;
  } else {
    // Through GDAP: the token this account gets in that tenant (cached, or refreshed now).
    const InterruptGuard interrupt_guard;
    AuthSession session(context, config);
    auto tokens = tenant_tokens(context, config);
    auto token = tokens.fetch_now(options.tenant, session.transport());
    if (!token.ok()) {
      throw_auth_failure(context, token.error());
    }
    view.identity = token->identity;
    view.requested_tenant = options.tenant;
  }
  context.streams.out << (options.json ? render_whoami_json(view) : render_whoami_text(view));
}

}  // namespace

void register_auth_commands(CLI::App& app, Context& context) {
  auto login_options = std::make_shared<LoginOptions>();
  auto* login = app.add_subcommand(
      "login",
      "Sign in with a device code (prompt on stderr); app-only with a client secret or "
      "certificate");
  auto* tenant = login->add_option("--tenant", login_options->tenant,
                                   "Tenant to sign in to (default: GDAPCHECK_TENANT or "
                                   "organizations)");
  auto* client_id = login->add_option("--client-id", login_options->client_id,
                                      "Application (client) id (default: GDAPCHECK_CLIENT_ID or "
                                      "Microsoft Graph Command Line Tools)");
  login->add_flag("--client-secret-stdin", login_options->client_secret_stdin,
                  "App-only: read the client secret from standard input (or set "
                  "GDAPCHECK_CLIENT_SECRET); never pass it as an argument");
  login
      ->add_option("--certificate", login_options->certificate,
                   "App-only: PEM file with the certificate (and key, unless --certificate-key)")
      ->type_name("FILE");
  login
      ->add_option("--certificate-key", login_options->certificate_key,
                   "App-only: PEM file with the certificate's private key")
      ->type_name("FILE");
  // Hidden trap: a secret typed as an argument would otherwise be echoed back by the parser's
  // "unexpected argument" error. Refuse it without repeating it.
  auto* secret_on_argv =
      login->add_option("--client-secret", login_options->rejected_secret)->group("");
  login->callback([&context, login_options, tenant, client_id, secret_on_argv] {
    if (secret_on_argv->count() > 0) {
      login_options->rejected_secret.assign(login_options->rejected_secret.size(), '\0');
      throw UsageError(
          "never pass a client secret on the command line (it stays in shell history "
          "and process lists); set GDAPCHECK_CLIENT_SECRET or use "
          "--client-secret-stdin");
    }
    login_options->tenant_given = tenant->count() > 0;
    login_options->client_id_given = client_id->count() > 0;
    run_login(context, *login_options);
  });

  auto* logout = app.add_subcommand("logout", "Forget cached tokens (removes the token cache)");
  logout->callback([&context] { run_logout(context); });

  auto whoami_options = std::make_shared<WhoamiOptions>();
  auto* whoami = app.add_subcommand(
      "whoami", "Show the signed-in account, tenant, MFA claim, roles and token expiry");
  whoami->add_flag("--json", whoami_options->json, "Print JSON on stdout");
  whoami->add_option("--tenant", whoami_options->tenant,
                     "Show the token this account gets in another (customer) tenant through GDAP "
                     "(refreshes it if needed)");
  whoami->callback([&context, whoami_options] { run_whoami(context, *whoami_options); });
}

}  // namespace gdap::cli
