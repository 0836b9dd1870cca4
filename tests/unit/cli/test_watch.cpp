// `tenant --watch`: when a watch stops, how long it waits, and what it prints, with a fake clock
// and scripted rounds (the live rounds themselves are tested end to end against the emulator).

#include "cli/watch.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <variant>
#include <vector>

using Catch::Matchers::Contains;
using gdap::Error;
using gdap::ExitCode;
using gdap::UsageError;
using gdap::cli::RoundReport;
using gdap::cli::wait_after_failures;
using gdap::cli::watch;
using gdap::cli::WatchSettings;
using gdap::cli::WatchWorld;
using nlohmann::json;
using std::chrono::seconds;

namespace {

// A report with one customer, and a missing-roles finding on it unless `fixed`.
json report(bool fixed) {
  json findings = json::array();
  if (!fixed) {
    findings.push_back({{"ruleId", "gdap.missing-roles"},
                        {"severity", "error"},
                        {"tenantId", "11111111-1111-1111-1111-111111111111"},
                        {"title", "Roles the integration needs are missing"}});
  }
  return {{"schemaVersion", 1},
          {"evaluatedAt", "2026-03-01T00:00:00Z"},
          {"complete", true},
          {"partner", {{"tenantId", "partner-tid"}}},
          {"customers",
           {{{"tenantId", "11111111-1111-1111-1111-111111111111"},
             {"displayName", "Contoso Ltd"},
             {"defaultDomain", "contoso.com"},
             {"status", fixed ? "active" : "missing_roles"},
             {"relationships", json::array()}}}},
          {"findings", findings},
          {"summary", json::object()}};
}

RoundReport broken() {
  return {report(false), ExitCode::findings};
}
RoundReport fixed() {
  return {report(true), ExitCode::ok};
}
struct SignInFails {};
struct CtrlC {};
using Step = std::variant<RoundReport, SignInFails, CtrlC>;

// Rounds played from a script; the clock moves only when the watch waits.
struct FakeWorld {
  std::vector<Step> steps;
  std::size_t next = 0;
  seconds now{0};
  std::vector<seconds> waits;
  std::vector<bool> printed_report;
  bool ctrl_c = false;
  std::ostringstream out;
  std::ostringstream err;

  WatchWorld world() {
    return {[this](bool print_report) {
              printed_report.push_back(print_report);
              REQUIRE(next < steps.size());
              const auto step = steps[next++];
              if (std::holds_alternative<SignInFails>(step)) {
                throw gdap::AuthError("the refresh token has expired (AADSTS700082)");
              }
              if (std::holds_alternative<CtrlC>(step)) {
                ctrl_c = true;
                throw Error("interrupted", ExitCode::interrupted);
              }
              if (print_report) {
                out << "FULL REPORT\n";
              }
              return std::get<RoundReport>(step);
            },
            [this] { return now; },
            [this](seconds wait) {
              waits.push_back(wait);
              now += wait;
              return true;
            },
            [this] { return ctrl_c; },
            [] { return std::string("2026-12-07T03:00:00Z"); },
            out,
            err};
  }
};

WatchSettings every(seconds interval) {
  WatchSettings settings;
  settings.interval = interval;
  return settings;
}

}  // namespace

TEST_CASE("watch: the first round prints its report, later ones only what changed", "[cli]") {
  FakeWorld fake;
  fake.steps = {broken(), broken(), fixed()};
  auto settings = every(seconds(1800));
  settings.until_clean = true;
  CHECK(watch(settings, fake.world()) == ExitCode::ok);
  CHECK(fake.printed_report == std::vector<bool>{true, false, false});
  const auto out = fake.out.str();
  CHECK_THAT(out, Contains("FULL REPORT"));
  CHECK_THAT(out, Contains("Round 2 (2026-12-07T03:00:00Z): nothing changed."));
  CHECK_THAT(out, Contains("Round 3 (2026-12-07T03:00:00Z):"));
  CHECK_THAT(out, Contains("gdap.missing-roles"));
  CHECK(fake.waits == std::vector<seconds>{seconds(1800), seconds(1800)});
  CHECK_THAT(fake.err.str(), Contains("clean (--until clean); stopped after 3 rounds (exit 0)"));
}

TEST_CASE("watch: --for starts no round after its time, and the last round's code stands",
          "[cli]") {
  FakeWorld fake;
  fake.steps = {broken(), broken(), broken(), broken()};
  auto settings = every(seconds(1800));
  settings.stop_after = seconds(3600);
  CHECK(watch(settings, fake.world()) == ExitCode::findings);
  CHECK(fake.printed_report.size() == 2);  // at 0 and at 30 minutes; 60 minutes is not before 1h
  CHECK_THAT(fake.err.str(), Contains("--for 1h is up; stopped after 2 rounds (exit 1)"));
}

TEST_CASE("watch: a round that cannot run is said, and the next is tried later, backing off",
          "[cli]") {
  FakeWorld fake;
  fake.steps = {broken(), SignInFails{}, SignInFails{}, fixed()};
  auto settings = every(seconds(60));
  settings.until_clean = true;
  CHECK(watch(settings, fake.world()) == ExitCode::ok);
  CHECK(fake.waits == std::vector<seconds>{seconds(60), seconds(120), seconds(240)});
  const auto err = fake.err.str();
  CHECK_THAT(err, Contains("round 2 (2026-12-07T03:00:00Z) could not run: the refresh token has "
                           "expired (AADSTS700082)"));
  CHECK_THAT(err, Contains("trying again in 4m"));
  // The round after the failures compares with the last round that ran.
  CHECK_THAT(fake.out.str(), Contains("Round 4"));
}

TEST_CASE("watch: when the last round could not run, its code is the watch's", "[cli]") {
  FakeWorld fake;
  fake.steps = {fixed(), SignInFails{}};
  auto settings = every(seconds(600));
  settings.stop_after = seconds(900);
  CHECK(watch(settings, fake.world()) == ExitCode::incomplete);
}

TEST_CASE("watch: Ctrl-C during a round ends the watch with the last finished round's code",
          "[cli]") {
  FakeWorld fake;
  fake.steps = {broken(), CtrlC{}};
  CHECK(watch(every(seconds(5)), fake.world()) == ExitCode::findings);
  CHECK_THAT(fake.err.str(), Contains("Ctrl-C; stopped after 1 round (exit 1)"));

  FakeWorld first;
  first.steps = {CtrlC{}};
  CHECK(watch(every(seconds(5)), first.world()) == ExitCode::interrupted);
}

TEST_CASE("watch: a usage error is not retried", "[cli]") {
  FakeWorld fake;
  WatchWorld world = fake.world();
  world.run_round = [](bool) -> RoundReport { throw UsageError("unknown customer \"x\""); };
  CHECK_THROWS_AS(watch(every(seconds(5)), world), UsageError);
}

TEST_CASE("watch: back-off doubles per failure up to an hour, or the interval when longer",
          "[cli]") {
  CHECK(wait_after_failures(seconds(30), 0) == seconds(30));
  CHECK(wait_after_failures(seconds(30), 1) == seconds(60));
  CHECK(wait_after_failures(seconds(30), 20) == seconds(3600));
  CHECK(wait_after_failures(seconds(7200), 3) == seconds(7200));
}
