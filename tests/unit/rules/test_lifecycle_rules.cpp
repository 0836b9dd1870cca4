// Where a relationship is in its life: Microsoft-led transition, waiting for the indirect reseller,
// being terminated; and what is normal and never a finding (a GDAP-only customer, several roles on
// one group). Snapshot in, findings out.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

const char* const k_mlt_name = "MLT_9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b";
const char* const k_other_relationship_id =
    "dddddddd-0000-4000-8000-0000000000e5-cccccccc-0000-4000-8000-000000000003";

}  // namespace

TEST_CASE("gdap.mlt-relationship-only", "[rules]") {
  SECTION("fires (info) when the only active relationship is a Microsoft-led transition one") {
    SnapshotBuilder builder;
    builder.relationship().display_name = k_mlt_name;
    const auto diagnosis = diagnose(builder);
    const auto finding = the_finding(diagnosis, "gdap.mlt-relationship-only");
    CHECK(finding.severity == model::Severity::info);
    CHECK(finding.evidence["names"] == json::array({k_mlt_name}));
    CHECK(finding.evidence["missingRoles"] == json::array());
    CHECK_THAT(all_steps(finding), Contains("Nothing is missing today"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("with roles missing, the fix is a new relationship, never ticking a role") {
    SnapshotBuilder builder;
    builder.relationship().display_name = k_mlt_name;
    builder.assignment_roles(default_roles_without({"Teams Administrator"}));
    const auto diagnosis = diagnose(builder);
    const auto mlt = the_finding(diagnosis, "gdap.mlt-relationship-only");
    CHECK(mlt.evidence["missingRoles"] == json::array({"Teams Administrator"}));
    CHECK_THAT(all_steps(mlt), Contains("request a new admin relationship"));
    const auto roles = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(roles.evidence["onlyMlt"] == true);
    CHECK_THAT(all_steps(roles), Contains("do not edit it. Request a new admin relationship"));
    CHECK_THAT(all_steps(roles), !Contains("tick"));
  }
  SECTION("a partner-requested relationship alongside it: no finding, ticking stays right") {
    SnapshotBuilder builder;
    builder.add_relationship(
        make_relationship(k_other_relationship_id, k_mlt_name, default_roles()));
    builder.assignment_roles(default_roles_without({"Teams Administrator"}));
    const auto diagnosis = diagnose(builder);
    CHECK_FALSE(fires(diagnosis, "gdap.mlt-relationship-only"));
    CHECK_THAT(all_steps(the_finding(diagnosis, "gdap.missing-roles")), Contains("tick"));
  }
  SECTION("does not fire on the healthy snapshot") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.mlt-relationship-only"));
  }
  SECTION("unknown when relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("503"));
    CHECK_THAT(the_gap(diagnosis, "gdap.mlt-relationship-only").reason, Contains("503"));
  }
}

TEST_CASE("gdap.reseller-approval-pending", "[rules]") {
  SECTION("fires for an indirect reseller relationship the reseller has not reviewed") {
    auto pending =
        make_relationship(k_other_relationship_id, "Fabrikam via provider", default_roles());
    pending.status = "approvalPending";
    pending.reseller = true;
    pending.partner_consent_pending = true;
    const auto diagnosis = diagnose(SnapshotBuilder().add_relationship(pending));
    const auto finding = the_finding(diagnosis, "gdap.reseller-approval-pending");
    CHECK(finding.severity == model::Severity::warning);
    CHECK(finding.evidence["relationships"][0]["name"] == "Fabrikam via provider");
    CHECK_THAT(all_steps(finding), Contains("review the relationship your indirect provider"));
  }
  SECTION("not once the reseller has reviewed it, nor for a direct relationship") {
    auto reviewed =
        make_relationship(k_other_relationship_id, "Fabrikam via provider", default_roles());
    reviewed.reseller = true;
    reviewed.partner_consent_pending = false;
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().add_relationship(reviewed)),
                      "gdap.reseller-approval-pending"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.reseller-approval-pending"));
  }
  SECTION("unknown when relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("503"));
    CHECK_THAT(the_gap(diagnosis, "gdap.reseller-approval-pending").reason, Contains("503"));
  }
}

TEST_CASE("gdap.relationship-terminating", "[rules]") {
  SECTION("terminationRequested: access ends imminently, and why") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_status("terminationRequested"));
    const auto finding = the_finding(diagnosis, "gdap.relationship-terminating");
    CHECK(finding.evidence["relationships"][0]["status"] == "terminationRequested");
    CHECK(finding.evidence["staying"].empty());
    CHECK_THAT(finding.detail, Contains("access through it ends imminently"));
    CHECK_THAT(all_steps(finding), Contains("asked for it to end"));
    CHECK_THAT(all_steps(finding), Contains("No other active relationship keeps access"));
    // No active relationship is left: that verdict stands beside this one.
    CHECK(fires(diagnosis, "gdap.missing-admin-relationship"));
  }
  SECTION("terminating, with another relationship that stays") {
    SnapshotBuilder builder;
    auto ending = make_relationship(k_other_relationship_id, "Fabrikam old", default_roles());
    ending.status = "terminating";
    builder.add_relationship(ending);
    const auto diagnosis = diagnose(builder);
    const auto finding = the_finding(diagnosis, "gdap.relationship-terminating");
    CHECK(finding.evidence["staying"] == json::array({k_relationship_name}));
    CHECK_THAT(all_steps(finding), Contains("termination in progress"));
    CHECK_THAT(all_steps(finding), !Contains("No other active relationship"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("does not fire for terminated relationships or on the healthy snapshot") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().relationship_status("terminated")),
                      "gdap.relationship-terminating"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.relationship-terminating"));
  }
  SECTION("unknown when relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("503"));
    CHECK_THAT(the_gap(diagnosis, "gdap.relationship-terminating").reason, Contains("503"));
  }
}

TEST_CASE("A GDAP-only customer is diagnosed like any other", "[rules]") {
  // A relationship without a reseller contract: the customer is listed from the relationship.
  SECTION("healthy") {
    const auto diagnosis = diagnose(SnapshotBuilder().no_contracts());
    CHECK(status_of(diagnosis) == "active");
    CHECK(rule_ids(diagnosis).empty());
  }
  SECTION("and its problems are found as for a reseller customer") {
    const auto diagnosis = diagnose(SnapshotBuilder().no_contracts().not_in_gdap_group());
    CHECK(fires(diagnosis, "gdap.user-not-in-security-group"));
    CHECK(status_of(diagnosis) == "missing_security_group");
  }
}

TEST_CASE("Several roles on one group is normal and never a finding", "[rules]") {
  // The healthy snapshot already gives all 12 roles through one group; add a second relationship
  // whose single group also carries several roles.
  SnapshotBuilder builder;
  auto second = make_relationship(k_other_relationship_id, "Fabrikam extra", default_roles());
  second.access_assignments->push_back(
      make_assignment("a9", k_gdap_group, k_gdap_group_name, default_roles()));
  builder.add_relationship(second);
  const auto diagnosis = diagnose(builder);
  REQUIRE(builder.build().partner.relationships->front().access_assignments->front().roles.size() >
          1);
  CHECK(rule_ids(diagnosis).empty());
  CHECK(status_of(diagnosis) == "active");
}

}  // namespace gdap::test
