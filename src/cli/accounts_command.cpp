// gdapcheck accounts: the cached accounts (delegated and app-only) and which one is in use, like
// `az account list`. Read from the cache alone; never a token.
#include "auth_session.hpp"
#include "commands.hpp"

#include "gdapcheck/auth/accounts.hpp"
#include "gdapcheck/auth/token_cache.hpp"
#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/own_client.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/model/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace gdap::cli {

namespace {

const char* kind_word(auth::AccountKind kind) {
  return kind == auth::AccountKind::app ? "app" : "delegated";
}

std::string cloud_word(const auth::AccountSummary& account) {
  return account.cloud.empty() ? "unknown (" + account.authority_host + ")" : account.cloud;
}

std::string render_accounts_text(const std::vector<auth::AccountSummary>& accounts,
                                 const std::string& login) {
  if (accounts.empty()) {
    return "No cached accounts; sign in with '" + login + "'.\n";
  }
  std::string out = fmt::format("  {:<10}{:<40}{:<38}{:<38}{}\n", "KIND", "ACCOUNT", "TENANT",
                                "CLIENT ID", "CLOUD");
  for (const auto& account : accounts) {
    // Names come from tokens another tenant's administrator may have written.
    const auto kept =
        account.kept_credential.empty() ? "" : "  (" + account.kept_credential + " kept)";
    out +=
        model::display_text(fmt::format(
            "{} {:<10}{:<40}{:<38}{:<38}{}{}", account.active ? "*" : " ", kind_word(account.kind),
            account.account, account.tenant_id, account.client_id, cloud_word(account), kept)) +
        "\n";
  }
  out += "* in use when no --cloud, --client-id or --tenant picks another\n";
  return out;
}

std::string render_accounts_json(const std::vector<auth::AccountSummary>& accounts) {
  using nlohmann::json;
  json list = json::array();
  for (const auto& account : accounts) {
    list.push_back(
        {{"kind", kind_word(account.kind)},
         {"account", account.account},
         {"tenantId", account.tenant_id},
         {"clientId", account.client_id},
         {"cloud", account.cloud.empty() ? json(nullptr) : json(account.cloud)},
         {"authorityHost", account.authority_host},
         {"signedInAt", model::format_timestamp(account.updated_at)},
         {"current", account.active},
         {"keptCredential",
          account.kept_credential.empty() ? json(nullptr) : json(account.kept_credential)}});
  }
  return model::escape_invisible_in_json(
             json{{"accounts", list}}.dump(2, ' ', false, json::error_handler_t::replace)) +
         "\n";
}

// The sign-in this command line asks for (its --cloud and GDAPCHECK_CLIENT_ID).
std::string login_command(const auth::AuthConfig& config) {
  return model::login_command(config.cloud, "", config.client_id, false);
}

void run_accounts(Context& context, bool as_json) {
  const auto config = resolve_auth_config(context, {});
  const auth::TokenCache cache(config.cache_dir);
  auto loaded = cache.load();
  if (!loaded.ok()) {
    throw AuthError(loaded.error().message);
  }
  const auto accounts = auth::list_accounts(loaded.value());
  context.streams.out << (as_json ? render_accounts_json(accounts)
                                  : render_accounts_text(accounts, login_command(config)));
}

}  // namespace

void register_accounts_command(CLI::App& app, Context& context) {
  auto as_json = std::make_shared<bool>(false);
  auto* accounts = app.add_subcommand(
      "accounts", "List the cached accounts (delegated and app-only) and the one in use");
  accounts->add_flag("--json", *as_json, "Print JSON on stdout");
  accounts->callback([&context, as_json] { run_accounts(context, *as_json); });
}

}  // namespace gdap::cli
