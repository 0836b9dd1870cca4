#pragma once

// A rule: a built-in check bound, by a JSON file in rules/, to a stable id, a severity, the
// customer status it implies, its words and its remediation (design §5).

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gdap::rules {

// One remediation step: a template, shown only when `when` names evidence that is present and
// non-empty (or, with `unless`, absent or empty). A step whose placeholders use `list[]` is
// repeated once per element of that list.
struct RemediationStep {
  std::string text;
  std::string when;
  std::string unless;
};

// One command of a rule ("commands"): a PowerShell line whose placeholders are filled from the
// evidence as PowerShell arguments, the tenant it runs in and the Graph scopes it needs. Shown
// only under `when`/`unless` like a step; repeated per element of a `list[]` it uses; left out
// when a value it needs is unknown (the steps still say what to do).
enum class CommandTenant { partner, customer };

// "apply": the same change as a Graph request gdapcheck can send itself (`fix --apply`): the
// action and the template of each value it needs, repeated in step with the command.
struct ApplyTemplate {
  model::ActionKind kind = model::ActionKind::add_group_member;
  std::vector<std::pair<std::string, std::string>> fields;  // {"groupId", "{groupId}"}, ...
  bool one_of = false;  // "oneOf": the lines are alternatives; one is enough
  std::string what;     // "what": the change in words, a template like a step
};

struct CommandTemplate {
  std::string text;
  CommandTenant tenant = CommandTenant::partner;
  std::vector<std::string> scopes;
  std::string when;
  std::string unless;
  std::optional<ApplyTemplate> apply;
};

// Whom a finding keeps gdapcheck out of: the checks that read inside a customer tenant cannot run
// there, so their gaps are that finding's consequence (inconclusive[].blockedBy), not new facts.
enum class ShutsOut {
  its_customer,  // the customer the finding is about ("itsCustomer")
  // Every customer gdapcheck did not enter ("everyCustomer"): a partner finding that leaves the
  // account no way into any customer.
  every_customer,
};

struct Rule {
  std::string id;
  std::string title;
  std::string requirement;  // the title as a requirement met, for checklists
  model::Severity severity = model::Severity::error;
  std::optional<model::CustomerStatus> status;       // what a finding implies for the customer
  std::optional<ShutsOut> shuts_out;                 // "shutsOut"; nothing when it shuts no one out
  std::string check;                                 // name of the built-in check
  nlohmann::json params = nlohmann::json::object();  // check parameters, defaults filled in
  std::string detail;                                // template
  std::string rationale;
  std::vector<RemediationStep> remediation;
  std::vector<CommandTemplate> commands;
  std::vector<std::string> references;
  std::string source;  // the file it came from
};

struct RuleSet {
  std::vector<Rule> rules;  // sorted by id
  // The error catalogue (rules/errors): what sign-in failures and Graph errors in the report mean.
  errors::Catalogue catalogue;
  const Rule* find(const std::string& id) const;
};

}  // namespace gdap::rules
