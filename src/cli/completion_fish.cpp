// The fish completion script: one `complete` line per option and argument, each limited to the
// command it belongs to.
#include "shell_completion.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace gdap::cli {

namespace {

// '…' in fish: only \ and ' need a backslash.
std::string quoted(const std::string& text) {
  return fmt::format("'{}'", backslash_escaped(text, "\\'"));
}

// The flags that make fish complete a value the way the option or argument takes it.
std::string value_flags(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::choice:
      return fmt::format(" -x -a {}", quoted(fmt::format("{}", fmt::join(choices, " "))));
    case ValueKind::file:
      return " -r -F";
    case ValueKind::directory:
      return " -x -a '(__fish_complete_directories (commandline -ct))'";
    case ValueKind::text:
      return " -x";
    case ValueKind::none:
      break;
  }
  return "";
}

std::string option_line(const std::string& program, const std::string& condition,
                        const OptionSpec& option) {
  std::string line = "complete -c " + program + condition;
  for (const auto& name : option.names) {
    line += name.rfind("--", 0) == 0 ? fmt::format(" -l {}", name.substr(2))
                                     : fmt::format(" -s {}", name.substr(1));
  }
  return fmt::format("{}{} -d {}\n", line, value_flags(option.value, option.choices),
                     quoted(option.description));
}

}  // namespace

std::string render_fish_completion(const CommandLine& command_line) {
  const auto& program = command_line.program.name;
  std::vector<std::string> command_names;
  for (const auto& command : command_line.commands) {
    command_names.push_back(command.name);
  }
  const std::string before_a_command = fmt::format(
      " -n {}",
      quoted(fmt::format("not __fish_seen_subcommand_from {}", fmt::join(command_names, " "))));
  std::string out = fmt::format(
      R"(# fish completion for {0}, generated from its command-line definition by
# "{0} completion fish"; do not edit. Installed in vendor_completions.d, or loaded with:
# {0} completion fish | source

# Paths are completed only where an option or argument takes one.
complete -c {0} -f

# {0} itself; its options work after every command too, except those that end it.
)",
      program);
  for (const auto& option : command_line.program.options) {
    out += option_line(program, option.ends_the_command ? before_a_command : "", option);
  }
  for (const auto& command : command_line.commands) {
    out += fmt::format("complete -c {}{} -a {} -d {}\n", program, before_a_command,
                       quoted(command.name), quoted(command.description));
  }
  for (const auto& command : command_line.commands) {
    const std::string in_command =
        fmt::format(" -n {}", quoted("__fish_seen_subcommand_from " + command.name));
    out += fmt::format("\n# {} {}\n", program, command.name);
    for (const auto& option : command.options) {
      out += option_line(program, in_command, option);
    }
    for (const auto& argument : command.arguments) {
      if (argument.value != ValueKind::text) {
        out += fmt::format("complete -c {}{}{} -d {}\n", program, in_command,
                           value_flags(argument.value, argument.choices),
                           quoted(argument.description));
      }
    }
  }
  return out;
}

}  // namespace gdap::cli
