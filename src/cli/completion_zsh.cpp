// The zsh completion function: one _arguments call per command, with the options' descriptions
// and what each value takes.
#include "shell_completion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gdap::cli {

namespace {

// '…' in zsh: a ' inside ends the quotes, so it becomes '\''.
std::string single_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

// _arguments reads [, ], : and \ in a description or message as syntax unless escaped.
std::string spec_text(const std::string& text) {
  return backslash_escaped(text, "[]:\\");
}

std::string action(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::choice: {
      std::vector<std::string> words(choices.size());
      std::transform(choices.begin(), choices.end(), words.begin(), spec_text);
      return fmt::format("({})", fmt::join(words, " "));
    }
    case ValueKind::file:
      return "_files";
    case ValueKind::directory:
      return "_files -/";
    case ValueKind::none:
    case ValueKind::text:
      break;
  }
  return " ";  // a message only: nothing to complete
}

// One spec per name: "(-v --verbose)-v[description]", "--format=[description]:value:action".
// Names of one option exclude each other; --help and --version exclude everything.
std::vector<std::string> option_specs(const OptionSpec& option) {
  std::string excluded;
  if (option.ends_the_command) {
    excluded = "(- *)";
  } else if (option.names.size() > 1 && !option.repeatable) {
    excluded = fmt::format("({})", fmt::join(option.names, " "));
  }
  std::vector<std::string> specs;
  for (const auto& name : option.names) {
    std::string spec = fmt::format("{}{}{}", excluded, option.repeatable ? "*" : "", name);
    if (option.value == ValueKind::none) {
      spec += fmt::format("[{}]", spec_text(option.description));
    } else {
      spec += fmt::format("=[{}]:{}:{}", spec_text(option.description),
                          spec_text(option.value_name), action(option.value, option.choices));
    }
    specs.push_back(single_quoted(spec));
  }
  return specs;
}

std::string argument_spec(const ArgumentSpec& argument) {
  const std::string count = argument.many ? "*:" : (argument.required ? ":" : "::");
  return single_quoted(fmt::format("{}{}:{}", count, spec_text(argument.name),
                                   action(argument.value, argument.choices)));
}

// The specs of a command's options and arguments.
std::vector<std::string> command_specs(const CommandSpec& command) {
  std::vector<std::string> specs;
  for (const auto& option : command.options) {
    const auto of_option = option_specs(option);
    specs.insert(specs.end(), of_option.begin(), of_option.end());
  }
  for (const auto& argument : command.arguments) {
    specs.push_back(argument_spec(argument));
  }
  return specs;
}

// `_arguments $global_options SPEC…`, one spec a line.
std::string arguments_call(const std::vector<std::string>& specs, const std::string& indent) {
  std::string call = indent + "_arguments $global_options";
  for (const auto& spec : specs) {
    call += fmt::format(" \\\n{}  {}", indent, spec);
  }
  return call + " && ret=0\n";
}

}  // namespace

std::string render_zsh_completion(const CommandLine& command_line) {
  const auto& program = command_line.program;
  std::string out = fmt::format(
      R"(#compdef {0}
# zsh completion for {0}, generated from its command-line definition by
# "{0} completion zsh"; do not edit. Autoloaded from a folder of $fpath, or loaded with:
# source <({0} completion zsh)

_{0}() {{
  local curcontext=$curcontext state state_descr line ret=1
  typeset -A opt_args
  # The options of {0} itself that work after every command too.
  local -a global_options=(
)",
      program.name);
  for (const auto& option : command_line.global_options()) {
    for (const auto& spec : option_specs(option)) {
      out += "    " + spec + "\n";
    }
  }
  out += "  )\n";
  // Before a command: what ends it (--help, --version), then the command and its arguments.
  std::vector<std::string> top;
  for (const auto& option : program.options) {
    if (option.ends_the_command) {
      const auto specs = option_specs(option);
      top.insert(top.end(), specs.begin(), specs.end());
    }
  }
  top.emplace_back("':command:->command'");
  top.emplace_back("'*::argument:->argument'");
  out += arguments_call(top, "  ");
  out += "  case $state in\n  command)\n    local -a commands=(\n";
  for (const auto& command : command_line.commands) {
    out += fmt::format("      {}\n", single_quoted(fmt::format("{}:{}", spec_text(command.name),
                                                               command.description)));
  }
  out += fmt::format(R"(    )
    _describe -t commands '{0} command' commands && ret=0
    ;;
  argument)
    curcontext=${{curcontext%:*:*}}:{0}-$line[1]:
    case $line[1] in
)",
                     program.name);
  for (const auto& command : command_line.commands) {
    out +=
        fmt::format("    {})\n{}", command.name, arguments_call(command_specs(command), "      "));
    out += "      ;;\n";
  }
  out += fmt::format(R"(    esac
    ;;
  esac
  return ret
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _{0} "$@"
else
  compdef _{0} {0}
fi
)",
                     program.name);
  return out;
}

}  // namespace gdap::cli
