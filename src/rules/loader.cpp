#include "gdapcheck/rules/loader.hpp"

#include "checks.hpp"
#include "template.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace gdap::rules {

using detail::CheckSpec;
using model::JsonNode;
using model::Problem;
using nlohmann::json;

const Rule* RuleSet::find(const std::string& id) const {
  for (const auto& rule : rules) {
    if (rule.id == id) {
      return &rule;
    }
  }
  return nullptr;
}

namespace {

bool same_json_type(const json& a, const json& b) {
  if (a.is_number_integer() || a.is_number_unsigned()) {
    return b.is_number_integer() || b.is_number_unsigned();
  }
  return a.type() == b.type();
}

// Checks what the type check alone cannot: the elements of a list parameter have the type of
// the default's elements. A check reads these without re-checking, so a wrong shape must stop
// here (exit 2 naming the place), not fail inside the engine.
bool valid_param_shape(const JsonNode& value, const json& default_value) {
  bool valid = true;
  if (value.json().is_array() && !default_value.empty()) {
    value.for_each_element([&](const JsonNode& element) {
      if (!same_json_type(default_value.front(), element.json())) {
        element.problem("expected " + std::string(model::describe_type(default_value.front())) +
                        ", got " + std::string(model::describe_type(element.json())));
        valid = false;
      }
    });
  }
  return valid;
}

// Checks `given` against the check's parameters and returns defaults overlaid with it.
json merge_params(const JsonNode& node, const CheckSpec& check) {
  json merged = json::object();
  for (const auto& param : check.params) {
    merged[std::string(param.name)] = param.default_value;
  }
  if (!node.expect_object()) {
    return merged;
  }
  for (const auto& item : node.json().items()) {
    const auto spec =
        std::find_if(check.params.begin(), check.params.end(),
                     [&](const detail::ParamSpec& p) { return p.name == item.key(); });
    if (spec == check.params.end()) {
      std::string known;
      for (const auto& p : check.params) {
        known += (known.empty() ? "" : ", ") + std::string(p.name);
      }
      node.problem_at(item.key(),
                      "check \"" + std::string(check.name) + "\" has no parameter \"" + item.key() +
                          "\"" + (known.empty() ? " (it takes none)" : " (known: " + known + ")"));
      continue;
    }
    if (!same_json_type(spec->default_value, item.value())) {
      node.problem_at(item.key(), "expected " +
                                      std::string(model::describe_type(spec->default_value)) +
                                      ", got " + std::string(model::describe_type(item.value())));
      continue;
    }
    if (!valid_param_shape(*node.child(item.key()), spec->default_value)) {
      continue;
    }
    if (spec->problem != nullptr) {
      if (auto problem = spec->problem(item.value())) {
        node.problem_at(item.key(), *problem);
        continue;
      }
    }
    merged[item.key()] = item.value();
  }
  return merged;
}

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
      for (const auto& [key, value] :
           {std::pair{"when", parsed.when}, std::pair{"unless", parsed.unless}}) {
        if (!value.empty() && check != nullptr && !is_evidence_key(*check, value)) {
          step.problem_at(key, "\"" + value + "\" is not evidence of check \"" +
                                   std::string(check->name) + "\"");
        } else if (!value.empty() && check == nullptr && !any_check_gives(value, false)) {
          step.problem_at(key, "\"" + value + "\" is not evidence of any built-in check");
        }
      }
    }
    rule.remediation.push_back(parsed);
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
                   "check", "params", "detail", "rationale", "remediation", "references"});
  Rule rule;
  rule.source = std::string(source);
  rule.id = root.string("id");
  static const std::regex id_pattern(R"(^(csp|gdap|tenant|app)\.[a-z0-9]+(-[a-z0-9]+)*$)");
  if (!rule.id.empty() && !std::regex_match(rule.id, id_pattern)) {
    root.problem_at(
        "id",
        "\"" + rule.id +
            "\" is not a rule id (csp.|gdap.|tenant.|app. then lower-case words joined by '-')");
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

namespace {

// The rule files directly in `directory`, each validated; every problem of every file reported.
std::vector<Rule> load_rule_files(const std::filesystem::path& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    throw InputError(directory.string() +
                     ": rules directory not found (set --rules-dir or GDAPCHECK_RULES_DIR)");
  }
  const auto files = model::json_files_in(directory);
  std::vector<Rule> rules;
  std::string report;
  std::set<std::string> seen;
  for (const auto& file : files) {
    std::vector<Problem> problems;
    const std::string source = file.string();
    auto rule = parse_rule(model::read_text_file(source), source, problems);
    if (rule) {
      if (!seen.insert(rule->id).second) {
        problems.push_back({"/id", "duplicate rule id \"" + rule->id + "\""});
      } else if (file.stem().string() != rule->id) {
        problems.push_back({"/id", "the file must be named after its id (" + rule->id + ".json)"});
      } else {
        rules.push_back(std::move(*rule));
      }
    }
    report += model::format_problems(source, problems);
  }
  if (!report.empty()) {
    report.pop_back();
    throw InputError("invalid rule file(s)\n" + report);
  }
  return rules;
}

}  // namespace

RuleSet load_rules(const std::filesystem::path& directory) {
  return load_rules(RuleFolders{directory, {}});
}

std::filesystem::path catalogue_directory(const RuleFolders& folders) {
  std::error_code ec;
  if (!folders.custom.empty() && std::filesystem::is_directory(folders.custom / "errors", ec)) {
    return folders.custom / "errors";
  }
  return (folders.shipped.empty() ? folders.custom : folders.shipped) / "errors";
}

std::vector<std::string> rule_ids_in(const RuleFolders& folders) {
  std::set<std::string> ids;
  for (const auto& folder : {folders.shipped, folders.custom}) {
    if (!folder.empty()) {
      const auto in_folder = errors::rule_ids_in(folder);
      ids.insert(in_folder.begin(), in_folder.end());
    }
  }
  return {ids.begin(), ids.end()};
}

namespace {

// Each of gdapcheck's checks that no rule uses. Every check has its shipped rule, so a rule set
// missing one lacks shipped rules, and the findings that check would give could never appear.
std::vector<std::string_view> checks_without_a_rule(const RuleSet& set) {
  std::vector<std::string_view> missing;
  for (const auto& check : detail::all_checks()) {
    const bool used = std::any_of(set.rules.begin(), set.rules.end(),
                                  [&](const Rule& rule) { return rule.check == check.name; });
    if (!used) {
      missing.push_back(check.name);
    }
  }
  return missing;
}

}  // namespace

RuleSet load_rules(const RuleFolders& folders) {
  if (folders.shipped.empty() && folders.custom.empty()) {
    throw InputError(
        "cannot find gdapcheck's rules next to the executable; set --rules-dir or "
        "GDAPCHECK_RULES_DIR to a copy of its rules folder");
  }
  RuleSet set;
  if (!folders.shipped.empty()) {
    set.rules = load_rule_files(folders.shipped);
  }
  if (!folders.custom.empty()) {
    for (auto& own : load_rule_files(folders.custom)) {
      const auto same_id = std::find_if(set.rules.begin(), set.rules.end(),
                                        [&](const Rule& rule) { return rule.id == own.id; });
      if (same_id != set.rules.end()) {
        *same_id = std::move(own);
      } else {
        set.rules.push_back(std::move(own));
      }
    }
  }
  std::sort(set.rules.begin(), set.rules.end(),
            [](const Rule& a, const Rule& b) { return a.id < b.id; });
  if (const auto missing = checks_without_a_rule(set); !missing.empty()) {
    std::string names;
    for (const auto name : missing) {
      names += (names.empty() ? "" : ", ") + std::string(name);
    }
    const std::string where =
        folders.shipped.empty()
            ? folders.custom.string() + " (gdapcheck's own rules were not found next to it)"
            : folders.shipped.string();
    throw InputError("the rules in " + where + " leave " + std::to_string(missing.size()) +
                     " of gdapcheck's checks without a rule (" + names +
                     "), so their findings could never appear; point --rules-dir or "
                     "GDAPCHECK_RULES_DIR at a full copy of gdapcheck's rules folder, or reinstall "
                     "gdapcheck");
  }
  std::vector<std::string> ids;
  for (const auto& rule : set.rules) {
    ids.push_back(rule.id);
  }
  set.catalogue = errors::load_catalogue(catalogue_directory(folders), ids);
  return set;
}

namespace {

std::vector<std::string> parse_role_list(const JsonNode& root, std::string_view key) {
  std::vector<std::string> ids;
  root.for_each(key, [&](const JsonNode& element) {
    if (!element.json().is_string()) {
      element.problem("expected a role name or template id, got " +
                      std::string(model::describe_type(element.json())));
      return;
    }
    const auto text = element.json().get<std::string>();
    if (const auto id = model::find_id(model::known_roles(), text)) {
      ids.emplace_back(*id);
    } else if (model::find_name(model::known_roles(), text)) {
      ids.push_back(text);
    } else {
      element.problem("unknown role \"" + text +
                      "\": GDAP grants built-in Entra roles only; use a name such as "
                      "\"Exchange Administrator\" or its template id");
    }
  });
  return ids;
}

}  // namespace

std::optional<Profile> parse_profile(std::string_view text, std::string_view source,
                                     const RuleSet& rules, std::vector<Problem>& problems) {
  const std::size_t before = problems.size();
  const auto document = model::parse_json_object(text, problems);
  if (!document) {
    return std::nullopt;
  }
  const JsonNode root(*document, "", problems);
  root.allow_only({"$schema", "name", "description", "requiredRoles", "optionalRoles",
                   "globalAdministratorSatisfiesRoles", "requireAdminAgents", "requireMfa",
                   "requirePartnerGlobalAdministrator", "requiredServicePrincipals",
                   "appRegistration", "disabledRules", "severity", "params"});
  Profile profile;
  profile.source = std::string(source);
  profile.name = root.string("name");
  profile.description = root.optional_string("description").value_or("");
  profile.required_roles = parse_role_list(root, "requiredRoles");
  profile.optional_roles = parse_role_list(root, "optionalRoles");
  profile.global_admin_satisfies_roles = root.boolean("globalAdministratorSatisfiesRoles", true);
  profile.require_admin_agents = root.boolean("requireAdminAgents", true);
  profile.require_mfa = root.boolean("requireMfa", true);
  profile.require_partner_global_admin = root.boolean("requirePartnerGlobalAdministrator", false);
  root.for_each("requiredServicePrincipals", [&](const JsonNode& element) {
    if (!element.expect_object()) {
      return;
    }
    element.allow_only({"appId", "name"});
    RequiredApp app;
    app.app_id = element.string("appId");
    app.name = element.optional_string("name").value_or(model::application_name(app.app_id));
    if (!app.app_id.empty() && !model::is_guid(app.app_id)) {
      element.problem_at("appId", "\"" + app.app_id + "\" is not an application id (a GUID)");
    }
    profile.required_service_principals.push_back(app);
  });
  if (const auto app = root.child("appRegistration"); app && app->expect_object()) {
    app->allow_only({"requiredGraphApplicationPermissions"});
    profile.check_app_registration = true;
    app->for_each("requiredGraphApplicationPermissions", [&](const JsonNode& element) {
      const auto permission = element.json().is_string() ? element.json().get<std::string>() : "";
      if (const auto id = model::find_id(model::graph_application_permissions(), permission)) {
        profile.required_graph_app_permissions.emplace_back(*id);
      } else if (model::find_name(model::graph_application_permissions(), permission)) {
        profile.required_graph_app_permissions.push_back(permission);
      } else {
        element.problem("unknown Microsoft Graph application permission \"" + permission + "\"");
      }
    });
  }
  const auto rule_exists = [&](const JsonNode& node, const std::string& id) {
    if (rules.find(id) == nullptr) {
      node.problem("unknown rule id \"" + id + "\"");
      return false;
    }
    return true;
  };
  root.for_each("disabledRules", [&](const JsonNode& element) {
    if (element.json().is_string() && rule_exists(element, element.json().get<std::string>())) {
      profile.disabled_rules.push_back(element.json().get<std::string>());
    } else if (!element.json().is_string()) {
      element.problem("expected a rule id");
    }
  });
  if (const auto severity = root.child("severity"); severity && severity->expect_object()) {
    for (const auto& item : severity->json().items()) {
      const JsonNode entry(item.value(), severity->path() + "/" + item.key(), problems);
      if (!rule_exists(entry, item.key())) {
        continue;
      }
      const auto parsed = item.value().is_string()
                              ? model::severity_from_string(item.value().get<std::string>())
                              : std::nullopt;
      if (!parsed) {
        entry.problem("expected error, warning or info");
        continue;
      }
      profile.severity_overrides[item.key()] = *parsed;
    }
  }
  if (const auto params = root.child("params"); params && params->expect_object()) {
    for (const auto& item : params->json().items()) {
      const JsonNode entry(item.value(), params->path() + "/" + item.key(), problems);
      if (!rule_exists(entry, item.key())) {
        continue;
      }
      const Rule& rule = *rules.find(item.key());
      const CheckSpec* check = detail::find_check(rule.check);
      json merged = merge_params(entry, *check);
      // Start from the rule's own values, then apply the profile's.
      json effective = rule.params;
      if (item.value().is_object()) {
        for (const auto& override_item : item.value().items()) {
          if (merged.contains(override_item.key())) {
            effective[override_item.key()] = merged[override_item.key()];
          }
        }
      }
      profile.parameter_overrides[item.key()] = effective;
    }
  }
  if (problems.size() != before) {
    return std::nullopt;
  }
  return profile;
}

std::vector<std::string> profile_names(const RuleFolders& folders) {
  std::set<std::string> names;
  for (const auto& folder : {folders.shipped, folders.custom}) {
    if (!folder.empty()) {
      for (const auto& file : model::json_files_in(folder / "profiles")) {
        names.insert(file.stem().string());
      }
    }
  }
  return {names.begin(), names.end()};
}

bool names_profile_file(std::string_view name_or_path) {
  return name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".json");
}

Profile load_profile(const std::string& name_or_path, const RuleFolders& folders,
                     const RuleSet& rules) {
  std::filesystem::path path = name_or_path;
  std::string listed_name;
  if (!names_profile_file(name_or_path)) {
    const auto names = profile_names(folders);
    const auto listed = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
      return model::equals_ignoring_case(name, name_or_path);
    });
    std::error_code ec;
    if (listed != names.end()) {
      // A profile of one's own comes first: it may replace a shipped one of the same name.
      const auto own = folders.custom / "profiles" / (*listed + ".json");
      path = !folders.custom.empty() && std::filesystem::is_regular_file(own, ec)
                 ? own
                 : folders.shipped / "profiles" / (*listed + ".json");
      listed_name = *listed;
    } else if (!std::filesystem::is_regular_file(path, ec)) {
      std::string known;
      for (const auto& name : names) {
        known += (known.empty() ? "" : ", ") + name;
      }
      throw UsageError("unknown profile '" + name_or_path + "': not one of " + known +
                       ", nor a profile file");
    }
  }
  std::vector<Problem> problems;
  const std::string source = path.string();
  auto profile = parse_profile(model::read_text_file(source), source, rules, problems);
  if (!profile) {
    auto report = model::format_problems(source, problems);
    report.pop_back();
    throw InputError("invalid profile\n" + report);
  }
  // A file as it will be found again from any folder (symbolic links resolved, so a ".." cannot
  // lead somewhere else).
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  profile->reference = !listed_name.empty() ? listed_name : (ec ? path : canonical).string();
  return *profile;
}

}  // namespace gdap::rules
