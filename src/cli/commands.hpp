#pragma once

// Private to the cli module: the state every subcommand shares, and one registration
// function per command file (micromamba style: the files declare flags and hand off).

#include "gdapcheck/cli/app.hpp"
#include "gdapcheck/error.hpp"

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace gdap::cli {

// Options that apply to every command (design §3). Flags win over environment variables.
struct GlobalOptions {
  bool verbose = false;
  bool no_color = false;
  std::string cloud = "global";  // global | usgov | usgovdod | china
};

// What a running command can use: its streams, the environment, the global options, and the
// slot its exit code goes into.
struct Context {
  const Streams& streams;
  const EnvLookup& env;
  GlobalOptions global;
  ExitCode exit_code = ExitCode::ok;
  // Path of the running executable's directory (for the shipped rules); empty if unknown.
  std::string executable_dir;
};

// True when colour should be written to `out`: a terminal, no --no-color, NO_COLOR unset/empty.
bool use_color(const Context& context);

// The whole command line: global options and every command, registered on one CLI::App whose
// callbacks run the commands against `context`. The one definition behind parsing, --help, the
// man page and the shell completions.
std::unique_ptr<CLI::App> make_app(Context& context);

void register_tenant_command(CLI::App& app, Context& context);
void register_rules_command(CLI::App& app, Context& context);
void register_auth_commands(CLI::App& app, Context& context);  // login, logout, whoami
void register_accounts_command(CLI::App& app, Context& context);
void register_explain_command(CLI::App& app, Context& context);
void register_diff_command(CLI::App& app, Context& context);  // diff OLD NEW
void register_fix_command(CLI::App& app, Context& context);
// completion bash|zsh|fish, and the hidden manpage the build uses.
void register_completion_commands(CLI::App& app, Context& context);

}  // namespace gdap::cli
