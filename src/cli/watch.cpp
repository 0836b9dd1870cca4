#include "watch.hpp"

#include "auth_interrupt.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/drift.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/report/drift.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gdap::cli {

namespace {

using std::chrono::seconds;

constexpr seconds k_longest_back_off{3600};

// Round N's changes since round N-1, or one line when there are none (a night of quiet rounds
// is a page of single lines, not of headings).
std::string changes_text(const nlohmann::json& older, const nlohmann::json& newer,
                         std::size_t round, const std::string& now) {
  auto drift = model::compare_reports(older, newer);
  if (!drift.ok()) {
    // Both are gdapcheck's own reports of this run: a mismatch is a bug, not bad input.
    throw Error("internal error: a round's report could not be compared with the last one",
                ExitCode::internal);
  }
  if (drift.value().nothing_changed()) {
    return fmt::format("Round {} ({}): nothing changed.\n", round, now);
  }
  return fmt::format("\nRound {} ({}):\n", round, now) +
         report::render_drift_text(
             drift.value(), {fmt::format("round {}", round - 1), fmt::format("round {}", round)});
}

}  // namespace

seconds wait_after_failures(seconds interval, std::size_t failures_in_a_row) {
  const seconds ceiling = std::max(interval, k_longest_back_off);
  seconds wait = interval;
  for (std::size_t i = 0; i < failures_in_a_row && wait < ceiling; ++i) {
    wait *= 2;
  }
  return std::min(wait, ceiling);
}

ExitCode watch(const WatchSettings& settings, const WatchWorld& world) {
  std::optional<nlohmann::json> last_report;  // the last round that ran
  std::optional<ExitCode> last_code;          // of the last round, whether it ran or failed
  std::size_t rounds = 0;
  std::size_t failures_in_a_row = 0;
  const auto stop = [&](const std::string& why) {
    world.err << "gdapcheck: " << why << "; stopped after " << rounds
              << (rounds == 1 ? " round" : " rounds") << " (exit "
              << to_int(last_code.value_or(ExitCode::interrupted)) << ")\n";
    return last_code.value_or(ExitCode::interrupted);
  };
  world.err << "gdapcheck: checking every " << model::duration_text(settings.interval)
            << (settings.until_clean ? " until clean" : "")
            << (settings.stop_after ? " for " + model::duration_text(*settings.stop_after) : "")
            << "; Ctrl-C stops\n";
  for (;;) {
    ++rounds;
    const std::string started = world.now_text();
    try {
      auto round = world.run_round(!last_report.has_value());
      if (last_report) {
        world.out << changes_text(*last_report, round.report, rounds, started);
        world.out.flush();
      }
      last_report = std::move(round.report);
      last_code = round.code;
      failures_in_a_row = 0;
    } catch (const Error& error) {
      // A wrong option or file (usage, which UsageError and InputError carry) does not mend
      // itself by waiting, and a bug in gdapcheck (internal) would meet the next round again.
      if (error.code() == ExitCode::usage || error.code() == ExitCode::internal) {
        throw;
      }
      if (error.code() == ExitCode::interrupted || world.interrupted()) {
        --rounds;  // the round that was cut short does not count
        return stop("Ctrl-C");
      }
      last_code = error.code();
      ++failures_in_a_row;
      world.err << "gdapcheck: round " << rounds << " (" << started
                << ") could not run: " << model::display_text(error.what()) << '\n';
    }
    if (world.interrupted()) {
      return stop("Ctrl-C");
    }
    if (settings.until_clean && last_code == ExitCode::ok) {
      return stop("clean (--until clean)");
    }
    const seconds wait = wait_after_failures(settings.interval, failures_in_a_row);
    if (settings.stop_after && world.elapsed() + wait >= *settings.stop_after) {
      return stop(fmt::format("--for {} is up", model::duration_text(*settings.stop_after)));
    }
    if (failures_in_a_row > 0) {
      world.err << "gdapcheck: trying again in " << model::duration_text(wait) << '\n';
    }
    world.err.flush();
    if (!world.wait(wait)) {
      return stop("Ctrl-C");
    }
  }
}

WatchSettings watch_settings(const std::string& interval, const std::string& until,
                             const std::string& stop_after) {
  const auto duration = [](const char* flag, const std::string& value) {
    if (auto parsed = model::parse_duration(value)) {
      return *parsed;
    }
    throw UsageError(
        fmt::format("{}: \"{}\" is not a duration (a number and a unit: 45s, 30m, 2h, 1h30m, 1d)",
                    flag, model::echoed(value)));
  };
  WatchSettings settings;
  settings.interval = duration("--watch", interval);
  if (!stop_after.empty()) {
    settings.stop_after = duration("--for", stop_after);
  }
  settings.until_clean = until == "clean";
  return settings;
}

ExitCode watch_live(Context& context, const WatchSettings& settings,
                    const std::function<RoundReport(bool print_report)>& run_round) {
  const InterruptGuard interrupt_guard;
  const auto started = std::chrono::steady_clock::now();
  const WatchWorld world{
      run_round,
      [started] {
        return std::chrono::duration_cast<seconds>(std::chrono::steady_clock::now() - started);
      },
      [](seconds wait) {
        interruptible_sleep(wait);
        return !interrupted();
      },
      [] { return interrupted(); },
      [] { return model::format_timestamp(model::to_unix_time(std::chrono::system_clock::now())); },
      context.streams.out,
      context.streams.err};
  return watch(settings, world);
}

}  // namespace gdap::cli
