// gdapcheck completion bash|zsh|fish, and the hidden gdapcheck manpage the build uses to write
// gdapcheck.1: both render the very command line they are part of.
#include "command_tree.hpp"
#include "commands.hpp"
#include "shell_completion.hpp"

#include "gdapcheck/build_info.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace gdap::cli {

void register_completion_commands(CLI::App& app, Context& context) {
  auto shell = std::make_shared<std::string>();
  auto* completion = app.add_subcommand(
      "completion",
      "Print the shell completion script for bash, zsh or fish (e.g. source <(gdapcheck "
      "completion bash))");
  completion->add_option("shell", *shell, "The shell: bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&app, &context, shell] {
    const auto command_line = read_command_line(app);
    if (*shell == "zsh") {
      context.streams.out << render_zsh_completion(command_line);
    } else if (*shell == "fish") {
      context.streams.out << render_fish_completion(command_line);
    } else {
      context.streams.out << render_bash_completion(command_line);
    }
  });

  auto* manpage = app.add_subcommand("manpage", "Print the man page (roff)");
  manpage->group("");  // for the build, which installs it as gdapcheck.1
  manpage->callback([&app, &context] {
    context.streams.out << render_man_page(read_command_line(app), build::version(),
                                           build::installed_rules_dir_from_executable());
  });
}

}  // namespace gdap::cli
