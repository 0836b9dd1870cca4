#pragma once

// Which requirement set a `tenant` run checks against (design §6): the one asked for with
// --profile; otherwise, for a saved snapshot, the one it was collected with, so a ticket's
// snapshot gives the verdict its live run gave; otherwise `default`.

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/rules/loader.hpp"
#include "gdapcheck/rules/profile.hpp"
#include "gdapcheck/rules/rule.hpp"

#include <filesystem>
#include <string>

namespace gdap::cli {

inline constexpr const char* k_default_profile = "default";

// `requested` is --profile as given (empty: not given). Throws gdap::UsageError (exit 2) when the
// profile the snapshot names cannot be found here, with a sentence pointing at --profile.
rules::Profile profile_for_snapshot(const std::string& requested, const model::Snapshot& snapshot,
                                    const std::string& snapshot_path,
                                    const rules::RuleFolders& rule_folders,
                                    const rules::RuleSet& rules);

// For a live run: --profile as given, else `default`.
rules::Profile profile_for_live_run(const std::string& requested,
                                    const rules::RuleFolders& rule_folders,
                                    const rules::RuleSet& rules);

}  // namespace gdap::cli
