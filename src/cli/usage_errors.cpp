#include "usage_errors.hpp"

#include "gdapcheck/model/text.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <utility>

namespace gdap::cli {

namespace {

bool looks_like_option(const std::string& argument) {
  return argument.size() > 1 && argument.front() == '-';
}

// The commands --help lists; a hidden one (the build's `manpage`) is never suggested.
std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* command : app.get_subcommands([](const CLI::App* sub) {
         return !sub->get_name().empty() && !sub->get_group().empty();
       })) {
    names.push_back(command->get_name());
  }
  return names;
}

// Every spelling of the visible options of `app` ("--profile", "-v"); hidden ones are traps, not
// suggestions.
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* option : app.get_options()) {
    if (!option->nonpositional() || option->get_group().empty()) {
      continue;
    }
    for (const auto& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
    for (const auto& name : option->get_snames()) {
      names.push_back("-" + name);
    }
  }
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

std::string did_you_mean(const std::string& typed, const std::vector<std::string>& names) {
  const auto close = model::closest_matches(typed, names, 1);
  return close.empty() ? std::string() : "; did you mean '" + close.front() + "'?";
}

std::string unknown_command(const CLI::App& app, const std::string& typed) {
  const auto commands = command_names(app);
  const auto suggestion = did_you_mean(typed, commands);
  return "unknown command '" + typed + "'" +
         (suggestion.empty() ? " (commands: " + joined(commands) + ")" : suggestion);
}

// The commands that have an option spelled exactly `typed`.
std::vector<std::string> commands_with_option(const CLI::App& app, const std::string& typed) {
  std::vector<std::string> owners;
  for (const auto& name : command_names(app)) {
    const auto names = option_names(*app.get_subcommand(name));
    if (std::find(names.begin(), names.end(), typed) != names.end()) {
      owners.push_back(name);
    }
  }
  return owners;
}

// `command` is the subcommand given, or null when there was none.
std::string unknown_option(const CLI::App& app, const CLI::App* command,
                           const std::string& argument) {
  const std::string typed = argument.substr(0, argument.find('='));
  const auto owners = commands_with_option(app, typed);
  if (command == nullptr) {
    if (!owners.empty()) {
      return "'" + typed + "' goes after the command it belongs to (" + joined(owners) + ")";
    }
    return "unknown option '" + typed + "'" + did_you_mean(typed, option_names(app));
  }
  if (std::find(owners.begin(), owners.end(), command->get_name()) != owners.end()) {
    // The command has it, so it was typed before the command's name.
    return "'" + typed + "' goes after the command: gdapcheck " + command->get_name() + " " +
           typed + " ...";
  }
  auto names = option_names(*command);
  const auto global = option_names(app);
  names.insert(names.end(), global.begin(), global.end());
  return "unknown option '" + typed + "' for '" + command->get_name() + "'" +
         did_you_mean(typed, names);
}

std::vector<std::string> describe_leftovers(const CLI::App& app) {
  const auto given = app.get_subcommands();
  const CLI::App* command = given.empty() ? nullptr : given.front();
  std::vector<std::string> sentences;
  bool named_command = false;
  // After an unknown option the next word is probably its value, which may be a secret: it is
  // not repeated, and counts as a mistyped command only when it is close to one.
  bool after_option = false;
  for (const auto& argument : app.remaining(true)) {
    if (looks_like_option(argument)) {
      sentences.push_back(unknown_option(app, command, argument));
      after_option = argument.find('=') == std::string::npos;
      continue;
    }
    const bool maybe_value = after_option;
    after_option = false;
    if (command != nullptr) {
      if (!maybe_value) {
        sentences.push_back("unexpected argument '" + argument + "' for '" + command->get_name() +
                            "'");
      }
    } else if (!named_command &&
               (!maybe_value || !model::closest_matches(argument, command_names(app), 1).empty())) {
      // The first word that is not an option's value was meant as the command.
      sentences.push_back(unknown_command(app, argument));
      named_command = true;
    }
  }
  if (command == nullptr && !named_command) {
    sentences.push_back("no command given (commands: " + joined(command_names(app)) + ")");
  }
  return sentences;
}

}  // namespace

std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error) {
  std::vector<std::string> sentences;
  const bool no_command = app.get_subcommands().empty();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
      (no_command && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr)) {
    sentences = describe_leftovers(app);
  }
  if (sentences.empty()) {
    sentences.emplace_back(error.what());
  }
  std::string out;
  for (const auto& sentence : sentences) {
    out += "gdapcheck: " + sentence + "\n";
  }
  const std::string help =
      no_command ? "gdapcheck --help"
                 : "gdapcheck " + app.get_subcommands().front()->get_name() + " --help";
  return out + "Run '" + help + "' for usage.\n";
}

std::string not_one_of(const std::string& value, const std::vector<std::string>& choices) {
  return "'" + value + "' is not one of " + joined(choices);
}

CLI::Validator one_of(std::vector<std::string> choices) {
  std::string description = "{";
  for (const auto& choice : choices) {
    description += (description.size() > 1 ? "," : "") + choice;
  }
  description += "}";
  return {[choices = std::move(choices)](std::string& value) -> std::string {
            for (const auto& choice : choices) {
              if (model::equals_ignoring_case(value, choice)) {
                value = choice;
                return {};
              }
            }
            return not_one_of(value, choices);
          },
          description};
}

}  // namespace gdap::cli
