#include "unit/report/fixture.hpp"

#include "gdapcheck/report/text.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

namespace gdap::report {

namespace {

std::size_t code_points(const std::string& line) {
  std::size_t count = 0;
  for (const char c : line) {
    count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return count;
}

}  // namespace

TEST_CASE("text report of a healthy partner without customers, whole string", "[report]") {
  const std::string expected =
      "Profile default · evaluated at 2026-11-22T10:00:00Z · collected at 2026-11-22T09:30:00Z\n"
      "\n"
      "Partner\n"
      "  Tenant        Contoso Partner (p-1)\n"
      "  Signed in as  admin@contoso.com\n"
      "  MFA           yes\n"
      "  Global Admin  yes\n"
      "  AdminAgents   yes\n"
      "\n"
      "Customers\n"
      "  No customers.\n"
      "\n"
      "Findings\n"
      "  No findings.\n"
      "\n"
      "0 customers · 0 errors, 0 warnings, 0 info\n";
  CHECK(render_text(test::empty_diagnosis(), {}) == expected);
}

TEST_CASE("text report with findings, gaps and errors, whole string", "[report]") {
  const std::string expected =
      "Profile default · evaluated at 2026-11-22T10:00:00Z ·\n"
      "  collected at 2026-11-22T09:30:00Z\n"
      "\n"
      "Partner\n"
      "  Tenant        Contoso Partner (p-1)\n"
      "  Signed in as  admin@contoso.com\n"
      "  MFA           unknown\n"
      "  Global Admin  yes\n"
      "  AdminAgents   no\n"
      "\n"
      "Customers\n"
      "  NAME               DOMAIN         STATUS         ACCESS ENDS\n"
      "  Fabrikam           fabrikam.com   active         2027-05-01 (auto-extends)\n"
      "  Northwind Traders  northwind.com  missing_roles  2026-12-01\n"
      "  c-3                -              unknown        -\n"
      "\n"
      "Findings\n"
      "  Partner: Contoso Partner\n"
      "    error csp.user-not-in-adminagents: Account is not in\n"
      "        AdminAgents\n"
      "      admin@contoso.com is not a member of AdminAgents.\n"
      "      1. Add admin@contoso.com to the AdminAgents group in\n"
      "         Partner Center.\n"
      "\n"
      "  Northwind Traders (northwind.com)\n"
      "    error gdap.missing-roles: Required roles are missing\n"
      "      The relationship lacks Teams Administrator.\n"
      "      1. Create a new relationship with Teams Administrator.\n"
      "      2. Assign the role to your security group.\n"
      "\n"
      "Could not check\n"
      "  c-3: gdap.missing-roles: admin relationships could not be\n"
      "    read\n"
      "  c-3: list admin relationships failed: 403 Forbidden\n"
      "\n"
      "3 customers: 1 active, 1 missing_roles, 1 unknown · 2 errors, 0 warnings, 0 info · 2 not "
      "checked\n";
  CHECK(render_text(test::sample_diagnosis(), {false, 60}) == expected);
}

TEST_CASE("text header names the profile, its app, and both times", "[report]") {
  auto diagnosis = test::empty_diagnosis();
  diagnosis.profile = "entra-sync";
  diagnosis.app = "Pinnacle Directory Sync";
  diagnosis.collected_at.clear();
  CHECK(render_text(diagnosis, {false, 120})
            .starts_with("Profile entra-sync (app Pinnacle Directory Sync) · evaluated at "
                         "2026-11-22T10:00:00Z · collected at unknown\n\nPartner\n"));
  // Too long for the width: it breaks between parts, never inside "evaluated at <time>".
  CHECK(
      render_text(diagnosis, {false, 80})
          .starts_with("Profile entra-sync (app Pinnacle Directory Sync) ·\n"
                       "  evaluated at 2026-11-22T10:00:00Z · collected at unknown\n\nPartner\n"));
}

TEST_CASE("text warnings sit under the header, wrapped, coloured only with colour", "[report]") {
  auto diagnosis = test::empty_diagnosis();
  diagnosis.warnings = {
      "the snapshot was collected 45 days before the evaluation time; the "
      "tenants may have changed since"};
  const auto text = render_text(diagnosis, {false, 90});
  CHECK(text.starts_with(
      "Profile default · evaluated at 2026-11-22T10:00:00Z · collected at 2026-11-22T09:30:00Z\n"
      "Warning: the snapshot was collected 45 days before the evaluation time; the tenants may\n"
      "  have changed since\n"
      "\n"
      "Partner\n"));
  CHECK(render_text(diagnosis, {true, 90}).find("\x1b[33mWarning:\x1b[0m the snapshot") !=
        std::string::npos);
}

TEST_CASE("text summary line uses singular forms for one", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers.resize(1);
  diagnosis.findings.resize(1);
  diagnosis.findings[0].severity = model::Severity::warning;
  diagnosis.inconclusive.clear();
  diagnosis.errors.clear();
  const auto text = render_text(diagnosis, {});
  CHECK(text.ends_with("\n1 customer: 1 active · 0 errors, 1 warning, 0 info\n"));
}

TEST_CASE("text report has no escape sequence without colour", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].status = model::CustomerStatus::expiring;
  diagnosis.findings[1].severity = model::Severity::info;
  CHECK(render_text(diagnosis, {false, 100}).find('\x1b') == std::string::npos);
  CHECK(render_text(test::empty_diagnosis(), {false, 100}).find('\x1b') == std::string::npos);
}

TEST_CASE("text report colours statuses when asked", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers.push_back(diagnosis.customers[0]);
  diagnosis.customers.back().tenant_id = "c-4";
  diagnosis.customers.back().status = model::CustomerStatus::expiring;
  const auto text = render_text(diagnosis, {true, 100});

  CHECK(text.find("\x1b[32mactive\x1b[0m") != std::string::npos);
  CHECK(text.find("\x1b[33mexpiring\x1b[0m") != std::string::npos);
  CHECK(text.find("\x1b[31mmissing_roles\x1b[0m") != std::string::npos);
  CHECK(text.find("\x1b[35munknown\x1b[0m") != std::string::npos);
  CHECK(text.find("\x1b[31merror\x1b[0m") != std::string::npos);
}

TEST_CASE("coloured table columns still line up", "[report]") {
  const auto text = render_text(test::sample_diagnosis(), {true, 100});
  // Padding follows the colour reset, so the next column starts where it does without colour.
  CHECK(text.find("  Fabrikam           fabrikam.com   \x1b[32mactive\x1b[0m         2027-05-01") !=
        std::string::npos);
}

TEST_CASE("prose wraps at the width, PowerShell lines never break", "[report]") {
  auto diagnosis = test::empty_diagnosis();
  diagnosis.customers.push_back(test::sample_diagnosis().customers[0]);
  model::Finding finding;
  finding.rule_id = "tenant.missing-service-principal";
  finding.severity = model::Severity::warning;
  finding.tenant_id = "c-1";
  finding.title = "Partner Center service principal is missing";
  finding.detail =
      "The application Partner Center (fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd) has no service "
      "principal in Fabrikam, so partner sign-ins are refused.";
  finding.remediation = {
      "Connect first: Connect-MgGraph -TenantId 5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29 -Scopes "
      "'Application.ReadWrite.All'",
      "Sign in to Fabrikam as a Global Administrator and run:\n"
      "New-MgServicePrincipal -AppId fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd",
      "Disconnect-MgGraph -Confirm:$false before moving on to the next customer, then re-run "
      "the consent -Scopes 'a'.",
      "Or run `New-MgServicePrincipal -AppId fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd` from Cloud "
      "Shell."};
  diagnosis.findings.push_back(finding);

  const auto text = render_text(diagnosis, {false, 50});

  CHECK(
      text.find("         New-MgServicePrincipal -AppId fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd\n") !=
      std::string::npos);
  CHECK(text.find("`New-MgServicePrincipal -AppId fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd`") !=
        std::string::npos);
  CHECK(text.find("      1. Connect first:\n"
                  "         Connect-MgGraph -TenantId 5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29 -Scopes "
                  "'Application.ReadWrite.All'\n") != std::string::npos);
  // A command longer than the line stays beside its step number; the prose after it wraps.
  CHECK(text.find("      3. Disconnect-MgGraph -Confirm:$false before\n"
                  "         moving on to the next customer, then\n") != std::string::npos);
  CHECK(text.find("    warning tenant.missing-service-principal:\n") != std::string::npos);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    CHECK(line.find_last_not_of(' ') + 1 == line.size());
    if (line.find("-Mg") == std::string::npos && line.find("ACCESS ENDS") == std::string::npos &&
        line.find("auto-extends") == std::string::npos) {
      CHECK(code_points(line) <= 50);
    }
  }
}

TEST_CASE("access end is shown as a date, with whether it auto-extends", "[report]") {
  auto diagnosis = test::empty_diagnosis();
  model::CustomerResult customer;
  customer.tenant_id = "c-1";
  customer.display_name = "Fabrikam";
  customer.default_domain = "fabrikam.com";
  customer.status = model::CustomerStatus::expired;
  customer.access_ends = model::AccessEnd{"2025-03-01T00:00:00Z", true};
  diagnosis.customers.push_back(customer);
  CHECK(render_text(diagnosis, {}).find("expired  2025-03-01 (auto-extends)\n") !=
        std::string::npos);

  diagnosis.customers[0].access_ends = model::AccessEnd{"2025-01-01T23:59:59+00:00", false};
  CHECK(render_text(diagnosis, {}).find("expired  2025-01-01\n") != std::string::npos);

  diagnosis.customers[0].access_ends.reset();
  CHECK(render_text(diagnosis, {}).find("expired  -\n") != std::string::npos);
}

TEST_CASE("gaps a finding explains collapse to one line naming that finding", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.inconclusive[0].blocked_by = "tenant.sign-in-failed";
  auto second = diagnosis.inconclusive[0];
  second.rule_id = "tenant.conditional-access-blocks-partner";
  diagnosis.inconclusive.push_back(second);
  const auto text = render_text(diagnosis, {});
  CHECK(text.find("  2 checks not run because of tenant.sign-in-failed (fix that first): c-3\n") !=
        std::string::npos);
  // The individual consequences are not listed one by one.
  CHECK(text.find("gdap.missing-roles: admin relationships could not be read") ==
        std::string::npos);
}

TEST_CASE("escape sequences in tenant data never reach the terminal", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].display_name =
      "Evil\x1b[2J\xc2\x9b"
      "31mCo\nLtd";
  diagnosis.findings[1].detail = "Line one\x07\nline two";
  // Read errors and gaps are cleaned one at a time as they are written: Graph's words and the
  // explanation filled in with tenant data are another party's too.
  diagnosis.errors[0].message = "403\x1b]0;owned\x07 Forbidden";
  diagnosis.inconclusive[0].reason = "not read \xe2\x80\xae desrever";
  model::Explanation explained;
  explained.id = "graph.forbidden";
  explained.title = "Forbidden\x1b[5m";
  explained.causes = {"a cause\xc2\x9b"};
  diagnosis.errors[0].explanation = explained;

  const auto text = render_text(diagnosis, {false, 100});

  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  CHECK(text.find("\xe2\x80\xae") == std::string::npos);
  CHECK(text.find("list admin relationships failed: 403?]0;owned? Forbidden") != std::string::npos);
  CHECK(text.find("Forbidden?[5m. Most likely: a cause? (gdapcheck explain graph.forbidden)") !=
        std::string::npos);
  CHECK(text.find("  Evil?[2J?31mCo Ltd  ") != std::string::npos);
  CHECK(text.find("      Line one?\n      line two\n") != std::string::npos);
}

}  // namespace gdap::report
