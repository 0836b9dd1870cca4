#include "command_tree.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace gdap::cli {

namespace {

// CLI11's own string helpers: the type names read here are the ones it wrote.
using CLI::detail::join;
using CLI::detail::split;

bool names_a(const std::string& type_name, const std::string& word) {
  const auto alternatives = split(type_name, '|');
  return std::find(alternatives.begin(), alternatives.end(), word) != alternatives.end();
}

struct Value {
  ValueKind kind = ValueKind::text;
  std::string name;
  std::vector<std::string> choices;
};

// CLI11 describes what an option takes as its type name followed by each validator's
// description: "TEXT:{text,json,markdown}" (IsMember), "TEXT:FILE" (ExistingFile), "DIR"
// (ExistingDirectory or type_name("DIR")), "NAME|FILE" (type_name), "UINT:INT in [1 - 1024]".
Value value_of(const CLI::Option& option) {
  const auto parts = split(option.get_type_name(), ':');
  Value value;
  value.name = parts.front();
  for (const auto& part : parts) {
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      value.kind = ValueKind::choice;
      value.choices = split(part.substr(1, part.size() - 2), ',');
      value.name = join(value.choices, "|");
      return value;
    }
  }
  for (const auto& part : parts) {
    if (names_a(part, "FILE") || names_a(part, "PATH")) {
      value.kind = ValueKind::file;
      value.name = names_a(parts.front(), "FILE") ? parts.front() : "FILE";
      return value;
    }
    if (names_a(part, "DIR")) {
      value.kind = ValueKind::directory;
      value.name = "DIR";
      return value;
    }
  }
  return value;
}

bool hidden(const CLI::Option& option) {
  return option.get_group().empty();
}

OptionSpec option_spec(const CLI::App& app, const CLI::Option& option) {
  OptionSpec spec;
  for (const auto& name : option.get_snames()) {
    spec.names.push_back("-" + name);
  }
  for (const auto& name : option.get_lnames()) {
    spec.names.push_back("--" + name);
  }
  spec.description = option.get_description();
  if (option.get_items_expected_max() > 0) {  // 0: a flag
    const auto value = value_of(option);
    spec.value = value.kind;
    spec.value_name = value.name;
    spec.choices = value.choices;
    spec.default_value = option.get_default_str();
  }
  spec.repeatable = option.get_expected_max() > 1;
  spec.ends_the_command = &option == app.get_help_ptr() || &option == app.get_help_all_ptr() ||
                          &option == app.get_version_ptr();
  return spec;
}

ArgumentSpec argument_spec(const CLI::Option& option) {
  ArgumentSpec spec;
  spec.name = option.get_name(true);
  spec.description = option.get_description();
  const auto value = value_of(option);
  spec.value = value.kind;
  spec.value_name = value.name;
  spec.choices = value.choices;
  spec.many = option.get_items_expected_max() >= CLI::detail::expected_max_vector_size;
  spec.required = option.get_required();
  return spec;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  const std::function<bool(const CLI::App*)> visible = [](const CLI::App* command) {
    return !command->get_group().empty();
  };
  return app.get_subcommands(visible);
}

CommandSpec command_spec(const CLI::App& app) {
  CommandSpec spec;
  spec.name = app.get_name();
  spec.description = app.get_description();
  for (const auto* option : app.get_options()) {
    if (hidden(*option)) {
      continue;
    }
    if (option->nonpositional()) {
      spec.options.push_back(option_spec(app, *option));
    } else {
      spec.arguments.push_back(argument_spec(*option));
    }
  }
  return spec;
}

}  // namespace

std::vector<OptionSpec> CommandLine::global_options() const {
  std::vector<OptionSpec> global;
  std::copy_if(program.options.begin(), program.options.end(), std::back_inserter(global),
               [](const OptionSpec& option) { return !option.ends_the_command; });
  return global;
}

CommandLine read_command_line(const CLI::App& app) {
  CommandLine command_line;
  command_line.program = command_spec(app);
  for (const auto* command : visible_subcommands(app)) {
    if (!visible_subcommands(*command).empty()) {
      throw std::logic_error(
          "the man page and completion generators do not handle nested commands (" +
          command->get_name() + ")");
    }
    command_line.commands.push_back(command_spec(*command));
  }
  return command_line;
}

}  // namespace gdap::cli
