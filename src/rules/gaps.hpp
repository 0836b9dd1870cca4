#pragma once

// The gaps of an evaluation (rules that could not be decided) and the findings that explain them.
// Private to the rule engine.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/rules/rule.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace gdap::rules::detail {

// A gap before the engine knows whether a finding explains it.
struct PendingGap {
  model::Inconclusive gap;
  std::string explaining_check;       // Unknown::explained_by_check
  std::size_t rule_position = 0;      // in the rule set
  std::size_t customer_position = 0;  // 0 for the partner, else 1 + the customer's index
};

// The gaps in rule order, then customer order, each blocked by the finding that explains it, if
// one fired: a finding of the check it names, or one that shuts its tenant out (`findings` are
// every finding of the evaluation, suppressed ones included: they are still true).
std::vector<model::Inconclusive> settle_gaps(std::vector<PendingGap> gaps,
                                             const std::vector<model::Finding>& findings,
                                             const RuleSet& rules,
                                             std::span<const model::Customer* const> customers,
                                             const std::string& partner_tid);

}  // namespace gdap::rules::detail
