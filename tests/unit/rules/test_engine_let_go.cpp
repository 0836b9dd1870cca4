// A snapshot given up to the engine (its facts let go customer by customer as they are judged)
// diagnoses exactly as one the caller keeps: same findings, gaps in the same order, same read
// errors, statuses and role notes.

#include "unit/rules/fixture.hpp"

#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/report/json.hpp"

#include <filesystem>

namespace gdap::test {

namespace {

std::string report_of(const model::Diagnosis& diagnosis) {
  return report::render_json(diagnosis, {"test"});
}

void check_same_both_ways(const model::Snapshot& snapshot, const std::string& profile) {
  rules::EvaluationOptions options;
  options.now = model::parse_timestamp(snapshot.collected_at).value_or(0);
  const auto kept = rules::evaluate(snapshot, shipped_rules(), shipped_profile(profile), options);
  model::Snapshot given_up = snapshot;
  const auto let_go =
      rules::evaluate(std::move(given_up), shipped_rules(), shipped_profile(profile), options);
  CHECK(report_of(let_go) == report_of(kept));
}

}  // namespace

TEST_CASE("Every example diagnoses the same when its facts are let go as customers are judged",
          "[rules]") {
  std::size_t examples = 0;
  for (const auto& file : model::json_files_in(GDAP_SOURCE_DIR "/examples")) {
    const auto snapshot = model::load_snapshot_file(file.string());
    for (const std::string profile : {"default", "cipp", "entra-sync"}) {
      INFO(file.filename().string() << " with profile " << profile);
      check_same_both_ways(snapshot, profile);
    }
    ++examples;
  }
  CHECK(examples >= 20);
}

TEST_CASE("Customers sharing a tenant id still see their relationships when facts are let go",
          "[rules]") {
  auto snapshot = model::load_snapshot_file(GDAP_SOURCE_DIR "/examples/gdap-missing-roles.json");
  REQUIRE_FALSE(snapshot.customers.empty());
  auto twin = snapshot.customers.front();
  twin.display_name += " (again)";
  snapshot.customers.push_back(twin);
  check_same_both_ways(snapshot, "default");
  const auto diagnosis =
      rules::evaluate(std::move(snapshot), shipped_rules(), shipped_profile("default"), {});
  REQUIRE(diagnosis.customers.size() >= 2);
  CHECK(diagnosis.customers.back().relationships.size() ==
        diagnosis.customers.front().relationships.size());
  CHECK_FALSE(diagnosis.customers.back().relationships.empty());
}

}  // namespace gdap::test
