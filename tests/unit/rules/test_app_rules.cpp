// app.* rules: the integration's own app registration in the customer (entra-sync profile).
// Snapshot in, findings out.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

model::Credential secret(std::string name, model::UnixTime ends_in_days) {
  return {"key-" + name, std::move(name), days_from_now(ends_in_days)};
}

}  // namespace

TEST_CASE("app.registration-missing", "[rules]") {
  SECTION("fires when the app registration is not in the customer tenant") {
    const auto diagnosis = diagnose(SnapshotBuilder().app_registration_missing(), "entra-sync");
    const auto finding = the_finding(diagnosis, "app.registration-missing");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["appId"] == k_integration_app_id);
    CHECK_THAT(finding.detail, Contains("No app registration with the application id " +
                                        std::string(k_integration_app_id) + " exists in Fabrikam"));
    CHECK_THAT(all_steps(finding), Contains(k_integration_app_id));
    // The other app rules need the registration and say nothing more.
    CHECK(rule_ids(diagnosis) == std::vector<std::string>{"app.registration-missing"});
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("does not fire when found, and is not evaluated outside entra-sync") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder(), "entra-sync"), "app.registration-missing"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().app_registration_missing(), "default"),
                      "app.registration-missing"));
  }
  SECTION("unknown when the app registration was not read") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().integration_app_unread("403 Forbidden"), "entra-sync");
    CHECK_FALSE(fires(diagnosis, "app.registration-missing"));
    CHECK_THAT(the_gap(diagnosis, "app.registration-missing").reason,
               Contains("app registration was not read: 403 Forbidden"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("app.secret-expired", "[rules]") {
  SECTION("fires when every secret has ended, with a step to delete each one") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().app_secrets({secret("sync 2025", -40), secret("sync 2026", -1)}),
                 "entra-sync");
    const auto finding = the_finding(diagnosis, "app.secret-expired");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["hasCredentials"] == true);
    CHECK(finding.evidence["expiredCredentials"].size() == 2);
    CHECK_THAT(finding.detail,
               Contains("Pinnacle Entra Sync (" + std::string(k_integration_app_id) +
                        ") in Fabrikam has no valid client secret"));
    CHECK_THAT(all_steps(finding), Contains("Delete the expired secret 'sync 2025' (ended " +
                                            days_from_now(-40).substr(0, 10) + ").") &&
                                       Contains("Delete the expired secret 'sync 2026' (ended " +
                                                days_from_now(-1).substr(0, 10) + ")."));
    CHECK_FALSE(fires(diagnosis, "app.secret-expiring"));
  }
  SECTION("fires without a delete step when the app has no credential at all") {
    const auto finding = the_finding(diagnose(SnapshotBuilder().app_secrets({}), "entra-sync"),
                                     "app.secret-expired");
    CHECK(finding.evidence["hasCredentials"] == false);
    CHECK_THAT(all_steps(finding), Contains("New client secret") && !Contains("Delete"));
  }
  SECTION("does not fire while one secret is still valid") {
    CHECK_FALSE(
        fires(diagnose(SnapshotBuilder().app_secrets({secret("old", -10), secret("new", 200)}),
                       "entra-sync"),
              "app.secret-expired"));
  }
  SECTION("unknown when the app registration was not read") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().integration_app_unread("timeout"), "entra-sync");
    CHECK_FALSE(fires(diagnosis, "app.secret-expired"));
    CHECK_THAT(the_gap(diagnosis, "app.secret-expired").reason, Contains("timeout"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("app.secret-expiring", "[rules]") {
  SECTION("fires (warning) when the last valid secret ends within 30 days") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().app_secrets({secret("sync 2026", 10)}), "entra-sync");
    const auto finding = the_finding(diagnosis, "app.secret-expiring");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::warning);
    CHECK(finding.evidence["daysLeft"] == 10);
    CHECK(finding.evidence["endDate"] == days_from_now(10).substr(0, 10));
    CHECK_THAT(finding.detail,
               Contains("ends on " + days_from_now(10).substr(0, 10) + " (10 days left)"));
    CHECK_THAT(all_steps(finding), Contains("put its Value into the integration before " +
                                            days_from_now(10).substr(0, 10)));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("the latest secret decides: an older one ending soon is fine") {
    CHECK_FALSE(
        fires(diagnose(SnapshotBuilder().app_secrets({secret("old", 5), secret("new", 300)}),
                       "entra-sync"),
              "app.secret-expiring"));
  }
  SECTION("does not fire when more than 30 days are left or the secret never ends") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().app_secrets({secret("s", 45)}), "entra-sync"),
                      "app.secret-expiring"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().app_secrets(
                                   {secret("soon", 5), {"key-forever", "forever", std::nullopt}}),
                               "entra-sync"),
                      "app.secret-expiring"));
  }
  SECTION("unknown when the app registration was not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().integration_app_unread("500"), "entra-sync");
    CHECK_FALSE(fires(diagnosis, "app.secret-expiring"));
    CHECK_THAT(the_gap(diagnosis, "app.secret-expiring").reason, Contains("500"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("app.missing-admin-consent", "[rules]") {
  SECTION("fires naming each Graph application permission without consent") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().app_granted_permissions({k_user_read_all}), "entra-sync");
    const auto finding = the_finding(diagnosis, "app.missing-admin-consent");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["missingPermissions"] ==
          json::array({{{"id", k_group_member_read_all}, {"name", "GroupMember.Read.All"}}}));
    CHECK_THAT(finding.detail, Contains("application permissions GroupMember.Read.All"));
    CHECK_THAT(all_steps(finding),
               Contains("add Microsoft Graph application permission GroupMember.Read.All") &&
                   Contains("https://login.microsoftonline.com/" + std::string(k_customer_tenant) +
                            "/adminconsent?client_id=" + k_integration_app_id));
  }
  SECTION("one step per missing permission") {
    const auto finding =
        the_finding(diagnose(SnapshotBuilder().app_granted_permissions({}), "entra-sync"),
                    "app.missing-admin-consent");
    CHECK(finding.evidence["missingPermissions"].size() == 2);
    CHECK_THAT(all_steps(finding), Contains("permission User.Read.All if absent") &&
                                       Contains("permission GroupMember.Read.All if absent"));
  }
  SECTION("does not fire when both are granted") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder(), "entra-sync"), "app.missing-admin-consent"));
  }
  SECTION("unknown when the granted permissions were not read") {
    const auto diagnosis = diagnose(
        SnapshotBuilder().app_granted_permissions_unread("appRoleAssignments: 403"), "entra-sync");
    CHECK_FALSE(fires(diagnosis, "app.missing-admin-consent"));
    CHECK_THAT(
        the_gap(diagnosis, "app.missing-admin-consent").reason,
        Contains("granted Microsoft Graph permissions were not read: appRoleAssignments: 403"));
    CHECK_FALSE(diagnosis.complete());
    CHECK(std::any_of(
        diagnosis.errors.begin(), diagnosis.errors.end(),
        [](const model::ReadError& e) { return e.operation == "grantedGraphAppRoles"; }));
  }
}

}  // namespace gdap::test
