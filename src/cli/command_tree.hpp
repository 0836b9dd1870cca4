#pragma once

// The command line as plain data, read from the CLI11 definition that parses it (make_app), so
// the man page and the shell completions are generated from the same source as --help and can
// never drift from it. Hidden options and commands (CLI11 group "") are left out, as --help
// leaves them out.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace gdap::cli {

// What an option or argument takes, which decides how a shell completes it.
enum class ValueKind {
  none,       // a flag
  text,       // free text: nothing to complete
  file,       // a path to a file
  directory,  // a path to a directory
  choice,     // one of `choices`
};

struct OptionSpec {
  std::vector<std::string> names;  // as typed, short ones first: "-v", "--verbose"
  std::string description;
  ValueKind value = ValueKind::none;
  std::string value_name;            // "FILE", "TEXT", "UINT"; the choices joined by '|'
  std::vector<std::string> choices;  // for ValueKind::choice
  std::string default_value;         // "" when --help shows none
  bool repeatable = false;           // may be given more than once
  bool ends_the_command = false;     // --help, --version: nothing else matters once given
};

struct ArgumentSpec {
  std::string name;  // "customers"
  std::string description;
  ValueKind value = ValueKind::text;
  std::string value_name;
  std::vector<std::string> choices;
  bool many = false;      // takes every remaining argument
  bool required = false;  // must be given
};

struct CommandSpec {
  std::string name;  // "tenant"; the program's name for the top level
  std::string description;
  std::vector<OptionSpec> options;
  std::vector<ArgumentSpec> arguments;
};

struct CommandLine {
  CommandSpec program;                // the top level: global options
  std::vector<CommandSpec> commands;  // its subcommands, in the order --help lists them
  // Options of the program that also work after a command (CLI11 fallthrough): everything but
  // those that end the command (--help, --version).
  std::vector<OptionSpec> global_options() const;
};

// Reads the command line from a CLI11 definition. Throws std::logic_error for what the
// generators cannot render faithfully (a command with its own subcommands).
CommandLine read_command_line(const CLI::App& app);

}  // namespace gdap::cli
