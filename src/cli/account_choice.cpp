#include "account_choice.hpp"

#include "auth_session.hpp"

#include "gdapcheck/auth/token_cache.hpp"
#include "gdapcheck/model/text.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace gdap::cli {

namespace {

std::optional<std::string> flag_or_env(const Context& context, const CLI::Option* option,
                                       const std::string& value, const std::string& variable) {
  if (option != nullptr && option->count() > 0) {
    return value;
  }
  if (auto from_env = context.env(variable); from_env && !from_env->empty()) {
    return from_env;
  }
  return std::nullopt;
}

bool cloud_given(const CLI::App* command) {
  for (const auto* app = command; app != nullptr; app = app->get_parent()) {
    if (const auto* option = app->get_option_no_throw("--cloud");
        option != nullptr && option->count() > 0) {
      return true;
    }
  }
  return false;
}

auth::CacheData load_cache(const auth::AuthConfig& config) {
  const auth::TokenCache cache(config.cache_dir);
  auto loaded = cache.load();
  if (!loaded.ok()) {
    throw AuthError(loaded.error().message);
  }
  return std::move(loaded).value();
}

// "client X in cloud usgov for tenant T".
std::string describe_choice(const auth::AccountChoice& choice) {
  std::string text;
  if (choice.client_id) {
    text += " with client " + *choice.client_id;
  }
  if (choice.cloud) {
    text += " in cloud " + *choice.cloud;
  }
  if (choice.tenant) {
    text += " for tenant " + *choice.tenant;
  }
  return text;
}

// The login command for what was asked, completed from the active account (its cloud, and the
// tenant and kind of an app-only one: the likely intent is the same sign-in with another value).
std::string login_hint(const auth::CacheData& data, const auth::AccountChoice& choice,
                       const Context& context) {
  std::string cloud = choice.cloud.value_or(context.global.cloud);
  std::string tenant = choice.tenant.value_or("");
  auto kind = auth::AccountKind::delegated;
  if (const auto active = auth::choose_account(data, {})) {
    const auto& account = data.accounts.at(*active);
    if (!choice.cloud && !auth::cloud_of(account).empty()) {
      cloud = auth::cloud_of(account);
    }
    if (account.kind == auth::AccountKind::app) {
      kind = auth::AccountKind::app;
      if (tenant.empty()) {
        tenant = account.account;
      }
    }
  }
  if (credential_from_environment(context)) {
    kind = auth::AccountKind::app;
  }
  return auth::login_command(cloud, tenant, choice.client_id.value_or(""), kind);
}

}  // namespace

void add_account_flags(CLI::App& command, AccountFlags& flags, const std::string& tenant_help) {
  flags.client_id_option =
      command.add_option("--client-id", flags.client_id,
                         "Use the cached account signed in with this application (client) id "
                         "(default: GDAPCHECK_CLIENT_ID, else the account last signed in)");
  flags.tenant_option = command.add_option("--tenant", flags.tenant, tenant_help);
  flags.command = &command;
}

auth::AccountChoice account_choice(const Context& context, const AccountFlags& flags,
                                   bool with_tenant) {
  auth::AccountChoice choice;
  if (cloud_given(flags.command)) {
    choice.cloud = context.global.cloud;
  }
  choice.client_id =
      flag_or_env(context, flags.client_id_option, flags.client_id, "GDAPCHECK_CLIENT_ID");
  if (with_tenant) {
    choice.tenant = flag_or_env(context, flags.tenant_option, flags.tenant, "GDAPCHECK_TENANT");
    choice.tenant_is_preference =
        flags.tenant_option == nullptr || flags.tenant_option->count() == 0;
    if (choice.tenant && auth::is_tenant_alias(*choice.tenant)) {
      choice.tenant.reset();  // organizations names no tenant to pick by
    }
  }
  return choice;
}

std::optional<ChosenAccount> find_signed_in_account(const Context& context,
                                                    const auth::AccountChoice& choice) {
  const auto base = resolve_auth_config(context, {});
  const auto data = load_cache(base);
  const auto key = auth::choose_account(data, choice);
  if (!key) {
    return std::nullopt;
  }
  const auto& account = data.accounts.at(*key);
  auth::ConfigOverrides overrides;
  const auto cloud = auth::cloud_of(account);
  overrides.cloud = cloud.empty() ? context.global.cloud : cloud;
  overrides.client_id = account.client_id;
  if (account.kind == auth::AccountKind::app) {
    overrides.tenant = account.account;  // the tenant it signs in to again
  }
  auto config = auth::resolve_config(context.env, overrides);
  if (!config.ok()) {
    throw UsageError(config.error().message);
  }
  // Its tokens were issued there, and are redeemed there again.
  config->authority_host = account.authority_host;
  config->account_key = *key;
  return ChosenAccount{std::move(config).value(), account};
}

ChosenAccount choose_signed_in_account(const Context& context, const auth::AccountChoice& choice) {
  if (auto found = find_signed_in_account(context, choice)) {
    return std::move(*found);
  }
  const auto data = load_cache(resolve_auth_config(context, {}));
  const std::string what = data.accounts.empty() ? "not signed in"
                                                 : "no cached sign-in" + describe_choice(choice) +
                                                       " ('gdapcheck accounts' lists them)";
  throw AuthError(what + "; run '" + login_hint(data, choice, context) + "'");
}

void add_secret_trap(CLI::App& command, SecretTrap& trap) {
  trap.option = command.add_option("--client-secret", trap.slot)->group("");
}

void refuse_secret_on_argv(SecretTrap& trap) {
  if (trap.option == nullptr || trap.option->count() == 0) {
    return;
  }
  trap.slot.assign(trap.slot.size(), '\0');
  throw UsageError(
      "never pass a client secret on the command line (it stays in shell history and process "
      "lists); set GDAPCHECK_CLIENT_SECRET or use --client-secret-stdin");
}

std::string read_secret_from_stdin(const Context& context) {
  std::string secret;
  if (context.streams.in != nullptr) {
    std::getline(*context.streams.in, secret);
  }
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == '\n')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    throw UsageError("--client-secret-stdin: no secret on standard input");
  }
  return secret;
}

}  // namespace gdap::cli
