// tenant.* rules: what the customer tenant itself says. Snapshot in, findings out.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

const char* const k_exchange_app_id = "00000002-0000-0ff1-ce00-000000000000";

rules::Profile profile_from(const std::string& text) {
  std::vector<model::Problem> problems;
  auto profile = rules::parse_profile(text, "test-profile.json", shipped_rules(), problems);
  INFO(model::format_problems("test-profile.json", problems));
  REQUIRE(profile);
  return *profile;
}

model::Diagnosis diagnose_with(const SnapshotBuilder& builder, const rules::Profile& profile) {
  return rules::evaluate(builder.build(), shipped_rules(), profile, {k_now, {}, {}});
}

}  // namespace

TEST_CASE("tenant.sign-in-failed", "[rules]") {
  SECTION("fires with the catalogue's explanation of the code, filled in for the customer") {
    const auto diagnosis = diagnose(SnapshotBuilder().sign_in_failed(
        "invalid_grant", {50020},
        "AADSTS50020: User account from identity provider does not exist in tenant.",
        "0a1b2c3d-trace", "4e5f6a7b-corr"));
    const auto finding = the_finding(diagnosis, "tenant.sign-in-failed");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["errorCodes"] == json::array({"AADSTS50020"}));
    CHECK(finding.evidence["error"] == "invalid_grant");
    CHECK(finding.evidence["explanation"] == "aadsts.50020");
    // The same words `gdapcheck explain AADSTS50020` prints, with this customer in the steps.
    const auto* entry = shipped_rules().catalogue.find_code("AADSTS50020");
    REQUIRE(entry != nullptr);
    CHECK(finding.evidence["meaning"] == entry->meaning);
    CHECK(finding.evidence["causes"] == json(entry->causes));
    CHECK_THAT(finding.detail,
               Contains("failed with invalid_grant AADSTS50020. " + entry->meaning));
    REQUIRE(finding.remediation.size() == entry->fix.size() + 1);
    CHECK_THAT(finding.remediation[0],
               Contains("tenant 'Fabrikam' (" + std::string(k_customer_tenant) + ")"));
    CHECK_THAT(all_steps(finding), Contains("delete any guest account"));
    CHECK(finding.remediation.back() ==
          "If the cause stays unclear, give Microsoft support the trace id 0a1b2c3d-trace and "
          "correlation id 4e5f6a7b-corr.");
    CHECK(status_of(diagnosis) == "access_denied");
  }
  SECTION("AADSTS50177 is an external MFA challenge a partner user cannot meet, not 50020") {
    const auto finding = the_finding(
        diagnose(SnapshotBuilder().sign_in_failed("invalid_grant", {50177}, "AADSTS50177")),
        "tenant.sign-in-failed");
    CHECK(finding.evidence["explanation"] == "aadsts.50177");
    CHECK_THAT(finding.detail,
               Contains("External challenge isn't supported for passthrough users"));
    CHECK_THAT(all_steps(finding), Contains("Microsoft Entra MFA"));
  }
  SECTION("the first code the catalogue knows explains a list of codes") {
    const auto finding = the_finding(
        diagnose(SnapshotBuilder().sign_in_failed("invalid_grant", {9999998, 53003}, "x")),
        "tenant.sign-in-failed");
    CHECK(finding.evidence["explanation"] == "aadsts.53003");
    CHECK_THAT(all_steps(finding), Contains("Service provider users"));
  }
  SECTION("signing in again names the run's own cloud, client and app-only tenant") {
    auto snapshot = SnapshotBuilder()
                        .sign_in_failed("invalid_grant", {50076}, "AADSTS50076: MFA required")
                        .build();
    snapshot.cloud = "usgov";
    snapshot.client_id = "99999999-8888-7777-6666-555555555555";
    snapshot.partner.sign_in = model::SignInKind::app;
    const auto finding = the_finding(diagnose(snapshot), "tenant.sign-in-failed");
    CHECK_THAT(all_steps(finding),
               Contains("(gdapcheck login --cloud usgov --tenant " + snapshot.partner.tenant_id +
                        " --client-id 99999999-8888-7777-6666-555555555555 "
                        "--client-secret-stdin)"));
  }
  SECTION("a code the rule does not explain points to Microsoft's error reference") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().sign_in_failed("invalid_request", {9999999}, "AADSTS9999999"));
    const auto finding = the_finding(diagnosis, "tenant.sign-in-failed");
    CHECK(finding.evidence["meaning"] == "");
    CHECK(finding.evidence["explanation"].is_null());
    REQUIRE(finding.remediation.size() == 1);  // no trace id: no support step
    CHECK_THAT(finding.remediation[0],
               Contains("Look AADSTS9999999 up in Microsoft's error reference"));
    CHECK(status_of(diagnosis) == "access_denied");
  }
  SECTION("the customer-side checks it stopped are explained, not missing") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().sign_in_failed("invalid_grant", {53003}, "x"), "syncro");
    CHECK(the_gap(diagnosis, "tenant.missing-service-principal").blocked_by ==
          "tenant.sign-in-failed");
    CHECK(the_gap(diagnosis, "tenant.conditional-access-blocks-partner").blocked_by ==
          "tenant.sign-in-failed");
    CHECK(diagnosis.complete());
  }
  SECTION("a relationship activated minutes ago: check again before changing anything") {
    auto builder = SnapshotBuilder().sign_in_failed("invalid_grant", {50020}, "AADSTS50020");
    builder.relationship().activated = timestamp_minutes_from_now(-7);
    const auto finding = the_finding(diagnose(builder), "tenant.sign-in-failed");
    CHECK(finding.evidence["recentlyActivated"][0]["checkAgainInMinutes"] == 53);
    CHECK_THAT(finding.remediation.at(0),
               Contains("was activated 7 minute(s) ago") &&
                   Contains("before changing anything, check again in about 53 minute(s)"));
  }
  SECTION("an hour after activation, no such grace") {
    auto builder = SnapshotBuilder().sign_in_failed("invalid_grant", {50020}, "AADSTS50020");
    builder.relationship().activated = timestamp_minutes_from_now(-61);
    const auto finding = the_finding(diagnose(builder), "tenant.sign-in-failed");
    CHECK(finding.evidence["recentlyActivated"].empty());
    CHECK_THAT(all_steps(finding), !Contains("check again in about"));
  }
  SECTION("does not fire when the sign-in succeeded") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "tenant.sign-in-failed"));
  }
  SECTION("unknown when no sign-in was attempted") {
    const auto diagnosis = diagnose(SnapshotBuilder().sign_in_unread("token endpoint timed out"));
    CHECK_FALSE(fires(diagnosis, "tenant.sign-in-failed"));
    const auto gap = the_gap(diagnosis, "tenant.sign-in-failed");
    CHECK_THAT(gap.reason, Contains("token endpoint timed out"));
    CHECK(gap.blocked_by.empty());
    const auto& customer = the_customer(diagnosis);
    CHECK(customer.status == model::CustomerStatus::unknown);
    CHECK_THAT(customer.status_reason, Contains("tenant.sign-in-failed"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("tenant.missing-service-principal", "[rules]") {
  SECTION("fires with a New-MgServicePrincipal line for the missing app (syncro profile)") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().service_principal_missing(k_defender_app_id), "syncro");
    const auto finding = the_finding(diagnosis, "tenant.missing-service-principal");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["missingApps"] ==
          json::array({{{"appId", k_defender_app_id}, {"name", "WindowsDefenderATP"}}}));
    CHECK_THAT(finding.detail, Contains("Fabrikam") && Contains("WindowsDefenderATP"));
    CHECK(finding.remediation ==
          std::vector<std::string>{
              "Create the service principal of WindowsDefenderATP "
              "(fc780465-2017-40d4-a0c5-307022471b92) in Fabrikam: Entra admin center of Fabrikam "
              "→ Enterprise applications, or the PowerShell below.",
              "Then re-run the integration's consent."});
    REQUIRE(finding.commands.size() == 1);
    CHECK(finding.commands[0].command ==
          "New-MgServicePrincipal -AppId fc780465-2017-40d4-a0c5-307022471b92");
    CHECK(finding.commands[0].tenant_id == k_customer_tenant);
    CHECK(finding.commands[0].scopes == std::vector<std::string>{"Application.ReadWrite.All"});
    CHECK(finding.commands[0].environment == "Global");
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("one New-MgServicePrincipal command per missing app") {
    const auto profile = profile_from(R"({"name": "two-apps", "requiredServicePrincipals": [
        {"appId": "fc780465-2017-40d4-a0c5-307022471b92"},
        {"appId": "00000002-0000-0ff1-ce00-000000000000"}]})");
    const auto diagnosis = diagnose_with(SnapshotBuilder()
                                             .service_principal_missing(k_defender_app_id)
                                             .service_principal_missing(k_exchange_app_id),
                                         profile);
    const auto finding = the_finding(diagnosis, "tenant.missing-service-principal");
    const std::string tenant = k_customer_tenant;
    CHECK(all_commands(finding) ==
          tenant + ": New-MgServicePrincipal -AppId fc780465-2017-40d4-a0c5-307022471b92\n" +
              tenant + ": New-MgServicePrincipal -AppId 00000002-0000-0ff1-ce00-000000000000\n");
  }
  SECTION("a disabled service principal gets an Update-MgServicePrincipal step") {
    SnapshotBuilder builder;
    builder.customer().service_principals->at(0).account_enabled = false;
    const auto finding =
        the_finding(diagnose(builder, "syncro"), "tenant.missing-service-principal");
    CHECK(finding.evidence["missingApps"].empty());
    CHECK(
        all_commands(finding) ==
        std::string(k_customer_tenant) +
            ": Update-MgServicePrincipal -ServicePrincipalId sp-defender -AccountEnabled:$true\n");
  }
  SECTION("does not fire when present, nor under a profile that needs no service principal") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder(), "syncro"), "tenant.missing-service-principal"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().service_principal_missing(k_defender_app_id)),
                      "tenant.missing-service-principal"));
  }
  SECTION("unknown when the service principals were not read") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().service_principals_unread("403 Forbidden"), "syncro");
    CHECK_FALSE(fires(diagnosis, "tenant.missing-service-principal"));
    const auto gap = the_gap(diagnosis, "tenant.missing-service-principal");
    CHECK_THAT(gap.reason, Contains("service principals") && Contains("403 Forbidden"));
    CHECK(gap.blocked_by.empty());
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("unknown when the snapshot does not say whether a required app exists") {
    SnapshotBuilder builder;
    builder.customer().service_principals->erase(builder.customer().service_principals->begin());
    const auto diagnosis = diagnose(builder, "syncro");
    CHECK_FALSE(fires(diagnosis, "tenant.missing-service-principal"));
    CHECK_THAT(the_gap(diagnosis, "tenant.missing-service-principal").reason,
               Contains("WindowsDefenderATP"));
    CHECK_FALSE(diagnosis.complete());
  }
}

}  // namespace gdap::test
