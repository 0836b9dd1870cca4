#include "run_profile.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <algorithm>

namespace gdap::cli {

namespace {

std::string choose_another(const std::string& snapshot_path) {
  return "; to check " + snapshot_path + " against another requirement set, give it with " +
         "--profile NAME|FILE (for example --profile " + k_default_profile + ")";
}

}  // namespace

rules::Profile profile_for_snapshot(const std::string& requested, const model::Snapshot& snapshot,
                                    const std::string& snapshot_path,
                                    const rules::RuleFolders& rule_folders,
                                    const rules::RuleSet& rules) {
  if (!requested.empty()) {
    return rules::load_profile(requested, rule_folders, rules);
  }
  if (snapshot.profile.empty()) {  // written before snapshots recorded it
    return rules::load_profile(k_default_profile, rule_folders, rules);
  }
  if (rules::names_profile_file(snapshot.profile)) {
    // Live runs record an absolute path; a relative one (written by hand) is taken from the
    // snapshot's folder, which travels with it, rather than from wherever the user stands.
    std::filesystem::path file = snapshot.profile;
    if (file.is_relative()) {
      file = std::filesystem::path(snapshot_path).parent_path() / file;
    }
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
      throw UsageError(snapshot_path + " was collected with the profile file " + file.string() +
                       ", which does not exist here" + choose_another(snapshot_path));
    }
    return rules::load_profile(file.string(), rule_folders, rules);
  }
  const auto shipped = rules::profile_names(rule_folders);
  if (std::find(shipped.begin(), shipped.end(), snapshot.profile) == shipped.end()) {
    std::string names;
    for (const auto& name : shipped) {
      names += (names.empty() ? "" : ", ") + name;
    }
    throw UsageError(snapshot_path + " was collected with the profile \"" + snapshot.profile +
                     "\", which is not among the shipped profiles (" + names + ")" +
                     choose_another(snapshot_path));
  }
  return rules::load_profile(snapshot.profile, rule_folders, rules);
}

rules::Profile profile_for_live_run(const std::string& requested,
                                    const rules::RuleFolders& rule_folders,
                                    const rules::RuleSet& rules) {
  return rules::load_profile(requested.empty() ? k_default_profile : requested, rule_folders,
                             rules);
}

}  // namespace gdap::cli
