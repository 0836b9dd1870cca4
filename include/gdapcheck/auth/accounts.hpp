#pragma once

// The account model every command shares: `login` makes the account it signed in (delegated or
// app-only, its cloud, tenant and client id) the active one; other commands use it, or the cached
// account that --cloud, --client-id and --tenant pick. Pure functions over the cache's contents.

#include "gdapcheck/auth/token_cache.hpp"
#include "gdapcheck/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::auth {

// What the command line (or the environment) asks for; an unset field matches any account.
struct AccountChoice {
  std::optional<std::string> cloud;
  std::optional<std::string> client_id;
  std::optional<std::string> tenant;  // the tenant id, or the tenant an app signed in to
  // The tenant came from GDAPCHECK_TENANT, which also names login's sign-in tenant (a domain an
  // account's ids need not show): it picks an account when one matches, and is ignored otherwise.
  bool tenant_is_preference = false;
  bool empty() const { return !cloud && !client_id && !tenant; }
};

// The account's cloud: as recorded, else the cloud whose sign-in host it used; empty when neither
// tells (a cache written before the cloud was kept, for a host of no known cloud).
std::string cloud_of(const CachedAccount& account);

// Whether `account` is one `choice` asks for (cloud, client id and tenant ignore case).
bool matches(const CachedAccount& account, const AccountChoice& choice);

// The key of the account `choice` picks: the active account when it matches, else the one current
// for its cloud and client, else the one signed in last. Nullopt when no cached account matches.
std::optional<std::string> choose_account(const CacheData& data, const AccountChoice& choice);

// Remove the account `key` and every pointer to it (current, active); false when it is not cached.
bool forget_account(CacheData& data, const std::string& key);

// One cached account as `gdapcheck accounts` lists it (never a token).
struct AccountSummary {
  AccountKind kind = AccountKind::delegated;
  std::string account;  // UPN (delegated), or the tenant the app signed in to
  std::string tenant_id;
  std::string client_id;
  std::string cloud;
  std::string authority_host;
  std::int64_t updated_at = 0;
  bool active = false;
  std::string kept_credential;  // "secret" or "certificate" when login --keep-secret kept one
};

// Every cached account, the active one first, then by cloud, client id and account.
std::vector<AccountSummary> list_accounts(const CacheData& data);

// The command that signs this account in again, defaults left out:
// "gdapcheck login --cloud usgov --tenant T --client-id C --client-secret-stdin".
std::string login_command(std::string_view cloud, std::string_view tenant,
                          std::string_view client_id, AccountKind kind);

}  // namespace gdap::auth
