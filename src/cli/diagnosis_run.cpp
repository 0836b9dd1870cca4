#include "diagnosis_run.hpp"

#include "live_collection.hpp"
#include "rules_location.hpp"
#include "run_profile.hpp"
#include "run_snapshot.hpp"
#include "snapshot_age.hpp"
#include "suppressions_location.hpp"
#include "usage_errors.hpp"

#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/files.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/redact/redactor.hpp"
#include "gdapcheck/rules/engine.hpp"
#include "gdapcheck/rules/rule_selection.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <chrono>
#include <utility>

namespace gdap::cli {

namespace {

// Before any sign-in or collection: a live run over hundreds of customers must not be thrown away
// at the end because the snapshot cannot be written.
void check_save_destination(const std::string& save_snapshot) {
  if (save_snapshot.empty() || save_snapshot == "-") {
    return;
  }
  if (auto failure = model::why_cannot_replace(save_snapshot)) {
    throw UsageError("--save-snapshot " + save_snapshot + ": " + *failure);
  }
}

model::UnixTime wall_clock_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --redact, once, on the facts: the saved snapshot and every report are made from the redacted
// ones, so none of them sees an original name. Customers are selected before, by the names the
// technician typed, and carried over by their redacted ids.
void redact_run(model::Snapshot& snapshot, rules::Profile& profile,
                rules::EvaluationOptions& evaluation) {
  redact::Redactor redactor(snapshot);
  // Suppressions name tenants as the technician knows them: matched on the original facts.
  evaluation.suppressions = redact_suppressions(redactor, snapshot, evaluation.suppressions);
  snapshot = redactor.snapshot();
  for (auto& tenant_id : evaluation.customers) {
    tenant_id = redactor.id(tenant_id);
  }
  // A profile file of one's own may be named after a customer; a shipped profile's name stays.
  if (rules::names_profile_file(profile.reference)) {
    profile.name = redactor.text(profile.name);
  }
}

}  // namespace

void refuse_live_only_options(const DiagnosisOptions& options) {
  if (options.snapshot.empty()) {
    return;
  }
  const std::array<std::pair<bool, const char*>, 7> live_only = {
      {{options.app_given, "--app"},
       {options.concurrency_given, "--concurrency"},
       {options.cloud_given, "--cloud"},
       {options.account.client_id_option->count() > 0, "--client-id"},
       {options.account.tenant_option->count() > 0, "--tenant"},
       {options.client_secret_stdin, "--client-secret-stdin"},
       {!options.user.empty(), "--user"}}};
  for (const auto& [given, flag] : live_only) {
    if (given) {
      throw UsageError(std::string(flag) +
                       " applies to live collection only; --snapshot reads saved facts offline");
    }
  }
}

PreparedDiagnosis prepare_diagnosis(const Context& context, const DiagnosisOptions& options) {
  check_save_destination(options.save_snapshot);
  PreparedDiagnosis run;
  run.rule_folders = find_rule_folders(context, options.rules_dir);
  run.rule_set = rules::load_rules(run.rule_folders);
  run.suppressions = load_run_suppressions(context, options.suppressions, run.rule_set);
  auto left_out = rules::rules_left_out(run.rule_set, options.only, options.skip);
  if (!left_out.ok()) {
    throw UsageError(left_out.error());
  }
  run.left_out = std::move(left_out).value();
  if (options.client_secret_stdin) {
    run.credential = auth::ClientSecret{read_secret_from_stdin(context)};
  }
  return run;
}

model::Diagnosis diagnose(Context& context, const DiagnosisOptions& options,
                          const PreparedDiagnosis& run) {
  model::Snapshot snapshot;
  rules::Profile profile;
  model::UnixTime evaluation_now = 0;
  const model::UnixTime wall_now = wall_clock_now();  // the round's only reading of the clock
  if (options.snapshot.empty()) {
    profile = rules::with_integration_app(
        profile_for_live_run(options.profile, run.rule_folders, run.rule_set), options.app);
    evaluation_now = evaluation_time(options.as_of, nullptr, wall_now);
    LiveOptions live{options.customers, options.concurrency,
                     options.app,       wall_now,
                     evaluation_now,    account_choice(context, options.account),
                     run.credential,    options.user};
    snapshot = collect_live(context, live, profile);
    snapshot.profile = profile.reference;
    snapshot.app = options.app;
  } else {
    snapshot = read_snapshot(context, options.snapshot);
    evaluation_now = evaluation_time(options.as_of, &snapshot, wall_now);
    profile = rules::with_integration_app(
        profile_for_snapshot(options.profile, snapshot, options.snapshot, run.rule_folders,
                             run.rule_set),
        snapshot.app);
  }
  profile.disabled_rules.insert(profile.disabled_rules.end(), run.left_out.begin(),
                                run.left_out.end());
  rules::EvaluationOptions evaluation;
  evaluation.now = evaluation_now;
  auto selection = model::select_customers(options.customers, snapshot.customers);
  if (!selection.ok()) {
    throw UsageError(selection.error().message());
  }
  evaluation.customers = std::move(selection).value();
  evaluation.suppressions = run.suppressions;
  evaluation.role_grid = run.role_grid;
  if (options.redact) {
    redact_run(snapshot, profile, evaluation);
  }
  if (!options.save_snapshot.empty()) {
    save_snapshot(context, options.save_snapshot, snapshot);
  }

  const std::string collected_at = snapshot.collected_at;
  // The facts go as the rules judge them: a customer's are let go once it is judged, so a large
  // partner's facts and its diagnosis are never all held at once (and none is held while a report
  // is rendered).
  auto diagnosis = rules::evaluate(std::move(snapshot), run.rule_set, profile, evaluation);
  if (!run.left_out.empty()) {
    // A narrowed run must say so before any verdict: a pass covers only the rules it ran.
    diagnosis.warnings.push_back(
        fmt::format("{} of {} rules left out by --only/--skip: {}; they were not checked",
                    run.left_out.size(), run.rule_set.rules.size(), fmt::join(run.left_out, ", ")));
  }
  if (!options.snapshot.empty() && options.as_of == "now") {
    if (auto warning = stale_snapshot_warning(collected_at, evaluation_now)) {
      diagnosis.warnings.push_back(std::move(*warning));
    }
  }
  return diagnosis;
}

}  // namespace gdap::cli
