#include "gdapcheck/auth/accounts.hpp"

#include <catch2/catch.hpp>

using namespace gdap::auth;

namespace {

constexpr const char* k_global = "https://login.microsoftonline.com";
constexpr const char* k_usgov = "https://login.microsoftonline.us";

CachedAccount make_account(AccountKind kind, std::string host, std::string cloud,
                           std::string client, std::string account, std::string tenant,
                           std::int64_t updated) {
  CachedAccount out;
  out.kind = kind;
  out.authority_host = std::move(host);
  out.cloud = std::move(cloud);
  out.client_id = std::move(client);
  out.account = std::move(account);
  out.home_tenant = std::move(tenant);
  out.updated_at = updated;
  return out;
}

// A technician's delegated sign-in, then the RMM app in two partner tenants, one in US Gov.
CacheData three_accounts() {
  CacheData data;
  const auto add = [&data](CachedAccount account) {
    const auto key = account_key(account.authority_host, account.client_id, account.account);
    data.current[selection_key(account.authority_host, account.client_id)] = key;
    data.accounts[key] = std::move(account);
    return key;
  };
  add(make_account(AccountKind::delegated, k_global, "global", "14d82eec", "tech@partner.com",
                   "tid-partner", 100));
  add(make_account(AccountKind::app, k_global, "global", "APP", "partner.onmicrosoft.com",
                   "tid-partner", 200));
  data.active =
      add(make_account(AccountKind::app, k_usgov, "usgov", "APP", "tid-gov", "tid-gov", 300));
  return data;
}

}  // namespace

TEST_CASE("accounts: no flags pick the account signed in last, whatever its cloud", "[auth]") {
  const auto data = three_accounts();
  CHECK(choose_account(data, {}) == account_key(k_usgov, "APP", "tid-gov"));
}

TEST_CASE("accounts: --cloud, --client-id and --tenant pick another cached account", "[auth]") {
  const auto data = three_accounts();
  CHECK(choose_account(data, {"global", std::nullopt, std::nullopt}) ==
        account_key(k_global, "APP", "partner.onmicrosoft.com"));  // the newer of the two
  CHECK(choose_account(data, {std::nullopt, "14D82EEC", std::nullopt}) ==
        account_key(k_global, "14d82eec", "tech@partner.com"));
  // An app answers to the tenant it signed in to and to its tenant id; a person to the domain
  // of the UPN too.
  CHECK(choose_account(data, {std::nullopt, std::nullopt, "Partner.onmicrosoft.com"}) ==
        account_key(k_global, "APP", "partner.onmicrosoft.com"));
  CHECK(choose_account(data, {std::nullopt, "14d82eec", "partner.com"}) ==
        account_key(k_global, "14d82eec", "tech@partner.com"));
  CHECK_FALSE(choose_account(data, {"china", std::nullopt, std::nullopt}));
  CHECK_FALSE(choose_account(data, {std::nullopt, "WRONG", std::nullopt}));
  CHECK_FALSE(choose_account(CacheData{}, {}));
}

TEST_CASE("accounts: GDAPCHECK_TENANT picks when it matches and is ignored otherwise", "[auth]") {
  const auto data = three_accounts();
  AccountChoice from_environment{std::nullopt, "14d82eec", "contoso.com", true};
  CHECK(choose_account(data, from_environment) ==
        account_key(k_global, "14d82eec", "tech@partner.com"));
  from_environment.tenant_is_preference = false;  // --tenant given: a filter
  CHECK_FALSE(choose_account(data, from_environment));
}

TEST_CASE("accounts: a cache from before the cloud was kept takes it from the host", "[auth]") {
  auto account = make_account(AccountKind::delegated, k_usgov, "", "c", "a@b.us", "tid", 1);
  CHECK(cloud_of(account) == "usgov");
  account.authority_host = "http://127.0.0.1:8080";
  CHECK(cloud_of(account).empty());
  CHECK_FALSE(matches(account, {"global", std::nullopt, std::nullopt}));
  CHECK(matches(account, {}));
}

TEST_CASE("accounts: forgetting one leaves the others, the listing marks the one in use",
          "[auth]") {
  auto data = three_accounts();
  const auto gov = account_key(k_usgov, "APP", "tid-gov");
  REQUIRE(forget_account(data, gov));
  CHECK_FALSE(forget_account(data, gov));
  CHECK(data.active.empty());
  CHECK(data.current.count(selection_key(k_usgov, "APP")) == 0);
  // Then the newest of those left is in use.
  const auto listed = list_accounts(data);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].active);
  CHECK(listed[0].kind == AccountKind::app);
  CHECK(listed[0].account == "partner.onmicrosoft.com");
  CHECK_FALSE(listed[1].active);
  CHECK(listed[1].account == "tech@partner.com");
}

TEST_CASE("accounts: the login hint names the cloud, tenant and client, defaults left out",
          "[auth]") {
  CHECK(login_command("global", "organizations", "14d82eec-204b-4c2f-b7e8-296a70dab67e",
                      AccountKind::delegated) == "gdapcheck login");
  CHECK(login_command("usgov", "", "", AccountKind::delegated) == "gdapcheck login --cloud usgov");
  CHECK(login_command("usgov", "T", "APP", AccountKind::app) ==
        "gdapcheck login --cloud usgov --tenant T --client-id APP --client-secret-stdin");
}

TEST_CASE("accounts: the cache keeps each account's cloud and the active account", "[auth]") {
  const auto data = three_accounts();
  const auto parsed = parse_cache(serialise_cache(data));
  REQUIRE(parsed.ok());
  CHECK(parsed.value().active == data.active);
  CHECK(parsed.value().accounts.at(data.active).cloud == "usgov");
}
