// tenant.app-not-consented and the integration's resource apps in
// tenant.missing-service-principal: the integration's multi-tenant app in a customer.

#include "rules/consent.hpp"
#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

const char* const k_app_id = "5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e";
const char* const k_user_read_all_role = "df021288-bdef-4463-88db-98f22de89214";
const char* const k_defender = "fc780465-2017-40d4-a0c5-307022471b92";

const char* const k_profile = R"({"name": "consent", "integrationApp": {
    "appIds": ["5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e"],
    "requiredResourceAccess": [
      {"resourceAppId": "00000003-0000-0000-c000-000000000000",
       "scopes": ["openid", "User.Read", "Directory.Read.All"], "appRoles": ["User.Read.All"]},
      {"resourceAppId": "fc780465-2017-40d4-a0c5-307022471b92", "name": "WindowsDefenderATP",
       "scopes": ["Machine.Read"]}]}})";

rules::Profile consent_profile() {
  std::vector<model::Problem> problems;
  auto profile = rules::parse_profile(k_profile, "consent.json", shipped_rules(), problems);
  INFO(model::format_problems("consent.json", problems));
  REQUIRE(profile);
  return *profile;
}

model::ResourcePrincipal resource(const std::string& app_id, const std::string& id,
                                  const std::string& name) {
  model::ResourcePrincipal r;
  r.principal = {app_id, true, id, name, true};
  return r;
}

// Everything the profile needs, consented.
model::IntegrationConsent healthy_consent() {
  model::AppConsent app;
  app.wanted = k_app_id;
  app.principal = {k_app_id, true, "sp-app", "Pinnacle RMM", true};
  app.delegated_grants = model::Fact<std::vector<model::DelegatedGrant>>::of(
      {{"sp-graph", {"user.read", "Directory.Read.All"}}, {"sp-defender", {"Machine.Read"}}});
  app.app_role_assignments =
      model::Fact<std::vector<model::AppRoleAssignment>>::of({{"sp-graph", k_user_read_all_role}});
  auto graph =
      resource(std::string(model::k_microsoft_graph_app_id), "sp-graph", "Microsoft Graph");
  graph.app_roles = {{k_user_read_all_role, "User.Read.All"}};
  model::IntegrationConsent consent;
  consent.apps = {app};
  consent.resources = model::Fact<std::vector<model::ResourcePrincipal>>::of(
      {graph, resource(k_defender, "sp-defender", "WindowsDefenderATP")});
  return consent;
}

model::Diagnosis diagnose_consent(const model::IntegrationConsent& consent) {
  SnapshotBuilder builder;
  builder.customer().integration_consent = model::Fact<model::IntegrationConsent>::of(consent);
  return rules::evaluate(builder.build(), shipped_rules(), consent_profile(), {k_now, {}, {}});
}

std::string consent_link() {
  return std::string("https://login.microsoftonline.com/") + k_customer_tenant +
         "/adminconsent?client_id=" + k_app_id;
}

}  // namespace

TEST_CASE("tenant.app-not-consented", "[rules]") {
  SECTION("does not fire when every scope and app role is consented (scopes in any case)") {
    const auto diagnosis = diagnose_consent(healthy_consent());
    CHECK(findings_of(diagnosis, "tenant.app-not-consented").empty());
    CHECK(findings_of(diagnosis, "tenant.missing-service-principal").empty());
    CHECK(diagnosis.complete());
  }
  SECTION("fires naming the missing scope, with the consent link of the customer") {
    auto consent = healthy_consent();
    consent.apps[0].delegated_grants.value()[0].scopes = {"User.Read"};
    const auto finding = the_finding(diagnose_consent(consent), "tenant.app-not-consented");
    CHECK(finding.severity == model::Severity::error);
    CHECK_THAT(finding.detail,
               Contains("Pinnacle RMM (" + std::string(k_app_id) +
                        ") lacks admin consent on Microsoft Graph for the delegated permissions "
                        "Directory.Read.All"));
    CHECK_THAT(finding.detail, !Contains("openid"));
    CHECK_THAT(finding.remediation.at(0), Contains("open " + consent_link()));
    CHECK_THAT(
        finding.remediation.at(1),
        Contains("/v1/customers/" + std::string(k_customer_tenant) + "/applicationconsents") &&
            Contains("enterpriseApplicationId 00000003-0000-0000-c000-000000000000") &&
            Contains("\"openid,User.Read,Directory.Read.All\""));
  }
  SECTION("fires naming an app role granted on another resource only") {
    auto consent = healthy_consent();
    consent.apps[0].app_role_assignments.value()[0].resource_id = "sp-elsewhere";
    const auto finding = the_finding(diagnose_consent(consent), "tenant.app-not-consented");
    CHECK_THAT(finding.detail, Contains("application permissions User.Read.All"));
  }
  SECTION("a missing service principal: the link creates it; nothing else is listed") {
    auto consent = healthy_consent();
    consent.apps[0].principal = {k_app_id, false, {}, {}, std::nullopt};
    const auto finding = the_finding(diagnose_consent(consent), "tenant.app-not-consented");
    CHECK(finding.detail ==
          "In Fabrikam, the app " + std::string(k_app_id) + " has no service principal.");
    CHECK_THAT(finding.remediation.at(0), Contains(consent_link()));
  }
  SECTION("a disabled service principal: the step that enables it") {
    auto consent = healthy_consent();
    consent.apps[0].principal.account_enabled = false;
    const auto finding = the_finding(diagnose_consent(consent), "tenant.app-not-consented");
    CHECK_THAT(finding.detail, Contains("is disabled"));
    CHECK_THAT(finding.remediation.at(0), Contains("Enabled for users to sign in: Yes"));
    CHECK(all_commands(finding) ==
          std::string(k_customer_tenant) +
              ": Update-MgServicePrincipal -ServicePrincipalId sp-app -AccountEnabled:$true\n");
  }
  SECTION("the consent link is the customer's cloud's") {
    SnapshotBuilder builder;
    builder.snapshot().cloud = "china";
    auto consent = healthy_consent();
    consent.apps[0].delegated_grants = model::Fact<std::vector<model::DelegatedGrant>>::of({});
    builder.customer().integration_consent = model::Fact<model::IntegrationConsent>::of(consent);
    const auto finding = the_finding(
        rules::evaluate(builder.build(), shipped_rules(), consent_profile(), {k_now, {}, {}}),
        "tenant.app-not-consented");
    CHECK_THAT(finding.remediation.at(0),
               Contains("https://login.chinacloudapi.cn/" + std::string(k_customer_tenant) +
                        "/adminconsent?client_id="));
  }
  SECTION("a missing resource service principal is tenant.missing-service-principal's only") {
    auto consent = healthy_consent();
    consent.resources.value()[1].principal = {k_defender, false, {}, {}, std::nullopt};
    consent.apps[0].delegated_grants.value().pop_back();
    const auto diagnosis = diagnose_consent(consent);
    CHECK(findings_of(diagnosis, "tenant.app-not-consented").empty());
    const auto finding = the_finding(diagnosis, "tenant.missing-service-principal");
    CHECK(finding.evidence["missingApps"] ==
          json::array({{{"appId", k_defender}, {"name", "WindowsDefenderATP"}}}));
  }
  SECTION("unknown with the reason when the grants could not be read (403)") {
    auto consent = healthy_consent();
    consent.apps[0].delegated_grants = model::Fact<std::vector<model::DelegatedGrant>>::failed(
        "HTTP 403 Authorization_RequestDenied; a relationship with Directory Readers does");
    const auto diagnosis = diagnose_consent(consent);
    CHECK(findings_of(diagnosis, "tenant.app-not-consented").empty());
    CHECK_THAT(
        the_gap(diagnosis, "tenant.app-not-consented").reason,
        Contains("delegated permission grants were not read") && Contains("Directory Readers"));
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("unknown when a snapshot from before did not read the consent") {
    SnapshotBuilder builder;
    builder.snapshot().app = k_app_id;
    builder.customer().integration_consent = model::Fact<model::IntegrationConsent>::not_collected(
        "not read: the snapshot is from before gdapcheck read the integration app's consent");
    const auto profile = rules::with_integration_app(shipped_profile("default"), k_app_id);
    const auto diagnosis =
        rules::evaluate(builder.build(), shipped_rules(), profile, {k_now, {}, {}});
    CHECK_THAT(the_gap(diagnosis, "tenant.app-not-consented").reason,
               Contains("snapshot is from before"));
  }
  SECTION("not evaluated without an integration app, nor for an entra-sync registration") {
    CHECK(gaps_of(diagnose(SnapshotBuilder()), "tenant.app-not-consented").empty());
    const auto entra = rules::with_integration_app(shipped_profile("entra-sync"), k_app_id);
    CHECK_FALSE(rules::checks_integration_consent(entra));
  }
}

TEST_CASE("Consent gaps: compared per resource, by claim value, sign-in scopes ignored",
          "[rules]") {
  const auto profile = consent_profile();
  auto consent = healthy_consent();
  // The Graph grant names everything but Directory.Read.All; the scope on another resource's
  // grant does not count for Graph.
  consent.apps[0].delegated_grants = model::Fact<std::vector<model::DelegatedGrant>>::of(
      {{"sp-graph", {"User.Read"}}, {"sp-defender", {"Machine.Read", "Directory.Read.All"}}});
  const auto result =
      rules::detail::consent_gaps(profile.integration_app, consent.apps[0], consent.resources);
  const auto& gaps = std::get<rules::detail::ConsentGaps>(result);
  REQUIRE(gaps.missing.size() == 1);
  CHECK(gaps.missing[0].name == "Microsoft Graph");
  CHECK(gaps.missing[0].scopes == std::vector<std::string>{"Directory.Read.All"});
  CHECK(gaps.missing[0].app_roles.empty());
  CHECK_FALSE(gaps.principal_missing);

  // A role the resource does not publish here cannot have been granted.
  consent.resources.value()[0].app_roles.clear();
  const auto unpublished =
      rules::detail::consent_gaps(profile.integration_app, consent.apps[0], consent.resources);
  CHECK(std::get<rules::detail::ConsentGaps>(unpublished).missing[0].app_roles ==
        std::vector<std::string>{"User.Read.All"});
}

TEST_CASE("A profile's integrationApp is read strictly", "[rules]") {
  std::vector<model::Problem> problems;
  const auto profile = rules::parse_profile(
      R"({"name": "x", "appRegistration": {}, "integrationApp": {"appIds": ["not-a-guid"],
          "requiredResourceAccess": [{"resourceAppId": "graph", "scopes": [1]}]}})",
      "x.json", shipped_rules(), problems);
  CHECK_FALSE(profile);
  std::string text;
  for (const auto& p : problems) {
    text += p.path + ": " + p.message + "\n";
  }
  CHECK_THAT(text,
             Contains("/integrationApp: a profile checks either") &&
                 Contains("/integrationApp/appIds/0: expected the integration's application id") &&
                 Contains("/integrationApp/requiredResourceAccess/0/resourceAppId") &&
                 Contains("/integrationApp/requiredResourceAccess/0/scopes/0"));
}

}  // namespace gdap::test
