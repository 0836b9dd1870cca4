#pragma once

// What the rule engine concludes from a snapshot, and what every report renders.

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/compact_json.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// Declared from least to most severe, so severities compare with < and >.
enum class Severity { info, warning, error };

// One word per customer, like the "CSP Auth" column integrations show (design §4).
enum class CustomerStatus {
  active,
  expiring,
  expired,
  missing_admin_relationship,
  missing_security_group,
  missing_roles,
  access_denied,
  unknown,
};

// Every status, the worst first: the order in which the engine lets a finding's status decide a
// customer's, and by which `gdapcheck diff` calls a change worse or better. `unknown` sits after
// the statuses a finding proves and before `expiring`: nothing is known to be broken, but nothing
// is known to work either.
inline constexpr std::array<CustomerStatus, 8> k_statuses_worst_first{
    CustomerStatus::missing_admin_relationship,
    CustomerStatus::expired,
    CustomerStatus::missing_security_group,
    CustomerStatus::missing_roles,
    CustomerStatus::access_denied,
    CustomerStatus::unknown,
    CustomerStatus::expiring,
    CustomerStatus::active,
};

std::string_view to_string(Severity severity);
std::optional<Severity> severity_from_string(std::string_view text);
std::string_view to_string(CustomerStatus status);
std::optional<CustomerStatus> status_from_string(std::string_view text);

// What an error-catalogue entry says about an error, with the evidence at hand filled in: the
// same words `gdapcheck explain` prints, attached to a live failure in the report.
// The entry's own words are the same for every failure it explains (a partner whose reads fail
// in 100,000 customers has as many explanations), so they are held once (InternedText); only the
// fix steps and the confirm command are filled in per failure.
struct Explanation {
  InternedText id;  // catalogue entry id, e.g. "aadsts.50020"
  InternedText title;
  std::vector<InternedText> codes;  // the codes the entry recognises
  InternedText meaning;
  std::vector<InternedText> causes;  // most likely first
  std::vector<std::string> fix;      // steps, in order, filled in for this failure
  std::vector<InternedText> rule_ids;
  std::string confirm;  // the gdapcheck command that confirms it, filled in for this failure
  std::vector<InternedText> references;
};

// What `gdapcheck fix --apply` can do itself, through Graph, for a command: only safe, reversible
// changes that delete and end nothing.
enum class ActionKind {
  add_group_member,          // the account into a partner group (AdminAgents, a GDAP group)
  create_service_principal,  // a Microsoft app's service principal in a customer
  enable_auto_extend,        // 180-day auto-extend on an active relationship
  create_access_assignment,  // a partner group given roles on an active relationship
  create_relationship,       // a new relationship for roles none has, locked for approval
  lock_for_approval,         // a relationship left 'created' sent to the customer for approval
};

std::string_view to_string(ActionKind kind);
std::optional<ActionKind> action_kind_from_string(std::string_view text);

// One change, with every value it needs filled in from the evidence (ids, never names).
struct Action {
  ActionKind kind = ActionKind::add_group_member;
  std::string group_id;               // add_group_member
  std::string member_id;              // add_group_member: the account's object id
  std::string app_id;                 // create_service_principal
  std::string relationship_id;        // the actions on an existing relationship
  std::vector<std::string> role_ids;  // create_access_assignment, create_relationship
  std::string customer_tenant_id;     // create_relationship
  std::string display_name;           // create_relationship: unique among the partner's
  // One of several ways to the same end (any one group that holds the roles): once one is made,
  // the finding's other alternatives of the same kind, on the same relationship, are not needed.
  bool one_of = false;
  std::string what;  // the change in words, with names ("add tech@… to group 'GDAP Admins'")
};

// One command that carries out a remediation step, complete and ready to paste: every id filled
// in from the evidence. Reports put the Connect-MgGraph it needs before it (powershell.hpp).
struct Command {
  std::string shell = "powershell";
  std::string command;
  std::string tenant_id;            // the tenant it runs in
  std::vector<std::string> scopes;  // the delegated Graph permissions it needs
  std::string environment;          // Connect-MgGraph -Environment: Global, USGov, USGovDoD, China
  std::optional<Action> action;     // set when gdapcheck can make the change itself
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::error;
  std::string tenant_id;
  std::string title;
  std::string detail;
  CompactJson evidence = nlohmann::json::object();  // kept compact: a large partner has many
  std::vector<std::string> remediation;
  std::vector<Command> commands;         // after the remediation steps, in order
  std::vector<InternedText> references;  // the rule's, held once however many findings it makes
};

// A finding the partner accepted with a suppression (`--suppressions`): still true, reported apart
// with why and until when, but it neither fails the run nor sets its customer's status.
struct SuppressedFinding {
  Finding finding;
  std::string tenant;   // the suppression's tenant as written: an id, domain, name or "*"
  std::string reason;   // why it is accepted
  std::string expires;  // as written; it suppresses nothing from then on
};

// A rule that could not be decided because a fact it needs was not read.
struct Inconclusive {
  std::string rule_id;
  std::string tenant_id;
  std::string reason;
  // The rule id of a finding that already explains why this could not be checked (a failed
  // customer sign-in, an account outside AdminAgents). Such gaps do not make the run incomplete:
  // the root cause is reported once, not once per consequence.
  std::string blocked_by;
  // What the error in `reason` means, when the error catalogue recognises it.
  std::optional<Explanation> explanation = std::nullopt;
};

// A rule this run cannot ask at all (an app-only sign-in has no MFA claim; without --user it
// checks no account's GDAP path): neither a pass nor unknown, listed apart with why.
struct NotApplicable {
  std::string rule_id;
  std::string title;
  std::string reason;
};

// A read that failed while collecting (from the snapshot's unread facts).
struct ReadError {
  std::string tenant_id;
  std::string operation;
  std::string message;
  std::optional<Explanation> explanation = std::nullopt;  // when the catalogue recognises `message`
};

struct RelationshipSummary {
  std::string id;
  std::string display_name;
  std::string status;
  std::optional<std::string> end_date_time;
  std::string auto_extend_duration;
  std::vector<std::string_view> roles;  // role names (model::role_name_view: valid for the run)
  bool auto_extends = false;            // judged by the rules from the duration (one definition)
};

// When access to a customer ends, as the rules judge it: the end of the relationship that
// decides (an active one before others, then the one that ends last).
struct AccessEnd {
  std::string end_date_time;  // as Graph wrote it
  bool auto_extends = false;
};

// Where one role of the profile stands in a customer (the role grid of the HTML report's cards).
enum class RoleState {
  held,                 // the account gets it: an active assignment to a group it is in
  not_held,             // an active relationship grants it, but nothing gives it to the account
  not_in_relationship,  // no active relationship grants it: only a new relationship can
};

std::string_view to_string(RoleState state);

struct RoleCoverage {
  std::string_view role;  // role name (model::role_name_view: valid for the run)
  bool required = true;   // false: one of the profile's optional roles
  RoleState state = RoleState::not_in_relationship;
  // How, in words: "through Global Administrator", "on no access assignment", "on group
  // Helpdesk Agents, which the account is not in", "on an assignment that is pending".
  std::string note;
};

struct CustomerResult {
  std::string tenant_id;
  std::string display_name;
  std::string default_domain;
  CustomerStatus status = CustomerStatus::unknown;
  std::string status_reason;  // why `unknown`, empty otherwise
  std::vector<RelationshipSummary> relationships;
  std::optional<AccessEnd> access_ends;  // nullopt when no relationship has an end date
  std::optional<std::vector<std::string>> missing_roles;  // names; nullopt when not known
  // The profile's required then optional roles, in profile order; nullopt when not known.
  std::optional<std::vector<RoleCoverage>> roles;
};

struct PartnerResult {
  std::string tenant_id;
  std::string display_name;
  std::string user_id;
  std::string upn;
  bool app_only = false;    // signed in as an application: `mfa` does not apply
  std::optional<bool> mfa;  // unset when unknown, and for app-only runs
  std::optional<bool> global_admin;
  std::optional<bool> in_admin_agents;
};

// Whether a rule looks at the partner tenant once or at every customer.
enum class RuleScope { partner, customer };

// A rule that took part in the evaluation (for checklists: what passed, failed or is unknown).
struct EvaluatedRule {
  std::string rule_id;
  std::string title;
  std::string requirement;  // what passing means, in words ("The account is in AdminAgents")
  Severity severity = Severity::error;
  RuleScope scope = RuleScope::customer;
};

struct Diagnosis {
  std::string generated_at;  // ISO-8601 UTC, the evaluation time
  std::string collected_at;  // ISO-8601 UTC, when the facts were read; empty when not recorded
  std::string profile;
  std::string app;  // the integration app the facts were collected for (`--app`), if any
  PartnerResult partner;
  std::vector<CustomerResult> customers;
  std::vector<Finding> findings;              // sorted: severity (error first), rule id, tenant id
  std::vector<SuppressedFinding> suppressed;  // sorted as findings; not in `findings`
  std::vector<Inconclusive> inconclusive;
  std::vector<ReadError> errors;
  std::vector<EvaluatedRule> evaluated_rules;  // in rule-id order
  std::vector<NotApplicable> not_applicable;   // in rule-id order; not in evaluated_rules
  // About the run rather than the tenants, for the reader to see before any verdict (an old
  // snapshot evaluated as of now, a suppression that has expired or matches nothing).
  std::vector<std::string> warnings;

  // Nothing was left undecided (but for gaps a finding explains) and every needed read succeeded.
  bool complete() const {
    for (const auto& gap : inconclusive) {
      if (gap.blocked_by.empty()) {
        return false;
      }
    }
    return errors.empty();
  }
};

}  // namespace gdap::model
