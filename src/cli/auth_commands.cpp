// login, logout, whoami (issue 3). The flows live in the auth module; this file reads flags,
// prints the prompt on stderr and results on stdout, and turns failures into exit codes.
#include "account_choice.hpp"
#include "auth_interrupt.hpp"
#include "auth_render.hpp"
#include "auth_session.hpp"
#include "commands.hpp"

#include "gdapcheck/auth/accounts.hpp"
#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/auth/device_code.hpp"
#include "gdapcheck/auth/tenant_tokens.hpp"
#include "gdapcheck/auth/token_cache.hpp"
#include "gdapcheck/model/display_text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <variant>

namespace gdap::cli {

namespace {

struct LoginOptions {
  std::string tenant;
  std::string client_id;
  bool client_secret_stdin = false;
  std::string certificate;
  std::string certificate_key;
  bool keep_secret = false;
  bool tenant_given = false;
  bool client_id_given = false;
  SecretTrap secret_on_argv;
};

struct WhoamiOptions {
  bool json = false;
  bool client_secret_stdin = false;
  SecretTrap secret_on_argv;
  AccountFlags account;
};

struct LogoutOptions {
  bool all = false;
  AccountFlags account;
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
    return auth::ClientSecret{read_secret_from_stdin(context)};
  }
  if (!options.certificate.empty()) {
    return auth::ClientCertificate{options.certificate, options.certificate_key};
  }
  return credential_from_environment(context);
}

// What --keep-secret stores: the secret, or the certificate's files by absolute path (later runs
// may start in another folder).
std::optional<auth::KeptCredential> kept(const auth::ClientCredential& credential) {
  auth::KeptCredential kept;
  if (const auto* secret = std::get_if<auth::ClientSecret>(&credential)) {
    kept.secret = secret->value;
  } else {
    const auto& certificate = std::get<auth::ClientCertificate>(credential);
    kept.certificate_path = std::filesystem::absolute(certificate.certificate_pem_path).string();
    if (!certificate.private_key_pem_path.empty()) {
      kept.private_key_path = std::filesystem::absolute(certificate.private_key_pem_path).string();
    }
  }
  return kept;
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
      auth::save_sign_in(cache, config, config.tenant, reply.value(), auth::AccountKind::app, now,
                         options.keep_secret ? kept(credential) : std::nullopt);
  if (!saved.ok()) {
    throw_auth_failure(context, saved.error());
  }
  print_signed_in(context, saved.value());
  if (options.keep_secret) {
    context.streams.out << "Its credential is kept in " << cache.dir().string()
                        << "/tokens.json (mode 0600) for later runs; 'gdapcheck logout' forgets "
                           "it.\n";
  }
}

void run_device_login(Context& context, const LoginOptions& options) {
  const auto config = resolve_auth_config(context, overrides_of(options));
  require_writable_cache(config);
  print_signed_in(context, device_code_sign_in(context, config));
}

void run_login(Context& context, const LoginOptions& options) {
  refuse_conflicting_options(options);
  if (auto credential = app_credential(context, options)) {
    run_app_login(context, options, *credential);
  } else if (options.keep_secret) {
    throw UsageError(
        "--keep-secret keeps an app-only credential: give --client-secret-stdin, --certificate, "
        "GDAPCHECK_CLIENT_SECRET or GDAPCHECK_CLIENT_CERTIFICATE too (a device-code sign-in "
        "keeps its refresh token anyway)");
  } else {
    run_device_login(context, options);
  }
}

void forget_everything(Context& context, auth::TokenCache& cache, const std::string& what) {
  if (auto cleared = cache.clear(); !cleared.ok()) {
    throw AuthError(cleared.error().message);
  }
  context.streams.out << "Signed out: removed " << what << " from " << cache.dir().string()
                      << ".\n";
}

void run_logout(Context& context, const LogoutOptions& options) {
  const auto config = resolve_auth_config(context, {});
  auth::TokenCache cache(config.cache_dir);
  if (options.all) {
    forget_everything(context, cache, "every cached account");
    return;
  }
  // A cache that cannot be read holds nothing usable: logout is how it is repaired.
  auto loaded = cache.load();
  if (!loaded.ok()) {
    forget_everything(context, cache, "the unreadable token cache");
    return;
  }
  if (loaded->accounts.empty()) {
    context.streams.out << "Not signed in: nothing to forget.\n";
    return;
  }
  const auto chosen = choose_signed_in_account(context, account_choice(context, options.account));
  bool last = false;
  if (auto updated = cache.update([&](auth::CacheData& data) {
        const bool forgotten = auth::forget_account(data, chosen.config.account_key);
        last = data.accounts.empty();
        return forgotten;
      });
      !updated.ok()) {
    throw AuthError(updated.error().message);
  }
  if (last) {
    // Nothing else is cached: leave no file behind.
    if (auto cleared = cache.clear(); !cleared.ok()) {
      throw AuthError(cleared.error().message);
    }
  }
  const auto& account = chosen.account;
  const std::string who = account.kind == auth::AccountKind::app
                              ? "application " + account.client_id + " in tenant " + account.account
                              : account.account;
  context.streams.out << model::display_text("Signed out " + who +
                                             ": its tokens are removed from " +
                                             config.cache_dir.string() + ".")
                      << '\n';
}

void run_whoami(Context& context, const WhoamiOptions& options) {
  // --tenant T: the token in T, of the cached account of T when there is one, else of the
  // account in use, through GDAP.
  const auto choice = account_choice(context, options.account);
  auto chosen = find_signed_in_account(context, choice);
  if (!chosen) {
    chosen = choose_signed_in_account(context, account_choice(context, options.account, false));
  }
  const std::string through_gdap =
      options.account.tenant_option->count() > 0 ? options.account.tenant : std::string();
  const auto& config = chosen->config;
  WhoamiView view;
  view.authority_host = config.authority_host;
  view.client_id = config.client_id;
  view.cloud = config.cloud;
  view.now = std::chrono::system_clock::now();

  auth::TokenCache cache(config.cache_dir);
  auto account = auth::signed_in_account(cache, config);
  if (!account.ok()) {
    throw_auth_failure(context, account.error());
  }
  view.kind = account->kind;
  if (through_gdap.empty()) {
    // From the cache alone: works offline.
    view.identity = account->identity;
  } else {
    // Through GDAP: the token this account gets in that tenant (cached, or refreshed now).
    std::optional<auth::ClientCredential> credential;
    if (options.client_secret_stdin) {
      credential = auth::ClientSecret{read_secret_from_stdin(context)};
    }
    const InterruptGuard interrupt_guard;
    AuthSession session(context, config);
    auto tokens = tenant_tokens(context, config, credential);
    auto token = tokens.fetch_now(through_gdap, session.transport());
    if (!token.ok()) {
      throw_auth_failure(context, token.error());
    }
    view.identity = token->identity;
    view.requested_tenant = through_gdap;
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
  login->add_flag("--keep-secret", login_options->keep_secret,
                  "App-only: keep the secret (or where the certificate is) in the 0600 token "
                  "cache, so later runs need none; logout forgets it");
  add_secret_trap(*login, login_options->secret_on_argv);
  login->callback([&context, login_options, tenant, client_id] {
    refuse_secret_on_argv(login_options->secret_on_argv);
    login_options->tenant_given = tenant->count() > 0;
    login_options->client_id_given = client_id->count() > 0;
    run_login(context, *login_options);
  });

  auto logout_options = std::make_shared<LogoutOptions>();
  auto* logout = app.add_subcommand(
      "logout", "Forget the cached account in use (or the one the flags pick); --all forgets all");
  logout->add_flag("--all", logout_options->all,
                   "Forget every cached account (removes the token cache)");
  add_account_flags(*logout, logout_options->account,
                    "Forget the cached account of this tenant (id, or the tenant an app signed "
                    "in to)");
  logout->callback([&context, logout_options] { run_logout(context, *logout_options); });

  auto whoami_options = std::make_shared<WhoamiOptions>();
  auto* whoami = app.add_subcommand(
      "whoami", "Show the signed-in account, tenant, MFA claim, roles and token expiry");
  whoami->add_flag("--json", whoami_options->json, "Print JSON on stdout");
  add_account_flags(*whoami, whoami_options->account,
                    "Show the token in this tenant: of the cached account of this tenant, else "
                    "the one the account in use gets there through GDAP (refreshed if needed)");
  whoami->add_flag("--client-secret-stdin", whoami_options->client_secret_stdin,
                   "App-only: read the client secret from standard input when a new token is "
                   "needed (or set GDAPCHECK_CLIENT_SECRET)");
  add_secret_trap(*whoami, whoami_options->secret_on_argv);
  whoami->callback([&context, whoami_options] {
    refuse_secret_on_argv(whoami_options->secret_on_argv);
    run_whoami(context, *whoami_options);
  });
}

}  // namespace gdap::cli
