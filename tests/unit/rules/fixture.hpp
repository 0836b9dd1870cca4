#pragma once

// The shipped rules and profiles, loaded once, and small look-ups over a diagnosis for the rule
// tests ("snapshot in, findings out").

#include "support/snapshot_builder.hpp"

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/rules/engine.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::test {

inline const char* rules_directory() {
  return GDAP_SOURCE_DIR "/rules";
}

// The shipped rules alone, as a run without --rules-dir finds them.
inline rules::RuleFolders shipped_folders() {
  return {rules_directory(), {}};
}

inline const rules::RuleSet& shipped_rules() {
  static const rules::RuleSet set = rules::load_rules(rules_directory());
  return set;
}

inline const rules::Profile& shipped_profile(const std::string& name) {
  static std::map<std::string, rules::Profile> cache;
  auto found = cache.find(name);
  if (found == cache.end()) {
    found =
        cache.emplace(name, rules::load_profile(name, shipped_folders(), shipped_rules())).first;
  }
  return found->second;
}

inline model::Diagnosis diagnose(const model::Snapshot& snapshot,
                                 const std::string& profile = "default",
                                 model::UnixTime now = k_now) {
  return rules::evaluate(snapshot, shipped_rules(), shipped_profile(profile), {now, {}, {}});
}

inline model::Diagnosis diagnose(const SnapshotBuilder& builder,
                                 const std::string& profile = "default",
                                 model::UnixTime now = k_now) {
  return diagnose(builder.build(), profile, now);
}

inline std::vector<model::Finding> findings_of(const model::Diagnosis& diagnosis,
                                               std::string_view rule_id) {
  std::vector<model::Finding> found;
  std::copy_if(diagnosis.findings.begin(), diagnosis.findings.end(), std::back_inserter(found),
               [&](const model::Finding& finding) { return finding.rule_id == rule_id; });
  return found;
}

// The default 12 role ids without the named roles.
inline std::vector<std::string> default_roles_without(
    std::initializer_list<std::string_view> names) {
  auto ids = default_roles();
  for (const auto name : names) {
    std::erase(ids, role(name));
  }
  return ids;
}

inline bool fires(const model::Diagnosis& diagnosis, std::string_view rule_id) {
  return !findings_of(diagnosis, rule_id).empty();
}

// The one finding of `rule_id`; fails the test when there is not exactly one.
inline model::Finding the_finding(const model::Diagnosis& diagnosis, std::string_view rule_id) {
  const auto found = findings_of(diagnosis, rule_id);
  INFO("findings of " << rule_id);
  REQUIRE(found.size() == 1);
  return found.front();
}

inline std::vector<model::Inconclusive> gaps_of(const model::Diagnosis& diagnosis,
                                                std::string_view rule_id) {
  std::vector<model::Inconclusive> found;
  std::copy_if(diagnosis.inconclusive.begin(), diagnosis.inconclusive.end(),
               std::back_inserter(found),
               [&](const model::Inconclusive& gap) { return gap.rule_id == rule_id; });
  return found;
}

inline model::Inconclusive the_gap(const model::Diagnosis& diagnosis, std::string_view rule_id) {
  const auto found = gaps_of(diagnosis, rule_id);
  INFO("inconclusive of " << rule_id);
  REQUIRE(found.size() == 1);
  return found.front();
}

inline std::vector<std::string> rule_ids(const model::Diagnosis& diagnosis) {
  std::vector<std::string> ids;
  for (const auto& finding : diagnosis.findings) {
    ids.push_back(finding.rule_id);
  }
  return ids;
}

inline const model::CustomerResult& the_customer(const model::Diagnosis& diagnosis) {
  REQUIRE(diagnosis.customers.size() == 1);
  return diagnosis.customers.front();
}

inline std::string status_of(const model::Diagnosis& diagnosis) {
  return std::string(model::to_string(the_customer(diagnosis).status));
}

// All remediation steps joined, for "the text names X" checks.
inline std::string all_steps(const model::Finding& finding) {
  std::string text;
  for (const auto& step : finding.remediation) {
    text += step + "\n";
  }
  return text;
}

// A finding's commands, one "tenant: command" a line, for "the command is complete" checks.
inline std::string all_commands(const model::Finding& finding) {
  std::string text;
  for (const auto& command : finding.commands) {
    text += command.tenant_id + ": " + command.command + "\n";
  }
  return text;
}

}  // namespace gdap::test
