// The role grid of each customer (CustomerResult::roles): for every role of the profile, whether
// the account holds it, an active relationship grants it but nothing gives it to the account, or
// no active relationship grants it at all.

#include "unit/rules/fixture.hpp"

#include <algorithm>

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

const char* const k_teams_group = "bbbbbbbb-0000-4000-8000-0000000000b3";

const model::RoleCoverage& coverage_of(const model::Diagnosis& diagnosis, std::string_view role) {
  const auto& roles = the_customer(diagnosis).roles;
  REQUIRE(roles);
  const auto found =
      std::find_if(roles->begin(), roles->end(),
                   [&](const model::RoleCoverage& item) { return item.role == role; });
  REQUIRE(found != roles->end());
  return *found;
}

std::size_t count_in(const model::Diagnosis& diagnosis, model::RoleState state) {
  const auto& roles = *the_customer(diagnosis).roles;
  return static_cast<std::size_t>(std::count_if(
      roles.begin(), roles.end(),
      [state](const model::RoleCoverage& item) { return item.state == state && item.required; }));
}

}  // namespace

TEST_CASE("role coverage: every required role held on a healthy customer", "[rules]") {
  const auto diagnosis = diagnose(SnapshotBuilder());
  REQUIRE(the_customer(diagnosis).roles);
  CHECK(the_customer(diagnosis).roles->size() == default_roles().size());
  CHECK(count_in(diagnosis, model::RoleState::held) == 12);
  CHECK(coverage_of(diagnosis, "Teams Administrator").note.empty());
}

TEST_CASE("role coverage: where each missing role stops", "[rules]") {
  SnapshotBuilder builder;
  builder.relationship_roles(default_roles_without({"Exchange Administrator"}))
      .assignment_roles(default_roles_without(
          {"Exchange Administrator", "Teams Administrator", "Intune Administrator"}))
      .add_assignment(
          make_assignment("a2", k_teams_group, "M365 GDAP Teams", {role("Teams Administrator")}))
      .add_assignment(make_assignment("a3", k_gdap_group, k_gdap_group_name,
                                      {role("Intune Administrator")}, "pending"));
  const auto diagnosis = diagnose(builder);

  const auto& exchange = coverage_of(diagnosis, "Exchange Administrator");
  CHECK(exchange.state == model::RoleState::not_in_relationship);
  CHECK(exchange.required);

  const auto& teams = coverage_of(diagnosis, "Teams Administrator");
  CHECK(teams.state == model::RoleState::not_held);
  CHECK(teams.note == "on group M365 GDAP Teams, which the account is not in");

  const auto& intune = coverage_of(diagnosis, "Intune Administrator");
  CHECK(intune.state == model::RoleState::not_held);
  CHECK_THAT(intune.note, Contains("whose assignment is pending"));

  CHECK(count_in(diagnosis, model::RoleState::held) == 9);
  // The grid and the finding agree on what is missing.
  REQUIRE(the_customer(diagnosis).missing_roles);
  CHECK(the_customer(diagnosis).missing_roles->size() == 3);
}

TEST_CASE("role coverage: not worked out when no report shows it, and nothing else changes",
          "[rules]") {
  SnapshotBuilder builder;
  builder.relationship_roles(default_roles_without({"Exchange Administrator"}));
  const auto snapshot = builder.build();
  const auto with_grid = diagnose(snapshot);
  rules::EvaluationOptions options{k_now, {}, {}};
  options.role_grid = false;
  const auto without =
      rules::evaluate(snapshot, shipped_rules(), shipped_profile("default"), options);

  REQUIRE(the_customer(with_grid).roles);
  CHECK_FALSE(the_customer(without).roles);
  CHECK(the_customer(without).missing_roles == the_customer(with_grid).missing_roles);
  CHECK(the_customer(without).status == the_customer(with_grid).status);
  REQUIRE(without.findings.size() == with_grid.findings.size());
  for (std::size_t i = 0; i < without.findings.size(); ++i) {
    CHECK(without.findings[i].rule_id == with_grid.findings[i].rule_id);
    CHECK(without.findings[i].detail == with_grid.findings[i].detail);
    CHECK(without.findings[i].evidence == with_grid.findings[i].evidence);
  }
}

TEST_CASE("role coverage: a role in the relationship but on no assignment", "[rules]") {
  const auto diagnosis = diagnose(
      SnapshotBuilder().assignment_roles(default_roles_without({"Security Administrator"})));
  const auto& security = coverage_of(diagnosis, "Security Administrator");
  CHECK(security.state == model::RoleState::not_held);
  CHECK(security.note == "in relationship Fabrikam GDAP but on no access assignment");
}

TEST_CASE("role coverage: Global Administrator stands for every role where the profile says so",
          "[rules]") {
  const auto ga = std::vector<std::string>{role("Global Administrator")};
  const auto builder = SnapshotBuilder().relationship_roles(ga).assignment_roles(ga);
  const auto diagnosis = diagnose(builder);
  CHECK(count_in(diagnosis, model::RoleState::held) == 12);
  CHECK(coverage_of(diagnosis, "Teams Administrator").note == "through Global Administrator");

  const auto cipp = diagnose(builder, "cipp");
  CHECK(count_in(cipp, model::RoleState::held) == 0);
  CHECK(count_in(cipp, model::RoleState::not_in_relationship) == 12);
  // cipp's optional roles are listed after the required ones, marked optional.
  const auto& roles = *the_customer(cipp).roles;
  REQUIRE(roles.size() > 12);
  CHECK(roles[11].required);
  CHECK_FALSE(roles[12].required);
}

TEST_CASE("role coverage is unknown when the facts were not read, never a guess", "[rules]") {
  CHECK_FALSE(diagnose(SnapshotBuilder().group_memberships_unread("403"))
                  .customers.front()
                  .roles.has_value());
  CHECK_FALSE(diagnose(SnapshotBuilder().assignments_unread("timeout"))
                  .customers.front()
                  .roles.has_value());
}

}  // namespace gdap::test
