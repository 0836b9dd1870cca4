// Graph v1.0 answers turned into the snapshot's facts: the documented example payloads
// (shared/reference/graph-api.md), unknown enum members kept, and malformed answers reported
// with the JSON path of what is wrong.

#include "collect/reads.hpp"
#include "model/conditional_access_json.hpp"

#include "gdapcheck/model/snapshot_json.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

namespace gdap::test {

namespace {

namespace reads = collect::reads;

// The parsed value; fails the test (showing the error) when parsing failed.
template <typename T>
T value_of(const collect::Parsed<T>& parsed) {
  if (!parsed.ok()) {
    FAIL("unexpected parse error: " << parsed.error());
  }
  return parsed.value();
}

// The error; fails the test when parsing succeeded.
template <typename T>
std::string error_of(const collect::Parsed<T>& parsed) {
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

using Strings = std::vector<std::string>;

// graph-api.md §1.1, verbatim.
constexpr const char* k_relationships = R"json({
  "@odata.context": "https://graph.microsoft.com/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships",
  "value": [
    {
      "@odata.type": "#microsoft.graph.delegatedAdminRelationship",
      "@odata.etag": "W/\"JyIwMzAwZTM0ZS0wMDAwLTAyMDAtMDAwMC02MTRjZjI1YzAwMDAiJw==\"",
      "id": "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836",
      "displayName": "Contoso admin relationship",
      "duration": "P730D",
      "customer": { "tenantId": "52eaad04-13a2-4a2f-9ce8-93a294fadf36", "displayName": "Contoso Inc" },
      "accessDetails": { "unifiedRoles": [ { "roleDefinitionId": "dd4db9a0-cc4a-4213-9f9f-70242232d97e" } ] },
      "status": "active",
      "autoExtendDuration": "P180D",
      "createdDateTime": "2022-02-10T11:24:42.3148266Z",
      "lastModifiedDateTime": "2022-02-10T11:26:44.9941884Z",
      "activatedDateTime": "2022-02-10T11:26:44.9941884Z",
      "endDateTime": "2024-02-10T11:24:42.3148266Z"
    },
    {
      "@odata.type": "#microsoft.graph.resellerDelegatedAdminRelationship",
      "@odata.etag": "W/\"JyIwMzAwZTM0ZS0wMDAwLTAyMDAtMDAwMC02MTRjZjI1YzAwMDAiJw==\"",
      "id": "4b227261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836",
      "displayName": "Fabrikam admin relationship",
      "duration": "P180D",
      "customer": { "tenantId": "52eaad04-13a2-4a2f-9ce8-93a294fadf36", "displayName": "Fabrikam Inc." },
      "accessDetails": { "unifiedRoles": [
        { "roleDefinitionId": "7be44c8a-adaf-4e2a-84d6-ab2649e08a13" },
        { "roleDefinitionId": "e8611ab8-c189-46e8-94e1-60213ab1f814" },
        { "roleDefinitionId": "fe930be7-5e62-47db-91af-98c3a49a38b1" },
        { "roleDefinitionId": "729827e3-9c14-49f7-bb1b-9608f156bbb8" },
        { "roleDefinitionId": "4d6ac14f-3453-41d0-bef9-a3e0c569773a" },
        { "roleDefinitionId": "f023fd81-a637-4b56-95fd-791ac0226033" },
        { "roleDefinitionId": "9360feb5-f418-4baa-8175-e2a00bac4301" },
        { "roleDefinitionId": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" },
        { "roleDefinitionId": "f2ef992c-3afb-46b9-b7cf-a126ee74c451" } ] },
      "status": "approvalPending",
      "autoExtendDuration": "PT0S",
      "createdDateTime": "2022-02-10T11:24:42.3148266Z",
      "lastModifiedDateTime": "2022-02-10T11:26:44.9941884Z",
      "activatedDateTime": null,
      "endDateTime": null,
      "isPartnerConsentPending": true,
      "indirectProviderTenantId": "60ea59db-a506-485e-94c5-d115f369e239"
    }
  ]
})json";

// graph-api.md §1.3, verbatim.
constexpr const char* k_assignments = R"json({
  "@odata.context": "https://graph.microsoft.com/v1.0/tenantRelationships/$metadata#accessAssignments",
  "value": [
    {
      "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
      "@odata.etag": "W/\"JyIwMDAwMDI5OC0wMDAwLTAyMDAtMDAwMC02MjJiZTA0YjAwMDAiJw==\"",
      "id": "84c586df-0943-416e-b95f-7289cb8d3bd5",
      "status": "active",
      "createdDateTime": "2022-03-07T22:55:18.6780449Z",
      "lastModifiedDateTime": "2022-03-11T23:50:35.8970153Z",
      "accessContainer": { "accessContainerId": "227a2f44-2682-4831-a021-f8d69a34bcba", "accessContainerType": "securityGroup" },
      "accessDetails": { "unifiedRoles": [
        { "roleDefinitionId": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" },
        { "roleDefinitionId": "44367163-eba1-44c3-98af-f5787879f96a" },
        { "roleDefinitionId": "29232cdf-9323-42fd-ade2-1d097af3e4de" },
        { "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10" } ] }
    }
  ]
})json";

// graph-api.md §11: the JSON batching example (a memberOf page holding a directory role).
constexpr const char* k_batch = R"json({ "responses": [
  { "id": "1", "status": 200,
    "headers": { "Cache-Control": "no-cache", "x-ms-resource-unit": "1", "OData-Version": "4.0",
      "Content-Type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8" },
    "body": { "@odata.context": "https://graph.microsoft.com/beta/$metadata#directoryObjects",
      "@odata.nextLink": "https://graph.microsoft.com/beta/me/memberOf?$top=1&$skiptoken=RFNwdAoAAQAAAAAAAAAAFAAAAI45VMy0CO9Ei1L3Lr1q95UBAAAAAAAAAAAAAAAAAAAXMS4yLjg0MC4xMTM1NTYuMS40LjIzMzEGAAAAAAABURXWGePFEEGbudEn3SOTuQEDAQAAAQAAAAA",
      "value": [ { "@odata.type": "#microsoft.graph.directoryRole", "id": "21004afc-7bb2-4fe6-a1e1-074ebd3e52c1",
        "deletedDateTime": null, "description": "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
        "displayName": "User Administrator", "roleTemplateId": "fe930be7-5e62-47db-91af-98c3a49a38b1" } ] } },
  { "id": "3", "status": 403,
    "headers": { "Cache-Control": "no-cache", "x-ms-resource-unit": "1", "Content-Type": "application/json" },
    "body": { "error": { "code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation.",
      "innerError": { "date": "2025-02-13T10:17:06", "request-id": "93b6f17e-c05d-4f45-ad2a-6665c708d8a0",
        "client-request-id": "e70c5c1b-8b47-68c0-3171-3d22f5e0bd54" } } } } ] })json";

// graph-api.md §6: the documentation example (abridged there) ...
constexpr const char* k_ca_doc_example =
    R"json({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#conditionalAccess/policies",
  "value": [ { "id": "ad8d2b4a-8d30-413f-88b8-144c6c8d98d9", "displayName": "SimplePolicy1",
    "createdDateTime": null, "modifiedDateTime": null, "state": "disabled", "sessionControls": null,
    "conditions": { "signInRiskLevels": [], "clientAppTypes": ["all"], "platforms": null, "locations": null,
      "applications": { "includeApplications": ["None"], "excludeApplications": [], "includeUserActions": [] },
      "users": { "includeUsers": ["None"], "excludeUsers": [], "includeGroups": [], "excludeGroups": [],
        "includeRoles": [], "excludeRoles": [] } },
    "grantControls": { "operator": "OR", "builtInControls": ["block"], "customAuthenticationFactors": [], "termsOfUse": [] } } ] })json";

// ... and the real-world export's conditions.users, verbatim.
constexpr const char* k_ca_export_users = R"json({ "users": {
  "includeUsers": [], "excludeUsers": [], "includeGroups": [], "excludeGroups": ["c07caedd-cc1f-483e-8ff9-332f6aad189b"],
  "includeRoles": [], "excludeRoles": [],
  "excludeGuestsOrExternalUsers": { "guestOrExternalUserTypes": "serviceProvider",
    "externalTenants": { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
      "members": ["1b2f14e2-91f9-4876-9f59-3cb09b4ec310"], "membershipKind": "enumerated" } },
  "includeGuestsOrExternalUsers": {
    "guestOrExternalUserTypes": "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider",
    "externalTenants": { "membershipKind": "all", "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants" } } } })json";

// graph-api.md §7 (the reference's compact response built from the documented fields).
constexpr const char* k_applications =
    R"json({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,displayName,passwordCredentials,keyCredentials)",
  "value": [ { "id": "<object guid>", "appId": "<app guid>", "displayName": "Directory Sync",
    "passwordCredentials": [ { "customKeyIdentifier": null, "displayName": "sync-2025", "endDateTime": "2026-01-31T00:00:00Z",
      "hint": "Abc", "keyId": "<guid>", "secretText": null, "startDateTime": "2025-02-01T00:00:00Z" } ],
    "keyCredentials": [ { "customKeyIdentifier": "<thumbprint>", "displayName": "CN=sync", "endDateTime": "2027-02-01T00:00:00Z",
      "key": null, "keyId": "<guid>", "startDateTime": "2025-02-01T00:00:00Z", "type": "AsymmetricX509Cert", "usage": "Verify" } ] } ] })json";

// graph-api.md §8.1, verbatim.
constexpr const char* k_app_role_assignments =
    R"json({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#appRoleAssignments",
  "value": [ { "id": "UxOIjjUXr0WvIe4TRFgqTY4z9Wu5KxpBtlEpoTGjw-A", "createdDateTime": "2021-02-02T04:22:45.4980259Z",
    "appRoleId": "e2a3a72e-5f79-4c64-b1b1-878b674786c9", "principalDisplayName": "dxprovisioning-graphapi-client",
    "principalId": "8e881353-1735-45af-af21-ee1344582a4d", "principalType": "ServicePrincipal",
    "resourceDisplayName": "Microsoft Graph", "resourceId": "fea94d6d-b5bf-44d2-a887-4f72a8d74f44" } ] })json";

// graph-api.md §5.1, verbatim.
constexpr const char* k_service_principals =
    R"json({ "value": [ { "id": "59e617e5-e447-4adc-8b88-00af644d7c92", "deletedDateTime": null, "accountEnabled": true,
  "appDisplayName": "My App", "appId": "65415bb1-9267-4313-bbf5-ae259732ee12",
  "appOwnerOrganizationId": "1bc1c026-2f7b-48a5-98da-afa2fd8bc7bc", "appRoleAssignmentRequired": false,
  "displayName": "foo", "publisherName": "Contoso", "replyUrls": [],
  "servicePrincipalNames": ["f1bd758f-4a1a-4b71-aa20-a248a22a8928"], "tags": [], "appRoles": [],
  "keyCredentials": [], "oauth2PermissionScopes": [], "passwordCredentials": [] } ] })json";

// graph-api.md §4, verbatim.
constexpr const char* k_organization =
    R"json({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization",
  "value": [ { "id": "84841066-274d-4ec0-a5c1-276be684bdd3", "displayName": "Contoso",
    "countryLetterCode": "NL", "createdDateTime": "2021-08-02T10:30:06Z",
    "partnerTenantType": "ResellerPartnerDelegatedAdmin", "tenantType": "AAD",
    "assignedPlans": [ { "assignedDateTime": "2021-08-02T10:36:57Z", "capabilityStatus": "Enabled",
      "service": "exchange", "servicePlanId": "113feb6c-3fe4-4440-bddc-54d774bf0318" } ],
    "verifiedDomains": [ { "capabilities": "Email, OfficeCommunicationsOnline", "isDefault": true,
      "isInitial": true, "name": "Contoso.onmicrosoft.com", "type": "Managed" } ] } ] })json";

// graph-api.md §2.1, verbatim.
constexpr const char* k_me =
    R"json({ "businessPhones": ["+1 425 555 0109"], "displayName": "Adele Vance", "givenName": "Adele",
  "jobTitle": "Retail Manager", "mail": "AdeleV@contoso.com", "mobilePhone": "+1 425 555 0109",
  "officeLocation": "18/2111", "preferredLanguage": "en-US", "surname": "Vance",
  "userPrincipalName": "AdeleV@contoso.com", "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd" })json";

// graph-api.md §1.7: the doc example (placeholders) and the reference's realistic shape.
constexpr const char* k_contracts_doc =
    R"json({ "value": [ { "contractType": "contractType-value", "customerId": "customerId-value",
  "defaultDomainName": "defaultDomainName-value", "displayName": "displayName-value", "id": "id-value" } ] })json";
constexpr const char* k_contracts_realistic =
    R"json({"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#contracts","value":[{"id":"3a1c0b2e-0c55-4f2a-9b1e-7d0e8f6a5b41","deletedDateTime":null,"contractType":"ResellerPartner","customerId":"52eaad04-13a2-4a2f-9ce8-93a294fadf36","defaultDomainName":"contoso.onmicrosoft.com","displayName":"Contoso"}]})json";

// A CA policy around a conditions.users object, in Graph's shape.
json policy_with_users(const json& users) {
  return {{"id", "p-1"},
          {"displayName", "Block guests"},
          {"state", "enabled"},
          {"conditions",
           {{"applications",
             {{"includeApplications", {"All"}}, {"excludeApplications", json::array()}}},
            {"users", users}}},
          {"grantControls", nullptr}};
}

// A snapshot's CA policy (its JSON form) turned back into Graph's shape.
json graph_shape_of_external(const json& external) {
  if (external.is_null()) {
    return nullptr;
  }
  std::string types;
  if (external["guestOrExternalUserTypes"].is_string()) {
    types = external["guestOrExternalUserTypes"].get<std::string>();
  } else {
    for (const auto& type : external["guestOrExternalUserTypes"]) {
      types += (types.empty() ? "" : ", ") + type.get<std::string>();
    }
  }
  const auto kind = external.value("membershipKind", "all");
  json tenants = {{"@odata.type",
                   kind == "all" ? "#microsoft.graph.conditionalAccessAllExternalTenants"
                                 : "#microsoft.graph.conditionalAccessEnumeratedExternalTenants"},
                  {"membershipKind", kind}};
  if (kind != "all") {
    tenants["members"] = external.value("tenants", json::array());
  }
  return {{"guestOrExternalUserTypes", types}, {"externalTenants", tenants}};
}

std::string joined_flags(const json& list) {
  std::string text;
  for (const auto& item : list) {
    if (!text.empty()) {
      text += ',';
    }
    text += item.get<std::string>();
  }
  return text;
}

json graph_shape_of_session(const json& session) {
  if (session.is_null()) {
    return nullptr;
  }
  json graph = {{"signInFrequency", session.value("signInFrequency", json(nullptr))},
                {"secureSignInSession", nullptr},
                {"persistentBrowser", nullptr},
                {"cloudAppSecurity", nullptr},
                {"applicationEnforcedRestrictions", nullptr},
                {"disableResilienceDefaults", nullptr}};
  if (session.value("secureSignInSession", false)) {
    graph["secureSignInSession"] = {{"isEnabled", true}};
  }
  for (const auto& other : session.value("others", json::array())) {
    const auto name = other.get<std::string>();
    graph[name] = name == "disableResilienceDefaults" ? json(true) : json{{"isEnabled", true}};
  }
  return graph;
}

// A snapshot's CA policy (its JSON form) turned back into Graph's shape, every v1.0 key present.
json graph_shape_of_policy(const json& policy) {
  json users = policy.value("users", json(nullptr));
  if (!users.is_null()) {
    for (const char* key : {"includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"}) {
      users[key] = graph_shape_of_external(users.value(key, json(nullptr)));
    }
  }
  const auto flags_or_null = [&](const char* key) {
    const auto list = policy.value(key, json::array());
    return list.empty() ? json(nullptr) : json(joined_flags(list));
  };
  const auto device_filter = policy.value("deviceFilter", json(nullptr));
  const auto flows = flags_or_null("authenticationFlows");
  json conditions = {
      {"users", users},
      {"clientApplications", policy.value("clientApplications", json(nullptr))},
      {"applications", policy["applications"]},
      {"clientAppTypes", policy.value("clientAppTypes", json::array())},
      {"platforms", policy.value("platforms", json(nullptr))},
      {"locations", policy.value("locations", json(nullptr))},
      {"devices", device_filter.is_null() ? json(nullptr) : json{{"deviceFilter", device_filter}}},
      {"userRiskLevels", policy.value("userRiskLevels", json::array())},
      {"signInRiskLevels", policy.value("signInRiskLevels", json::array())},
      {"servicePrincipalRiskLevels", policy.value("servicePrincipalRiskLevels", json::array())},
      {"insiderRiskLevels", flags_or_null("insiderRiskLevels")},
      {"authenticationFlows", flows.is_null() ? json(nullptr) : json{{"transferMethods", flows}}}};
  json grant = policy.value("grantControls", json(nullptr));
  if (!grant.is_null() && grant.contains("authenticationStrength") &&
      !grant["authenticationStrength"].is_null()) {
    auto& strength = grant["authenticationStrength"];
    strength["requirementsSatisfied"] = joined_flags(strength["requirementsSatisfied"]);
  }
  return {
      {"id", policy["id"]},
      {"displayName", policy.value("displayName", "")},
      {"state", policy["state"]},
      {"templateId", policy.value("templateId", json(nullptr))},
      {"conditions", conditions},
      {"grantControls", grant},
      {"sessionControls", graph_shape_of_session(policy.value("sessionControls", json(nullptr)))}};
}

void check_same_policy(const model::CaPolicy& parsed, const model::CaPolicy& expected) {
  CHECK(model::ca_policy_json(parsed).dump(1) == model::ca_policy_json(expected).dump(1));
}

}  // namespace

TEST_CASE("Graph relationships: both types, roles, dates, reseller consent", "[collect]") {
  const auto relationships = value_of(reads::relationships().parse(json::parse(k_relationships)));
  REQUIRE(relationships.size() == 2);

  const auto& plain = relationships[0];
  CHECK(plain.id == "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836");
  CHECK(plain.display_name == "Contoso admin relationship");
  CHECK(plain.status == "active");
  CHECK(plain.customer_tenant_id == "52eaad04-13a2-4a2f-9ce8-93a294fadf36");
  CHECK(plain.customer_display_name == "Contoso Inc");
  CHECK(plain.roles == model::RoleIds{"dd4db9a0-cc4a-4213-9f9f-70242232d97e"});
  CHECK(plain.duration == "P730D");
  CHECK(plain.auto_extend_duration == "P180D");
  CHECK(plain.created == "2022-02-10T11:24:42.3148266Z");
  CHECK(plain.activated == "2022-02-10T11:26:44.9941884Z");
  CHECK(plain.end_date_time == "2024-02-10T11:24:42.3148266Z");
  CHECK_FALSE(plain.reseller);
  CHECK_FALSE(plain.partner_consent_pending.has_value());
  CHECK_FALSE(plain.access_assignments.ok());
  CHECK(plain.access_assignments.reason() == "not collected");

  const auto& reseller = relationships[1];
  CHECK(reseller.display_name == "Fabrikam admin relationship");
  CHECK(reseller.status == "approvalPending");
  CHECK(reseller.customer_display_name == "Fabrikam Inc.");
  REQUIRE(reseller.roles.size() == 9);
  CHECK(reseller.roles.front() == "7be44c8a-adaf-4e2a-84d6-ab2649e08a13");
  CHECK(reseller.roles.back() == "f2ef992c-3afb-46b9-b7cf-a126ee74c451");
  CHECK(reseller.duration == "P180D");
  CHECK(reseller.auto_extend_duration == "PT0S");
  CHECK_FALSE(reseller.activated.has_value());
  CHECK_FALSE(reseller.end_date_time.has_value());
  CHECK(reseller.reseller);
  CHECK(reseller.partner_consent_pending == true);
}

TEST_CASE("Graph relationships: defaults, unknown statuses and a draft without a customer",
          "[collect]") {
  auto body = json::parse(k_relationships);
  auto& first = body["value"][0];
  first.erase("autoExtendDuration");
  first["status"] = "someStatusFromTheFuture";
  first["brandNewProperty"] = {{"nested", true}};
  auto& second = body["value"][1];
  second["status"] = "created";
  second["customer"] = nullptr;
  second["displayName"] = nullptr;

  const auto relationships = value_of(reads::relationships().parse(body));
  REQUIRE(relationships.size() == 2);
  CHECK(relationships[0].auto_extend_duration == "PT0S");
  CHECK(relationships[0].status == "someStatusFromTheFuture");
  CHECK(relationships[1].customer_tenant_id.empty());
  CHECK(relationships[1].display_name.empty());

  CHECK(value_of(reads::relationships().parse(json{{"value", json::array()}})).empty());
}

TEST_CASE("Graph access assignments: group, roles, status and dates", "[collect]") {
  const auto assignments =
      value_of(reads::access_assignments("r").parse(json::parse(k_assignments)));
  REQUIRE(assignments.size() == 1);
  const auto& a = assignments[0];
  CHECK(a.id == "84c586df-0943-416e-b95f-7289cb8d3bd5");
  CHECK(a.status == "active");
  CHECK(a.group_id == "227a2f44-2682-4831-a021-f8d69a34bcba");
  CHECK(a.group_display_name.empty());
  CHECK(a.roles == model::RoleIds{"88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
                                  "44367163-eba1-44c3-98af-f5787879f96a",
                                  "29232cdf-9323-42fd-ade2-1d097af3e4de",
                                  "62e90394-69f5-4237-9190-012177145e10"});
  CHECK(a.created == "2022-03-07T22:55:18.6780449Z");
  CHECK(a.last_modified == "2022-03-11T23:50:35.8970153Z");

  auto body = json::parse(k_assignments);
  body["value"][0]["status"] = "unknownFutureValue";
  body["value"][0].erase("lastModifiedDateTime");
  const auto changed = value_of(reads::access_assignments("r").parse(body));
  CHECK(changed[0].status == "unknownFutureValue");
  CHECK_FALSE(changed[0].last_modified.has_value());
}

TEST_CASE("Graph memberships: directory roles from the batch example, groups, other types skipped",
          "[collect]") {
  const auto batch = json::parse(k_batch);
  const auto from_batch = value_of(reads::memberships().parse(batch["responses"][0]["body"]));
  CHECK(from_batch.groups.empty());
  CHECK(from_batch.role_template_ids == Strings{"fe930be7-5e62-47db-91af-98c3a49a38b1"});

  const auto mixed = json::parse(R"json({ "value": [
    { "@odata.type": "#microsoft.graph.group", "id": "227a2f44-2682-4831-a021-f8d69a34bcba",
      "displayName": "GDAP Helpdesk", "securityEnabled": true },
    { "@odata.type": "#microsoft.graph.group", "id": "9c1b4c3e-1111-4c2e-8a3b-2b7e6f0d9a11" },
    { "@odata.type": "#microsoft.graph.administrativeUnit", "id": "5f2e7b1a-3c4d-4e5f-9a8b-7c6d5e4f3a2b" },
    { "@odata.type": "#microsoft.graph.directoryRole", "id": "21004afc-7bb2-4fe6-a1e1-074ebd3e52c1",
      "roleTemplateId": "62e90394-69f5-4237-9190-012177145e10" } ] })json");
  const auto memberships = value_of(reads::memberships().parse(mixed));
  REQUIRE(memberships.groups.size() == 2);
  CHECK(memberships.groups[0].id == "227a2f44-2682-4831-a021-f8d69a34bcba");
  CHECK(memberships.groups[0].display_name == "GDAP Helpdesk");
  CHECK(memberships.groups[1].id == "9c1b4c3e-1111-4c2e-8a3b-2b7e6f0d9a11");
  CHECK(memberships.groups[1].display_name.empty());  // limited information: type and id only
  CHECK(memberships.role_template_ids == Strings{"62e90394-69f5-4237-9190-012177145e10"});

  // The §2.2 doc example has no id: a group we cannot name by id is not a fact.
  const auto no_id = json::parse(
      R"json({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
  "value": [ { "@odata.type": "#microsoft.graph.group", "displayName": "All_Contoso_Licensing",
    "mailEnabled": true, "mailNickname": "ContosoMailNickName", "securityEnabled": true } ] })json");
  CHECK(error_of(reads::memberships().parse(no_id)) == "/value/0/id: missing required key \"id\"");
  CHECK(error_of(reads::memberships().parse(json::parse(R"({"value":[{"id":"x"}]})"))) ==
        "/value/0/@odata.type: missing required key \"@odata.type\"");
}

TEST_CASE("Graph AdminAgents lookup: none, a security-enabled exact match preferred", "[collect]") {
  CHECK_FALSE(value_of(reads::admin_agents().parse(json{{"value", json::array()}})).has_value());

  const auto several = json::parse(R"json({ "value": [
    { "id": "g-other", "displayName": "AdminAgents-old", "securityEnabled": true },
    { "id": "g-mail", "displayName": "adminagents", "securityEnabled": false, "mailEnabled": true },
    { "id": "g-real", "displayName": "AdminAgents", "securityEnabled": true },
    { "id": "g-late", "displayName": "AdminAgents", "securityEnabled": true } ] })json");
  const auto found = value_of(reads::admin_agents().parse(several));
  REQUIRE(found.has_value());
  CHECK(found->id == "g-real");
  CHECK(found->display_name == "AdminAgents");

  const auto not_security = json::parse(
      R"json({ "value": [ { "id": "g-mail", "displayName": "ADMINAGENTS", "securityEnabled": null } ] })json");
  const auto fallback = value_of(reads::admin_agents().parse(not_security));
  REQUIRE(fallback.has_value());
  CHECK(fallback->id == "g-mail");

  const auto no_exact = json::parse(
      R"json({ "value": [ { "id": "g-1", "displayName": "AdminAgents backup" } ] })json");
  CHECK_FALSE(value_of(reads::admin_agents().parse(no_exact)).has_value());
}

TEST_CASE("Graph conditional access: the doc example and a real-world users condition",
          "[collect]") {
  const auto doc = value_of(reads::ca_policies().parse(json::parse(k_ca_doc_example)));
  REQUIRE(doc.size() == 1);
  CHECK(doc[0].id == "ad8d2b4a-8d30-413f-88b8-144c6c8d98d9");
  CHECK(doc[0].display_name == "SimplePolicy1");
  CHECK(doc[0].state == "disabled");
  CHECK(doc[0].users->include_users == Strings{"None"});
  CHECK(doc[0].users->exclude_users.empty());
  CHECK(doc[0].include_applications == Strings{"None"});
  CHECK_FALSE(doc[0].users->include_external.has_value());
  CHECK_FALSE(doc[0].users->exclude_external.has_value());
  CHECK(doc[0].grant_operator == "OR");
  CHECK(doc[0].grant_controls == Strings{"block"});

  const auto users = json::parse(k_ca_export_users)["users"];
  const auto exported =
      value_of(reads::ca_policies().parse(json{{"value", {policy_with_users(users)}}}));
  REQUIRE(exported.size() == 1);
  const auto& p = exported[0];
  CHECK(p.users->exclude_groups == Strings{"c07caedd-cc1f-483e-8ff9-332f6aad189b"});
  CHECK(p.users->include_users.empty());
  REQUIRE(p.users->include_external.has_value());
  CHECK(p.users->include_external->types ==
        Strings{"internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember",
                "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"});
  CHECK(p.users->include_external->membership_kind == "all");
  CHECK(p.users->include_external->tenants.empty());
  REQUIRE(p.users->exclude_external.has_value());
  CHECK(p.users->exclude_external->types == Strings{"serviceProvider"});
  CHECK(p.users->exclude_external->membership_kind == "enumerated");
  CHECK(p.users->exclude_external->tenants == Strings{"1b2f14e2-91f9-4876-9f59-3cb09b4ec310"});
  CHECK(p.include_applications == Strings{"All"});
  CHECK(p.grant_operator.empty());  // grantControls null: session controls only
  CHECK(p.grant_controls.empty());
}

TEST_CASE("Graph conditional access: every condition and control, and workload identities",
          "[collect]") {
  // Full v1.0 shapes (conditionalAccessConditionSet, grant and session controls) as Graph sends
  // them: flags enums as one string, null for what is not configured.
  const auto full = json::parse(R"json({"value": [{
    "id": "p-9", "templateId": "0b2282f9-2862-4178-88b5-d79340b36cb8", "displayName": "Everything",
    "createdDateTime": "2025-01-10T09:00:00Z", "modifiedDateTime": null, "deletedDateTime": null,
    "description": null, "state": "enabled",
    "conditions": {
      "userRiskLevels": ["high"], "signInRiskLevels": ["medium", "high"],
      "servicePrincipalRiskLevels": [], "insiderRiskLevels": "moderate,elevated",
      "clientAppTypes": ["browser", "mobileAppsAndDesktopClients"],
      "platforms": {"includePlatforms": ["all"], "excludePlatforms": ["iOS", "android"]},
      "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]},
      "devices": {"deviceFilter": {"mode": "exclude", "rule": "device.trustType -eq \"ServerAD\""}},
      "clientApplications": null,
      "authenticationFlows": {"transferMethods": "deviceCodeFlow,authenticationTransfer"},
      "applications": {"includeApplications": ["All"], "excludeApplications": [],
        "includeUserActions": [], "includeAuthenticationContextClassReferences": ["c1"],
        "applicationFilter": {"mode": "include", "rule": "CustomSecurityAttribute.x -eq \"y\""}},
      "users": {"includeUsers": ["All"], "excludeUsers": [], "includeGroups": [],
        "excludeGroups": [], "includeRoles": [], "excludeRoles": [],
        "includeGuestsOrExternalUsers": null, "excludeGuestsOrExternalUsers": null}},
    "grantControls": {"operator": "AND", "builtInControls": ["mfa"],
      "customAuthenticationFactors": ["Duo"], "termsOfUse": ["tou-1"],
      "authenticationStrength@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",
      "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000004",
        "createdDateTime": "2021-12-01T00:00:00Z", "modifiedDateTime": "2021-12-01T00:00:00Z",
        "displayName": "Phishing-resistant MFA", "description": "d", "policyType": "builtIn",
        "requirementsSatisfied": "mfa", "allowedCombinations": ["windowsHelloForBusiness", "fido2"]}},
    "sessionControls": {"applicationEnforcedRestrictions": null, "persistentBrowser": null,
      "cloudAppSecurity": {"cloudAppSecurityType": "blockDownloads", "isEnabled": true},
      "disableResilienceDefaults": null, "secureSignInSession": {"isEnabled": true},
      "signInFrequency": {"value": 4, "type": "hours", "authenticationType":
        "primaryAndSecondaryAuthentication", "frequencyInterval": "timeBased", "isEnabled": true}}
  }, {
    "id": "p-10", "templateId": null, "displayName": "Workload identities", "state": "enabled",
    "conditions": {"users": null, "userRiskLevels": [], "signInRiskLevels": [],
      "servicePrincipalRiskLevels": ["high"], "clientAppTypes": ["all"],
      "clientApplications": {"includeServicePrincipals": ["ServicePrincipalsInMyTenant"],
        "excludeServicePrincipals": [], "servicePrincipalFilter": null},
      "applications": {"includeApplications": ["All"], "excludeApplications": []}},
    "grantControls": {"operator": "OR", "builtInControls": ["block"]},
    "sessionControls": null
  }]})json");
  const auto policies = value_of(reads::ca_policies().parse(full));
  REQUIRE(policies.size() == 2);
  const auto& p = policies[0];
  CHECK(p.template_id == "0b2282f9-2862-4178-88b5-d79340b36cb8");
  CHECK(p.insider_risk_levels == Strings{"moderate", "elevated"});
  CHECK(p.sign_in_risk_levels == Strings{"medium", "high"});
  CHECK(p.client_app_types == Strings{"browser", "mobileAppsAndDesktopClients"});
  CHECK(p.include_platforms == Strings{"all"});
  CHECK(p.exclude_platforms == Strings{"iOS", "android"});
  CHECK(p.exclude_locations == Strings{"AllTrusted"});
  REQUIRE(p.device_filter);
  CHECK(p.device_filter->mode == "exclude");
  CHECK(p.transfer_methods == Strings{"deviceCodeFlow", "authenticationTransfer"});
  CHECK(p.include_authentication_contexts == Strings{"c1"});
  CHECK(p.application_filter);
  CHECK(p.grant_operator == "AND");
  CHECK(p.custom_authentication_factors == Strings{"Duo"});
  CHECK(p.terms_of_use == Strings{"tou-1"});
  REQUIRE(p.authentication_strength);
  CHECK(p.authentication_strength->allowed_combinations ==
        Strings{"windowsHelloForBusiness", "fido2"});
  CHECK(p.authentication_strength->requirements_satisfied == Strings{"mfa"});
  REQUIRE(p.session_controls);
  REQUIRE(p.session_controls->sign_in_frequency);
  CHECK(p.session_controls->sign_in_frequency->value == 4);
  CHECK(p.session_controls->sign_in_frequency->type == "hours");
  CHECK(p.session_controls->secure_sign_in_session);
  CHECK(p.session_controls->others == Strings{"cloudAppSecurity"});

  const auto& workload = policies[1];
  CHECK_FALSE(workload.users);
  REQUIRE(workload.client_applications);
  CHECK(workload.client_applications->include_service_principals ==
        Strings{"ServicePrincipalsInMyTenant"});
  CHECK(workload.service_principal_risk_levels == Strings{"high"});
  CHECK(workload.client_app_types == Strings{"all"});
  CHECK_FALSE(workload.include_locations);
}

TEST_CASE("Graph conditional access: spacing, missing tenants, unknown members", "[collect]") {
  json users = {{"includeUsers", {"All"}},
                {"excludeUsers", {"GuestsOrExternalUsers"}},
                {"includeGuestsOrExternalUsers",
                 {{"guestOrExternalUserTypes", " internalGuest , serviceProvider ,,"},
                  {"externalTenants", nullptr}}},
                {"excludeGuestsOrExternalUsers",
                 {{"guestOrExternalUserTypes", "serviceProvider,someNewUserType"},
                  {"externalTenants",
                   {{"@odata.type", "#microsoft.graph.conditionalAccessEnumeratedExternalTenants"},
                    {"members", {"t-1", "t-2"}}}}}}};
  auto policy = policy_with_users(users);
  policy["state"] = "enabledForSomethingNew";
  policy["grantControls"] = {{"operator", "AND"},
                             {"builtInControls", {"mfa", "futureControl"}},
                             {"authenticationStrength", nullptr}};
  const auto parsed = value_of(reads::ca_policies().parse(json{{"value", {policy}}}));
  REQUIRE(parsed.size() == 1);
  const auto& p = parsed[0];
  CHECK(p.state == "enabledForSomethingNew");
  CHECK(p.users->exclude_users == Strings{"GuestsOrExternalUsers"});
  REQUIRE(p.users->include_external.has_value());
  CHECK(p.users->include_external->types == Strings{"internalGuest", "serviceProvider"});
  CHECK(p.users->include_external->membership_kind == "all");
  REQUIRE(p.users->exclude_external.has_value());
  CHECK(p.users->exclude_external->types == Strings{"serviceProvider", "someNewUserType"});
  CHECK(p.users->exclude_external->membership_kind == "enumerated");  // from @odata.type
  CHECK(p.users->exclude_external->tenants == Strings{"t-1", "t-2"});
  CHECK(p.grant_operator == "AND");
  CHECK(p.grant_controls == Strings{"mfa", "futureControl"});

  users["excludeGuestsOrExternalUsers"]["externalTenants"]["membershipKind"] = "unknownFutureValue";
  const auto future =
      value_of(reads::ca_policies().parse(json{{"value", {policy_with_users(users)}}}));
  CHECK(future[0].users->exclude_external->membership_kind == "unknownFutureValue");
}

TEST_CASE("Graph conditional access means what the snapshot examples mean", "[collect]") {
  // Every example snapshot's CA policies, written the way Graph sends them, read back the same.
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GDAP_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".json") {
      continue;
    }
    std::ifstream in(entry.path());
    const auto raw = json::parse(in);
    const auto snapshot = model::load_snapshot_file(entry.path().string());
    for (std::size_t c = 0; c < snapshot.customers.size(); ++c) {
      const auto& expected = snapshot.customers[c].conditional_access_policies;
      if (!expected.ok()) {
        continue;
      }
      json graph = {{"value", json::array()}};
      for (const auto& policy : raw["customers"][c]["conditionalAccessPolicies"]["value"]) {
        graph["value"].push_back(graph_shape_of_policy(policy));
      }
      INFO(entry.path().filename().string() << " customer " << c);
      const auto parsed = value_of(reads::ca_policies().parse(graph));
      REQUIRE(parsed.size() == expected->size());
      for (std::size_t i = 0; i < parsed.size(); ++i) {
        check_same_policy(parsed[i], (expected.value())[i]);
        ++compared;
      }
    }
  }
  CHECK(compared > 0);
}

TEST_CASE("Graph applications: the registration and its credentials", "[collect]") {
  // Asked for by name, the application id comes from the registration.
  const auto app =
      value_of(reads::application("directory sync").parse(json::parse(k_applications)));
  CHECK(app.app_id == "<app guid>");
  CHECK(app.registration_found);
  CHECK(app.display_name == "Directory Sync");
  REQUIRE(app.password_credentials.size() == 1);
  CHECK(app.password_credentials[0].key_id == "<guid>");
  CHECK(app.password_credentials[0].display_name == "sync-2025");
  CHECK(app.password_credentials[0].end_date_time == "2026-01-31T00:00:00Z");
  REQUIRE(app.key_credentials.size() == 1);
  CHECK(app.key_credentials[0].display_name == "CN=sync");
  CHECK(app.key_credentials[0].end_date_time == "2027-02-01T00:00:00Z");
  CHECK_FALSE(app.granted_graph_app_roles.ok());

  const std::string wanted = "65415bb1-9267-4313-bbf5-ae259732ee12";
  const auto by_id = reads::application(wanted);
  CHECK(by_id.path == "/applications?$filter=appId%20eq%20%27" + wanted +
                          "%27&$select=id,appId,displayName,passwordCredentials,keyCredentials");
  CHECK(reads::application("O'Brien Sync").path ==
        "/applications?$filter=displayName%20eq%20%27O%27%27Brien%20Sync%27"
        "&$select=id,appId,displayName,passwordCredentials,keyCredentials");
  const auto none = value_of(by_id.parse(json{{"value", json::array()}}));
  CHECK(none.app_id == wanted);
  CHECK_FALSE(none.registration_found);
  CHECK(none.password_credentials.empty());

  // Graph may ignore the filter: another application in the answer is not the one asked for.
  auto others = json::parse(k_applications);
  CHECK_FALSE(value_of(by_id.parse(others)).registration_found);
  others["value"].push_back(others["value"][0]);
  others["value"][1]["appId"] = "65415BB1-9267-4313-BBF5-AE259732EE12";
  others["value"][1]["displayName"] = "The one";
  const auto found = value_of(by_id.parse(others));
  CHECK(found.display_name == "The one");
  CHECK(found.app_id == wanted);

  auto bad_date = json::parse(k_applications);
  bad_date["value"][0]["passwordCredentials"][0]["endDateTime"] = "next Tuesday";
  CHECK(error_of(reads::application("Directory Sync").parse(bad_date)) ==
        "/value/0/passwordCredentials/0/endDateTime: not an ISO-8601 timestamp: \"next Tuesday\"");
}

TEST_CASE("Graph app role assignments: only those on Microsoft Graph's service principal",
          "[collect]") {
  const auto read = reads::app_role_assignments("65415bb1-9267-4313-bbf5-ae259732ee12");
  CHECK(read.path ==
        "/servicePrincipals(appId=%2765415bb1-9267-4313-bbf5-ae259732ee12%27)/appRoleAssignments");
  const auto grants = value_of(read.parse(json::parse(k_app_role_assignments)));
  CHECK(grants.service_principal_exists);
  CHECK(reads::roles_granted_on(grants, "fea94d6d-b5bf-44d2-a887-4f72a8d74f44") ==
        Strings{"e2a3a72e-5f79-4c64-b1b1-878b674786c9"});
  CHECK(reads::roles_granted_on(grants, "FEA94D6D-B5BF-44D2-A887-4F72A8D74F44") ==
        Strings{"e2a3a72e-5f79-4c64-b1b1-878b674786c9"});
  CHECK(reads::roles_granted_on(grants, "00000000-0000-0000-0000-000000000000").empty());
  // Graph answers 404 when the app has no service principal in the tenant.
  REQUIRE(read.if_not_found);
  CHECK_FALSE(read.if_not_found->service_principal_exists);
}

TEST_CASE("Graph service principals: one entry per wanted app, in the order asked", "[collect]") {
  const Strings wanted = {"00000003-0000-0000-c000-000000000000",
                          "65415BB1-9267-4313-BBF5-AE259732EE12"};
  const auto sps =
      value_of(reads::service_principals(wanted)[0].parse(json::parse(k_service_principals)));
  REQUIRE(sps.size() == 2);
  CHECK(sps[0].app_id == wanted[0]);
  CHECK_FALSE(sps[0].present);
  CHECK(sps[0].id.empty());
  CHECK_FALSE(sps[0].account_enabled.has_value());
  CHECK(sps[1].app_id == wanted[1]);
  CHECK(sps[1].present);
  CHECK(sps[1].id == "59e617e5-e447-4adc-8b88-00af644d7c92");
  CHECK(sps[1].display_name == "foo");
  CHECK(sps[1].account_enabled == true);
}

TEST_CASE("Graph /me, /organization, /contracts and getByIds", "[collect]") {
  const auto user = value_of(reads::me().parse(json::parse(k_me)));
  CHECK(user.id == "87d349ed-44d7-43e1-9a83-5f2406dee5bd");
  CHECK(user.upn == "AdeleV@contoso.com");
  CHECK(user.display_name == "Adele Vance");

  const auto org = value_of(reads::partner_organization().parse(json::parse(k_organization)));
  CHECK(org.tenant_id == "84841066-274d-4ec0-a5c1-276be684bdd3");
  CHECK(org.display_name == "Contoso");
  CHECK(org.default_domain == "Contoso.onmicrosoft.com");
  CHECK(org.domains == Strings{"Contoso.onmicrosoft.com"});
  CHECK(error_of(reads::partner_organization().parse(json{{"value", json::array()}})) ==
        "/value: expected the organization, got an empty list");

  const auto doc = value_of(reads::contracts().parse(json::parse(k_contracts_doc)));
  REQUIRE(doc.size() == 1);
  CHECK(doc[0].customer_tenant_id == "customerId-value");
  CHECK(doc[0].display_name == "displayName-value");
  CHECK(doc[0].default_domain == "defaultDomainName-value");
  CHECK(doc[0].contract_type == "contractType-value");  // unknown values kept
  const auto contracts = value_of(reads::contracts().parse(json::parse(k_contracts_realistic)));
  REQUIRE(contracts.size() == 1);
  CHECK(contracts[0].customer_tenant_id == "52eaad04-13a2-4a2f-9ce8-93a294fadf36");
  CHECK(contracts[0].contract_type == "ResellerPartner");
  CHECK(contracts[0].default_domain == "contoso.onmicrosoft.com");

  const auto groups = value_of(reads::group_names({"g"})[0].parse(json::parse(R"json({ "value": [
    { "@odata.type": "#microsoft.graph.group", "id": "227a2f44-2682-4831-a021-f8d69a34bcba",
      "displayName": "GDAP Helpdesk" },
    { "@odata.type": "#microsoft.graph.group", "id": "9c1b4c3e-1111-4c2e-8a3b-2b7e6f0d9a11",
      "displayName": null } ] })json")));
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].id == "227a2f44-2682-4831-a021-f8d69a34bcba");
  CHECK(groups[0].display_name == "GDAP Helpdesk");
  CHECK(groups[1].display_name.empty());
}

TEST_CASE("Malformed Graph answers: an error naming the JSON path", "[collect]") {
  CHECK(error_of(reads::relationships().parse(json::array())) ==
        "/: expected an object, got an array");
  CHECK(error_of(reads::relationships().parse(json{{"value", "none"}})) ==
        "/value: expected an array, got a string");
  CHECK(error_of(reads::contracts().parse(json::object())) ==
        "/value: missing required key \"value\"");
  CHECK(error_of(reads::group_names({"g"})[0].parse(json{{"value", {42}}})) ==
        "/value/0: expected an object, got a number");
  CHECK(error_of(reads::me().parse(json{{"id", "u-1"}})) ==
        "/userPrincipalName: missing required key \"userPrincipalName\"");

  auto body = json::parse(k_relationships);
  body["value"][1]["status"] = 3;
  CHECK(error_of(reads::relationships().parse(body)) ==
        "/value/1/status: expected a string, got a number");

  body = json::parse(k_relationships);
  body["value"][1]["accessDetails"]["unifiedRoles"] = "Global Administrator";
  CHECK(error_of(reads::relationships().parse(body)) ==
        "/value/1/accessDetails/unifiedRoles: expected an array, got a string");

  body = json::parse(k_relationships);
  body["value"][0]["autoExtendDuration"] = "forever";
  body["value"][1]["activatedDateTime"] = 5;
  CHECK(
      error_of(reads::relationships().parse(body)) ==
      "/value/0/autoExtendDuration: not an ISO-8601 duration: \"forever\" (and 1 more problem(s))");

  auto assignments = json::parse(k_assignments);
  assignments["value"][0]["accessContainer"].erase("accessContainerId");
  CHECK(error_of(reads::access_assignments("r").parse(assignments)) ==
        "/value/0/accessContainer/accessContainerId: missing required key \"accessContainerId\"");

  auto policy = policy_with_users(json::parse(k_ca_export_users)["users"]);
  policy["conditions"]["users"]["includeGuestsOrExternalUsers"]["guestOrExternalUserTypes"] = 7;
  CHECK(error_of(reads::ca_policies().parse(json{{"value", {policy}}})) ==
        "/value/0/conditions/users/includeGuestsOrExternalUsers/guestOrExternalUserTypes: "
        "expected a string or null, got a number");
  policy = policy_with_users(json::parse(k_ca_export_users)["users"]);
  policy["conditions"].erase("users");
  CHECK(error_of(reads::ca_policies().parse(json{{"value", {policy}}})) ==
        "/value/0/conditions/users: neither users nor clientApplications is set");
  policy = policy_with_users(json::parse(k_ca_export_users)["users"]);
  policy["conditions"]["applications"]["includeApplications"] = "All";
  CHECK(error_of(reads::ca_policies().parse(json{{"value", {policy}}})) ==
        "/value/0/conditions/applications/includeApplications: expected an array, got a string");

  CHECK_THAT(error_of(reads::service_principals({"a"})[0].parse(
                 json{{"value", {{{"appId", 1}, {"id", "sp"}}}}})),
             StartsWith("/value/0/appId: expected a string"));
  CHECK_THAT(error_of(reads::app_role_assignments("a").parse(
                 json{{"value", {{{"appRoleId", "r"}, {"resourceId", nullptr}}}}})),
             Contains("/value/0/resourceId"));
  CHECK_THAT(error_of(reads::memberships().parse(json::parse(
                 R"({"value":[{"@odata.type":"#microsoft.graph.directoryRole","id":"r"}]})"))),
             Contains("/value/0/roleTemplateId"));
}

}  // namespace gdap::test
