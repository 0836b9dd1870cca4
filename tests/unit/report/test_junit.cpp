#include "unit/report/fixture.hpp"

#include "gdapcheck/report/junit.hpp"

#include <catch2/catch.hpp>

#include <string>

using Catch::Matchers::Contains;

namespace gdap::report {

TEST_CASE("junit: a suite per tenant, a case per requirement", "[report]") {
  const auto xml = render_junit(test::sample_diagnosis(), {});
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
  CHECK_THAT(xml, Contains("<testsuites name=\"gdapcheck default\" tests=\"5\" failures=\"2\" "
                           "errors=\"0\" time=\"0\">"));
  CHECK(test::occurrences(xml, "<testsuite ") == 4);
  CHECK(test::occurrences(xml, "<testcase ") == 5);
  CHECK_THAT(xml,
             Contains("<testsuite name=\"Partner Contoso Partner\" tests=\"2\" failures=\"1\" "
                      "errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"2026-11-22T10:00:00\""));
  CHECK_THAT(xml,
             Contains("<testcase name=\"gdap.missing-roles: Required roles are granted\" "
                      "classname=\"Northwind Traders (northwind.com)\" time=\"0\">\n"
                      "      <failure message=\"Required roles are missing\" type=\"error\">"));
  CHECK_THAT(xml, Contains("1. Create a new relationship with Teams Administrator.\n"
                           "2. Assign the role to your security group.\n"));
  CHECK_THAT(xml, Contains("<skipped message=\"could not be checked: admin relationships could "
                           "not be read\"/>"));
  CHECK_THAT(xml, Contains("<property name=\"status\" value=\"missing_roles\"/>"));
  CHECK_THAT(xml, Contains("<property name=\"evaluatedAt\" value=\"2026-11-22T10:00:00Z\"/>"));
}

TEST_CASE("junit: --fail-on decides which findings fail", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.findings[1].severity = model::Severity::warning;
  const auto errors_only = render_junit(diagnosis, {model::Severity::error});
  CHECK_THAT(errors_only, Contains("failures=\"1\" errors=\"0\" time=\"0\">"));
  // Below the threshold the finding is still there, as output of a passing case.
  CHECK_THAT(errors_only, Contains("<system-out>gdap.missing-roles (warning): Required roles are "
                                   "missing\n"));
  const auto warnings = render_junit(diagnosis, {model::Severity::warning});
  CHECK_THAT(warnings, Contains("failures=\"2\" errors=\"0\" time=\"0\">"));
  CHECK_THAT(warnings,
             Contains("<failure message=\"Required roles are missing\" type=\"warning\">"));
  const auto never = render_junit(diagnosis, {std::nullopt});
  CHECK(test::occurrences(never, "<failure ") == 0);
}

TEST_CASE("junit: every suite names the run: profile, app, times and its warnings", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.profile = "entra-sync";
  diagnosis.app = "Pinnacle & Co Sync";
  diagnosis.collected_at = "2026-10-01T08:00:00Z";
  const auto quiet = render_junit(diagnosis, {});
  CHECK(test::occurrences(quiet, "<property name=\"app\" value=\"Pinnacle &amp; Co Sync\"/>") == 4);
  CHECK(test::occurrences(quiet,
                          "<property name=\"collectedAt\" value=\"2026-10-01T08:00:00Z\"/>") == 4);
  CHECK(quiet.find("warning\" value") == std::string::npos);
  CHECK(quiet.find("<system-err>") == std::string::npos);

  diagnosis.warnings = {"this snapshot is <old>", "a second one"};
  const auto xml = render_junit(diagnosis, {});
  CHECK(test::occurrences(
            xml, "<property name=\"warning\" value=\"this snapshot is &lt;old&gt;\"/>") == 4);
  CHECK(test::occurrences(xml, "<property name=\"warning\" value=\"a second one\"/>") == 4);
  // After the suite's cases, as the schema orders them.
  CHECK(test::occurrences(xml,
                          "</testcase>\n    <system-err>Warning: this snapshot is &lt;old&gt;\n"
                          "Warning: a second one</system-err>\n  </testsuite>") +
            test::occurrences(xml,
                              "/>\n    <system-err>Warning: this snapshot is &lt;old&gt;\n"
                              "Warning: a second one</system-err>\n  </testsuite>") ==
        4);
}

TEST_CASE("junit: tenant names are escaped in attributes and text", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[1].display_name = "A&B \"<x>\" 'q'";
  diagnosis.findings[1].detail = "]]> & <b>";
  diagnosis.findings[1].title = "\xEF\xBF\xBE bad \xFF byte";
  const auto xml = render_junit(diagnosis, {});
  CHECK_THAT(xml,
             Contains("classname=\"A&amp;B &quot;&lt;x&gt;&quot; &#39;q&#39; (northwind.com)\""));
  CHECK_THAT(xml, Contains("]]&gt; &amp; &lt;b&gt;"));
  CHECK_THAT(xml, Contains("message=\"\xEF\xBF\xBD bad \xEF\xBF\xBD byte\""));
  CHECK(xml.find("<b>") == std::string::npos);
}

}  // namespace gdap::report
