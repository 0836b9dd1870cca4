#pragma once

// Loading and strict validation of rule and profile files (design §5). Every problem in every
// file is collected, each naming the file and the JSON path, before the load fails.

#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/rules/profile.hpp"
#include "gdapcheck/rules/rule.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::rules {

// Parses one rule file; returns nullopt and adds problems when it is invalid.
std::optional<Rule> parse_rule(std::string_view text, std::string_view source,
                               std::vector<model::Problem>& problems);

// Where a run's rules and profiles come from: gdapcheck's own folder and, optionally, a folder of
// one's own (--rules-dir, GDAPCHECK_RULES_DIR) whose rules add to the shipped ones or replace them
// by id, and whose profiles are found first. A folder of one's own can never remove a rule: that
// would silently turn findings into a pass.
struct RuleFolders {
  std::filesystem::path shipped;  // empty: not found next to the executable
  std::filesystem::path custom;   // empty: none given
};

// The shipped rules with the custom folder's laid over them by id. Throws gdap::InputError when
// neither folder exists, or when the result leaves one of gdapcheck's checks without any rule (a
// custom folder used alone because the shipped one is missing, holding only profiles or a few
// rules), naming the checks and what to do.
RuleSet load_rules(const RuleFolders& folders);

// One complete rules folder on its own: every `*.json` directly in it (rules/profiles/ is not a
// rule) and the error catalogue in its errors/. Throws gdap::InputError listing every problem of
// every file.
RuleSet load_rules(const std::filesystem::path& directory);

// The error catalogue in use: the custom folder's errors/ when it has one, else the shipped one.
std::filesystem::path catalogue_directory(const RuleFolders& folders);

// The ids of the rule files of both folders, from their names: what catalogue entries may name,
// known without parsing every rule (explain's start-up).
std::vector<std::string> rule_ids_in(const RuleFolders& folders);

// Parses one profile, checking role names/ids, rule ids and parameters against `rules`.
std::optional<Profile> parse_profile(std::string_view text, std::string_view source,
                                     const RuleSet& rules, std::vector<model::Problem>& problems);

// Whether `--profile` names a file by its form (it has a '/' or ends in .json) rather than a
// shipped profile. Snapshots record a profile file by its absolute path, which always does.
bool names_profile_file(std::string_view name_or_path);

// `name_or_path` is a shipped profile name in any letter case (rules/profiles/<name>.json) or a
// path to a file (it has a '/', ends in .json, or is no shipped name but an existing file).
// Throws gdap::InputError (invalid file) or gdap::UsageError (no such profile).
// A profile name is looked up in the custom folder's profiles/ first, then in the shipped one.
Profile load_profile(const std::string& name_or_path, const RuleFolders& folders,
                     const RuleSet& rules);

// Names of the profiles in both folders' profiles/, sorted, each once.
std::vector<std::string> profile_names(const RuleFolders& folders);

}  // namespace gdap::rules
