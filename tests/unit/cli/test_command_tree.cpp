#include "cli/command_tree.hpp"
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

using gdap::cli::CommandLine;
using gdap::cli::CommandSpec;
using gdap::cli::OptionSpec;
using gdap::cli::read_command_line;
using gdap::cli::ValueKind;

namespace {

const OptionSpec* find_option(const CommandSpec& command, const std::string& name) {
  for (const auto& option : command.options) {
    if (std::find(option.names.begin(), option.names.end(), name) != option.names.end()) {
      return &option;
    }
  }
  return nullptr;
}

const CommandSpec* find_command(const CommandLine& command_line, const std::string& name) {
  for (const auto& command : command_line.commands) {
    if (command.name == name) {
      return &command;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the command line is read from CLI11 with what each option takes", "[cli]") {
  CLI::App app{"tool: does things", "tool"};
  app.set_version_flag("--version", "1.0");
  bool verbose = false;
  std::string color;
  std::string snapshot;
  std::string rules_dir;
  std::string secret;
  std::vector<std::string> names;
  std::string shell;
  app.add_flag("-v,--verbose", verbose, "Say more");
  app.add_option("--color", color, "When: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  auto* run = app.add_subcommand("run", "Run it");
  run->add_option("names", names, "What to run");
  run->add_option("--snapshot", snapshot, "A saved file")->check(CLI::ExistingFile);
  run->add_option("--rules-dir", rules_dir, "A folder")->type_name("DIR");
  run->add_option("--secret", secret, "Never shown")->group("");
  auto* completion = app.add_subcommand("completion", "Print a script");
  completion->add_option("shell", shell, "The shell")->required()->check(CLI::IsMember({"bash"}));
  app.add_subcommand("internal", "Hidden")->group("");

  const auto command_line = read_command_line(app);
  CHECK(command_line.program.name == "tool");
  CHECK(command_line.program.description == "tool: does things");

  const auto* help = find_option(command_line.program, "--help");
  REQUIRE(help != nullptr);
  CHECK(help->names == std::vector<std::string>{"-h", "--help"});
  CHECK(help->ends_the_command);
  REQUIRE(find_option(command_line.program, "--version") != nullptr);
  CHECK(find_option(command_line.program, "--version")->ends_the_command);

  const auto* verbose_option = find_option(command_line.program, "-v");
  REQUIRE(verbose_option != nullptr);
  CHECK(verbose_option->names == std::vector<std::string>{"-v", "--verbose"});
  CHECK(verbose_option->value == ValueKind::none);
  CHECK(verbose_option->description == "Say more");
  CHECK_FALSE(verbose_option->ends_the_command);

  const auto* color_option = find_option(command_line.program, "--color");
  REQUIRE(color_option != nullptr);
  CHECK(color_option->value == ValueKind::choice);
  CHECK(color_option->choices == std::vector<std::string>{"auto", "always", "never"});
  CHECK(color_option->value_name == "auto|always|never");

  // Global options: those that work after a command too (not --help or --version).
  std::vector<std::string> global;
  for (const auto& option : command_line.global_options()) {
    global.push_back(option.names.back());
  }
  CHECK(global == std::vector<std::string>{"--verbose", "--color"});

  // Hidden commands and options are left out, as --help leaves them out.
  REQUIRE(command_line.commands.size() == 2);
  CHECK(find_command(command_line, "internal") == nullptr);
  const auto* run_command = find_command(command_line, "run");
  REQUIRE(run_command != nullptr);
  CHECK(find_option(*run_command, "--secret") == nullptr);
  REQUIRE(find_option(*run_command, "--snapshot") != nullptr);
  CHECK(find_option(*run_command, "--snapshot")->value == ValueKind::file);
  CHECK(find_option(*run_command, "--snapshot")->value_name == "FILE");
  REQUIRE(find_option(*run_command, "--rules-dir") != nullptr);
  CHECK(find_option(*run_command, "--rules-dir")->value == ValueKind::directory);
  REQUIRE(run_command->arguments.size() == 1);
  CHECK(run_command->arguments[0].name == "names");
  CHECK(run_command->arguments[0].many);
  CHECK_FALSE(run_command->arguments[0].required);
  CHECK(run_command->arguments[0].value == ValueKind::text);

  const auto* completion_command = find_command(command_line, "completion");
  REQUIRE(completion_command != nullptr);
  REQUIRE(completion_command->arguments.size() == 1);
  CHECK(completion_command->arguments[0].required);
  CHECK_FALSE(completion_command->arguments[0].many);
  CHECK(completion_command->arguments[0].choices == std::vector<std::string>{"bash"});
}

TEST_CASE("a command with its own commands is refused rather than rendered wrong", "[cli]") {
  CLI::App app{"tool", "tool"};
  app.add_subcommand("outer", "Outer")->add_subcommand("inner", "Inner");
  CHECK_THROWS_AS(read_command_line(app), std::logic_error);
}

TEST_CASE("gdapcheck's own command line has every command and no hidden one", "[cli]") {
  std::ostringstream out;
  std::ostringstream err;
  const gdap::cli::Streams streams{out, err};
  const gdap::cli::EnvLookup env = [](const std::string&) { return std::nullopt; };
  gdap::cli::Context context{streams, env, gdap::cli::GlobalOptions{}, gdap::ExitCode::ok, ""};
  const auto app = gdap::cli::make_app(context);
  const auto command_line = read_command_line(*app);

  std::vector<std::string> names;
  for (const auto& command : command_line.commands) {
    names.push_back(command.name);
  }
  CHECK(names == std::vector<std::string>{"tenant", "rules", "login", "logout", "whoami",
                                          "accounts", "explain", "diff", "fix", "completion"});
  const auto* explain = find_command(command_line, "explain");
  REQUIRE(explain != nullptr);
  REQUIRE(explain->arguments.size() == 1);
  CHECK(explain->arguments[0].many);  // the pasted words, or nothing for standard input
  CHECK_FALSE(explain->arguments[0].required);
  REQUIRE(find_option(*explain, "--rules-dir") != nullptr);
  CHECK(find_option(*explain, "--rules-dir")->value == ValueKind::directory);
  CHECK(find_option(*explain, "--list")->value == ValueKind::none);
  const auto* login = find_command(command_line, "login");
  REQUIRE(login != nullptr);
  CHECK(find_option(*login, "--client-secret") == nullptr);  // the hidden trap
  REQUIRE(find_option(*login, "--certificate") != nullptr);
  CHECK(find_option(*login, "--certificate")->value == ValueKind::file);
  const auto* cloud = find_option(command_line.program, "--cloud");
  REQUIRE(cloud != nullptr);
  CHECK(cloud->choices == std::vector<std::string>{"global", "usgov", "usgovdod", "china"});
  CHECK(cloud->default_value == "global");
}
