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

// Loads every `*.json` directly in `directory` (rules/profiles/ is not a rule), and the error
// catalogue in `directory`/errors. Throws gdap::InputError listing every problem of every file.
RuleSet load_rules(const std::filesystem::path& directory);

// Parses one profile, checking role names/ids, rule ids and parameters against `rules`.
std::optional<Profile> parse_profile(std::string_view text, std::string_view source,
                                     const RuleSet& rules, std::vector<model::Problem>& problems);

// Whether `--profile` names a file by its form (it has a '/' or ends in .json) rather than a
// shipped profile. Snapshots record a profile file by its absolute path, which always does.
bool names_profile_file(std::string_view name_or_path);

// `name_or_path` is a shipped profile name in any letter case (rules/profiles/<name>.json) or a
// path to a file (it has a '/', ends in .json, or is no shipped name but an existing file).
// Throws gdap::InputError (invalid file) or gdap::UsageError (no such profile).
Profile load_profile(const std::string& name_or_path, const std::filesystem::path& rules_directory,
                     const RuleSet& rules);

// Names of the shipped profiles, sorted.
std::vector<std::string> profile_names(const std::filesystem::path& rules_directory);

}  // namespace gdap::rules
