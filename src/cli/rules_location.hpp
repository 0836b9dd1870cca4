#pragma once

#include "commands.hpp"

#include "gdapcheck/rules/loader.hpp"

#include <string>

namespace CLI {
class App;
}

namespace gdap::cli {

// The --rules-dir option every command that reads rules/ (or its error catalogue) takes.
void add_rules_dir_option(CLI::App& command, std::string& value);

// Where the rules live: gdapcheck's own next to the executable (build tree) or in
// ../share/gdapcheck/rules (install tree), and a folder of one's own from --rules-dir, else
// GDAPCHECK_RULES_DIR, laid over them. Either may be missing; rules::load_rules says when that
// leaves too little.
rules::RuleFolders find_rule_folders(const Context& context, const std::string& flag_value);

// "DIR" or "DIR, with your rules from DIR2": the folders as a person reads them.
std::string describe(const rules::RuleFolders& folders);

}  // namespace gdap::cli
