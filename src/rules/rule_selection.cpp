#include "gdapcheck/rules/rule_selection.hpp"

#include "gdapcheck/model/rule_id.hpp"

#include <algorithm>
#include <set>

namespace gdap::rules {

namespace {

// Whether `entry` ("gdap.missing-roles" or "gdap.*") names `id`.
bool names_rule(std::string_view entry, std::string_view id) {
  if (entry.size() > 2 && entry.substr(entry.size() - 2) == ".*") {
    const auto family = entry.substr(0, entry.size() - 1);  // "gdap."
    return id.substr(0, family.size()) == family;
  }
  return entry == id;
}

// The ids `entry` names, or the error when it names none.
Result<std::set<std::string>, std::string> named(const RuleSet& rules, const std::string& entry,
                                                 const char* option) {
  std::set<std::string> ids;
  for (const auto& rule : rules.rules) {
    if (names_rule(entry, rule.id)) {
      ids.insert(rule.id);
    }
  }
  if (ids.empty()) {
    return Failure{std::string(option) + ": " + unknown_rule_message(entry, rules) +
                   " (run 'gdapcheck rules' for the list; a family is written gdap.*)"};
  }
  return ids;
}

}  // namespace

std::string unknown_rule_message(const std::string& id, const RuleSet& rules) {
  std::vector<std::string> ids;
  ids.reserve(rules.rules.size());
  for (const auto& rule : rules.rules) {
    ids.push_back(rule.id);
  }
  return model::unknown_rule_message(id, ids);
}

Result<std::vector<std::string>, std::string> rules_left_out(const RuleSet& rules,
                                                             const std::vector<std::string>& only,
                                                             const std::vector<std::string>& skip) {
  std::set<std::string> kept;
  for (const auto& rule : rules.rules) {
    kept.insert(rule.id);
  }
  if (!only.empty()) {
    std::set<std::string> wanted;
    for (const auto& entry : only) {
      auto ids = named(rules, entry, "--only");
      if (!ids.ok()) {
        return Failure{std::move(ids).error()};
      }
      wanted.merge(ids.value());
    }
    kept = std::move(wanted);
  }
  for (const auto& entry : skip) {
    auto ids = named(rules, entry, "--skip");
    if (!ids.ok()) {
      return Failure{std::move(ids).error()};
    }
    for (const auto& id : ids.value()) {
      kept.erase(id);
    }
  }
  std::vector<std::string> left_out;
  for (const auto& rule : rules.rules) {
    if (!kept.contains(rule.id)) {
      left_out.push_back(rule.id);
    }
  }
  return left_out;
}

}  // namespace gdap::rules
