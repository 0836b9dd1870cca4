// Accepted exceptions: the file's strict reading, which findings a suppression covers, expiry
// against the run's evaluation time, and what a suppressed finding does to status and findings.
#include "fixture.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/rules/suppressions.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace gdap::test {
namespace {

using Catch::Matchers::Contains;

std::vector<model::Problem> problems_of(const std::string& text) {
  std::vector<model::Problem> problems;
  const auto parsed = rules::parse_suppressions(text, "s.json", shipped_rules(), problems);
  CHECK_FALSE(parsed);
  return problems;
}

// The one problem a file has, as "path: message".
std::string the_problem(const std::string& text) {
  const auto problems = problems_of(text);
  REQUIRE(problems.size() == 1);
  return problems.front().path + ": " + problems.front().message;
}

std::vector<rules::Suppression> parse(const std::string& text) {
  std::vector<model::Problem> problems;
  auto parsed = rules::parse_suppressions(text, "s.json", shipped_rules(), problems);
  INFO(model::format_problems("s.json", problems));
  REQUIRE(parsed);
  return *parsed;
}

rules::Suppression suppression(const std::string& rule_id, const std::string& tenant,
                               const std::string& expires) {
  return parse(R"([{"ruleId": ")" + rule_id + R"(", "tenant": ")" + tenant +
               R"(", "reason": "accepted", "expires": ")" + expires + R"("}])")
      .front();
}

model::Diagnosis diagnose_with(const SnapshotBuilder& builder,
                               std::vector<rules::Suppression> suppressions,
                               model::UnixTime now = k_now) {
  rules::EvaluationOptions options{now, {}, std::move(suppressions)};
  return rules::evaluate(builder.build(), shipped_rules(), shipped_profile("default"), options);
}

SnapshotBuilder missing_roles() {
  const auto without = default_roles_without({"Teams Administrator"});
  return SnapshotBuilder().relationship_roles(without).assignment_roles(without);
}

}  // namespace

TEST_CASE("suppressions: a valid file", "[suppressions]") {
  const auto read = parse(R"([
    // comments are allowed, as in rule files
    {"ruleId": "gdap.missing-roles", "tenant": "fabrikam.com", "reason": "new contract in March",
     "expires": "2026-12-31"},
    {"ruleId": "csp.mfa-not-prompted", "tenant": "*", "reason": "service account",
     "expires": "2026-12-01T12:00:00Z"}
  ])");
  REQUIRE(read.size() == 2);
  CHECK(read[0].rule_id == "gdap.missing-roles");
  CHECK(read[0].tenant == "fabrikam.com");
  CHECK(read[0].reason == "new contract in March");
  CHECK(read[0].expires == "2026-12-31");
  // A date alone holds through that day.
  CHECK(read[0].expires_at == *model::parse_timestamp("2027-01-01T00:00:00Z"));
  CHECK(read[1].expires_at == *model::parse_timestamp("2026-12-01T12:00:00Z"));
  CHECK(read[1].source == "s.json");
  CHECK(read[1].json_path == "/1");
  CHECK(parse("[]").empty());
}

TEST_CASE("suppressions: each bad entry is named by its JSON path", "[suppressions]") {
  const std::string good_rest = R"("tenant": "*", "reason": "r", "expires": "2026-12-31")";
  CHECK(the_problem(R"({"ruleId": "gdap.missing-roles"})") == ": expected an array, got an object");
  CHECK(the_problem(R"([{"ruleId": "gdap.missing-roles", )" + good_rest + R"(, "until": 1}])") ==
        R"(/0/until: unknown key "until")");
  CHECK_THAT(the_problem(R"([{"ruleId": 7, )" + good_rest + "}]"),
             Contains("/0/ruleId: expected a string, got a number"));
  CHECK_THAT(the_problem(R"([{"ruleId": "gdap.missing-role", )" + good_rest + "}]"),
             Contains(R"(/0/ruleId: unknown rule id "gdap.missing-role")") &&
                 Contains(R"(did you mean "gdap.missing-roles")"));
  CHECK(the_problem(R"([{"ruleId": "gdap.missing-roles", "tenant": "*", "reason": "  ",
                         "expires": "2026-12-31"}])") == "/0/reason: must not be empty");
  CHECK(the_problem(R"([{"ruleId": "gdap.missing-roles", "tenant": "", "reason": "r",
                         "expires": "2026-12-31"}])") == "/0/tenant: must not be empty");
  CHECK_THAT(the_problem(R"([{"ruleId": "gdap.missing-roles", "tenant": "*", "reason": "r",
                              "expires": "next year"}])"),
             Contains(R"(/0/expires: not an ISO-8601 date or date-time: "next year")"));
  CHECK_THAT(the_problem(R"([{"ruleId": "gdap.missing-roles", "tenant": "*", "reason": "r"}])"),
             Contains("/0/expires") && Contains("missing"));
  CHECK(the_problem(R"(["gdap.missing-roles"])") == "/0: expected an object, got a string");
  CHECK_THAT(the_problem("[{"), Contains("line 1"));
  // Every problem at once, each with its place.
  const auto all = problems_of(R"([{"ruleId": "nope", )" + good_rest + R"(},
                                   {"ruleId": "gdap.missing-roles", "tenant": "*", "reason": "",
                                    "expires": "2026-02-30x"}])");
  REQUIRE(all.size() == 3);
  CHECK(all[0].path == "/0/ruleId");
  CHECK(all[1].path == "/1/reason");
  CHECK(all[2].path == "/1/expires");
}

TEST_CASE("suppressions: a file that cannot be used stops the run with its name",
          "[suppressions]") {
  const auto path = std::filesystem::temp_directory_path() / "gdapcheck-test-suppressions.json";
  std::ofstream(path) << R"([{"ruleId": "gdap.missing-roles", "tenant": "*", "reason": "r",
                             "expires": "soon"}])";
  try {
    (void)rules::load_suppressions(path, shipped_rules());
    FAIL("an invalid file was accepted");
  } catch (const InputError& error) {
    CHECK_THAT(std::string(error.what()),
               Contains(path.string() + ": /0/expires: not an ISO-8601 date"));
  }
  std::filesystem::remove(path);
}

TEST_CASE("suppressions: which tenant a suppression names", "[suppressions]") {
  model::Customer fabrikam;
  fabrikam.tenant_id = k_customer_tenant;
  fabrikam.display_name = "Fabrikam Inc";
  fabrikam.default_domain = "fabrikam.onmicrosoft.com";
  fabrikam.domains = {"fabrikam.onmicrosoft.com", "fabrikam.com"};
  const auto names = [&](const std::string& tenant) {
    return rules::names(suppression("gdap.missing-roles", tenant, "2030-01-01"), fabrikam);
  };
  CHECK(names("*"));
  CHECK(names(k_customer_tenant));
  CHECK(names("FABRIKAM.com"));  // letter case never matters, as on the command line
  CHECK(names("fabrikam.onmicrosoft.com"));
  CHECK(names("fabrikam inc"));
  // Whole names only: a part could silently cover another customer's findings.
  CHECK_FALSE(names("fabrikam"));
  CHECK_FALSE(names("contoso.com"));
}

TEST_CASE("suppressions: expiry is judged at the run's evaluation time", "[suppressions]") {
  const auto through_day = suppression("gdap.missing-roles", "*", "2026-11-22");
  model::Customer customer;
  customer.tenant_id = k_customer_tenant;
  const auto at = [](const char* time) { return *model::parse_timestamp(time); };
  CHECK(rules::suppresses(through_day, "gdap.missing-roles", customer, at("2026-11-22T23:59:59Z")));
  CHECK_FALSE(
      rules::suppresses(through_day, "gdap.missing-roles", customer, at("2026-11-23T00:00:00Z")));
  CHECK_FALSE(
      rules::suppresses(through_day, "gdap.missing-security-group", customer, at("2026-11-01")));
}

TEST_CASE("suppressions: a suppressed finding is listed apart and leaves the status alone",
          "[suppressions]") {
  const auto plain = diagnose_with(missing_roles(), {});
  REQUIRE(fires(plain, "gdap.missing-roles"));
  CHECK(status_of(plain) == "missing_roles");

  const auto accepted = diagnose_with(
      missing_roles(), {suppression("gdap.missing-roles", k_customer_domain, "2026-12-31")});
  CHECK_FALSE(fires(accepted, "gdap.missing-roles"));
  CHECK(status_of(accepted) == "active");
  REQUIRE(accepted.suppressed.size() == 1);
  CHECK(accepted.suppressed[0].finding.rule_id == "gdap.missing-roles");
  CHECK(accepted.suppressed[0].finding.tenant_id == k_customer_tenant);
  CHECK(accepted.suppressed[0].reason == "accepted");
  CHECK(accepted.suppressed[0].expires == "2026-12-31");
  CHECK(accepted.warnings.empty());
  CHECK(accepted.complete());
}

TEST_CASE("suppressions: a partner finding is suppressed by the partner's id or \"*\"",
          "[suppressions]") {
  for (const std::string& tenant :
       {std::string(k_partner_tenant), std::string("*"), std::string("contoso partner")}) {
    const auto diagnosis =
        diagnose_with(SnapshotBuilder().without_mfa(),
                      {suppression("csp.mfa-not-prompted", tenant, "2027-01-01")});
    CHECK_FALSE(fires(diagnosis, "csp.mfa-not-prompted"));
    CHECK(diagnosis.suppressed.size() == 1);
    CHECK(diagnosis.warnings.empty());
  }
}

TEST_CASE("suppressions: an expired suppression suppresses nothing and is a warning",
          "[suppressions]") {
  const auto diagnosis = diagnose_with(
      missing_roles(), {suppression("gdap.missing-roles", k_customer_domain, "2026-11-21")});
  CHECK(fires(diagnosis, "gdap.missing-roles"));
  CHECK(status_of(diagnosis) == "missing_roles");
  CHECK(diagnosis.suppressed.empty());
  REQUIRE(diagnosis.warnings.size() == 1);
  CHECK_THAT(diagnosis.warnings[0],
             Contains("s.json /0 (gdap.missing-roles for fabrikam.onmicrosoft.com)") &&
                 Contains("expired 2026-11-21"));
  // The same file judged earlier (an older snapshot) still suppresses: no wall clock involved.
  const auto earlier = diagnose_with(
      missing_roles(), {suppression("gdap.missing-roles", k_customer_domain, "2026-11-21")},
      k_now - 7 * model::k_seconds_per_day);
  CHECK(earlier.suppressed.size() == 1);
  CHECK(earlier.warnings.empty());
}

TEST_CASE("suppressions: one that matches no finding is a warning", "[suppressions]") {
  SECTION("the finding is gone") {
    const auto diagnosis = diagnose_with(
        SnapshotBuilder(), {suppression("gdap.missing-roles", k_customer_tenant, "2027-01-01")});
    REQUIRE(diagnosis.warnings.size() == 1);
    CHECK_THAT(diagnosis.warnings[0], Contains("matches no finding"));
  }
  SECTION("the tenant is in no part of the run") {
    const auto diagnosis = diagnose_with(
        SnapshotBuilder(), {suppression("gdap.missing-roles", "gone.example", "2027-01-01")});
    REQUIRE(diagnosis.warnings.size() == 1);
    CHECK_THAT(diagnosis.warnings[0], Contains("names no tenant in this run"));
  }
  SECTION("a customer left out of this run is out of scope, not unmatched") {
    auto snapshot = missing_roles().build();
    rules::EvaluationOptions options{
        k_now,
        {"not-this-customer"},
        {suppression("gdap.missing-roles", k_customer_tenant, "2027-01-01")}};
    const auto diagnosis =
        rules::evaluate(snapshot, shipped_rules(), shipped_profile("default"), options);
    CHECK(diagnosis.warnings.empty());
  }
}

}  // namespace gdap::test
