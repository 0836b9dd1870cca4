#pragma once

// The rule engine: Snapshot × Profile × rules → Diagnosis. Pure: no I/O, no clock (the
// evaluation time is given), so every rule can be tested with plain values.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/rules/profile.hpp"
#include "gdapcheck/rules/rule.hpp"
#include "gdapcheck/rules/suppressions.hpp"

#include <string>
#include <vector>

namespace gdap::rules {

struct EvaluationOptions {
  model::UnixTime now = 0;
  // Tenant ids of the customers to diagnose (model::select_customers); empty means every
  // customer in the snapshot.
  std::vector<std::string> customers;
  // Accepted exceptions: their findings go to Diagnosis::suppressed and leave the status alone;
  // each one expired, or in force but matching no finding, adds a warning.
  std::vector<Suppression> suppressions;
  // Whether to work out each customer's role grid (CustomerResult::roles), which only the HTML
  // report shows: without one, a large partner's diagnosis is about 0.9 KB a customer smaller.
  bool role_grid = true;
};

model::Diagnosis evaluate(const model::Snapshot& snapshot, const RuleSet& rules,
                          const Profile& profile, const EvaluationOptions& options);
// The same diagnosis from a snapshot the caller gives up: each customer's facts are let go as
// soon as it is judged (the partner's rules, which may speak about every customer, run first), so
// a large partner's facts and its diagnosis are never all in memory at once.
model::Diagnosis evaluate(model::Snapshot&& snapshot, const RuleSet& rules, const Profile& profile,
                          const EvaluationOptions& options);

// Derives a customer's status from the findings and gaps of the rules that imply a status
// (design §4): the worst implied status wins; a status whose rule could not be decided makes
// the customer `unknown`, never a pass. Exposed for tests.
struct StatusEvidence {
  model::CustomerStatus status;
  bool fired = false;      // a finding implies this status
  bool undecided = false;  // a rule that implies it was inconclusive
  std::string reason;      // why undecided
};
model::CustomerStatus derive_status(const std::vector<StatusEvidence>& evidence,
                                    std::string& reason);

}  // namespace gdap::rules
