// Edges of the GDAP chain that the per-rule tests do not cover: the day-N boundary of "within N
// days", roles that sit only on a pending or failed assignment, and customer-side checks that
// cannot run because no relationship lets the account in.
#include "unit/rules/fixture.hpp"

#include <catch2/catch.hpp>

namespace gdap::test {

using Catch::Matchers::Contains;
using nlohmann::json;

TEST_CASE("'within 7 days' includes the seventh day", "[rules]") {
  SECTION("exactly 7 days left fires") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().without_auto_extend().relationship_ends_in_days(7));
    CHECK(fires(diagnosis, "gdap.relationship-expiring"));
    CHECK(status_of(diagnosis) == "expiring");
  }
  SECTION("a second more than 7 days does not") {
    SnapshotBuilder builder;
    builder.without_auto_extend();
    builder.relationship().end_date_time = model::format_timestamp(k_now + 7 * 86400 + 1);
    CHECK_FALSE(fires(diagnose(builder), "gdap.relationship-expiring"));
  }
}

TEST_CASE("gdap.missing-roles: a role only on a pending or failed assignment", "[rules]") {
  SnapshotBuilder builder;
  builder.assignment_roles(default_roles_without({"Teams Administrator"}))
      .add_assignment(
          make_assignment("a2", k_gdap_group, k_gdap_group_name, {role("Teams Administrator")}));
  builder.assignment_status("error", 1);
  const auto diagnosis = diagnose(builder);
  const auto finding = the_finding(diagnosis, "gdap.missing-roles");
  CHECK(finding.evidence["notAssigned"].empty());
  REQUIRE(finding.evidence["notActive"].size() == 1);
  CHECK(finding.evidence["notActive"][0]["role"] == "Teams Administrator");
  CHECK(finding.evidence["notActive"][0]["status"] == "error");
  CHECK_THAT(all_steps(finding), Contains("Teams Administrator sits on the assignment of group '" +
                                          std::string(k_gdap_group_name) + "', which is 'error'") &&
                                     !Contains("tick"));
}

TEST_CASE("customer-side gaps are explained when no relationship lets the account in", "[rules]") {
  SECTION("no active relationship: unread customer facts do not make the run incomplete") {
    SnapshotBuilder builder;
    builder.relationship_status("terminated")
        .sign_in_unread("not attempted: no active relationship")
        .ca_policies_unread("not attempted: no active relationship")
        .service_principals_unread("not attempted: no active relationship");
    const auto diagnosis = diagnose(builder, "syncro");
    CHECK(fires(diagnosis, "gdap.missing-admin-relationship"));
    CHECK(status_of(diagnosis) == "missing_admin_relationship");
    CHECK(diagnosis.errors.empty());
    REQUIRE_FALSE(diagnosis.inconclusive.empty());
    for (const auto& gap : diagnosis.inconclusive) {
      CHECK(gap.blocked_by == "gdap.missing-admin-relationship");
    }
    CHECK(diagnosis.complete());
  }
  SECTION("an expired relationship explains them too") {
    SnapshotBuilder builder;
    builder.relationship_status("expired").ca_policies_unread("not attempted");
    const auto diagnosis = diagnose(builder);
    CHECK(fires(diagnosis, "gdap.relationship-expired"));
    CHECK(diagnosis.complete());
  }
  SECTION("with an active relationship the same gaps stay unexplained") {
    const auto diagnosis = diagnose(SnapshotBuilder().ca_policies_unread("429 TooManyRequests"));
    CHECK_FALSE(diagnosis.complete());
    REQUIRE(diagnosis.errors.size() == 1);
    CHECK(diagnosis.errors[0].operation == "conditionalAccessPolicies");
  }
}

}  // namespace gdap::test
