#include "run_result.hpp"

#include <algorithm>

namespace gdap::cli {

std::optional<model::Severity> fail_threshold(const std::string& fail_on) {
  if (fail_on == "never") {
    return std::nullopt;
  }
  return model::severity_from_string(fail_on);
}

RunResult run_result(const model::Diagnosis& diagnosis, const std::string& fail_on) {
  if (!diagnosis.complete()) {
    return RunResult::incomplete;
  }
  const auto threshold = fail_threshold(fail_on);
  for (const auto& finding : diagnosis.findings) {
    if (threshold && finding.severity >= *threshold) {
      return RunResult::failed;
    }
  }
  for (const auto& gap : diagnosis.inconclusive) {
    const bool accepted = std::any_of(
        diagnosis.suppressed.begin(), diagnosis.suppressed.end(),
        [&gap](const model::SuppressedFinding& s) { return s.finding.rule_id == gap.blocked_by; });
    if (!accepted) {
      return RunResult::incomplete;
    }
  }
  return RunResult::passed;
}

ExitCode exit_code_of(RunResult result) {
  switch (result) {
    case RunResult::passed:
      return ExitCode::ok;
    case RunResult::failed:
      return ExitCode::findings;
    case RunResult::incomplete:
      break;
  }
  return ExitCode::incomplete;
}

}  // namespace gdap::cli
