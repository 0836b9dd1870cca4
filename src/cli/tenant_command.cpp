// gdapcheck tenant: diagnose the partner and its customers (design §3).
#include "account_choice.hpp"
#include "commands.hpp"
#include "diagnosis_run.hpp"
#include "live_collection.hpp"
#include "report_outputs.hpp"
#include "rules_location.hpp"
#include "run_profile.hpp"
#include "run_result.hpp"
#include "run_snapshot.hpp"
#include "snapshot_age.hpp"
#include "suppressions_location.hpp"
#include "usage_errors.hpp"
#include "watch.hpp"

#include "gdapcheck/build_info.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/files.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/redact/redactor.hpp"
#include "gdapcheck/report/json.hpp"
#include "gdapcheck/rules/engine.hpp"
#include "gdapcheck/rules/loader.hpp"
#include "gdapcheck/rules/rule_selection.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gdap::cli {

namespace {

struct TenantOptions : DiagnosisOptions {
  bool json = false;
  std::string format = "text";
  std::string fail_on = "error";
  std::vector<std::string> outputs;  // -o FILE[:FORMAT]
  int incomplete_exit = to_int(ExitCode::incomplete);
  SecretTrap secret_on_argv;
  std::string watch;          // --watch INTERVAL; empty: one round
  std::string until;          // --until clean
  std::string watch_for;      // --for DURATION
  bool format_given = false;  // given on the command line (its default cannot tell)
};

// Options that contradict each other, or that would be silently ignored, are refused: a script
// must never run with a setting it did not get.
void refuse_conflicting_options(const TenantOptions& options) {
  if (options.json && options.format_given && options.format != "json") {
    throw UsageError("--json and --format " + options.format +
                     " ask for two different formats: give one of them");
  }
  if (options.watch.empty()) {
    for (const auto& [value, flag] :
         {std::pair{&options.until, "--until"}, std::pair{&options.watch_for, "--for"}}) {
      if (!value->empty()) {
        throw UsageError(std::string(flag) + " says when --watch stops: give --watch INTERVAL");
      }
    }
  } else if (!options.snapshot.empty()) {
    throw UsageError("--watch collects again every round; it cannot watch a --snapshot file");
  } else if (options.save_snapshot == "-") {
    throw UsageError(
        "--watch prints each round's changes on standard output; save the snapshot "
        "to a file (--save-snapshot FILE, replaced every round)");
  }
  if (options.snapshot.empty()) {
    return;
  }
  refuse_live_only_options(options);
  if (!options.save_snapshot.empty() && options.save_snapshot != "-" &&
      model::same_file(options.snapshot, options.save_snapshot)) {
    throw UsageError("--save-snapshot " + options.save_snapshot +
                     " would overwrite the --snapshot file it reads: save to another file");
  }
}

struct PreparedRun {
  std::vector<ReportTarget> targets;
  PreparedDiagnosis diagnosis;
};

PreparedRun prepare_run(const Context& context, const TenantOptions& options) {
  refuse_conflicting_options(options);
  PreparedRun run;
  run.targets =
      plan_report_targets({options.outputs, options.json ? "json" : options.format,
                           options.format_given || options.json, options.save_snapshot == "-"});
  check_report_targets(run.targets, {options.snapshot, options.save_snapshot});
  run.diagnosis = prepare_diagnosis(context, options);
  run.diagnosis.role_grid =
      std::any_of(run.targets.begin(), run.targets.end(),
                  [](const ReportTarget& target) { return target.format == "html"; });
  return run;
}

// Writes the reports to `targets` and says what the run's exit code is.
ExitCode finish(Context& context, const TenantOptions& options, const model::Diagnosis& diagnosis,
                const std::vector<ReportTarget>& targets) {
  write_reports(
      context, targets, diagnosis,
      {use_color(context), fail_threshold(options.fail_on), std::string(build::version())});
  if (const auto result = run_result(diagnosis, options.fail_on); result != RunResult::incomplete) {
    return exit_code_of(result);
  }
  context.streams.err << "gdapcheck: some facts could not be read or checked; the result is "
                         "incomplete (exit "
                      << options.incomplete_exit << ")\n";
  // Any code the scheduler wants (--incomplete-exit); the enum has a fixed int underneath.
  return static_cast<ExitCode>(options.incomplete_exit);
}

// The last diagnosis is never freed: the process ends once its reports are written, and freeing
// a large partner's findings one by one took as long as writing its JSON report (the system takes
// the memory back at once). Reachable from a static, so leak checkers do not count it; a later
// run in the same process (the tests) frees the one before.
void keep_until_exit(model::Diagnosis&& diagnosis) {
  static auto* const kept = new model::Diagnosis();
  *kept = std::move(diagnosis);
}

ExitCode watch_tenant(Context& context, const TenantOptions& options, const PreparedRun& run) {
  const auto settings = watch_settings(options.watch, options.until, options.watch_for);
  for (const auto& target : run.targets) {
    if (target.path.empty() && target.format != "text") {
      throw UsageError(
          "--watch prints the first report and then each round's changes as text; "
          "write every round's whole " +
          target.format + " report to a file with -o FILE:" + target.format);
    }
  }
  std::vector<ReportTarget> files;  // every round replaces them with its whole report
  std::copy_if(run.targets.begin(), run.targets.end(), std::back_inserter(files),
               [](const ReportTarget& target) { return !target.path.empty(); });
  return watch_live(context, settings, [&](bool print_report) {
    const auto diagnosis = diagnose(context, options, run.diagnosis);
    RoundReport round;
    round.code = finish(context, options, diagnosis, print_report ? run.targets : files);
    round.report =
        nlohmann::json::parse(report::render_json(diagnosis, {std::string(build::version())}));
    return round;
  });
}

void run_tenant(Context& context, const TenantOptions& options) {
  const auto run = prepare_run(context, options);
  if (!options.watch.empty()) {
    context.exit_code = watch_tenant(context, options, run);
    return;
  }
  auto diagnosis = diagnose(context, options, run.diagnosis);
  context.exit_code = finish(context, options, diagnosis, run.targets);
  keep_until_exit(std::move(diagnosis));
}

}  // namespace

void register_tenant_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<TenantOptions>();
  auto* command =
      app.add_subcommand("tenant", "Diagnose the partner tenant and every (or the named) customer");
  command->add_option("customers", options->customers,
                      "Customers to diagnose: tenant id, domain or display name (default: all)");
  command
      ->add_option("--snapshot", options->snapshot,
                   "Diagnose a saved snapshot offline (no sign-in, no network); - reads it from "
                   "standard input")
      ->check(CLI::Validator(
          [](const std::string& path) {
            return path == "-" ? std::string() : CLI::ExistingFile(path);
          },
          "FILE|-"));
  command->add_flag("--json", options->json, "Same as --format json");
  auto* format = command
                     ->add_option("--format", options->format,
                                  "Report format: text, json, markdown, html, csv or junit")
                     ->transform(one_of(report_formats()))
                     ->capture_default_str();
  command
      ->add_option(
          "-o,--output", options->outputs,
          "Also write a report to FILE, atomically; the format follows FILE:FORMAT or the "
          "extension (.txt .json .md .html .csv .xml for junit); - is standard output. "
          "Repeatable. With -o, standard output gets a report only for --format/--json or -o -")
      ->type_name("FILE");
  command
      ->add_option("--profile", options->profile,
                   "Requirement set: default, syncro, cipp, sync365, entra-sync, or a profile "
                   "file (default: the one a --snapshot was collected with, else default)")
      ->type_name("NAME|FILE");
  command
      ->add_option("--fail-on", options->fail_on,
                   "Exit 1 when a finding is at or above: error, warning, info or never")
      ->transform(one_of({"error", "warning", "info", "never"}))
      ->capture_default_str();
  add_rules_dir_option(*command, options->rules_dir);
  command
      ->add_option("--only", options->only,
                   "Evaluate only these rules: ids or families (gdap.*), comma-separated or "
                   "repeated; an unknown id is an error")
      ->delimiter(',')
      ->type_name("RULE");
  command
      ->add_option("--skip", options->skip,
                   "Leave these rules out: ids or families (tenant.*), comma-separated or "
                   "repeated; an unknown id is an error")
      ->delimiter(',')
      ->type_name("RULE");
  command
      ->add_option("--incomplete-exit", options->incomplete_exit,
                   "Exit code when something could not be read or checked (default 3)")
      ->check(CLI::Range(0, 255))
      ->type_name("N");
  command
      ->add_option("--suppressions", options->suppressions,
                   "Accepted exceptions: a JSON list of {ruleId, tenant, reason, expires}; their "
                   "findings are listed apart and fail nothing (default: "
                   "$XDG_CONFIG_HOME/gdapcheck/suppressions.json when it exists)")
      ->type_name("FILE");
  command->add_option("--as-of", options->as_of,
                      "Evaluate as of this UTC time (ISO-8601) or \"now\" (default: now when "
                      "collecting live, the snapshot's collection time with --snapshot)");
  command
      ->add_option("--save-snapshot", options->save_snapshot,
                   "Also write the collected facts to FILE (no tokens; attach it to a ticket); "
                   "- writes them to standard output")
      ->type_name("FILE");
  command->add_flag("--redact", options->redact,
                    "Replace display names, domains, UPNs and mail addresses by stable pseudonyms "
                    "(Customer-3, customer-3.example) and cut ids to their last segment, in the "
                    "report, every -o file and the saved snapshot (for tickets)");
  auto* concurrency =
      command
          ->add_option("--concurrency", options->concurrency,
                       "Requests in flight at most (default " +
                           std::to_string(graph::k_default_concurrency) + "; starts at " +
                           std::to_string(graph::k_initial_concurrency) +
                           ", doubles every round trip while answers come back clean, comes "
                           "down in proportion while Microsoft throttles)")
          ->check(CLI::Range(std::size_t{1}, graph::k_default_concurrency));
  command
      ->add_option("--watch", options->watch,
                   "Check again every INTERVAL (45s, 30m, 2h): the first report in full, then "
                   "each round's changes; a round that fails is retried later, backing off. "
                   "Exits with the last round's code")
      ->type_name("INTERVAL");
  command
      ->add_option("--until", options->until,
                   "With --watch: stop after the first round with no finding at or above "
                   "--fail-on and nothing unread (exit 0)")
      ->transform(one_of({"clean"}))
      ->type_name("clean");
  command
      ->add_option("--for", options->watch_for,
                   "With --watch: start no round after DURATION (e.g. 8h)")
      ->type_name("DURATION");
  auto* app_option =
      command->add_option("--app,--app-id", options->app,
                          "The integration's own app registration to check, by application id or "
                          "by display name (profiles that check one, e.g. entra-sync)");
  add_account_flags(*command, options->account,
                    "Collect as the cached account of this (partner) tenant: its id, or the "
                    "tenant an app signed in to (default: GDAPCHECK_TENANT, else the account "
                    "last signed in)");
  command->add_flag("--client-secret-stdin", options->client_secret_stdin,
                    "App-only: read the client secret from standard input when new tokens are "
                    "needed (or set GDAPCHECK_CLIENT_SECRET); never pass it as an argument");
  command
      ->add_option("--user", options->user,
                   "The partner account whose GDAP path is checked (UPN or object id): its "
                   "transitive groups and roles, read with the signed-in account's (or the app's) "
                   "permissions (default: the signed-in person; none for an app-only sign-in)")
      ->type_name("UPN");
  add_secret_trap(*command, options->secret_on_argv);
  command->callback([&context, options, command, format, concurrency, app_option] {
    refuse_secret_on_argv(options->secret_on_argv);
    options->format_given = format->count() > 0;
    options->concurrency_given = concurrency->count() > 0;
    options->app_given = app_option->count() > 0;
    options->cloud_given = command->get_parent()->get_option("--cloud")->count() > 0;
    run_tenant(context, *options);
  });
}

}  // namespace gdap::cli
