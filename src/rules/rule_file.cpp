// One rule file (rules/<id>.json): parsed strictly, every problem collected with its JSON path.
#include "checks.hpp"
#include "params.hpp"
#include "template.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/rule_id.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace gdap::rules {

using detail::CheckSpec;
using detail::merge_params;
using model::JsonNode;
using model::Problem;
using nlohmann::json;

namespace {

// "shutsOut": whom a finding keeps out. A customer finding can only shut out its own customer, a
// partner finding only every customer; anything else would blame the wrong finding for a gap.
void parse_shuts_out(const JsonNode& root, const std::string& value, const CheckSpec* check,
                     Rule& rule) {
  if (value == "itsCustomer") {
    rule.shuts_out = ShutsOut::its_customer;
  } else if (value == "everyCustomer") {
    rule.shuts_out = ShutsOut::every_customer;
  } else {
    root.problem_at("shutsOut", "\"" + value + "\" is not itsCustomer, everyCustomer or null");
    return;
  }
  if (check == nullptr) {
    return;
  }
  const bool partner = check->scope == model::RuleScope::partner;
  if (partner && rule.shuts_out == ShutsOut::its_customer) {
    root.problem_at("shutsOut",
                    "a partner-level check has no customer of its own to shut out "
                    "(everyCustomer, or null)");
  } else if (!partner && rule.shuts_out == ShutsOut::every_customer) {
    root.problem_at("shutsOut",
                    "a customer-level check shuts out its own customer only "
                    "(itsCustomer, or null)");
  }
}

bool is_evidence_key(const CheckSpec& check, std::string_view key) {
  return std::find(check.evidence_keys.begin(), check.evidence_keys.end(), key) !=
         check.evidence_keys.end();
}

// When the check is unknown (a typo is already reported), a placeholder or `when` can still be
// judged: one that no built-in check gives as evidence (or takes as a parameter) is a mistake too.
bool any_check_gives(std::string_view key, bool or_param) {
  return std::any_of(
      detail::all_checks().begin(), detail::all_checks().end(), [&](const CheckSpec& check) {
        return is_evidence_key(check, key) ||
               (or_param &&
                std::any_of(check.params.begin(), check.params.end(),
                            [&](const detail::ParamSpec& param) { return param.name == key; }));
      });
}

// Every placeholder must name evidence of the bound check, a context key or a parameter.
void validate_template(const JsonNode& node, std::string_view key, const std::string& text,
                       const CheckSpec* check, const json& params, bool allow_each) {
  // `key` is empty when the node itself is the template (a plain-string step).
  const auto report = [&](std::string message) {
    if (key.empty()) {
      node.problem(std::move(message));
    } else {
      node.problem_at(key, std::move(message));
    }
  };
  const auto parsed = detail::parse_template(text);
  if (!parsed.error.empty()) {
    report(parsed.error);
    return;
  }
  std::set<std::string> lists;
  for (const auto& placeholder : parsed.placeholders) {
    if (placeholder.each) {
      if (!allow_each) {
        report("'{" + placeholder.key + "[]}' repeats a step; use it in remediation steps only");
        continue;
      }
      lists.insert(placeholder.key);
    }
    const auto& context = detail::context_keys();
    const bool known =
        std::find(context.begin(), context.end(), placeholder.key) != context.end() ||
        params.contains(placeholder.key) ||
        (check != nullptr ? is_evidence_key(*check, placeholder.key)
                          : any_check_gives(placeholder.key, true));
    if (!known && check == nullptr) {
      report("unknown placeholder '{" + placeholder.key + "}' (no built-in check gives it)");
    } else if (!known) {
      std::string evidence;
      for (const auto& k : check->evidence_keys) {
        evidence += (evidence.empty() ? "" : ", ") + std::string(k);
      }
      report("unknown placeholder '{" + placeholder.key + "}' (check \"" +
             std::string(check->name) + "\" gives: " + evidence + ")");
    }
  }
  if (lists.size() > 1) {
    report("a step can repeat over one list only");
  }
}

// `when` and `unless` name evidence of the bound check (or of some check, when it is unknown).
void validate_conditions(const JsonNode& node, const std::string& when, const std::string& unless,
                         const CheckSpec* check) {
  for (const auto& [key, value] : {std::pair{"when", when}, std::pair{"unless", unless}}) {
    if (!value.empty() && check != nullptr && !is_evidence_key(*check, value)) {
      node.problem_at(
          key, "\"" + value + "\" is not evidence of check \"" + std::string(check->name) + "\"");
    } else if (!value.empty() && check == nullptr && !any_check_gives(value, false)) {
      node.problem_at(key, "\"" + value + "\" is not evidence of any built-in check");
    }
  }
}

void parse_remediation(const JsonNode& root, Rule& rule, const CheckSpec* check) {
  const auto steps = root.required("remediation");
  if (!steps) {
    return;
  }
  if (!steps->json().is_array() || steps->json().empty()) {
    steps->problem("expected a non-empty array of steps");
    return;
  }
  steps->for_each_element([&](const JsonNode& step) {
    RemediationStep parsed;
    if (step.json().is_string()) {
      parsed.text = step.json().get<std::string>();
      validate_template(step, "", parsed.text, check, rule.params, true);
    } else if (step.expect_object()) {
      step.allow_only({"step", "when", "unless"});
      parsed.text = step.string("step");
      parsed.when = step.optional_string("when").value_or("");
      parsed.unless = step.optional_string("unless").value_or("");
      validate_template(step, "step", parsed.text, check, rule.params, true);
      validate_conditions(step, parsed.when, parsed.unless, check);
    }
    rule.remediation.push_back(parsed);
  });
}

// A Graph scope as Microsoft names them: words joined by dots (GroupMember.ReadWrite.All).
bool is_scope(const std::string& scope) {
  bool word = false;
  for (const char c : scope) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word = true;
    } else if (c == '.' && word) {
      word = false;
    } else {
      return false;
    }
  }
  return word && scope.find('.') != std::string::npos;
}

// The part of a command after a leading `$name = `, which keeps a cmdlet's answer for the next
// statement of the same line ($relationship = New-Mg…; New-Mg… $relationship.Id).
std::string_view after_assignment(std::string_view text) {
  if (text.empty() || text.front() != '$') {
    return text;
  }
  const auto equals = text.find(" = ");
  if (equals == std::string_view::npos ||
      !std::all_of(text.begin() + 1, text.begin() + static_cast<long>(equals),
                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); })) {
    return text;
  }
  return text.substr(equals + 3);
}

// A command is one line that starts with a Microsoft Graph cmdlet (Verb-MgNoun), or assigns one's
// answer to a variable, and holds no <...> placeholder: `<` does not parse in PowerShell, so a
// value the evidence lacks must come from a placeholder or from a command that finds it.
std::optional<std::string> command_problem(const std::string& whole) {
  const auto text = after_assignment(whole);
  const auto dash = text.find("-Mg");
  const bool verb = dash != std::string::npos && dash > 0 &&
                    std::all_of(text.begin(), text.begin() + static_cast<long>(dash), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                    });
  if (!verb) {
    return "a command starts with a Microsoft Graph cmdlet (Verb-MgNoun)";
  }
  if (text.rfind("Connect-MgGraph", 0) == 0 || text.rfind("Disconnect-MgGraph", 0) == 0) {
    return "reports put Connect-MgGraph and Disconnect-MgGraph around the commands themselves";
  }
  if (text.find_first_of("<>") != std::string::npos) {
    return "'<' and '>' do not belong in a command: fill the value from a {placeholder}";
  }
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return "a command is one line";
  }
  return std::nullopt;
}

// The values each action needs (model::Action), by the names rule files give them.
std::vector<std::string_view> action_fields(model::ActionKind kind) {
  switch (kind) {
    case model::ActionKind::add_group_member:
      return {"groupId", "memberId"};
    case model::ActionKind::create_service_principal:
      return {"appId"};
    case model::ActionKind::enable_auto_extend:
      return {"relationshipId"};
    case model::ActionKind::create_access_assignment:
      return {"relationshipId", "groupId", "roleIds"};
    case model::ActionKind::create_relationship:
      return {"customerTenantId", "displayName", "roleIds"};
    case model::ActionKind::lock_for_approval:
      return {"relationshipId"};
  }
  return {};
}

// The lists a template repeats over (`{key[]}`).
std::set<std::string> repeated_lists(const std::string& text) {
  std::set<std::string> lists;
  for (const auto& placeholder : detail::parse_template(text).placeholders) {
    if (placeholder.each) {
      lists.insert(placeholder.key);
    }
  }
  return lists;
}

// "apply": {"action": "add-group-member", "groupId": "{groupId}", "memberId": "{userId}"}. Its
// values repeat over no list but the command's, so each line keeps its own change.
std::optional<ApplyTemplate> parse_apply(const JsonNode& command, const std::string& text,
                                         const CheckSpec* check, const json& params) {
  const auto node = command.child("apply");
  if (!node || !node->expect_object()) {
    return std::nullopt;
  }
  const auto name = node->string("action");
  const auto kind = model::action_kind_from_string(name);
  if (!kind) {
    if (node->has("action")) {
      node->problem_at("action", "\"" + name +
                                     "\" is not add-group-member, create-service-principal, "
                                     "enable-auto-extend, create-access-assignment, "
                                     "create-relationship or lock-for-approval");
    }
    return std::nullopt;
  }
  ApplyTemplate apply{*kind, {}, node->boolean("oneOf", false), node->string("what")};
  if (node->has("what")) {
    validate_template(*node, "what", apply.what, check, params, true);
  }
  const auto fields = action_fields(*kind);
  for (const auto& [key, value] : node->json().items()) {
    if (key != "action" && key != "oneOf" && key != "what" &&
        std::find(fields.begin(), fields.end(), std::string_view(key)) == fields.end()) {
      node->problem_at(key, "not a value of " + name);
    }
  }
  const auto command_lists = repeated_lists(text);
  for (const auto field : fields) {
    const std::string key(field);
    const auto value = node->string(key);
    if (!node->has(key)) {
      continue;
    }
    validate_template(*node, key, value, check, params, true);
    const auto lists = repeated_lists(value);
    if (!std::includes(command_lists.begin(), command_lists.end(), lists.begin(), lists.end())) {
      node->problem_at(key, "repeats over a list the command does not");
    }
    apply.fields.emplace_back(key, value);
  }
  return apply;
}

void parse_commands(const JsonNode& root, Rule& rule, const CheckSpec* check) {
  const auto commands = root.child("commands");
  if (!commands) {
    return;
  }
  commands->for_each_element([&](const JsonNode& node) {
    if (!node.expect_object()) {
      return;
    }
    node.allow_only({"command", "tenant", "scopes", "when", "unless", "apply"});
    CommandTemplate parsed;
    parsed.text = node.string("command");
    if (const auto problem = command_problem(parsed.text); problem && node.has("command")) {
      node.problem_at("command", *problem);
    }
    validate_template(node, "command", parsed.text, check, rule.params, true);
    const auto tenant = node.string("tenant");
    if (tenant == "customer") {
      parsed.tenant = CommandTenant::customer;
      if (check != nullptr && check->scope == model::RuleScope::partner) {
        node.problem_at("tenant", "a partner-level check has no customer tenant to run it in");
      }
    } else if (tenant != "partner" && node.has("tenant")) {
      node.problem_at("tenant", "\"" + tenant + "\" is not partner or customer");
    }
    parsed.scopes = node.strings("scopes");
    if (node.has("scopes") && parsed.scopes.empty()) {
      node.problem_at("scopes", "expected the Graph permissions the command needs");
    } else if (!node.has("scopes")) {
      node.problem_at("scopes", "missing: the Graph permissions the command needs");
    }
    for (const auto& scope : parsed.scopes) {
      if (!is_scope(scope)) {
        node.problem_at("scopes", "\"" + scope + "\" is not a Graph permission name");
      }
    }
    parsed.when = node.optional_string("when").value_or("");
    parsed.unless = node.optional_string("unless").value_or("");
    validate_conditions(node, parsed.when, parsed.unless, check);
    parsed.apply = parse_apply(node, parsed.text, check, rule.params);
    rule.commands.push_back(std::move(parsed));
  });
}

}  // namespace

std::optional<Rule> parse_rule(std::string_view text, std::string_view source,
                               std::vector<Problem>& problems) {
  const std::size_t before = problems.size();
  const auto document = model::parse_json_object(text, problems);
  if (!document) {
    return std::nullopt;
  }
  const JsonNode root(*document, "", problems);
  root.allow_only({"$schema", "id", "title", "requirement", "severity", "status", "shutsOut",
                   "check", "params", "detail", "rationale", "remediation", "commands",
                   "references"});
  Rule rule;
  rule.source = std::string(source);
  rule.id = root.string("id");
  if (!rule.id.empty() && !model::is_rule_id(rule.id)) {
    root.problem_at(
        "id",
        fmt::format(
            "\"{}\" is not a rule id (csp.|gdap.|tenant.|app. then lower-case words joined by '-')",
            model::echoed(rule.id)));
  }
  rule.title = root.string("title");
  rule.requirement = root.optional_string("requirement").value_or(rule.title);
  const auto severity = root.string("severity");
  if (const auto parsed = model::severity_from_string(severity)) {
    rule.severity = *parsed;
  } else if (root.has("severity")) {
    root.problem_at("severity", "expected error, warning or info, got \"" + severity + "\"");
  }
  rule.check = root.string("check");
  const CheckSpec* check = rule.check.empty() ? nullptr : detail::find_check(rule.check);
  if (check == nullptr && !rule.check.empty()) {
    std::string known;
    for (const auto& c : detail::all_checks()) {
      known += (known.empty() ? "" : ", ") + std::string(c.name);
    }
    root.problem_at("check", "unknown check \"" + rule.check + "\" (known: " + known + ")");
  }
  if (const auto status = root.optional_string("status")) {
    if (const auto parsed = model::status_from_string(*status);
        parsed && *parsed != model::CustomerStatus::active &&
        *parsed != model::CustomerStatus::unknown) {
      rule.status = *parsed;
    } else {
      root.problem_at("status",
                      "\"" + *status +
                          "\" is not a status a finding can imply (expiring, expired, "
                          "missing_admin_relationship, missing_security_group, missing_roles, "
                          "access_denied) or null");
    }
    if (check != nullptr && check->scope == model::RuleScope::partner) {
      root.problem_at("status", "a partner-level check cannot set a customer status");
    }
  }
  if (const auto shuts_out = root.optional_string("shutsOut")) {
    parse_shuts_out(root, *shuts_out, check, rule);
  }
  if (check != nullptr) {
    const auto params = root.child("params");
    const json empty = json::object();
    rule.params = params ? merge_params(*params, *check)
                         : merge_params(JsonNode(empty, "/params", problems), *check);
  }
  rule.detail = root.string("detail");
  validate_template(root, "detail", rule.detail, check, rule.params, false);
  validate_template(root, "title", rule.title, check, rule.params, false);
  rule.rationale = root.optional_string("rationale").value_or("");
  parse_remediation(root, rule, check);
  parse_commands(root, rule, check);
  rule.references = root.strings("references");
  root.for_each("references", [](const JsonNode& reference) {
    if (reference.json().is_string() &&
        reference.json().get<std::string>().rfind("https://", 0) != 0) {
      reference.problem("references must be https:// links");
    }
  });
  if (problems.size() != before) {
    return std::nullopt;
  }
  return rule;
}

}  // namespace gdap::rules
