#pragma once

// Which rules a run evaluates when the command line narrows them (`--only`, `--skip`): a
// scheduled job that pages someone only for what it is about. Pure; the ids are checked against
// the rule set in use, so a typo is an error, never a rule silently not run.

#include "gdapcheck/result.hpp"
#include "gdapcheck/rules/rule.hpp"

#include <string>
#include <vector>

namespace gdap::rules {

// `unknown rule id "X"`, with the closest real ids when some are close ("did you mean").
std::string unknown_rule_message(const std::string& id, const RuleSet& rules);

// The ids of the rules the run leaves out: with `only` non-empty every rule it does not name,
// then every rule `skip` names. Each entry is a rule id or a whole family ("gdap.*", "tenant.*").
// An entry that names no rule is the error (the message says which and suggests the closest).
Result<std::vector<std::string>, std::string> rules_left_out(const RuleSet& rules,
                                                             const std::vector<std::string>& only,
                                                             const std::vector<std::string>& skip);

}  // namespace gdap::rules
