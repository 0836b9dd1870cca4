// gdapcheck rules [ID]: list the rules, or show one with its remediation.
#include "commands.hpp"
#include "rules_location.hpp"

#include "gdapcheck/rules/loader.hpp"
#include "gdapcheck/rules/rule_selection.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

namespace gdap::cli {

namespace {

struct RulesOptions {
  std::string id;
  std::string rules_dir;
};

std::string status_word(const rules::Rule& rule) {
  return rule.status ? std::string(model::to_string(*rule.status)) : std::string("-");
}

std::string list_rules(const rules::RuleSet& rule_set, const rules::RuleFolders& folders) {
  std::size_t id_width = 2;
  for (const auto& rule : rule_set.rules) {
    id_width = std::max(id_width, rule.id.size());
  }
  std::string out = fmt::format("{:<{}}  {:<8}  {:<26}  {}\n", "ID", id_width, "SEVERITY",
                                "CUSTOMER STATUS", "TITLE");
  for (const auto& rule : rule_set.rules) {
    out += fmt::format("{:<{}}  {:<8}  {:<26}  {}\n", rule.id, id_width,
                       model::to_string(rule.severity), status_word(rule), rule.title);
  }
  out += "\nProfiles (--profile):";
  for (const auto& name : rules::profile_names(folders)) {
    out += " " + name;
  }
  out += "\nRules directory: " + describe(folders) + "\n";
  return out;
}

std::string show_rule(const rules::Rule& rule, const errors::Catalogue& catalogue) {
  std::string out = fmt::format("{}\n  {}\n\n", rule.id, rule.title);
  out += fmt::format("Severity:        {}\n", model::to_string(rule.severity));
  out += fmt::format("Customer status: {}\n", status_word(rule));
  out += fmt::format("Check:           {}\n", rule.check);
  if (!rule.params.empty()) {
    for (const auto& item : rule.params.items()) {
      const std::string value = item.value().is_object()
                                    ? fmt::format("({} entries)", item.value().size())
                                    : item.value().dump();
      out += fmt::format("Parameter:       {} = {}\n", item.key(), value);
    }
  }
  out += fmt::format("File:            {}\n\n", rule.source);
  out += "Why it matters:\n  " + rule.rationale + "\n\n";
  out += "What the finding says:\n  " + rule.detail + "\n\n";
  out += "Remediation:\n";
  int number = 1;
  for (const auto& step : rule.remediation) {
    std::string condition;
    if (!step.when.empty()) {
      condition = " (when " + step.when + ")";
    } else if (!step.unless.empty()) {
      condition = " (unless " + step.unless + ")";
    }
    out += fmt::format("  {}. {}{}\n", number++, step.text, condition);
  }
  if (!rule.commands.empty()) {
    // Templates, not commands: the placeholders are filled in a finding's report.
    out += "\nPowerShell (in a finding, with its values and the Connect-MgGraph it needs):\n";
    for (const auto& command : rule.commands) {
      std::string scopes;
      for (const auto& scope : command.scopes) {
        scopes += (scopes.empty() ? "" : ", ") + scope;
      }
      std::string condition;
      if (!command.when.empty()) {
        condition = ", when " + command.when;
      } else if (!command.unless.empty()) {
        condition = ", unless " + command.unless;
      }
      out += fmt::format("  {}\n    (in the {} tenant; scopes {}{})\n", command.text,
                         command.tenant == rules::CommandTenant::customer ? "customer" : "partner",
                         scopes, condition);
    }
  }
  if (!rule.references.empty()) {
    out += "\nReferences:\n";
    for (const auto& reference : rule.references) {
      out += "  " + reference + "\n";
    }
  }
  // The errors integrations and Microsoft show when this rule fails (the error catalogue).
  const auto linked = catalogue.linked_to_rule(rule.id);
  if (!linked.empty()) {
    out += "\nErrors it explains (gdapcheck explain ID):\n";
    std::size_t id_width = 0;
    for (const auto* entry : linked) {
      id_width = std::max(id_width, entry->id.size());
    }
    for (const auto* entry : linked) {
      out += fmt::format("  {:<{}}  {}\n", entry->id, id_width, entry->title);
    }
  }
  return out;
}

void run_rules(Context& context, const RulesOptions& options) {
  const auto rule_folders = find_rule_folders(context, options.rules_dir);
  const auto rule_set = rules::load_rules(rule_folders);
  if (options.id.empty()) {
    context.streams.out << list_rules(rule_set, rule_folders);
    return;
  }
  const auto* rule = rule_set.find(options.id);
  if (rule == nullptr) {
    throw UsageError(rules::unknown_rule_message(options.id, rule_set) +
                     " (run 'gdapcheck rules' for the list)");
  }
  context.streams.out << show_rule(*rule, rule_set.catalogue);
}

}  // namespace

void register_rules_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<RulesOptions>();
  auto* command = app.add_subcommand("rules", "List the rules, or show one with its remediation");
  command->add_option("id", options->id, "Rule id to show, e.g. gdap.missing-roles");
  add_rules_dir_option(*command, options->rules_dir);
  command->callback([&context, options] { run_rules(context, *options); });
}

}  // namespace gdap::cli
