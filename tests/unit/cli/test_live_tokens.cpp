// The collector's token source over the token cache: tokens asked for through the Graph client,
// what a token says about the account, and which failures are a tenant's refusal.
#include "cli/live_tokens.hpp"
#include "support/fake_concurrent_transport.hpp"
#include "unit/auth/auth_test_helpers.hpp"

#include "gdapcheck/auth/tenant_tokens.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/http/url.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using gdap::auth::AuthFailure;
using gdap::auth::FailureKind;
using gdap::collect::SignInFailure;
using gdap::testing::FakeConcurrentTransport;
using gdap::testing::json_response;
using gdap::testing::make_jwt;

namespace {

constexpr const char* k_partner = "11111111-2222-3333-4444-555555555555";
constexpr const char* k_customer = "aaaaaaaa-1111-2222-3333-444444444444";

AuthFailure oauth_failure(int status, long code) {
  AuthFailure failure;
  failure.kind = FailureKind::oauth;
  failure.tenant = k_customer;
  failure.error = "invalid_grant";
  failure.error_codes = {code};
  failure.http_status = status;
  failure.trace_id = "trace-1";
  failure.description = "AADSTS" + std::to_string(code) + ": no.";
  return failure;
}

}  // namespace

TEST_CASE("cli tokens: only an OAuth answer of the tenant is a refusal", "[cli]") {
  const auto refused = gdap::cli::sign_in_failure(oauth_failure(400, 50020));
  CHECK(refused.kind == SignInFailure::Kind::refused);
  CHECK(refused.error == "invalid_grant");
  CHECK(refused.error_codes == std::vector<long>{50020});
  CHECK(refused.trace_id == "trace-1");
  CHECK(refused.http_status == 400);
  CHECK_THAT(refused.reason, Catch::Contains("AADSTS50020") && Catch::Contains(k_customer));

  CHECK(gdap::cli::sign_in_failure(oauth_failure(429, 50196)).kind ==
        SignInFailure::Kind::unavailable);
  CHECK(gdap::cli::sign_in_failure(oauth_failure(503, 0)).kind == SignInFailure::Kind::unavailable);
  AuthFailure unreachable;
  unreachable.kind = FailureKind::transport;
  unreachable.description = "connection refused";
  const auto no_answer = gdap::cli::sign_in_failure(unreachable);
  CHECK(no_answer.kind == SignInFailure::Kind::unavailable);
  CHECK(no_answer.error == "transport");
  AuthFailure stopped;
  stopped.kind = FailureKind::cancelled;
  CHECK(gdap::cli::sign_in_failure(stopped).kind == SignInFailure::Kind::cancelled);
}

TEST_CASE("cli tokens: the account and its sign-in methods come from the token's claims", "[cli]") {
  gdap::auth::AccessToken token;
  token.value = make_jwt({{"tid", k_partner},
                          {"oid", "O-1"},
                          {"upn", "admin@partner.example"},
                          {"name", "Admin"},
                          {"amr", {"pwd", "mfa"}}});
  token.tenant = "organizations";
  token.identity = gdap::auth::identity_from_tokens(token.value, "");
  const auto seen = gdap::cli::collector_token(token);
  CHECK(*seen.bearer == token.value);
  CHECK(seen.tenant_id == k_partner);
  CHECK(seen.object_id == "O-1");
  CHECK(seen.upn == "admin@partner.example");
  CHECK(seen.display_name == "Admin");
  CHECK(seen.amr == std::vector<std::string>{"pwd", "mfa"});

  gdap::auth::AccessToken opaque;
  opaque.value = "EwBwA8l6BAAU-opaque";
  opaque.tenant = k_customer;
  const auto unread = gdap::cli::collector_token(opaque);
  CHECK(unread.tenant_id == k_customer);  // as requested, when the token does not say
  CHECK_FALSE(unread.amr.has_value());
}

TEST_CASE("cli tokens: new tokens and tenant look-ups travel through the Graph client", "[cli]") {
  const gdap::testing::TempDir tmp;
  gdap::auth::AuthConfig config;
  config.authority_host = "https://login.test";
  config.graph_url = "https://graph.test";
  config.scope_resource = "https://graph.microsoft.com";
  config.tenant = "organizations";
  config.client_id = "client-1";
  config.cache_dir = tmp.path() / "cache";
  const auto now = std::chrono::system_clock::now();
  gdap::auth::TokenResponse login;
  login.access_token = make_jwt({{"tid", k_partner}, {"amr", {"pwd"}}});
  login.refresh_token = "RT-1";
  login.expires_in = std::chrono::seconds(3600);
  gdap::auth::TokenCache cache(config.cache_dir);
  REQUIRE(gdap::auth::save_sign_in(cache, config, "organizations", login,
                                   gdap::auth::AccountKind::delegated, now)
              .ok());
  gdap::auth::TenantTokens tokens(config);
  REQUIRE(tokens.open().ok());

  FakeConcurrentTransport transport([](const gdap::http::Request& request) -> gdap::http::Result {
    if (request.url == "https://login.test/contoso.com/v2.0/.well-known/openid-configuration") {
      return json_response(
          200, R"({"issuer":"https://login.test/aaaaaaaa-1111-2222-3333-444444444444/v2.0"})");
    }
    if (request.url.find("/.well-known/") != std::string::npos) {
      return json_response(400, R"({"error":"invalid_tenant"})");
    }
    if (request.url == std::string("https://login.test/") + k_customer + "/oauth2/v2.0/token") {
      return json_response(200, gdap::testing::token_body(make_jwt({{"tid", k_customer}}), "RT-2"));
    }
    return json_response(400, gdap::testing::error_body("invalid_grant", {50020}));
  });
  gdap::graph::ClientOptions options;
  options.graph_root = "https://graph.test/v1.0";
  options.clock = transport.clock();
  gdap::graph::Client client(transport, options);
  gdap::cli::LiveTokenSource source(tokens, client, config.authority_host);

  std::optional<gdap::collect::TokenResult> partner;
  source.partner_token([&](gdap::collect::TokenResult token) { partner = std::move(token); });
  REQUIRE(partner);  // the sign-in's own token is still fresh: at once, no request
  REQUIRE(partner->ok());
  CHECK(partner->value().amr == std::vector<std::string>{"pwd"});

  std::optional<gdap::collect::TokenResult> customer;
  std::optional<gdap::collect::TokenResult> refused;
  std::optional<std::string> contoso;
  std::optional<std::string> unknown = "unset";
  source.customer_token(k_customer,
                        [&](gdap::collect::TokenResult token) { customer = std::move(token); });
  source.customer_token("bbbbbbbb-1111-2222-3333-444444444444",
                        [&](gdap::collect::TokenResult token) { refused = std::move(token); });
  source.tenant_of_domain("contoso.com",
                          [&](std::optional<std::string> tenant) { contoso = tenant; });
  source.tenant_of_domain("nowhere.example",
                          [&](std::optional<std::string> tenant) { unknown = tenant; });
  CHECK_FALSE(customer);  // asked for, not yet answered
  REQUIRE(client.run());

  REQUIRE(customer);
  REQUIRE(customer->ok());
  CHECK(customer->value().tenant_id == k_customer);
  REQUIRE(refused);
  REQUIRE_FALSE(refused->ok());
  CHECK(refused->error().kind == SignInFailure::Kind::refused);
  CHECK_FALSE(source.partner_failure());  // a customer's refusal does not end the run
  CHECK(contoso == k_customer);
  CHECK_FALSE(unknown);
  CHECK(client.stats().requests.at("token") == 2);
  CHECK(transport.requests().size() == 4);

  // The new token is the caller's to save.
  REQUIRE(tokens.save().ok());
  CHECK(cache.load().value().accounts.begin()->second.refresh_token == "RT-2");
}
