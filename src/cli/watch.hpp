#pragma once

// `gdapcheck tenant --watch INTERVAL`: the same check again and again, for a scheduler or a
// technician waiting for a fix to propagate. The first round prints its whole report; each later
// round prints only what changed since the one before (as `gdapcheck diff` does). A round that
// fails as a whole (sign-in, network) is said and tried again later, backing off; the watch stops
// when the findings are gone (--until clean), when --for is up, or on Ctrl-C, and exits with its
// last round's code. Only the last round's report is kept.
//
// The loop is pure over `WatchWorld`, so the decisions (when to stop, how long to wait, what to
// print) are tested with a fake clock and fake rounds.

#include "commands.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

namespace gdap::cli {

struct WatchSettings {
  std::chrono::seconds interval{};
  std::optional<std::chrono::seconds> stop_after;  // --for
  bool until_clean = false;                        // --until clean
};

// What a round that ran ended with. (nlohmann::json moves without throwing; as for BatchAnswer,
// bugprone-exception-escape sees only the assertion path of its debug build.)
struct RoundReport {      // NOLINT(bugprone-exception-escape)
  nlohmann::json report;  // its JSON report (design §4), compared with the next round's
  ExitCode code = ExitCode::ok;
};

struct WatchWorld {
  // Collects, diagnoses and writes the round's reports (the whole report to standard output only
  // when `print_report`); throws Error when the round could not run.
  std::function<RoundReport(bool print_report)> run_round;
  std::function<std::chrono::seconds()> elapsed;  // since the watch started (a steady clock)
  // Waits; false when Ctrl-C ended the wait.
  std::function<bool(std::chrono::seconds)> wait;
  std::function<bool()> interrupted;
  std::function<std::string()> now_text;  // "2026-12-07T03:00:00Z", for the round headings
  std::ostream& out;
  std::ostream& err;
};

// How long to wait before trying again after `failures_in_a_row` rounds that could not run:
// the interval doubled for each, never more than an hour (or the interval, when that is longer).
std::chrono::seconds wait_after_failures(std::chrono::seconds interval,
                                         std::size_t failures_in_a_row);

// Runs rounds until a stop condition; returns the exit code of the last round.
ExitCode watch(const WatchSettings& settings, const WatchWorld& world);

// --watch, --until and --for as typed. UsageError for a duration that is not one.
WatchSettings watch_settings(const std::string& interval, const std::string& until,
                             const std::string& stop_after);

// watch() in the real world: a steady clock, Ctrl-C (between rounds it ends the watch, not the
// process), the wall clock for the round headings, the context's streams.
ExitCode watch_live(Context& context, const WatchSettings& settings,
                    const std::function<RoundReport(bool print_report)>& run_round);

}  // namespace gdap::cli
