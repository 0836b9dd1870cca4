// login, logout, whoami: filled in by the sign-in work (issue 3).
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace gdap::cli {

void register_auth_commands(CLI::App& /*app*/, Context& /*context*/) {}

}  // namespace gdap::cli
