#pragma once

// Private to cli: which cached account a command uses. `login` makes the account it signs in the
// active one; `whoami`, `tenant` and `logout` use it, or the one --cloud, --client-id and --tenant
// (or GDAPCHECK_CLIENT_ID / GDAPCHECK_TENANT) pick, without repeating the sign-in's flags.

#include "commands.hpp"

#include "gdapcheck/auth/accounts.hpp"
#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/auth/config.hpp"

#include <optional>
#include <string>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace gdap::cli {

// --client-id and --tenant on a command that uses a cached account (--cloud is global).
struct AccountFlags {
  std::string client_id;
  std::string tenant;
  const CLI::Option* client_id_option = nullptr;
  const CLI::Option* tenant_option = nullptr;
  const CLI::App* command = nullptr;
};

// Adds --client-id and --tenant (with `tenant_help`) to `command`.
void add_account_flags(CLI::App& command, AccountFlags& flags, const std::string& tenant_help);

// What the flags (else the environment) ask for; `with_tenant` false leaves --tenant out.
auth::AccountChoice account_choice(const Context& context, const AccountFlags& flags,
                                   bool with_tenant = true);

struct ChosenAccount {
  auth::AuthConfig config;  // the account's cloud, client, tenant and cache key
  auth::CachedAccount account;
};

// The cached account `choice` picks; none is a sign-in failure (exit 3) whose message says what
// was asked for and the login command (cloud, tenant, client id) that would sign it in.
ChosenAccount choose_signed_in_account(const Context& context, const auth::AccountChoice& choice);

// Like choose_signed_in_account(), nullopt when no cached account matches.
std::optional<ChosenAccount> find_signed_in_account(const Context& context,
                                                    const auth::AccountChoice& choice);

// A hidden --client-secret option: a secret typed as an argument would otherwise be echoed back
// by the parser's "unexpected argument" error. refuse_secret_on_argv() refuses it (exit 2)
// without repeating it, and wipes `slot`.
struct SecretTrap {
  std::string slot;
  const CLI::Option* option = nullptr;
};
void add_secret_trap(CLI::App& command, SecretTrap& trap);
void refuse_secret_on_argv(SecretTrap& trap);

// The client secret from standard input (--client-secret-stdin): one line, never empty.
std::string read_secret_from_stdin(const Context& context);

}  // namespace gdap::cli
