#pragma once

// Where a `tenant` run's accepted exceptions come from: --suppressions FILE, else the default file
// when there is one.

#include "commands.hpp"

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/redact/redactor.hpp"
#include "gdapcheck/rules/rule.hpp"
#include "gdapcheck/rules/suppressions.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gdap::cli {

// $XDG_CONFIG_HOME/gdapcheck/suppressions.json, else $HOME/.config/gdapcheck/suppressions.json;
// nullopt when neither variable is set.
std::optional<std::filesystem::path> default_suppressions_file(const EnvLookup& env);

// `flag_value` is --suppressions as given (empty: not given). A file given but missing is an
// input error (exit 2); a missing default file means none. Throws gdap::InputError for an invalid
// file, naming it and every problem.
std::vector<rules::Suppression> load_run_suppressions(const Context& context,
                                                      const std::string& flag_value,
                                                      const rules::RuleSet& rules);

// For --redact: each suppression names the tenants it names in the `original` facts by their
// redacted ids (one copy per tenant), so it covers what it covered before; its reason, its file
// and a tenant it names nowhere are scrubbed as free text.
std::vector<rules::Suppression> redact_suppressions(redact::Redactor& redactor,
                                                    const model::Snapshot& original,
                                                    const std::vector<rules::Suppression>& all);

}  // namespace gdap::cli
