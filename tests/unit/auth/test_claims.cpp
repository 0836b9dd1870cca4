#include "auth_test_helpers.hpp"

#include "gdapcheck/auth/claims.hpp"

#include <catch2/catch.hpp>

using namespace gdap::auth;
using gdap::testing::base64url;
using gdap::testing::make_jwt;
using nlohmann::json;

TEST_CASE("auth: base64url decodes with and without padding", "[auth]") {
  CHECK(base64url_decode("aGVsbG8") == std::optional<std::string>("hello"));
  CHECK(base64url_decode("aGVsbG8=") == std::optional<std::string>("hello"));
  CHECK(base64url_decode("-_8") == std::optional<std::string>("\xfb\xff"));
  CHECK_FALSE(base64url_decode("a*b"));
  CHECK_FALSE(base64url_decode("abcde"));
}

TEST_CASE("auth: claims are read from a v1 access token", "[auth]") {
  const auto claims = decode_claims(make_jwt({{"tid", "T"},
                                              {"oid", "O"},
                                              {"upn", "u@x"},
                                              {"unique_name", "other@x"},
                                              {"amr", {"pwd", "mfa"}},
                                              {"wids", {"62e90394-69f5-4237-9190-012177145e10"}},
                                              {"appid", "A"},
                                              {"exp", 1700000000}}));
  REQUIRE(claims);
  CHECK(claims->tid == "T");
  CHECK(claims->oid == "O");
  CHECK(claims->upn == "u@x");
  CHECK(claims->app_id == "A");
  CHECK(claims->exp == 1700000000);
  CHECK(mfa_from(*claims) == Mfa::yes);
}

TEST_CASE("auth: the account name falls back from upn to unique_name to preferred_username",
          "[auth]") {
  CHECK(decode_claims(make_jwt({{"unique_name", "a@x"}, {"preferred_username", "b@x"}}))->upn ==
        "a@x");
  CHECK(decode_claims(make_jwt({{"preferred_username", "b@x"}}))->upn == "b@x");
  CHECK_FALSE(decode_claims(make_jwt({{"tid", "T"}}))->upn);
}

TEST_CASE("auth: MFA: yes with mfa or ngcmfa, no without, unknown with no amr", "[auth]") {
  const auto [amr, expected] = GENERATE(table<json, Mfa>({
      {json::array({"pwd", "mfa"}), Mfa::yes},
      {json::array({"ngcmfa"}), Mfa::yes},
      {json::array({"pwd", "rsa"}), Mfa::no},
      {json::array(), Mfa::no},
      {json(nullptr), Mfa::unknown},
  }));
  json claims = {{"tid", "T"}};
  if (!amr.is_null()) {
    claims["amr"] = amr;
  }
  CHECK(mfa_from(*decode_claims(make_jwt(claims))) == expected);
  CHECK(to_string(Mfa::unknown) == "unknown");
}

TEST_CASE("auth: opaque and malformed tokens decode to nothing", "[auth]") {
  CHECK_FALSE(decode_claims("opaque-token"));
  CHECK_FALSE(decode_claims("a.b"));
  CHECK_FALSE(decode_claims("a.!!!.c"));
  CHECK_FALSE(decode_claims("a." + gdap::testing::base64url("not json") + ".c"));
  CHECK_FALSE(decode_claims("a." + gdap::testing::base64url("[1]") + ".c"));
  CHECK(decode_claims(make_jwt({{"amr", "mfa"}, {"wids", 5}}))->amr ==
        std::vector<std::string>{"mfa"});
}

TEST_CASE("auth: identity prefers the access token and falls back to the id_token", "[auth]") {
  const std::string id_token =
      make_jwt({{"tid", "T-id"}, {"oid", "O-id"}, {"preferred_username", "id@x"}, {"name", "N"}});
  const Identity opaque = identity_from_tokens("opaque", id_token);
  CHECK(opaque.tenant_id == "T-id");
  CHECK(opaque.account == "id@x");
  CHECK(opaque.display_name == "N");
  CHECK(opaque.mfa == Mfa::unknown);
  CHECK_FALSE(opaque.role_ids);
  CHECK_FALSE(opaque.access_token_expires_at);

  const Identity both = identity_from_tokens(
      make_jwt(
          {{"tid", "T"}, {"upn", "at@x"}, {"amr", {"mfa"}}, {"wids", json::array()}, {"exp", 100}}),
      id_token);
  CHECK(both.tenant_id == "T");
  CHECK(both.account == "at@x");
  CHECK(both.object_id == "O-id");
  CHECK(both.mfa == Mfa::yes);
  REQUIRE(both.role_ids);
  CHECK(both.role_ids->empty());
  CHECK(both.access_token_expires_at ==
        std::chrono::system_clock::time_point(std::chrono::seconds(100)));
}

TEST_CASE("auth: an expiry beyond what a clock holds is read as the far future, not overflowed",
          "[auth]") {
  using std::chrono::system_clock;
  const auto far_future = system_clock::time_point(std::chrono::hours(24 * 365 * 200));
  const auto expires_at = [](const json& exp) {
    const auto identity = identity_from_tokens(make_jwt({{"tid", "T"}, {"exp", exp}}), "");
    REQUIRE(identity.access_token_expires_at);
    return *identity.access_token_expires_at;
  };
  CHECK(decode_claims(make_jwt({{"exp", 1e300}}))->exp == INT64_MAX);
  CHECK(decode_claims(make_jwt({{"exp", -1e300}}))->exp == INT64_MIN);
  CHECK(decode_claims(make_jwt({{"exp", 1700000000.7}}))->exp == 1700000000);
  CHECK_FALSE(decode_claims(make_jwt({{"exp", "soon"}}))->exp);
  CHECK(expires_at(1e300) > far_future);
  CHECK(expires_at(INT64_MAX) > far_future);
  CHECK(expires_at(UINT64_MAX) > far_future);
  CHECK(expires_at(-1e300) < system_clock::time_point());
  CHECK(expires_at(1700000000) == system_clock::time_point(std::chrono::seconds(1700000000)));
}

TEST_CASE("auth: a token payload nested too deep or with a number too large decodes to nothing",
          "[auth]") {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  CHECK_FALSE(decode_claims(base64url("{}") + "." + base64url(R"({"tid":"T","x":)" + deep + "}") +
                            ".c2ln"));
  CHECK_FALSE(
      decode_claims(base64url("{}") + "." + base64url(R"({"tid":"T","exp":1e400})") + ".c2ln"));
}
