#include "cli/shell_completion.hpp"

#include <catch2/catch.hpp>

#include <string>

using gdap::cli::ArgumentSpec;
using gdap::cli::CommandLine;
using gdap::cli::CommandSpec;
using gdap::cli::OptionSpec;
using gdap::cli::ValueKind;

namespace {

OptionSpec option(std::vector<std::string> names, std::string description,
                  ValueKind value = ValueKind::none, std::vector<std::string> choices = {}) {
  OptionSpec spec;
  spec.names = std::move(names);
  spec.description = std::move(description);
  spec.value = value;
  spec.choices = std::move(choices);
  spec.value_name = value == ValueKind::choice ? "a|b" : (value == ValueKind::none ? "" : "TEXT");
  return spec;
}

// A command line whose words need every kind of escaping the generators do.
CommandLine tricky_command_line() {
  CommandLine command_line;
  command_line.program.name = "tool";
  command_line.program.description = "tool: checks [things]";
  auto help = option({"-h", "--help"}, "Print help");
  help.ends_the_command = true;
  command_line.program.options = {
      help, option({"--mode"}, "Mode: a or b", ValueKind::choice, {"a", "b"})};
  CommandSpec run;
  run.name = "run";
  run.description = "Run the tool's check";
  run.options = {option({"--note"}, "It's [really] 100% $HOME \"quoted\" \\ back", ValueKind::text),
                 option({"--out"}, ".starts with a dot", ValueKind::file),
                 option({"--dir"}, "A folder", ValueKind::directory)};
  ArgumentSpec target;
  target.name = "target";
  target.description = "What to run";
  target.value = ValueKind::choice;
  target.choices = {"x", "y"};
  target.required = true;
  run.arguments = {target};
  command_line.commands = {run};
  return command_line;
}

}  // namespace

TEST_CASE("bash completion: tables of options and values, safely quoted", "[cli]") {
  const auto script = gdap::cli::render_bash_completion(tricky_command_line());
  CHECK_THAT(script, Catch::Contains(R"(["tool"]="-h --help --mode")"));
  // A command offers its own options, then the global ones (not --help of the program).
  CHECK_THAT(script, Catch::Contains(R"(["run"]="--note --out --dir --mode")"));
  CHECK_THAT(script, Catch::Contains(R"(["tool --mode"]="choice a b")"));
  CHECK_THAT(script, Catch::Contains(R"(["run --out"]="file")"));
  CHECK_THAT(script, Catch::Contains(R"(["run --dir"]="directory")"));
  CHECK_THAT(script, Catch::Contains(R"(["run #0"]="choice x y")"));
  CHECK_THAT(script, Catch::Contains(R"(["tool #0"]="choice run")"));
  CHECK_THAT(script, Catch::Contains("complete -F _tool tool"));
}

TEST_CASE("zsh completion: descriptions escaped for _arguments and for single quotes", "[cli]") {
  const auto script = gdap::cli::render_zsh_completion(tricky_command_line());
  CHECK(script.rfind("#compdef tool\n", 0) == 0);
  CHECK_THAT(script, Catch::Contains(
                         R"('--note=[It'\''s \[really\] 100% $HOME "quoted" \\ back]:TEXT: ')"));
  CHECK_THAT(script, Catch::Contains(R"('--mode=[Mode\: a or b]:a|b:(a b)')"));
  CHECK_THAT(script, Catch::Contains(R"('--out=[.starts with a dot]:TEXT:_files')"));
  CHECK_THAT(script, Catch::Contains(R"('--dir=[A folder]:TEXT:_files -/')"));
  CHECK_THAT(script, Catch::Contains(R"('(- *)-h[Print help]')"));
  CHECK_THAT(script, Catch::Contains(R"(':target:(x y)')"));
  CHECK_THAT(script, Catch::Contains(R"('run:Run the tool'\''s check')"));
}

TEST_CASE("fish completion: one line per option, limited to its command", "[cli]") {
  const auto script = gdap::cli::render_fish_completion(tricky_command_line());
  CHECK_THAT(script, Catch::Contains("complete -c tool -n 'not __fish_seen_subcommand_from run' "
                                     "-s h -l help -d 'Print help'\n"));
  CHECK_THAT(script, Catch::Contains("complete -c tool -l mode -x -a 'a b' -d 'Mode: a or b'\n"));
  CHECK_THAT(script, Catch::Contains("complete -c tool -n '__fish_seen_subcommand_from run' -l "
                                     "note -x -d 'It\\'s [really] 100% $HOME \"quoted\" \\\\ "
                                     "back'\n"));
  CHECK_THAT(script, Catch::Contains("-l out -r -F -d"));
  CHECK_THAT(script, Catch::Contains("-n '__fish_seen_subcommand_from run' -x -a 'x y' -d 'What "
                                     "to run'\n"));
}

TEST_CASE("man page: valid roff whatever the descriptions hold", "[cli]") {
  const auto page =
      gdap::cli::render_man_page(tricky_command_line(), "1.2.3", "../share/tool/rules");
  CHECK_THAT(page, Catch::Contains(".TH TOOL 1 \"\" \"tool 1.2.3\" \"User Commands\"\n"));
  CHECK_THAT(page, Catch::Contains(".SH NAME\ntool \\- checks [things]\n"));
  // Every hyphen of an option is \- so the rendered page copies as ASCII.
  CHECK_THAT(page, Catch::Contains(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nPrint help\n"));
  CHECK_THAT(page, Catch::Contains("\\fB\\-\\-mode\\fR \\fIa|b\\fR\n"));
  // A backslash is \e; a line starting with a dot is not a request.
  CHECK_THAT(page, Catch::Contains("100% $HOME \"quoted\" \\e back\n"));
  CHECK_THAT(page, Catch::Contains("\n\\&.starts with a dot\n"));
  CHECK_THAT(page, Catch::Contains(".SS \"\\fBtool run\\fR [\\fIoptions\\fR] \\fItarget\\fR\"\n"));
  // Exit statuses come from the program's own codes.
  CHECK_THAT(page, Catch::Contains(".TP\n\\fB130\\fR\n"));
  CHECK_THAT(page, Catch::Contains(".TP\n\\fB/usr/share/tool/rules/\\fR\n"));
  for (const char* section :
       {".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH COMMANDS", ".SH ENVIRONMENT",
        ".SH EXIT STATUS", ".SH FILES", ".SH EXAMPLES", ".SH SEE ALSO"}) {
    CHECK_THAT(page, Catch::Contains(std::string("\n") + section + "\n"));
  }
}
