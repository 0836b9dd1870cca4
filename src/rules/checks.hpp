#pragma once

// The built-in checks, registered once by name (like clang-tidy's registerCheck): small pure
// functions from facts to an outcome. Rule files bind them to ids, severities and words.

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/rules/profile.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gdap::rules::detail {

// The check found nothing wrong.
struct Pass {};
// The check found a problem; `evidence` fills the rule's placeholders and the report.
struct Fail {
  nlohmann::json evidence = nlohmann::json::object();
};
// A fact the check needs was not read; never guessed.
struct Unknown {
  explicit Unknown(std::string why, std::string_view explained_by = {})
      : reason(std::move(why)), explained_by_check(explained_by) {}
  std::string reason;
  // The check whose failure explains the gap, if any. A check, not a rule id: rule ids live in
  // rules/ only, and the engine finds the rule that fired it.
  std::string explained_by_check;
};
using CheckResult = std::variant<Pass, Fail, Unknown>;

// Partner facts several checks need, worked out once per evaluation.
struct PartnerView {
  // Ids of the groups the account is in, transitively, in lower case (model::lowercase); unset when
  // not read.
  std::optional<std::set<std::string>> group_ids;
  std::string group_ids_reason;
  // Whether the account is in AdminAgents; unset when that could not be read.
  std::optional<bool> in_admin_agents;
  std::string in_admin_agents_reason;
  // The groups a new access assignment may go to (fix --apply): groups the account is in that
  // the partner already gives roles through, on any relationship, so they are security groups
  // its GDAP uses. Most used first. AdminAgents is never one: roles given to it reach every
  // admin agent of the partner.
  std::vector<model::Group> assignable_groups;
  // Each customer's relationships, by lower-case tenant id (empty when relationships were not
  // read). Built once so per-customer checks do not scan every relationship of the partner.
  std::map<std::string, std::vector<const model::Relationship*>> relationships_by_customer;

  // The relationships with one customer (none when not read or when there are none).
  const std::vector<const model::Relationship*>& relationships_of(
      const std::string& tenant_id) const;
};

struct CustomerAccess;  // access.hpp

struct CheckInput {
  const model::Snapshot& snapshot;
  const Profile& profile;
  const nlohmann::json& params;
  model::UnixTime now;
  const PartnerView& partner;
  const model::Customer* customer;  // null for partner-scope checks
  // How the account reaches `customer`, worked out once per customer rather than once per rule;
  // null for partner-scope checks.
  const CustomerAccess* access;
  // What error codes mean (rules/errors), for checks that report a failure Microsoft returned.
  const errors::Catalogue& catalogue;
  // The customers being diagnosed (all, or those named on the command line), for partner-scope
  // checks that speak about several of them at once.
  std::span<const model::Customer* const> customers;
};

// What is wrong with a parameter value of the right JSON type, or nothing when it is good.
using ParamProblem = std::optional<std::string> (*)(const nlohmann::json& value);

struct ParamSpec {
  std::string_view name;
  nlohmann::json default_value;  // also fixes the type a rule or profile must give
  // The check's own judgement of a value (its range, its words); the loader reports the problem
  // at the value's place and exits 2.
  ParamProblem problem = nullptr;
};

// A whole number of days from 0 to 3650: how far ahead a check looks for something ending.
std::optional<std::string> whole_days_ahead(const nlohmann::json& value);
// A whole number of minutes from 1 to 1440: how long something may take before it is late.
std::optional<std::string> minutes_in_a_day(const nlohmann::json& value);

struct CheckSpec {
  std::string_view name;
  model::RuleScope scope;
  // Whether the profile asks for this at all (a rule whose check does not apply is not evaluated).
  bool (*applies)(const Profile&);
  CheckResult (*run)(const CheckInput&);
  std::vector<std::string_view> evidence_keys;
  std::vector<ParamSpec> params;
  // Reads the customer tenant itself, so it cannot run when signing in there failed.
  bool reads_customer_tenant = false;
};

// Every built-in check, in name order.
std::span<const CheckSpec> all_checks();
const CheckSpec* find_check(std::string_view name);

// Keys every template may use besides evidence and parameters.
std::span<const std::string_view> context_keys();

// Per-module registration lists (one per checks_*.cpp), joined by all_checks().
std::vector<CheckSpec> csp_checks();
std::vector<CheckSpec> gdap_checks();
std::vector<CheckSpec> lifecycle_checks();
std::vector<CheckSpec> tenant_checks();
std::vector<CheckSpec> app_checks();
std::vector<CheckSpec> consent_checks();
std::vector<CheckSpec> conditional_access_checks();

bool always_applies(const Profile&);

// The command that signs the account of this run in again: its cloud and client, and for an app
// its tenant (model::login_command).
std::string sign_in_command(const model::Snapshot& snapshot);

// What the run knows about a tenant for the error catalogue's templates: the tenant, the account
// and its sign-in command (the failure's text rarely names them).
errors::Evidence known_evidence(const model::Snapshot& snapshot, std::string tenant_id,
                                std::string tenant_name);

// Why `check` cannot be asked of this run at all (an app-only sign-in has no MFA claim, and names
// no account unless --user does), or nothing when it can. Such a rule is neither run nor counted
// as evaluated; the report lists it as not applicable with the reason.
std::optional<std::string> not_applicable(std::string_view check, const model::Partner& partner);

}  // namespace gdap::rules::detail
