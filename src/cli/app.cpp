#include "gdapcheck/cli/app.hpp"

#include "commands.hpp"
#include "rules_location.hpp"
#include "usage_errors.hpp"

#include "gdapcheck/build_info.hpp"
#include "gdapcheck/http/global_init.hpp"
#include "gdapcheck/model/display_text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace gdap::cli {

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read-only use
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

bool use_color(const Context& context) {
  if (context.global.no_color || !context.streams.out_is_terminal) {
    return false;
  }
  const auto no_color = context.env("NO_COLOR");
  if (no_color && !no_color->empty()) {
    return false;
  }
  const auto term = context.env("TERM");
  return !(term && *term == "dumb");
}

namespace {

std::string directory_of_executable(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec && argv0 != nullptr) {
    self = std::filesystem::absolute(argv0, ec);
  }
  return ec ? std::string() : self.parent_path().string();
}

// What --version prints: the version, the commit it was built from, and the rules a command
// would use (which copy of gdapcheck is this, and is it complete?).
std::string version_text(const Context& context) {
  return fmt::format("gdapcheck {} (commit {})\nRules directory: {}", build::version(),
                     build::commit(), describe(find_rule_folders(context, "")));
}

}  // namespace

std::unique_ptr<CLI::App> make_app(Context& context) {
  auto app = std::make_unique<CLI::App>(
      "gdapcheck: find out why GDAP access to a customer tenant is broken, and how to fix it",
      "gdapcheck");
  app->set_version_flag(
      "--version", [&context] { return version_text(context); },
      "Print the version, the commit it was built from and the rules directory in use");
  app->require_subcommand(1);
  app->fallthrough();
  app->add_flag("-v,--verbose", context.global.verbose,
                "Log requests on stderr (tokens and secrets are never logged)");
  app->add_flag("--no-color", context.global.no_color,
                "Never colour the output (NO_COLOR works too)");
  app->add_option("--cloud", context.global.cloud,
                  "Microsoft cloud: global, usgov, usgovdod or china")
      ->transform(one_of({"global", "usgov", "usgovdod", "china"}))
      ->capture_default_str();

  register_tenant_command(*app, context);
  register_rules_command(*app, context);
  register_auth_commands(*app, context);
  register_accounts_command(*app, context);
  register_explain_command(*app, context);
  register_diff_command(*app, context);
  register_fix_command(*app, context);
  register_completion_commands(*app, context);
  return app;
}

int run(int argc, const char* const* argv, const Streams& streams, const EnvLookup& env) {
  Context context{streams, env, GlobalOptions{}, ExitCode::ok,
                  directory_of_executable(argc > 0 ? argv[0] : nullptr)};
  const auto app_owner = make_app(context);
  CLI::App& app = *app_owner;

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    streams.out << app.help();
    return to_int(ExitCode::ok);
  } catch (const CLI::CallForAllHelp&) {
    streams.out << app.help("", CLI::AppFormatMode::All);
    return to_int(ExitCode::ok);
  } catch (const CLI::CallForVersion& version) {
    streams.out << version.what() << '\n';
    return to_int(ExitCode::ok);
  } catch (const CLI::ParseError& e) {
    // Error messages echo what was typed and what files and tenants hold: never raw to a terminal.
    streams.err << model::display_text(describe_parse_error(app, e), model::LineBreaks::keep);
    return to_int(ExitCode::usage);
  } catch (const Error& e) {
    streams.err << "gdapcheck: " << model::display_text(e.what(), model::LineBreaks::keep) << '\n';
    return to_int(e.code());
  } catch (const std::exception& e) {
    // Anything else is a bug; end cleanly with a message rather than a crash, and with an exit
    // code of its own, so a script never takes a bug for missing data (3) or findings (1).
    streams.err << "gdapcheck: internal error (a bug; please report it with the command you ran): "
                << model::display_text(e.what(), model::LineBreaks::keep) << '\n';
    return to_int(ExitCode::internal);
  }
  return to_int(context.exit_code);
}

int run(int argc, char** argv) {
  // The HTTP stack wants one global init before any handle exists, and before threads start.
  const http::GlobalInit http_init;
  const Streams streams{std::cout,
                        std::cerr,
                        isatty(STDOUT_FILENO) == 1,
                        isatty(STDERR_FILENO) == 1,
                        &std::cin,
                        isatty(STDIN_FILENO) == 1};
  const int code = run(argc, argv, streams, process_environment());
  std::cout.flush();
  return code;
}

}  // namespace gdap::cli
