#pragma once

// Accepted exceptions (`gdapcheck tenant --suppressions FILE`): findings the partner knows about
// and accepts for a while. A suppressed finding is still reported, apart, with its reason and
// expiry; it neither fails the run nor sets its customer's status. Each one ends: an expired
// suppression suppresses nothing and is itself a warning, so an exception is never forgotten.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/rules/rule.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::rules {

inline constexpr std::string_view k_any_tenant = "*";

struct Suppression {
  std::string rule_id;  // one rule of the loaded rule set
  // The tenant, named as on the command line (model::match_customer, whole names only): a tenant
  // id, a domain or a display name, or "*" for every tenant including the partner.
  std::string tenant;
  std::string reason;
  std::string expires;  // as written: an ISO-8601 date (the whole day counts) or date-time
  model::UnixTime expires_at = 0;  // the first second it no longer holds
  // Where it is written, for warnings: the file and the entry's JSON path ("/3").
  std::string source;
  std::string json_path;
};

// Parses a suppressions file: a JSON array of {ruleId, tenant, reason, expires}. Returns nullopt
// and adds problems (with their JSON paths) for an unknown key, a wrong type, a bad date, a rule
// id `rules` does not know or an empty reason or tenant.
std::optional<std::vector<Suppression>> parse_suppressions(std::string_view text,
                                                           std::string_view source,
                                                           const RuleSet& rules,
                                                           std::vector<model::Problem>& problems);

// Reads and parses the file at `path`. Throws gdap::InputError (exit 2) naming the file and every
// problem, or when the file cannot be read.
std::vector<Suppression> load_suppressions(const std::filesystem::path& path, const RuleSet& rules);

// Whether `suppression` covers a finding of `rule_id` about `tenant` (the partner tenant is named
// by its id or display name) at `now`: same rule, the tenant named whole or "*", not yet expired.
bool suppresses(const Suppression& suppression, const std::string& rule_id,
                const model::Customer& tenant, model::UnixTime now);

bool expired(const Suppression& suppression, model::UnixTime now);

// Whether `suppression` names `tenant`: "*", or its tenant id, a domain or its display name whole.
bool names(const Suppression& suppression, const model::Customer& tenant);

// The warning for a suppression that has expired, or that is in force but matched no finding.
std::string expired_warning(const Suppression& suppression);
std::string unmatched_warning(const Suppression& suppression, bool names_a_tenant);

// Moves the findings a suppression accepts (`by_finding[i]` for `findings[i]`, null: none) out
// of `findings`, returning them with the suppression's reason and expiry.
std::vector<model::SuppressedFinding> set_apart(std::vector<model::Finding>& findings,
                                                const std::vector<const Suppression*>& by_finding);

// Which suppressions of a run hold for which findings, and which of them were ever used. The rule
// engine asks it about every finding, then for the run's warnings.
class SuppressionLedger {
 public:
  SuppressionLedger(const std::vector<Suppression>& suppressions, const model::Partner& partner,
                    model::UnixTime now);

  // The suppression that covers a finding of `rule_id` about `customer` (null: the partner), if
  // any. Every one that covers it counts as used, so a duplicate is not reported as unmatched.
  const Suppression* find(const std::string& rule_id, const model::Customer* customer);

  // Expired suppressions, then those in force that matched nothing. One that names only customers
  // left out of this run (`gdapcheck tenant OTHER`) is out of scope, not unmatched.
  std::vector<std::string> warnings(const model::Snapshot& snapshot,
                                    const std::vector<const model::Customer*>& evaluated) const;

 private:
  const std::vector<Suppression>& m_suppressions;
  std::vector<bool> m_used;
  model::UnixTime m_now;
  model::Customer m_partner;  // the partner tenant, named as a customer is
};

}  // namespace gdap::rules
