#include "auth_test_helpers.hpp"
#include "support/fake_transport.hpp"

#include "gdapcheck/auth/tenant_tokens.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace gdap::auth;
using gdap::testing::error_body;
using gdap::testing::FakeTransport;
using gdap::testing::make_jwt;
using gdap::testing::TempDir;
using gdap::testing::token_body;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

constexpr const char* k_partner = "11111111-2222-3333-4444-555555555555";
constexpr const char* k_customer = "aaaaaaaa-1111-2222-3333-444444444444";

AuthConfig config_in(const TempDir& tmp) {
  AuthConfig config;
  config.authority_host = "https://login.example";
  config.graph_url = "https://graph.microsoft.com";
  config.scope_resource = "https://graph.microsoft.com";
  config.tenant = "organizations";
  config.client_id = "client-1";
  config.cache_dir = tmp.path() / "cache";
  return config;
}

std::string partner_token(const char* tid = k_partner) {
  return make_jwt({{"tid", tid},
                   {"oid", "O"},
                   {"upn", "admin@partner.example"},
                   {"amr", {"pwd", "mfa"}},
                   {"wids", {"62e90394-69f5-4237-9190-012177145e10"}}});
}

// A clock the test moves by hand.
struct ManualClock {
  std::chrono::system_clock::time_point now{seconds(1'800'000'000)};
  Clock clock() {
    return [this] { return now; };
  }
};

TokenResponse login_tokens() {
  TokenResponse tokens;
  tokens.access_token = partner_token();
  tokens.refresh_token = "RT-1";
  tokens.id_token = make_jwt({{"tid", k_partner}, {"preferred_username", "admin@partner.example"}});
  tokens.expires_in = seconds(3600);
  return tokens;
}

}  // namespace

TEST_CASE("auth: a sign-in is saved and read back as the current account", "[auth]") {
  const TempDir tmp;
  const auto config = config_in(tmp);
  TokenCache cache(config.cache_dir);
  ManualClock time;
  const auto saved = save_sign_in(cache, config, "organizations", login_tokens(),
                                  AccountKind::delegated, time.now);
  REQUIRE(saved.ok());
  CHECK(saved->home_tenant == k_partner);

  const auto account = signed_in_account(cache, config);
  REQUIRE(account.ok());
  const auto& identity = account->identity;
  CHECK(identity.account == "admin@partner.example");
  CHECK(identity.tenant_id == k_partner);
  CHECK(identity.mfa == Mfa::yes);
  CHECK(identity.access_token_expires_at == time.now + seconds(3600));

  // Another client id or authority is a different session.
  auto other = config;
  other.client_id = "client-2";
  CHECK(signed_in_account(cache, other).error().kind == FailureKind::not_signed_in);
}

TEST_CASE("auth: one token now comes from the refresh token at the customer's authority",
          "[auth]") {
  const TempDir tmp;
  const auto config = config_in(tmp);
  TokenCache cache(config.cache_dir);
  ManualClock time;
  REQUIRE(
      save_sign_in(cache, config, "organizations", login_tokens(), AccountKind::delegated, time.now)
          .ok());

  FakeTransport transport;
  TenantTokens tokens(config, time.clock());

  // The home tenant token from sign-in is reused without a request.
  const auto home = tokens.fetch_now("", transport);
  REQUIRE(home.ok());
  CHECK(home->tenant == k_partner);
  CHECK(transport.requests().empty());

  transport.push(200, token_body(partner_token(k_customer), "RT-2", 3600));
  const auto customer = tokens.fetch_now(k_customer, transport);
  REQUIRE(customer.ok());
  CHECK(customer->identity.tenant_id == k_customer);
  CHECK(customer->expires_at == time.now + seconds(3600));
  REQUIRE(transport.requests().size() == 1);
  CHECK(transport.requests()[0].url ==
        std::string("https://login.example/") + k_customer + "/oauth2/v2.0/token");
  CHECK(transport.field(0, "grant_type") == "refresh_token");
  CHECK(transport.field(0, "refresh_token") == "RT-1");
  CHECK(transport.field(0, "client_id") == "client-1");
  CHECK(transport.field(0, "scope") == "https://graph.microsoft.com/.default offline_access");

  // Rotation saved at once: the next refresh (another tenant) uses RT-2, and so would another
  // process.
  const auto cached = cache.load().value();
  CHECK(cached.accounts.begin()->second.refresh_token == "RT-2");
  CHECK(cached.accounts.begin()->second.access_tokens.count(k_customer) == 1);
  transport.push(200, token_body(partner_token("bbbb"), "RT-3", 3600));
  REQUIRE(tokens.fetch_now("BBBB", transport).ok());
  CHECK(transport.field(1, "refresh_token") == "RT-2");

  // Reused while fresh; refreshed a few minutes before expiry.
  time.now += minutes(50);
  REQUIRE(tokens.fetch_now(k_customer, transport).ok());
  CHECK(transport.requests().size() == 2);
  time.now += minutes(6);  // 4 minutes left: inside the 5-minute margin
  transport.push(200, token_body(partner_token(k_customer), "RT-4", 3600));
  REQUIRE(tokens.fetch_now(k_customer, transport).ok());
  REQUIRE(transport.requests().size() == 3);
  CHECK(transport.field(2, "refresh_token") == "RT-3");
}

TEST_CASE("auth: a token for a write permission names it, and a token without it is not reused",
          "[auth]") {
  const TempDir tmp;
  const auto config = config_in(tmp);
  TokenCache cache(config.cache_dir);
  ManualClock time;
  REQUIRE(
      save_sign_in(cache, config, "organizations", login_tokens(), AccountKind::delegated, time.now)
          .ok());
  FakeTransport transport;
  TenantTokens tokens(config, time.clock());
  const std::vector<std::string> write{"GroupMember.ReadWrite.All"};

  // The sign-in's token (read permissions) does not serve a write: the request names the
  // permission, so Microsoft can refuse it when it was never consented to.
  transport.push(400, error_body("invalid_grant", {65001}));
  const auto refused = tokens.fetch_now("", transport, write);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().error_codes == std::vector<std::int64_t>{65001});
  CHECK(transport.field(0, "scope") ==
        "https://graph.microsoft.com/GroupMember.ReadWrite.All offline_access");

  nlohmann::json granted = nlohmann::json::parse(token_body(partner_token(k_partner), "RT-2"));
  granted["scope"] = "https://graph.microsoft.com/User.Read GroupMember.ReadWrite.All";
  transport.push(200, granted.dump());
  REQUIRE(tokens.fetch_now("", transport, write).ok());
  // Microsoft granted it (its scope says so, with or without the host): reused from now on.
  REQUIRE(tokens.fetch_now("", transport, {"groupmember.readwrite.all"}).ok());
  REQUIRE(tokens.fetch_now("", transport).ok());
  CHECK(transport.requests().size() == 2);
}

TEST_CASE("auth: one token now redeems the refresh token another process just rotated", "[auth]") {
  const TempDir tmp;
  const auto config = config_in(tmp);
  TokenCache cache(config.cache_dir);
  ManualClock time;
  REQUIRE(
      save_sign_in(cache, config, "organizations", login_tokens(), AccountKind::delegated, time.now)
          .ok());
  TenantTokens tokens(config, time.clock());
  REQUIRE(tokens.open().ok());  // RT-1 as this process first saw it

  // Meanwhile another gdapcheck redeems RT-1 and saves RT-9 (Entra may refuse RT-1 now).
  REQUIRE(cache
              .update([](CacheData& data) {
                data.accounts.begin()->second.refresh_token = "RT-9";
                return true;
              })
              .ok());
  FakeTransport transport;
  transport.push(200, token_body(partner_token(k_customer), "RT-10", 3600));
  REQUIRE(tokens.fetch_now(k_customer, transport).ok());
  CHECK(transport.field(0, "refresh_token") == "RT-9");
  CHECK(cache.load().value().accounts.begin()->second.refresh_token == "RT-10");
}

TEST_CASE("auth: a refused customer token is a typed failure that leaves the session intact",
          "[auth]") {
  const TempDir tmp;
  const auto config = config_in(tmp);
  TokenCache cache(config.cache_dir);
  ManualClock time;
  REQUIRE(
      save_sign_in(cache, config, "organizations", login_tokens(), AccountKind::delegated, time.now)
          .ok());
  FakeTransport transport;
  transport.push(400, error_body("invalid_grant", {53003}));
  TenantTokens tokens(config, time.clock());
  const auto result = tokens.fetch_now(k_customer, transport);
  REQUIRE_FALSE(result.ok());
  const auto& failure = result.error();
  CHECK(failure.kind == FailureKind::oauth);
  CHECK(failure.tenant == k_customer);
  CHECK(failure.error == "invalid_grant");
  CHECK(failure.error_codes == std::vector<std::int64_t>{53003});
  CHECK(failure.correlation_id == "543970af-30fa-446a-b99f-946c4360a36e");
  CHECK(is_refusal(failure));
  CHECK(cache.load().value().accounts.begin()->second.refresh_token == "RT-1");

  transport.push_error(gdap::http::TransportErrorKind::timeout, "timed out");
  const auto timed_out = tokens.fetch_now(k_customer, transport);
  CHECK(timed_out.error().kind == FailureKind::transport);
  CHECK_FALSE(is_refusal(timed_out.error()));
}

TEST_CASE("auth: without a sign-in, token requests fail as not signed in", "[auth]") {
  const TempDir tmp;
  FakeTransport transport;
  TenantTokens tokens(config_in(tmp));
  const auto result = tokens.fetch_now(k_customer, transport);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == FailureKind::not_signed_in);
  CHECK(transport.requests().empty());
}

TEST_CASE("auth: app-only accounts get new tokens with client credentials", "[auth]") {
  const TempDir tmp;
  auto config = config_in(tmp);
  config.client_id = "app-1";
  TokenCache cache(config.cache_dir);
  ManualClock time;
  TokenResponse app_tokens;
  app_tokens.access_token = make_jwt({{"tid", k_partner}, {"appid", "app-1"}, {"roles", {"X"}}});
  app_tokens.expires_in = seconds(3600);
  const auto saved = save_sign_in(cache, config, k_partner, app_tokens, AccountKind::app, time.now);
  REQUIRE(saved.ok());
  CHECK(saved->identity.app_roles == std::vector<std::string>{"X"});

  FakeTransport transport;
  TenantTokens tokens(config, time.clock());
  CHECK(tokens.fetch_now(k_customer, transport).error().kind == FailureKind::not_signed_in);
  tokens.set_client_credential(ClientSecret{"S3CRET"});
  transport.push(200, token_body(make_jwt({{"tid", k_customer}})));
  REQUIRE(tokens.fetch_now(k_customer, transport).ok());
  REQUIRE(transport.requests().size() == 1);
  CHECK(transport.field(0, "grant_type") == "client_credentials");
  CHECK(transport.field(0, "client_secret") == "S3CRET");
  CHECK(transport.field(0, "scope") == "https://graph.microsoft.com/.default");
  CHECK(transport.requests()[0].url ==
        std::string("https://login.example/") + k_customer + "/oauth2/v2.0/token");
  // The secret itself is never written to the cache.
  std::ifstream in(cache.file());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("S3CRET") == std::string::npos);
}

TEST_CASE("auth: tenant tokens are requested by the caller and saved in one update", "[auth]") {
  const TempDir tmp;
  const auto config = config_in(tmp);
  TokenCache cache(config.cache_dir);
  ManualClock time;

  TenantTokens before_login(config, time.clock());
  REQUIRE_FALSE(before_login.open().ok());
  CHECK(before_login.open().error().kind == FailureKind::not_signed_in);

  REQUIRE(
      save_sign_in(cache, config, "organizations", login_tokens(), AccountKind::delegated, time.now)
          .ok());
  TenantTokens tokens(config, time.clock());
  REQUIRE(tokens.open().ok());
  CHECK(tokens.home_tenant() == k_partner);

  // The partner token from sign-in is still fresh: no request.
  CHECK(std::holds_alternative<AccessToken>(tokens.begin("").value()));

  // A customer needs a refresh request at the customer's authority; nothing is sent here.
  auto begun = tokens.begin(k_customer);
  REQUIRE(std::holds_alternative<gdap::http::Request>(begun.value()));
  const auto& request = std::get<gdap::http::Request>(begun.value());
  CHECK(request.url == std::string("https://login.example/") + k_customer + "/oauth2/v2.0/token");
  const auto fields = gdap::http::form_decode(request.body);
  CHECK(std::find(fields.begin(), fields.end(),
                  std::pair<std::string, std::string>{"refresh_token", "RT-1"}) != fields.end());

  gdap::http::Response answer;
  answer.status = 200;
  answer.body = token_body(partner_token(k_customer), "RT-2", 3600);
  const auto token = tokens.finish(k_customer, answer);
  REQUIRE(token.ok());
  CHECK(token->identity.tenant_id == k_customer);
  // Now cached for the run; the next tenant uses the rotated refresh token.
  CHECK(std::holds_alternative<AccessToken>(tokens.begin(k_customer).value()));
  const auto next = std::get<gdap::http::Request>(tokens.begin("cccc").value());
  CHECK(gdap::http::form_decode(next.body)[2].second == "RT-2");

  // A refusal is a typed failure with the AADSTS codes.
  gdap::http::Response refused;
  refused.status = 400;
  refused.body = error_body("invalid_grant", {50020});
  const auto failure = tokens.finish("cccc", refused);
  REQUIRE_FALSE(failure.ok());
  CHECK(failure.error().error_codes == std::vector<std::int64_t>{50020});

  // Nothing reaches the cache until save(); then the new token and refresh token do.
  CHECK(cache.load().value().accounts.begin()->second.refresh_token == "RT-1");
  REQUIRE(tokens.save().ok());
  const auto saved = cache.load().value().accounts.begin()->second;
  CHECK(saved.refresh_token == "RT-2");
  CHECK(saved.access_tokens.count(k_customer) == 1);

  // A later run reuses the saved customer token without asking again.
  TenantTokens later(config, time.clock());
  REQUIRE(later.open().ok());
  CHECK(std::holds_alternative<AccessToken>(later.begin(k_customer).value()));
  // Expired tokens are dropped from the cache the next time it is written.
  time.now += std::chrono::hours(2);
  gdap::http::Response fresh;
  fresh.status = 200;
  fresh.body = token_body(partner_token("dddd"), "RT-3", 3600);
  REQUIRE(later.finish("dddd", fresh).ok());
  REQUIRE(later.save().ok());
  const auto pruned = cache.load().value().accounts.begin()->second;
  CHECK(pruned.access_tokens.count(k_customer) == 0);
  CHECK(pruned.access_tokens.count("dddd") == 1);
}
