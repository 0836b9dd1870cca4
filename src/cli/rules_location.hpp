#pragma once

#include "commands.hpp"

#include <filesystem>
#include <string>

namespace CLI {
class App;
}

namespace gdap::cli {

// The --rules-dir option every command that reads rules/ (or its error catalogue) takes.
void add_rules_dir_option(CLI::App& command, std::string& value);

// Where the rules live: --rules-dir, else GDAPCHECK_RULES_DIR, else next to the executable
// (build tree), else where the install put them (../share/gdapcheck/rules from bin/). Throws
// InputError when none exists.
std::filesystem::path find_rules_directory(const Context& context, const std::string& flag_value);

}  // namespace gdap::cli
