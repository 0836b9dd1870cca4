#pragma once

// Private to cli: `gdapcheck fix --apply`. For each change of the plan that gdapcheck can make
// itself (model::Action), it says what it is about to do, asks on a terminal (or goes on with
// --yes), gets a token with the one Graph permission the change needs (asking for consent once
// when the account has not given it), sends the requests, writes each one to the audit log, and
// finally collects again and says, per finding, whether it is fixed.

#include "commands.hpp"
#include "diagnosis_run.hpp"

#include "gdapcheck/report/fix_plan.hpp"

#include <filesystem>

namespace gdap::cli {

// Where every request `fix --apply` sends is recorded: audit.jsonl beside the token cache.
std::filesystem::path audit_log_path(const std::filesystem::path& cache_dir);

// --apply changes tenants: without a terminal to ask at, only --yes may go on; and a plan from a
// --snapshot cannot be applied (its facts may be old). Exit 2 before any sign-in.
void refuse_apply_without_consent(const Context& context, const DiagnosisOptions& options,
                                  bool yes);

// Apply what gdapcheck can of `plan` (made from `before`), then collect again and report. Sets
// the exit code: 0 nothing left to fix, 1 something left (or a change failed), 3 incomplete.
void apply_fix_plan(Context& context, const DiagnosisOptions& options, const PreparedDiagnosis& run,
                    const report::FixPlan& plan, bool yes);

}  // namespace gdap::cli
