// The integration's multi-tenant app in a customer: Graph v1.0 answers (full shapes, as the
// oauth2PermissionGrant and appRoleAssignment reference pages show them) turned into facts.

#include "collect/reads.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

namespace reads = collect::reads;
using Strings = std::vector<std::string>;

template <typename T>
T value_of(const collect::Parsed<T>& parsed) {
  if (!parsed.ok()) {
    FAIL("unexpected parse error: " << parsed.error());
  }
  return parsed.value();
}

constexpr const char* k_grants = R"({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants",
  "value": [
    {"@odata.id": "https://graph.microsoft.com/v2/t/oauth2PermissionGrants/AVs6JuUD",
     "id": "AVs6JuUDjkCFV7q2gd8QTPimBBgj5iBFj0C6GwwRxC0", "clientId": "sp-app",
     "consentType": "AllPrincipals", "principalId": null, "resourceId": "sp-graph",
     "scope": " User.Read  Directory.Read.All "},
    {"id": "b", "clientId": "sp-app", "consentType": "Principal", "principalId": "u-1",
     "resourceId": "sp-graph", "scope": "Mail.Read"},
    {"id": "c", "clientId": "sp-other", "consentType": "AllPrincipals", "principalId": null,
     "resourceId": "sp-graph", "scope": "Mail.Send"},
    {"id": "d", "clientId": "SP-APP", "consentType": "AllPrincipals", "principalId": null,
     "resourceId": "sp-exo", "scope": null}
  ]})";

constexpr const char* k_assignments = R"({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#appRoleAssignments",
  "value": [{"id": "x", "deletedDateTime": null, "createdDateTime": "2021-02-02T04:22:45.4980259Z",
    "appRoleId": "df021288-bdef-4463-88db-98f22de89214", "principalDisplayName": "Pinnacle RMM",
    "principalId": "sp-app", "principalType": "ServicePrincipal",
    "resourceDisplayName": "Microsoft Graph", "resourceId": "sp-graph"}]})";

constexpr const char* k_principals = R"json({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appId,displayName,accountEnabled)",
  "value": [{"id": "sp-app", "appId": "5B2E4F0A-6C1D-4E8B-9A73-0F2D1C3B4A5E",
             "displayName": "Pinnacle RMM", "accountEnabled": false}]})json";

}  // namespace

TEST_CASE("Graph tenant-wide delegated grants: AllPrincipals of this client only, scopes split",
          "[collect]") {
  const auto read = reads::delegated_grants("sp-app");
  CHECK(read.path ==
        "/oauth2PermissionGrants?$filter=clientId%20eq%20%27sp-app%27%20and%20consentType%20eq%20"
        "%27AllPrincipals%27");
  const auto grants = value_of(read.parse(json::parse(k_grants)));
  REQUIRE(grants.size() == 2);
  CHECK(grants[0].resource_id == "sp-graph");
  CHECK(grants[0].scopes == Strings{"User.Read", "Directory.Read.All"});
  CHECK(grants[1].resource_id == "sp-exo");
  CHECK(grants[1].scopes.empty());
  CHECK_THAT(read.if_forbidden, Contains("Directory Readers"));
}

TEST_CASE("Graph app role assignments of the integration's service principal", "[collect]") {
  const auto read = reads::assigned_app_roles("sp-app");
  CHECK(read.path == "/servicePrincipals/sp-app/appRoleAssignments");
  const auto roles = value_of(read.parse(json::parse(k_assignments)));
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].resource_id == "sp-graph");
  CHECK(roles[0].app_role_id == "df021288-bdef-4463-88db-98f22de89214");
}

TEST_CASE("Graph integration service principal: by id or by name, absent when not there",
          "[collect]") {
  const auto by_id = reads::integration_principal("5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e");
  CHECK(by_id.path ==
        "/servicePrincipals?$filter=appId%20eq%20%275b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e%27"
        "&$select=id,appId,displayName,accountEnabled");
  const auto found = value_of(by_id.parse(json::parse(k_principals)));
  CHECK(found.present);
  CHECK(found.id == "sp-app");
  CHECK(found.account_enabled == false);
  const auto none = value_of(by_id.parse(json::parse(R"({"value": []})")));
  CHECK_FALSE(none.present);
  CHECK(none.app_id == "5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e");

  const auto by_name = reads::integration_principal("O'Brien RMM");
  CHECK(by_name.path ==
        "/servicePrincipals?$filter=displayName%20eq%20%27O%27%27Brien%20RMM%27"
        "&$select=id,appId,displayName,accountEnabled");
  // Graph ignoring the filter lists other apps: they do not count.
  CHECK_FALSE(value_of(by_name.parse(json::parse(k_principals))).present);
}

TEST_CASE("Graph resource service principals: the permissions they publish, absent ones kept",
          "[collect]") {
  const Strings wanted = {"00000003-0000-0000-c000-000000000000",
                          "fc780465-2017-40d4-a0c5-307022471b92"};
  const auto reads_made = reads::resource_principals(wanted);
  REQUIRE(reads_made.size() == 1);
  CHECK_THAT(
      reads_made[0].path,
      Contains("&$select=id,appId,displayName,accountEnabled,appRoles,oauth2PermissionScopes"));
  const auto resources = value_of(reads_made[0].parse(json::parse(R"({"value": [
      {"id": "sp-graph", "appId": "00000003-0000-0000-c000-000000000000",
       "displayName": "Microsoft Graph", "accountEnabled": true,
       "appRoles": [{"allowedMemberTypes": ["Application"], "description": "d",
         "displayName": "Read all users' full profiles", "id": "df021288-bdef-4463-88db-98f22de89214",
         "isEnabled": true, "origin": "Application", "value": "User.Read.All"}],
       "oauth2PermissionScopes": [{"adminConsentDescription": "d", "adminConsentDisplayName": "n",
         "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "isEnabled": true, "origin": null,
         "type": "User", "userConsentDescription": null, "userConsentDisplayName": null,
         "value": "User.Read"}]}]})")));
  REQUIRE(resources.size() == 2);
  CHECK(resources[0].principal.present);
  CHECK(resources[0].app_roles.at(0).value == "User.Read.All");
  CHECK(resources[0].scopes.at(0).id == "e1fe6dd8-ba31-4d61-89e7-88639da4683d");
  CHECK_FALSE(resources[1].principal.present);
  CHECK(resources[1].principal.app_id == wanted[1]);
}

}  // namespace gdap::test
