#include "gdapcheck/auth/accounts.hpp"

#include "gdapcheck/auth/config.hpp"
#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace gdap::auth {

namespace {

bool same(std::string_view a, std::string_view b) {
  return model::lowercase(a) == model::lowercase(b);
}

// The tenants an account answers to: its tenant id and, for an app, the tenant (id or domain)
// it signed in to; for a person, the domain of the UPN too.
bool in_tenant(const CachedAccount& account, std::string_view tenant) {
  if (same(account.home_tenant, tenant)) {
    return true;
  }
  if (account.kind == AccountKind::app) {
    return same(account.account, tenant);
  }
  const auto at = account.account.rfind('@');
  return at != std::string::npos && same(std::string_view(account.account).substr(at + 1), tenant);
}

bool is_current(const CacheData& data, const std::string& key, const CachedAccount& account) {
  const auto current = data.current.find(selection_key(account.authority_host, account.client_id));
  return current != data.current.end() && current->second == key;
}

}  // namespace

std::string cloud_of(const CachedAccount& account) {
  if (!account.cloud.empty()) {
    return model::lowercase(account.cloud);
  }
  for (const auto* name : {"global", "usgov", "china"}) {
    if (const auto hosts = model::cloud_hosts(name);
        hosts && same(hosts->login, account.authority_host)) {
      return name;
    }
  }
  return {};
}

bool matches(const CachedAccount& account, const AccountChoice& choice) {
  return (!choice.cloud || same(cloud_of(account), *choice.cloud)) &&
         (!choice.client_id || same(account.client_id, *choice.client_id)) &&
         (!choice.tenant || in_tenant(account, *choice.tenant));
}

std::optional<std::string> choose_account(const CacheData& data, const AccountChoice& choice) {
  const std::string* best = nullptr;
  // Ranked: the active account, then one current for its cloud and client, then the newest.
  std::tuple<bool, bool, std::int64_t> best_rank{false, false, 0};
  for (const auto& [key, account] : data.accounts) {
    if (!matches(account, choice)) {
      continue;
    }
    const std::tuple<bool, bool, std::int64_t> rank{
        key == data.active, is_current(data, key, account), account.updated_at};
    if (best == nullptr || rank > best_rank) {
      best = &key;
      best_rank = rank;
    }
  }
  if (best == nullptr && choice.tenant && choice.tenant_is_preference) {
    auto without_tenant = choice;
    without_tenant.tenant.reset();
    return choose_account(data, without_tenant);
  }
  return best == nullptr ? std::nullopt : std::optional<std::string>(*best);
}

bool forget_account(CacheData& data, const std::string& key) {
  if (data.accounts.erase(key) == 0) {
    return false;
  }
  std::erase_if(data.current, [&key](const auto& entry) { return entry.second == key; });
  if (data.active == key) {
    data.active.clear();
  }
  return true;
}

std::vector<AccountSummary> list_accounts(const CacheData& data) {
  std::vector<AccountSummary> list;
  const auto active = choose_account(data, {});
  for (const auto& [key, account] : data.accounts) {
    std::string kept;
    if (account.kept_credential) {
      kept = account.kept_credential->secret.empty() ? "certificate" : "secret";
    }
    list.push_back({account.kind, account.account, account.home_tenant, account.client_id,
                    cloud_of(account), account.authority_host, account.updated_at,
                    active && *active == key, kept});
  }
  std::stable_sort(list.begin(), list.end(), [](const AccountSummary& a, const AccountSummary& b) {
    return std::make_tuple(!a.active, a.cloud, a.client_id, a.account) <
           std::make_tuple(!b.active, b.cloud, b.client_id, b.account);
  });
  return list;
}

std::string login_command(std::string_view cloud, std::string_view tenant,
                          std::string_view client_id, AccountKind kind) {
  return model::login_command(cloud, tenant, client_id, kind == AccountKind::app);
}

}  // namespace gdap::auth
