#include "unit/report/fixture.hpp"

#include "gdapcheck/report/markdown.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace gdap::report {

TEST_CASE("markdown checklist, whole string", "[report]") {
  const std::string expected =
      "# GDAP onboarding checklist\n"
      "\n"
      "Partner Contoso Partner (`p-1`) · profile `default` · evaluated at 2026-11-22T10:00:00Z · "
      "collected at 2026-11-22T09:30:00Z\n"
      "\n"
      "## Partner requirements\n"
      "\n"
      "- [x] Sign-in prompted for MFA\n"
      "- [ ] Account is in AdminAgents\\\n"
      "  admin@contoso.com is not a member of AdminAgents.\n"
      "  1. Add admin@contoso.com to the AdminAgents group in Partner Center.\n"
      "\n"
      "## Fabrikam (fabrikam.com)\n"
      "\n"
      "Tenant `c-1` · status `active`\n"
      "\n"
      "- [x] Required roles are granted\n"
      "\n"
      "## Northwind Traders (northwind.com)\n"
      "\n"
      "Tenant `c-2` · status `missing_roles`\n"
      "\n"
      "- [ ] Required roles are granted\\\n"
      "  The relationship lacks Teams Administrator.\n"
      "  1. Create a new relationship with Teams Administrator.\n"
      "  2. Assign the role to your security group.\n"
      "\n"
      "## c-3\n"
      "\n"
      "Tenant `c-3` · status `unknown` — admin relationships could not be read\n"
      "\n"
      "- [ ] Required roles are granted — could not be checked: admin relationships could not be "
      "read\n"
      "\n"
      "## Could not be read\n"
      "\n"
      "- c-3: list admin relationships failed: 403 Forbidden\n";
  CHECK(render_markdown(test::sample_diagnosis()) == expected);
}

TEST_CASE("markdown shows the run's warnings under the header line", "[report]") {
  auto diagnosis = test::empty_diagnosis();
  diagnosis.app = "Sync_App";
  diagnosis.warnings = {"the snapshot is 45 days old"};
  CHECK_THAT(render_markdown(diagnosis),
             Catch::Matchers::Contains(
                 "· profile `default` (app Sync\\_App) · evaluated at 2026-11-22T10:00:00Z · "
                 "collected at 2026-11-22T09:30:00Z\n"
                 "\n"
                 "**Warning:** the snapshot is 45 days old\n"
                 "\n"
                 "## Partner requirements\n"));
}

TEST_CASE("markdown tick states: passed, failed, undecided", "[report]") {
  const auto text = render_markdown(test::sample_diagnosis());
  CHECK(text.find("- [x] Sign-in prompted for MFA\n") != std::string::npos);
  CHECK(text.find("- [ ] Account is in AdminAgents\\\n") != std::string::npos);
  CHECK(text.find("- [ ] Required roles are granted — could not be checked: ") !=
        std::string::npos);
  CHECK(text.find("- [x] Account is in AdminAgents") == std::string::npos);
}

TEST_CASE("markdown with no evaluated rules says so", "[report]") {
  const auto text = render_markdown(test::empty_diagnosis());
  CHECK(text ==
        "# GDAP onboarding checklist\n"
        "\n"
        "Partner Contoso Partner (`p-1`) · profile `default` · evaluated at 2026-11-22T10:00:00Z · "
        "collected at 2026-11-22T09:30:00Z\n"
        "\n"
        "## Partner requirements\n"
        "\n"
        "No requirements were evaluated.\n");
}

TEST_CASE("markdown escapes names and keeps PowerShell as code", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[1].display_name = "North|wind *Traders* my_co [EU] <b>";
  auto& finding = diagnosis.findings[1];
  finding.detail = "Role Teams_Administrator is *missing*.";
  finding.remediation = {
      "Sign in to the customer and run:\nNew-MgServicePrincipal -AppId a_b",
      "Or run `Get-MgUser -Filter \"a_b\"` first.",
      "Then escape it as `$x",
      "Connect to North|wind: Connect-MgGraph -TenantId c_2",
  };

  const auto text = render_markdown(diagnosis);

  CHECK(text.find("## North\\|wind \\*Traders\\* my\\_co \\[EU\\] \\<b\\> (northwind.com)\n") !=
        std::string::npos);
  CHECK(text.find("  Role Teams\\_Administrator is \\*missing\\*.\n") != std::string::npos);
  CHECK(text.find("  1. Sign in to the customer and run:\\\n"
                  "     `New-MgServicePrincipal -AppId a_b`\n") != std::string::npos);
  CHECK(text.find("  2. Or run `Get-MgUser -Filter \"a_b\"` first.\n") != std::string::npos);
  // An unmatched backtick (PowerShell's escape) must not open a code span for the rest.
  CHECK(text.find("  3. Then escape it as \\`$x\n") != std::string::npos);
  CHECK(text.find("  4. Connect to North\\|wind: `Connect-MgGraph -TenantId c_2`\n") !=
        std::string::npos);
}

TEST_CASE("markdown fences a command holding a backtick with a longer fence", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.findings[1].remediation = {"Set-Thing -Value `$x"};
  CHECK(render_markdown(diagnosis).find("  1. `` Set-Thing -Value `$x ``\n") != std::string::npos);
}

TEST_CASE("markdown keeps list- and heading-like lines inside their paragraph", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.findings[1].detail = "Missing:\n- Teams Administrator\n2. retry\n# not a heading";
  CHECK(render_markdown(diagnosis).find("  Missing:\\\n"
                                        "  \\- Teams Administrator\\\n"
                                        "  2\\. retry\\\n"
                                        "  \\# not a heading\n") != std::string::npos);
}

TEST_CASE("markdown joins two findings of one rule under one box", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  auto second = diagnosis.findings[1];
  second.detail = "The assignment lacks Exchange Administrator.";
  second.remediation = {"Assign the role to your security group.", "Wait an hour."};
  diagnosis.findings.push_back(second);

  const auto text = render_markdown(diagnosis);

  CHECK(text.find("- [ ] Required roles are granted\\\n"
                  "  The relationship lacks Teams Administrator.\\\n"
                  "  The assignment lacks Exchange Administrator.\n"
                  "  1. Create a new relationship with Teams Administrator.\n"
                  "  2. Assign the role to your security group.\n"
                  "  3. Wait an hour.\n") != std::string::npos);
}

TEST_CASE("markdown never drops a finding of a rule it was not told about", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.evaluated_rules.pop_back();
  const auto text = render_markdown(diagnosis);
  CHECK(text.find("- [ ] Required roles are missing\\\n") != std::string::npos);
}

TEST_CASE("markdown names the finding that blocked a check", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.inconclusive[0].blocked_by = "tenant.sign-in-failed";
  CHECK(render_markdown(diagnosis).find(
            "could not be checked: admin relationships could not be read (because of "
            "`tenant.sign-in-failed`)\n") != std::string::npos);
}

TEST_CASE("markdown falls back to the rule title without a requirement text", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.evaluated_rules[0].requirement.clear();
  CHECK(render_markdown(diagnosis).find("- [x] Sign-in did not prompt for MFA\n") !=
        std::string::npos);
}

TEST_CASE("markdown leaves bare URLs unescaped", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.findings[1].remediation = {
      "Open https://login.microsoftonline.com/c-2/adminconsent?client_id=abc as a_b admin."};
  CHECK(render_markdown(diagnosis).find(
            "  1. Open https://login.microsoftonline.com/c-2/adminconsent?client_id=abc as a\\_b "
            "admin.\n") != std::string::npos);
}

}  // namespace gdap::report
