#include "cli/auth_render.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace gdap;

namespace {
cli::WhoamiView view_with(auth::Identity identity) {
  cli::WhoamiView view;
  view.authority_host = "https://login.microsoftonline.com";
  view.client_id = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
  view.now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  view.identity = std::move(identity);
  return view;
}
}  // namespace

TEST_CASE("auth: whoami --json reports account, MFA and role names, never guesses", "[auth]") {
  auth::Identity identity;
  identity.tenant_id = "T";
  identity.account = "admin@partner.example";
  identity.mfa = auth::Mfa::yes;
  identity.role_ids = std::vector<std::string>{"62e90394-69f5-4237-9190-012177145e10", "x-unknown"};
  identity.access_token_expires_at =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'800'003'600));
  const auto json = nlohmann::json::parse(cli::render_whoami_json(view_with(identity)));
  CHECK(json["signedIn"] == true);
  CHECK(json["kind"] == "delegated");
  CHECK(json["tenantId"] == "T");
  CHECK(json["account"] == "admin@partner.example");
  CHECK(json["mfa"] == true);
  CHECK(json["roles"] == nlohmann::json::array({"Global Administrator", "x-unknown"}));
  CHECK(json["rolesKnown"] == true);
  CHECK(json["tokenExpiresAt"] == "2027-01-15T09:00:00Z");
  CHECK(json["tokenExpired"] == false);
  CHECK(json["objectId"].is_null());
  CHECK(json["requestedTenant"].is_null());

  const auto unknown = nlohmann::json::parse(cli::render_whoami_json(view_with({})));
  CHECK(unknown["mfa"].is_null());
  CHECK(unknown["roles"] == nlohmann::json::array());
  CHECK(unknown["rolesKnown"] == false);
  CHECK(unknown["tokenExpiresAt"].is_null());
}

TEST_CASE("auth: whoami text shows MFA yes/no/unknown and the token expiry", "[auth]") {
  auth::Identity identity;
  identity.account = "admin@partner.example";
  identity.mfa = auth::Mfa::no;
  identity.access_token_expires_at =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'799'999'000));
  const std::string text = cli::render_whoami_text(view_with(identity));
  CHECK_THAT(text, Catch::Contains("Account:  admin@partner.example\n"));
  CHECK_THAT(text, Catch::Contains("MFA:      no\n"));
  CHECK_THAT(text, Catch::Contains("Roles:    unknown (the token has no wids claim)\n"));
  CHECK_THAT(text, Catch::Contains("(expired; renewed on next use)"));
  CHECK(cli::iso_utc(std::chrono::system_clock::time_point{}) == "1970-01-01T00:00:00Z");
}
