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
  CHECK(detail::tenant_name(diagnosis, "p-1") == "Contoso Partner");
  CHECK(detail::tenant_name(diagnosis, "c-1") == "Fabrikam");
  CHECK(detail::tenant_name(diagnosis, "c-2") == "northwind.com");
  CHECK(detail::tenant_name(diagnosis, "c-3") == "c-3");
  CHECK(detail::tenant_name(diagnosis, "nobody") == "nobody");
}

TEST_CASE("auto-extension is any non-zero duration", "[report]") {
  CHECK(detail::auto_extends("P180D"));
  CHECK(detail::auto_extends("PT12H"));
  CHECK_FALSE(detail::auto_extends("PT0S"));
  CHECK_FALSE(detail::auto_extends("P0D"));
  CHECK_FALSE(detail::auto_extends(""));
}

TEST_CASE("PowerShell commands are found where they start", "[report]") {
  constexpr auto none = std::string_view::npos;
  CHECK(detail::powershell_start("New-MgServicePrincipal -AppId 00000003-0000") == 0);
  CHECK(detail::powershell_start("  Connect-MgGraph") == 2);
  CHECK(detail::powershell_start("$sp = Get-MgServicePrincipal") == 0);
  CHECK(detail::powershell_start("PS> Get-MgUser") == 0);
  CHECK(detail::powershell_start("Connect to Contoso: Connect-MgGraph -TenantId x") == 20);
  CHECK(detail::powershell_start("Add the account to AdminAgents.") == none);
  CHECK(detail::powershell_start("Sign-in failed") == none);
  CHECK(detail::powershell_start("Re-Run the check; Multi-Factor prompts") == none);
  CHECK(detail::powershell_start("New-relationship needed") == none);
  CHECK(detail::powershell_start("Run `New-MgServicePrincipal -AppId x` now") == none);
  CHECK(detail::powershell_start("") == none);
}

TEST_CASE("text splits into lines at newlines", "[report]") {
  const auto lines = detail::split_lines("one\ntwo\n");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "one");
  CHECK(lines[1] == "two");
  CHECK(lines[2].empty());
}

}  // namespace gdap::report
