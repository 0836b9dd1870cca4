// Comparing two JSON reports: what a nightly job alerts on, and what it must not.

#include "gdapcheck/model/drift.hpp"
#include "gdapcheck/report/drift.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using gdap::model::compare_reports;
using gdap::model::Direction;
using nlohmann::json;

namespace {

json relationship(const std::string& id, const std::string& end, const std::string& extend,
                  bool extends) {
  return {{"id", id},
          {"displayName", "GDAP " + id},
          {"status", "active"},
          {"endDateTime", end},
          {"autoExtendDuration", extend},
          {"autoExtends", extends},
          {"roles", json::array()}};
}

// Two customers and one partner finding, everything healthy but an expiry warning.
json report() {
  return {{"schemaVersion", 1},
          {"evaluatedAt", "2026-03-01T00:00:00Z"},
          {"complete", true},
          {"partner", {{"tenantId", "partner-tid"}}},
          {"customers",
           {{{"tenantId", "11111111-1111-1111-1111-111111111111"},
             {"displayName", "Contoso Ltd"},
             {"defaultDomain", "contoso.com"},
             {"status", "active"},
             {"relationships", {relationship("r1", "2027-01-01T00:00:00Z", "P180D", true)}}},
            {{"tenantId", "22222222-2222-2222-2222-222222222222"},
             {"displayName", "Fabrikam Inc"},
             {"defaultDomain", "fabrikam.com"},
             {"status", "expiring"},
             {"relationships", {relationship("r2", "2026-03-05T00:00:00Z", "PT0S", false)}}}}},
          {"findings",
           {{{"ruleId", "gdap.relationship-expiring"},
             {"severity", "warning"},
             {"tenantId", "22222222-2222-2222-2222-222222222222"},
             {"title", "Relationship ends soon"}}}},
          {"summary", json::object()}};
}

}  // namespace

TEST_CASE("diff: a report against itself has nothing to say and nothing got worse", "[drift]") {
  const auto drift = compare_reports(report(), report());
  REQUIRE(drift.ok());
  CHECK(drift->nothing_changed());
  CHECK_FALSE(drift->got_worse());
  CHECK_THAT(gdap::report::render_drift_text(*drift, {"a.json", "a.json"}),
             Contains("Nothing changed."));
}

TEST_CASE("diff: one customer got worse, and only it is named", "[drift]") {
  auto newer = report();
  newer["evaluatedAt"] = "2026-03-02T00:00:00Z";
  newer["customers"][0]["status"] = "missing_roles";
  newer["findings"].push_back({{"ruleId", "gdap.missing-roles"},
                               {"severity", "error"},
                               {"tenantId", "11111111-1111-1111-1111-111111111111"},
                               {"title", "Required roles are missing"}});
  const auto drift = compare_reports(report(), newer);
  REQUIRE(drift.ok());
  CHECK(drift->got_worse());
  REQUIRE(drift->status_changes.size() == 1);
  CHECK(drift->status_changes[0].customer.label == "Contoso Ltd (contoso.com)");
  CHECK(drift->status_changes[0].direction == Direction::worse);
  REQUIRE(drift->findings_appeared.size() == 1);
  CHECK(drift->findings_appeared[0].rule_id == "gdap.missing-roles");
  CHECK(drift->findings_resolved.empty());
  CHECK(drift->relationship_changes.empty());
  const auto text = gdap::report::render_drift_text(*drift, {"old.json", "new.json"});
  CHECK_THAT(text, Contains("Worse (2):") &&
                       Contains("Contoso Ltd (contoso.com): status active -> missing_roles") &&
                       Contains("new error gdap.missing-roles") && !Contains("Fabrikam"));
  const auto document = json::parse(gdap::report::render_drift_json(*drift, {"o", "n"}));
  CHECK(document["worse"] == true);
  CHECK(document["statusChanges"][0]["direction"] == "worse");
  CHECK(document["findings"]["appeared"][0]["tenantId"] == "11111111-1111-1111-1111-111111111111");
}

TEST_CASE("diff: a renewal is better, an end moved earlier or auto-extension lost is worse",
          "[drift]") {
  auto renewed = report();
  renewed["customers"][1]["status"] = "active";
  renewed["customers"][1]["relationships"][0] =
      relationship("r2", "2028-03-05T00:00:00Z", "P180D", true);
  renewed["findings"] = json::array();
  const auto better = compare_reports(report(), renewed);
  REQUIRE(better.ok());
  CHECK_FALSE(better->got_worse());
  CHECK(better->status_changes[0].direction == Direction::better);
  REQUIRE(better->findings_resolved.size() == 1);
  CHECK(better->findings_resolved[0].direction == Direction::better);
  REQUIRE(better->relationship_changes.size() == 2);
  CHECK(better->relationship_changes[0].what == "endDateTime");
  CHECK(better->relationship_changes[0].direction == Direction::better);
  CHECK(better->relationship_changes[1].what == "autoExtendDuration");
  CHECK(better->relationship_changes[1].direction == Direction::better);

  auto shortened = report();
  shortened["customers"][0]["relationships"][0] =
      relationship("r1", "2026-12-01T00:00:00Z", "PT0S", false);
  const auto worse = compare_reports(report(), shortened);
  REQUIRE(worse.ok());
  CHECK(worse->got_worse());
  CHECK(worse->relationship_changes.size() == 2);
}

TEST_CASE("diff: customers that come and go, and an info finding, are told but are not worse",
          "[drift]") {
  auto newer = report();
  newer["customers"].erase(1);
  newer["findings"] = json::array();
  newer["customers"].push_back({{"tenantId", "33333333-3333-3333-3333-333333333333"},
                                {"displayName", "Adatum"},
                                {"status", "active"},
                                {"relationships", json::array()}});
  newer["findings"].push_back({{"ruleId", "gdap.missing-optional-roles"},
                               {"severity", "info"},
                               {"tenantId", "33333333-3333-3333-3333-333333333333"},
                               {"title", "Optional roles"}});
  const auto drift = compare_reports(report(), newer);
  REQUIRE(drift.ok());
  CHECK_FALSE(drift->got_worse());
  CHECK(drift->customers_added.size() == 1);
  CHECK(drift->customers_removed.size() == 1);
  CHECK(drift->findings_appeared[0].direction == Direction::neither);
}

TEST_CASE("diff: a run that became incomplete got worse", "[drift]") {
  auto newer = report();
  newer["complete"] = false;
  const auto drift = compare_reports(report(), newer);
  REQUIRE(drift.ok());
  REQUIRE(drift->completeness);
  CHECK(drift->got_worse());
}

TEST_CASE("diff: a document that is not a report is refused with the place", "[drift]") {
  auto broken = report();
  broken["customers"][0]["status"] = 3;
  const auto drift = compare_reports(report(), broken);
  REQUIRE_FALSE(drift.ok());
  CHECK(drift.error().older.empty());
  REQUIRE_FALSE(drift.error().newer.empty());
  CHECK(drift.error().newer[0].path == "/customers/0/status");
  CHECK_FALSE(compare_reports(json::object({{"hello", 1}}), report()).ok());
}

TEST_CASE("diff: a finding a suppression now accepts is told apart from one resolved", "[drift]") {
  auto newer = report();
  newer["suppressed"] = newer["findings"];
  newer["findings"] = json::array();
  const auto drift = compare_reports(report(), newer);
  REQUIRE(drift.ok());
  REQUIRE(drift->findings_resolved.size() == 1);
  CHECK(drift->findings_resolved[0].now_suppressed);
  CHECK(drift->findings_resolved[0].direction == Direction::neither);
  CHECK_THAT(
      gdap::report::render_drift_text(*drift, {"o", "n"}),
      Contains("Other changes (1):") && Contains("suppressed warning gdap.relationship-expiring"));
}
