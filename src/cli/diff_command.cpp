// gdapcheck diff OLD NEW: what changed between two runs (design §3), from two snapshots, two JSON
// reports, or one of each. A snapshot is first judged as `tenant --snapshot` would (its recorded
// profile, as of its collection), so both sides are reports and only compared here.
#include "commands.hpp"
#include "rules_location.hpp"
#include "run_profile.hpp"

#include "gdapcheck/build_info.hpp"
#include "gdapcheck/model/drift.hpp"
#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/report/drift.hpp"
#include "gdapcheck/report/json.hpp"
#include "gdapcheck/rules/engine.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gdap::cli {

namespace {

struct DiffOptions {
  std::string older;
  std::string newer;
  bool json = false;
  std::string profile;
  std::string rules_dir;
};

std::string read_input(const Context& context, const std::string& path) {
  if (path != "-") {
    return model::read_text_file(path);
  }
  if (context.streams.in == nullptr) {
    throw InputError("-: there is no standard input to read");
  }
  return model::read_text_stream(*context.streams.in, "standard input");
}

std::string source_name(const std::string& path) {
  return path == "-" ? "standard input" : path;
}

// A snapshot's report, as `gdapcheck tenant --snapshot FILE --json` gives it.
nlohmann::json report_of_snapshot(const Context& context, const DiffOptions& options,
                                  const std::string& text, const std::string& path) {
  const auto snapshot = model::parse_snapshot(text, source_name(path));
  const auto collected = model::parse_timestamp(snapshot.collected_at);
  if (!collected) {
    throw InputError(source_name(path) +
                     ": the snapshot does not say when it was collected (collectedAt), so it "
                     "cannot be judged as of then");
  }
  const auto folders = find_rule_folders(context, options.rules_dir);
  const auto rule_set = rules::load_rules(folders);
  const auto profile = profile_for_snapshot(options.profile, snapshot, path, folders, rule_set);
  rules::EvaluationOptions evaluation;
  evaluation.now = *collected;
  const auto diagnosis = rules::evaluate(snapshot, rule_set, profile, evaluation);
  return nlohmann::json::parse(report::render_json(diagnosis, {std::string(build::version())}));
}

nlohmann::json report_of(const Context& context, const DiffOptions& options,
                         const std::string& path) {
  const std::string text = read_input(context, path);
  std::vector<model::Problem> problems;
  const auto document = model::parse_json_object(text, problems);
  if (!document) {
    throw InputError(model::format_problems(source_name(path), problems));
  }
  if (model::looks_like_report(*document)) {
    return *document;
  }
  return report_of_snapshot(context, options, text, path);
}

void run_diff(Context& context, const DiffOptions& options) {
  if (options.older == "-" && options.newer == "-") {
    throw UsageError("OLD and NEW cannot both be standard input (-)");
  }
  const auto older = report_of(context, options, options.older);
  const auto newer = report_of(context, options, options.newer);
  auto compared = model::compare_reports(older, newer);
  if (!compared.ok()) {
    std::string message;
    for (const auto& [path, problems] : {std::pair{options.older, &compared.error().older},
                                         std::pair{options.newer, &compared.error().newer}}) {
      if (!problems->empty()) {
        message += message.empty() ? "" : "\n";
        message += model::format_problems(source_name(path), *problems);
      }
    }
    throw InputError(message);
  }
  const report::DriftSources sources{source_name(options.older), source_name(options.newer)};
  const auto& drift = compared.value();
  context.streams.out << (options.json ? report::render_drift_json(drift, sources)
                                       : report::render_drift_text(drift, sources));
  context.exit_code = drift.got_worse() ? ExitCode::findings : ExitCode::ok;
}

}  // namespace

void register_diff_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<DiffOptions>();
  auto* command = app.add_subcommand(
      "diff",
      "What changed between two runs: two snapshots or JSON reports (or one of each). Exit 1 "
      "when anything got worse, else 0");
  command->add_option("OLD", options->older, "The earlier snapshot or JSON report (- for stdin)")
      ->required()
      ->type_name("FILE");
  command->add_option("NEW", options->newer, "The later snapshot or JSON report (- for stdin)")
      ->required()
      ->type_name("FILE");
  command->add_flag("--json", options->json, "Print the changes as JSON");
  command
      ->add_option("--profile", options->profile,
                   "Requirement set to judge snapshots by (default: the one each was collected "
                   "with, else default); reports are compared as they are")
      ->type_name("NAME|FILE");
  add_rules_dir_option(*command, options->rules_dir);
  command->callback([&context, options] { run_diff(context, *options); });
}

}  // namespace gdap::cli
