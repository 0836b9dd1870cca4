// gdapcheck fix [CUSTOMER...]: what would fix the findings, as a plan (what, where, why, the
// PowerShell) or as one PowerShell script (--script). It diagnoses as `gdapcheck tenant` does —
// live, or from a --snapshot — and changes nothing, unless --apply makes the changes it can
// (fix_apply.hpp).
#include "account_choice.hpp"
#include "commands.hpp"
#include "diagnosis_run.hpp"
#include "fix_apply.hpp"
#include "rules_location.hpp"
#include "run_result.hpp"

#include "gdapcheck/report/fix_plan.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace gdap::cli {

namespace {

struct FixOptions : DiagnosisOptions {
  bool script = false;
  bool apply = false;
  bool yes = false;
  SecretTrap secret_on_argv;
};

void run_fix(Context& context, const FixOptions& options) {
  refuse_live_only_options(options);
  if (options.yes && !options.apply) {
    throw UsageError("--yes answers the questions of --apply; without --apply nothing is changed");
  }
  if (options.apply && options.script) {
    throw UsageError("--script prints the changes for PowerShell; --apply makes them: choose one");
  }
  if (options.apply) {
    refuse_apply_without_consent(context, options, options.yes);
  }
  const auto run = prepare_diagnosis(context, options);
  const auto diagnosis = diagnose(context, options, run);
  const auto plan = report::plan_fixes(diagnosis);
  context.streams.out << (options.script ? report::render_fix_script(plan)
                                         : report::render_fix_plan_text(plan));
  // As `tenant --fail-on info`: something to fix is 1, and a plan made from facts that could not
  // all be read is incomplete (3): it may miss what those facts would have needed.
  const auto result = run_result(diagnosis, "info");
  if (result == RunResult::incomplete) {
    context.streams.err << "gdapcheck: some facts could not be read; the plan covers only what "
                           "was read (exit 3)\n";
  }
  context.exit_code = exit_code_of(result);
  if (options.apply) {
    apply_fix_plan(context, options, run, plan, options.yes);
  }
}

}  // namespace

void register_fix_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<FixOptions>();
  auto* command = app.add_subcommand(
      "fix",
      "What would fix the findings: a plan (what, where, why, the PowerShell) or, with --script, "
      "one PowerShell script; with --apply, make the safe changes through Microsoft Graph and "
      "check again. Diagnoses as tenant does");
  command->add_option("customers", options->customers,
                      "Customers to plan for: tenant id, domain or display name (default: all)");
  command
      ->add_option("--snapshot", options->snapshot,
                   "Plan from a saved snapshot offline (no sign-in, no network)")
      ->check(CLI::ExistingFile);
  command->add_flag("--script", options->script,
                    "Print the plan as one PowerShell script (Connect-MgGraph and "
                    "Disconnect-MgGraph per tenant) instead of the plan");
  command->add_flag("--apply", options->apply,
                    "Make the changes gdapcheck can (add the account to a group, create a "
                    "service principal, turn on auto-extend, give a group a relationship's "
                    "roles, request a new relationship for approval), asking before each one, "
                    "then collect again; every request goes to the audit log");
  command->add_flag("--yes", options->yes,
                    "With --apply: make every change without asking (needed when standard "
                    "input is not a terminal)");
  command
      ->add_option("--profile", options->profile,
                   "Requirement set: default, syncro, cipp, sync365, entra-sync, or a profile "
                   "file (default: the one a --snapshot was collected with, else default)")
      ->type_name("NAME|FILE");
  add_rules_dir_option(*command, options->rules_dir);
  command
      ->add_option("--suppressions", options->suppressions,
                   "Accepted exceptions (as for tenant): their findings are not planned")
      ->type_name("FILE");
  command->add_option("--as-of", options->as_of,
                      "Evaluate as of this UTC time (ISO-8601) or \"now\"");
  auto* app_option =
      command->add_option("--app,--app-id", options->app,
                          "The integration's own app registration to check (as for tenant)");
  add_account_flags(*command, options->account,
                    "Collect as the cached account of this (partner) tenant (as for tenant)");
  command->add_flag("--client-secret-stdin", options->client_secret_stdin,
                    "App-only: read the client secret from standard input (or set "
                    "GDAPCHECK_CLIENT_SECRET); never pass it as an argument");
  command
      ->add_option("--user", options->user,
                   "The partner account whose GDAP path is checked and fixed (UPN or object id)")
      ->type_name("UPN");
  add_secret_trap(*command, options->secret_on_argv);
  command->callback([&context, options, command, app_option] {
    refuse_secret_on_argv(options->secret_on_argv);
    options->app_given = app_option->count() > 0;
    options->cloud_given = command->get_parent()->get_option("--cloud")->count() > 0;
    run_fix(context, *options);
  });
}

}  // namespace gdap::cli
