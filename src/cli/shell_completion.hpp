#pragma once

// Shell completion scripts and the man page, rendered from the command line read from its CLI11
// definition (command_tree.hpp). Pure: each returns the whole file as a string.

#include "command_tree.hpp"

#include <string>
#include <string_view>

namespace gdap::cli {

// `text` with a backslash before each character in `specials`: how each shell's quotes, and
// zsh's _arguments, take a character literally.
std::string backslash_escaped(std::string_view text, std::string_view specials);

// For bash (bash-completion's completions/ folder, or `source <(gdapcheck completion bash)`):
// self-contained, needs only bash 4.
std::string render_bash_completion(const CommandLine& command_line);

// For zsh: an autoloadable _gdapcheck for a folder of $fpath, which also works when sourced.
std::string render_zsh_completion(const CommandLine& command_line);

// For fish (vendor_completions.d/, or `gdapcheck completion fish | source`).
std::string render_fish_completion(const CommandLine& command_line);

// gdapcheck.1: every command with its options, plus what --help does not say (environment,
// exit status, files, examples), in roff for man(7). `installed_rules_dir` is where an installed
// copy keeps its rules, relative to the executable ("../share/gdapcheck/rules").
std::string render_man_page(const CommandLine& command_line, std::string_view version,
                            std::string_view installed_rules_dir);

}  // namespace gdap::cli
