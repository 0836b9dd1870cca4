#include "unit/report/fixture.hpp"

#include "gdapcheck/report/csv.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace gdap::report {

namespace {

// RFC 4180 records, for reading back what the renderer wrote.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      records.back().push_back(std::move(field));
      field.clear();
      records.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  records.pop_back();  // after the last CRLF
  return records;
}

const std::vector<std::string> k_header{"tenant_id",
                                        "tenant_name",
                                        "domain",
                                        "tenant_type",
                                        "customer_status",
                                        "rule_id",
                                        "requirement",
                                        "result",
                                        "severity",
                                        "title",
                                        "detail",
                                        "first_step",
                                        "profile",
                                        "app",
                                        "evaluated_at",
                                        "collected_at",
                                        "run_warnings",
                                        "suppression_reason",
                                        "suppression_expires"};

}  // namespace

TEST_CASE("csv: a BOM, a header row, then one row per tenant and requirement", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.collected_at = "2026-11-22T09:58:00Z";
  const auto text = render_csv(diagnosis);
  REQUIRE(text.starts_with("\xEF\xBB\xBF"));
  const auto records = parse_csv(text.substr(3));
  REQUIRE(records.size() == 1 + 2 + 3);  // header, 2 partner rules, 3 customers × 1 rule
  CHECK(records[0] == k_header);
  for (const auto& record : records) {
    CHECK(record.size() == k_header.size());
  }
  CHECK(records[1] == std::vector<std::string>{
                          "p-1", "Contoso Partner", "", "partner", "", "csp.mfa-not-prompted",
                          "Sign-in prompted for MFA", "passed", "", "", "", "", "default", "",
                          "2026-11-22T10:00:00Z", "2026-11-22T09:58:00Z", "", "", ""});
  CHECK(records[2][5] == "csp.user-not-in-adminagents");
  CHECK(records[2][7] == "failed");
  CHECK(records[2][8] == "error");
  CHECK(records[2][9] == "Account is not in AdminAgents");
  CHECK(records[2][11] == "Add admin@contoso.com to the AdminAgents group in Partner Center.");

  CHECK(records[4][1] == "Northwind Traders");
  CHECK(records[4][2] == "northwind.com");
  CHECK(records[4][4] == "missing_roles");
  CHECK(records[4][7] == "failed");
  CHECK(records[4][11] == "Create a new relationship with Teams Administrator.");

  CHECK(records[5][0] == "c-3");
  CHECK(records[5][4] == "unknown");
  CHECK(records[5][7] == "not_checked");
  CHECK(records[5][10] == "admin relationships could not be read");
}

TEST_CASE("csv: quoting and formula injection", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].display_name = "=HYPERLINK(\"http://evil\",\"x\")";
  diagnosis.customers[1].display_name = "Northwind, \"Traders\"";
  diagnosis.customers[2].display_name = "@SUM(A1)";
  diagnosis.customers[2].default_domain = "+cmd|' /C calc'!A0";
  diagnosis.findings[1].detail = "line one\nline two";
  const auto text = render_csv(diagnosis);
  const auto records = parse_csv(text.substr(3));
  CHECK(records[3][1] == "'=HYPERLINK(\"http://evil\",\"x\")");
  CHECK(records[4][1] == "Northwind, \"Traders\"");
  CHECK(records[4][10] == "line one\nline two");
  CHECK(records[5][1] == "'@SUM(A1)");
  CHECK(records[5][2] == "'+cmd|' /C calc'!A0");
  CHECK(text.find("\"Northwind, \"\"Traders\"\"\"") != std::string::npos);
  // A leading minus is a formula too ("-2+3" computes); tabs and line breaks in names were
  // already cleaned to spaces.
  diagnosis.customers[0].display_name = "-2+3";
  CHECK(parse_csv(render_csv(diagnosis).substr(3))[3][1] == "'-2+3");
}

TEST_CASE("csv: every row names the run: profile, app, times and its warnings", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.profile = "entra-sync";
  diagnosis.app = "Pinnacle Directory Sync";
  diagnosis.collected_at = "2026-10-01T08:00:00Z";
  diagnosis.warnings = {"this snapshot is old", "=a second warning"};
  const auto records = parse_csv(render_csv(diagnosis).substr(3));
  REQUIRE(records.size() == 6);
  for (std::size_t i = 1; i < records.size(); ++i) {
    CHECK(records[i][12] == "entra-sync");
    CHECK(records[i][13] == "Pinnacle Directory Sync");
    CHECK(records[i][14] == "2026-11-22T10:00:00Z");
    CHECK(records[i][15] == "2026-10-01T08:00:00Z");
    CHECK(records[i][16] == "this snapshot is old\n=a second warning");
  }
  // A warning that starts like a formula is defused like any other cell.
  diagnosis.warnings = {"=cmd"};
  CHECK(parse_csv(render_csv(diagnosis).substr(3))[1][16] == "'=cmd");
}

TEST_CASE("csv: a rule that failed twice has a row per finding", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  auto second = diagnosis.findings[1];
  second.title = "Another role is missing";
  diagnosis.findings.push_back(second);
  const auto records = parse_csv(render_csv(diagnosis).substr(3));
  REQUIRE(records.size() == 7);
  CHECK(records[4][9] == "Required roles are missing");
  CHECK(records[5][9] == "Another role is missing");
  CHECK(records[5][0] == "c-2");
}

}  // namespace gdap::report
