// The rule set: every rule file of the shipped folder and of one's own laid over it by id, sealed
// so that no built-in check is left without a rule, with the error catalogue beside it.
#include "gdapcheck/rules/loader.hpp"

#include "checks.hpp"
#include "template.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <set>

namespace gdap::rules {

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

}  // namespace gdap::rules
