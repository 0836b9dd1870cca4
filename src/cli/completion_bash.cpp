// The bash completion script: tables of what each command and option takes, read by one small
// function, so the script holds data from the command line and no logic per option.
#include "shell_completion.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace gdap::cli {

std::string backslash_escaped(std::string_view text, std::string_view specials) {
  std::string escaped;
  for (const char c : text) {
    if (specials.find(c) != std::string_view::npos) {
      escaped += '\\';
    }
    escaped += c;
  }
  return escaped;
}

namespace {

// Inside double quotes, bash still expands $, ` and \ and ends at ".
std::string double_quoted(const std::string& text) {
  return fmt::format("\"{}\"", backslash_escaped(text, "\"$`\\"));
}

// What _gdapcheck_reply completes: "choice WORD…", "file", "directory" or "text".
std::string what_it_takes(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::choice:
      return fmt::format("choice {}", fmt::join(choices, " "));
    case ValueKind::file:
      return "file";
    case ValueKind::directory:
      return "directory";
    case ValueKind::none:
    case ValueKind::text:
      break;
  }
  return "text";
}

std::vector<std::string> option_names(const std::vector<OptionSpec>& options) {
  std::vector<std::string> names;
  for (const auto& option : options) {
    names.insert(names.end(), option.names.begin(), option.names.end());
  }
  return names;
}

// `options` lines: the command's own options, then the global ones that also work after it.
void add_options(std::string& out, const std::string& command, std::vector<OptionSpec> options,
                 const std::vector<OptionSpec>& global) {
  options.insert(options.end(), global.begin(), global.end());
  out += fmt::format("        [{}]={}\n", double_quoted(command),
                     double_quoted(fmt::format("{}", fmt::join(option_names(options), " "))));
}

// `takes` lines: the values of the command's options and its arguments.
void add_takes(std::string& out, const std::string& command, const CommandSpec& spec) {
  for (const auto& option : spec.options) {
    if (option.value == ValueKind::none) {
      continue;
    }
    for (const auto& name : option.names) {
      out += fmt::format("        [{}]={}\n", double_quoted(fmt::format("{} {}", command, name)),
                         double_quoted(what_it_takes(option.value, option.choices)));
    }
  }
  for (std::size_t position = 0; position < spec.arguments.size(); ++position) {
    const auto& argument = spec.arguments[position];
    const std::string key = argument.many ? "*" : std::to_string(position);
    out += fmt::format("        [{}]={}\n", double_quoted(fmt::format("{} #{}", command, key)),
                       double_quoted(what_it_takes(argument.value, argument.choices)));
  }
}

}  // namespace

std::string render_bash_completion(const CommandLine& command_line) {
  const auto& program = command_line.program;
  const auto global = command_line.global_options();
  std::string out = fmt::format(
      R"(# bash completion for {0}, generated from its command-line definition by
# "{0} completion bash"; do not edit. Installed in bash-completion's completions/ folder, or
# loaded with: source <({0} completion bash)

# $1: what is expected ("choice WORD...", "file", "directory" or "text"); $2: the word so far.
_{0}_reply() {{
    case ${{1%% *}} in
    choice) mapfile -t COMPREPLY < <(compgen -W "${{1#choice }}" -- "$2") ;;
    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$2") ;;
    directory) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$2") ;;
    *) COMPREPLY=() ;;
    esac
}}

_{0}() {{
    # The options of each command, and of {0} itself.
    local -A options=(
)",
      program.name);
  add_options(out, program.name, program.options, {});
  std::vector<std::string> command_names;
  for (const auto& command : command_line.commands) {
    add_options(out, command.name, command.options, global);
    command_names.push_back(command.name);
  }
  out += fmt::format(R"(    )
    # What an option takes ("COMMAND OPTION"; the options of {0} itself work after every
    # command too) and what the arguments take ("COMMAND #N", "COMMAND #*" for the rest).
    local -A takes=(
)",
                     program.name);
  add_takes(out, program.name, program);
  out += fmt::format("        [{}]={}\n", double_quoted(program.name + " #0"),
                     double_quoted(what_it_takes(ValueKind::choice, command_names)));
  for (const auto& command : command_line.commands) {
    add_takes(out, command.name, command);
  }
  out += fmt::format(R"(    )
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=
    ((COMP_CWORD > 0)) && prev=${{COMP_WORDS[COMP_CWORD - 1]}}
    # bash splits --option=value at the "=".
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${{COMP_WORDS[COMP_CWORD - 2]}}
    fi
    # Find the command and how many arguments it has so far, stepping over options' values.
    local command={0} word position=0 i=1
    while ((i < COMP_CWORD)); do
        word=${{COMP_WORDS[i]}}
        if [[ $word == -* ]]; then
            if [[ -n ${{takes["$command $word"]-}}${{takes["{0} $word"]-}} ]]; then
                [[ ${{COMP_WORDS[i + 1]-}} == = ]] && ((i += 1))
                ((i += 1))
            fi
        elif [[ $command == {0} && $word != {0} && -n ${{options["$word"]-}} ]]; then
            command=$word
            position=0
        else
            ((position += 1))
        fi
        ((i += 1))
    done
    local expected=
    [[ $prev == -* ]] && expected=${{takes["$command $prev"]-${{takes["{0} $prev"]-}}}}
    if [[ -n $expected ]]; then
        _{0}_reply "$expected" "$cur"
    elif [[ $cur == -* ]]; then
        _{0}_reply "choice ${{options["$command"]}}" "$cur"
    else
        _{0}_reply "${{takes["$command #$position"]-${{takes["$command #*"]-}}}}" "$cur"
    fi
}}

complete -F _{0} {0}
)",
                     program.name);
  return out;
}

}  // namespace gdap::cli
