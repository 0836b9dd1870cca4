#include "report/common.hpp"
#include "unit/report/fixture.hpp"

#include <catch2/catch.hpp>

namespace gdap::report {

TEST_CASE("findings are grouped partner first, then customers in table order", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  model::Finding unlisted;
  unlisted.rule_id = "a.first-by-id";
  unlisted.tenant_id = "c-9";
  model::Finding fabrikam;
  fabrikam.rule_id = "b.rule";
  fabrikam.tenant_id = "c-1";
  // Engine order is by severity and rule id, not by table: these come before the partner's.
  diagnosis.findings.insert(diagnosis.findings.begin(), {unlisted, fabrikam});

  const auto groups = detail::group_findings_by_tenant(diagnosis);

  REQUIRE(groups.size() == 4);
  CHECK(groups[0].tenant_id == "p-1");
  CHECK(groups[0].is_partner);
  CHECK(groups[1].tenant_id == "c-1");
  REQUIRE(groups[1].customer != nullptr);
  CHECK(groups[1].customer->display_name == "Fabrikam");
  CHECK(groups[2].tenant_id == "c-2");
  CHECK(groups[3].tenant_id == "c-9");
  CHECK(groups[3].customer == nullptr);
  CHECK_FALSE(groups[3].is_partner);
}

TEST_CASE("a diagnosis without findings has no groups", "[report]") {
  CHECK(detail::group_findings_by_tenant(test::empty_diagnosis()).empty());
}

TEST_CASE("status counts hold only present statuses, in the fixed order", "[report]") {
  std::vector<model::CustomerResult> customers(4);
  customers[0].status = model::CustomerStatus::unknown;
  customers[1].status = model::CustomerStatus::missing_roles;
  customers[2].status = model::CustomerStatus::active;
  customers[3].status = model::CustomerStatus::unknown;

  const auto counts = detail::count_statuses(customers);

  REQUIRE(counts.size() == 3);
  CHECK(counts[0].status == model::CustomerStatus::active);
  CHECK(counts[0].count == 1);
  CHECK(counts[1].status == model::CustomerStatus::missing_roles);
  CHECK(counts[1].count == 1);
  CHECK(counts[2].status == model::CustomerStatus::unknown);
  CHECK(counts[2].count == 2);
}

TEST_CASE("severity counts", "[report]") {
  const auto counts = detail::count_severities(test::sample_diagnosis().findings);
  CHECK(counts.error == 2);
  CHECK(counts.warning == 0);
  CHECK(counts.info == 0);
}

TEST_CASE("tenant names fall back from display name to domain to id", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[1].display_name.clear();
  const detail::TenantIndex tenants(diagnosis);
  CHECK(tenants.name("p-1") == "Contoso Partner");
  CHECK(tenants.name("c-1") == "Fabrikam");
  CHECK(tenants.name("c-2") == "northwind.com");
  CHECK(tenants.name("c-3") == "c-3");
  CHECK(tenants.name("nobody") == "nobody");
}

TEST_CASE("every tenant gets its own requirements and a section once in table order", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  // A tenant no customer names, seen in a finding and in a gap; a second customer with c-1's id.
  auto stray = diagnosis.findings[1];
  stray.tenant_id = "c-9";
  diagnosis.findings.push_back(stray);
  auto stray_gap = diagnosis.inconclusive[0];
  stray_gap.tenant_id = "c-9";
  diagnosis.inconclusive.push_back(stray_gap);
  auto twin = diagnosis.customers[0];
  twin.display_name = "Fabrikam twin";
  diagnosis.customers.push_back(twin);
  const detail::TenantIndex tenants(diagnosis);

  std::vector<std::string> order;
  for (const auto& tenant : tenants.tenants()) {
    order.emplace_back(tenant.tenant_id);
  }
  CHECK(order == std::vector<std::string>{"p-1", "c-1", "c-2", "c-3", "c-1", "c-9"});
  CHECK(tenants.tenants().back().customer == nullptr);
  CHECK(tenants.customer("c-1") == diagnosis.customers.data());
  CHECK(tenants.name("c-1") == "Fabrikam");

  const auto outcome = [&](std::string_view tenant_id) {
    const auto results = tenants.requirement_results(tenant_id, model::RuleScope::customer);
    REQUIRE(results.size() == 1);
    return results.front().outcome;
  };
  CHECK(outcome("c-1") == detail::Outcome::passed);
  CHECK(outcome("c-2") == detail::Outcome::failed);
  CHECK(outcome("c-3") == detail::Outcome::not_checked);
  CHECK(outcome("c-9") == detail::Outcome::failed);
  CHECK(tenants.findings("c-2").size() == 1);
  CHECK(tenants.findings("c-1").empty());
  REQUIRE(tenants.errors("c-3").size() == 1);
  CHECK(tenants.errors("c-3").front()->operation == "list admin relationships");
  const auto partner = tenants.requirement_results("p-1", model::RuleScope::partner);
  REQUIRE(partner.size() == 2);
  CHECK(partner[0].outcome == detail::Outcome::passed);
  CHECK(partner[1].outcome == detail::Outcome::failed);
}

namespace {

// The command text found in `line`, or "" when there is none.
std::string command_in(std::string_view line) {
  const auto span = detail::find_powershell_command(line);
  return span ? std::string(line.substr(span->begin, span->end - span->begin)) : std::string();
}

}  // namespace

TEST_CASE("PowerShell commands are found with their parameters", "[report]") {
  CHECK(command_in("New-MgServicePrincipal -AppId 00000003-0000") ==
        "New-MgServicePrincipal -AppId 00000003-0000");
  CHECK(command_in("  Connect-MgGraph") == "Connect-MgGraph");
  CHECK(command_in("$sp = Get-MgServicePrincipal ") == "$sp = Get-MgServicePrincipal");
  CHECK(command_in("PS> Get-MgUser") == "PS> Get-MgUser");
  CHECK(command_in("Connect to Contoso: Connect-MgGraph -TenantId x -Scopes 'A B' then wait") ==
        "Connect-MgGraph -TenantId x -Scopes 'A B'");
  CHECK(command_in("Disconnect-MgGraph before moving on.") == "Disconnect-MgGraph");
  CHECK(command_in("Disconnect-MgGraph -Confirm:$false before moving on.") ==
        "Disconnect-MgGraph -Confirm:$false");
  CHECK(command_in("New-MgServicePrincipal -AppId fc78   # WindowsDefenderATP") ==
        "New-MgServicePrincipal -AppId fc78   # WindowsDefenderATP");
  CHECK(command_in("Get-MgUser -All | Select-Object Id") == "Get-MgUser -All | Select-Object Id");
  CHECK(command_in("Add the account to AdminAgents.").empty());
  CHECK(command_in("Sign-in failed").empty());
  CHECK(command_in("Re-Run the check; Multi-Factor prompts").empty());
  CHECK(command_in("New-relationship needed").empty());
  CHECK(command_in("Run `New-MgServicePrincipal -AppId x` now").empty());
  CHECK(command_in("").empty());
}

TEST_CASE("text splits into lines at newlines", "[report]") {
  const auto lines = detail::split_lines("one\ntwo\n");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "one");
  CHECK(lines[1] == "two");
  CHECK(lines[2].empty());
}

}  // namespace gdap::report
