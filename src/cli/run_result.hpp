#pragma once

// What a `gdapcheck tenant` run's diagnosis means for its exit code (design §3, README "Exit
// codes"): pure, so every case a scheduler relies on is tested without a run.

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <optional>
#include <string>

namespace gdap::cli {

// --fail-on as a severity; nullopt for `never`.
std::optional<model::Severity> fail_threshold(const std::string& fail_on);

// 3 (incomplete) outranks 1 (findings at or above --fail-on), which outranks 0.
enum class RunResult { passed, failed, incomplete };

// Never a false pass: incomplete when something could not be read or checked and no finding
// explains it (this outranks findings); failed when a finding reaches --fail-on; and incomplete
// again when the only findings that explain the gaps do not fail the run (`--fail-on never` must
// not turn a customer that could not be checked into a pass), unless the partner accepted them
// with a suppression.
RunResult run_result(const model::Diagnosis& diagnosis, const std::string& fail_on);

// The usual exit code of a result: 0, 1 (findings) or 3 (incomplete).
ExitCode exit_code_of(RunResult result);

}  // namespace gdap::cli
