#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace gdap::cli {

// Looks up an environment variable; injected so tests can run commands with a fixed environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
EnvLookup process_environment();

// Where a command writes: results to `out`, prompts, progress and logs to `err`; and where it
// reads what `-` names (`--snapshot -`): `in`, none when null.
struct Streams {
  std::ostream& out;
  std::ostream& err;
  // Whether `out` is a terminal (colour is used only then, and never with NO_COLOR).
  bool out_is_terminal = false;
  bool err_is_terminal = false;
  std::istream* in = nullptr;
  // Whether `in` is a terminal a person answers at (fix --apply asks before each change).
  bool in_is_terminal = false;
};

// Parse the command line, run the chosen command and return the process exit code.
// Never throws: errors that end the run are printed to `streams.err` as "gdapcheck: …".
int run(int argc, const char* const* argv, const Streams& streams, const EnvLookup& env);

// The real process: std::cout / std::cerr, isatty, getenv, libcurl global init.
int run(int argc, char** argv);

}  // namespace gdap::cli
