// gdapcheck fix: the plan and the script made from a diagnosis.
#include "unit/report/fixture.hpp"

#include "gdapcheck/report/fix_plan.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;

namespace gdap::report {

namespace {

model::Command command(std::string text, std::string tenant, std::vector<std::string> scopes,
                       std::string environment = "Global") {
  model::Command made;
  made.command = std::move(text);
  made.tenant_id = std::move(tenant);
  made.scopes = std::move(scopes);
  made.environment = std::move(environment);
  return made;
}

// Two customers' findings fixed in the customers and one fixed in the partner tenant, in the
// engine's order (not grouped by tenant), and one finding only a person can fix.
model::Diagnosis diagnosis_with_commands() {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.findings.clear();
  diagnosis.inconclusive.clear();
  diagnosis.errors.clear();
  model::Finding missing_sp;
  missing_sp.rule_id = "tenant.missing-service-principal";
  missing_sp.tenant_id = "c-1";
  missing_sp.title = "A service principal is missing";
  missing_sp.commands = {
      command("New-MgServicePrincipal -AppId a-1", "c-1", {"Application.ReadWrite.All"})};
  model::Finding member;
  member.rule_id = "gdap.user-not-in-security-group";
  member.tenant_id = "c-2";
  member.title = "The account is in none of the groups";
  member.commands = {command("New-MgGroupMember -GroupId g-1 -DirectoryObjectId u-1", "p-1",
                             {"GroupMember.ReadWrite.All"})};
  model::Action add;
  add.group_id = "g-1";
  add.member_id = "u-1";
  add.one_of = true;
  add.what = "add u-1 to g-1";
  member.commands[0].action = add;
  model::Finding consent = missing_sp;
  consent.rule_id = "tenant.app-not-consented";
  consent.commands = {command("New-MgOauth2PermissionGrant -ClientId s-1", "c-1",
                              {"DelegatedPermissionGrant.ReadWrite.All"})};
  model::Finding expired;
  expired.rule_id = "gdap.relationship-expired";
  expired.tenant_id = "c-2";
  expired.title = "The relationship expired";
  expired.remediation = {"Request a new relationship in Partner Center."};
  diagnosis.findings = {missing_sp, member, expired, consent};
  return diagnosis;
}

}  // namespace

TEST_CASE("fix: a plan groups each tenant's changes, and lists what a person must do", "[report]") {
  const auto plan = plan_fixes(diagnosis_with_commands());
  REQUIRE(plan.changes.size() == 3);
  // Fabrikam's two changes together (one Connect-MgGraph), then the partner's.
  CHECK(plan.changes[0].rule_id == "tenant.missing-service-principal");
  CHECK(plan.changes[1].rule_id == "tenant.app-not-consented");
  CHECK(plan.changes[2].rule_id == "gdap.user-not-in-security-group");
  CHECK(plan.changes[2].tenant_name == "Contoso Partner");
  CHECK(plan.changes[2].finding_tenant_name == "Northwind Traders");
  REQUIRE(plan.manual.size() == 1);
  CHECK(plan.manual[0].rule_id == "gdap.relationship-expired");
  CHECK(plan.complete);

  const auto text = render_fix_plan_text(plan);
  CHECK_THAT(text, Contains("Plan: 3 change(s) by PowerShell (1 of them gdapcheck fix --apply "
                            "can make), 1 fix(es) by hand."));
  // Which ones gdapcheck fix --apply makes itself: the group membership, not the others.
  CHECK_THAT(text, Contains("Where: Contoso Partner (p-1)\n"
                            "   Apply: gdapcheck fix --apply can make this change\n"));
  CHECK_THAT(text, Contains("Where: Fabrikam (c-1)\n   Apply: by PowerShell only\n"));
  CHECK_THAT(text, Contains("Where: Contoso Partner (p-1)"));
  CHECK_THAT(text, Contains("Why:   gdap.user-not-in-security-group in Northwind Traders (c-2)"));
  CHECK_THAT(text, Contains("1. Request a new relationship in Partner Center."));
}

TEST_CASE("fix: the script connects to each tenant once with every scope its commands need",
          "[report]") {
  const auto script = render_fix_script(plan_fixes(diagnosis_with_commands()));
  CHECK(test::occurrences(script, "Connect-MgGraph") == 2);
  CHECK(test::occurrences(script, "Disconnect-MgGraph") == 2);
  CHECK_THAT(script,
             Contains("Connect-MgGraph -TenantId c-1 -Scopes "
                      "'Application.ReadWrite.All','DelegatedPermissionGrant.ReadWrite.All'\n"
                      "# tenant.missing-service-principal: A service principal is missing\n"
                      "New-MgServicePrincipal -AppId a-1\n"
                      "# tenant.app-not-consented: A service principal is missing\n"
                      "New-MgOauth2PermissionGrant -ClientId s-1\n"
                      "Disconnect-MgGraph\n"));
  CHECK_THAT(script, Contains("Connect-MgGraph -TenantId p-1 -Scopes 'GroupMember.ReadWrite.All'\n"
                              "# gdap.user-not-in-security-group"));
  // The fix by hand has no command: it is not in the script.
  CHECK_THAT(script, !Contains("Partner Center"));
}

TEST_CASE("fix: a national cloud's script connects with its -Environment", "[report]") {
  auto diagnosis = diagnosis_with_commands();
  for (auto& finding : diagnosis.findings) {
    for (auto& each : finding.commands) {
      each.environment = "USGov";
    }
  }
  const auto script = render_fix_script(plan_fixes(diagnosis));
  CHECK(test::occurrences(script, "-Environment USGov") == 2);
}

TEST_CASE("fix: a hostile name cannot break out of a script comment or reach the terminal",
          "[report]") {
  auto diagnosis = diagnosis_with_commands();
  diagnosis.customers[0].display_name = "Evil\nRemove-MgUser -UserId x\x1b]0;owned\x07";
  diagnosis.findings[0].title = "Missing\r\nStop-Computer";
  const auto plan = plan_fixes(diagnosis);
  const auto script = render_fix_script(plan);
  CHECK_THAT(script, !Contains("\nRemove-MgUser"));
  CHECK_THAT(script, !Contains("\nStop-Computer"));
  CHECK_THAT(script, !Contains("\x1b"));
  const auto text = render_fix_plan_text(plan);
  CHECK_THAT(text, !Contains("\x1b"));
  CHECK_THAT(text, !Contains("\x07"));
}

TEST_CASE("fix: nothing to fix, or nothing known to fix, is said plainly", "[report]") {
  auto healthy = test::empty_diagnosis();
  CHECK(render_fix_plan_text(plan_fixes(healthy)) == "Nothing to fix: no finding.\n");
  CHECK_THAT(render_fix_script(plan_fixes(healthy)), Contains("# Nothing to change by PowerShell"));
  auto unread = test::sample_diagnosis();
  unread.findings.clear();
  const auto plan = plan_fixes(unread);
  CHECK_FALSE(plan.complete);
  CHECK_THAT(render_fix_plan_text(plan), Contains("some facts could not be read"));
}

}  // namespace gdap::report
