// gdapcheck explain [TEXT...]: what a pasted error means, its likely GDAP causes, the fix and the
// command that confirms it. Offline: it reads only the error catalogue (rules/errors), never the
// network, the token cache or a snapshot.
#include "commands.hpp"
#include "rules_location.hpp"

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/own_client.hpp"
#include "gdapcheck/report/explain.hpp"

#include <CLI/CLI.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace gdap::cli {

namespace {

// A paste bigger than this is not one error message; reading stops here so `cat /dev/urandom |
// gdapcheck explain` ends too.
constexpr std::size_t k_largest_input = 64UL * 1024 * 1024;

struct ExplainOptions {
  std::vector<std::string> text;
  bool json = false;
  bool list = false;
  std::string rules_dir;
};

struct Input {
  std::string text;
  bool truncated = false;
};

Input read_standard_input() {
  Input input;
  std::array<char, 1U << 16U> buffer{};
  while (input.text.size() < k_largest_input) {
    const auto wanted = std::min(buffer.size(), k_largest_input - input.text.size());
    const auto got = ::read(STDIN_FILENO, buffer.data(), wanted);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      throw InputError("cannot read standard input: " + std::string(std::strerror(errno)));
    }
    if (got == 0) {
      return input;
    }
    input.text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  char probe = 0;
  input.truncated = ::read(STDIN_FILENO, &probe, 1) > 0;
  return input;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) {
    text += (text.empty() ? "" : " ") + word;
  }
  return text;
}

errors::Catalogue load(const Context& context, const std::string& rules_dir_flag) {
  const auto folders = find_rule_folders(context, rules_dir_flag);
  // Only the catalogue: parsing every rule would cost start-up time explain does not need. The
  // rule ids its entries name are checked against the rule files' names.
  return errors::load_catalogue(rules::catalogue_directory(folders), rules::rule_ids_in(folders));
}

void run_explain(Context& context, const ExplainOptions& options) {
  const auto catalogue = load(context, options.rules_dir);
  if (options.list) {
    if (!options.text.empty()) {
      throw UsageError("explain --list takes no TEXT");
    }
    context.streams.out << (options.json ? report::render_catalogue_json(catalogue)
                                         : report::render_catalogue_text(catalogue));
    return;
  }
  Input input;
  if (options.text.empty()) {
    if (isatty(STDIN_FILENO) == 1) {
      context.streams.err << "Paste the error message, then press Ctrl-D (Ctrl-Z Enter on "
                             "Windows terminals):\n";
    }
    input = read_standard_input();
    if (input.truncated) {
      context.streams.err << "gdapcheck: explain: only the first 64 MiB of standard input were "
                             "read\n";
    }
  } else {
    input.text = joined(options.text);
  }
  if (input.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError(
        "explain: no text to explain; give the error message as TEXT or on standard input "
        "(e.g. pbpaste | gdapcheck explain)");
  }
  auto recognition = errors::recognise(catalogue, input.text);
  // The pasted error may be any account's: the hint names only what this command line says (its
  // cloud and GDAPCHECK_CLIENT_ID), not the token cache.
  recognition.evidence.sign_in_command = model::login_command(
      context.global.cloud, "", context.env("GDAPCHECK_CLIENT_ID").value_or(""), false);
  if (options.json) {
    context.streams.out << report::render_explain_json(recognition);
  } else {
    report::ExplainTextOptions text;
    text.color = use_color(context);
    context.streams.out << report::render_explain_text(recognition, text);
  }
  context.exit_code = recognition.matches.empty() ? ExitCode::findings : ExitCode::ok;
}

}  // namespace

void register_explain_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<ExplainOptions>();
  auto* command = app.add_subcommand(
      "explain",
      "Explain a pasted error (AADSTS code, Graph error, integration status): what it means, the "
      "likely GDAP causes, the fix and the command that confirms it. Offline; reads standard "
      "input when no TEXT is given");
  command->add_option("text", options->text,
                      "The error message or code; quote it, or pipe it in (pbpaste | gdapcheck "
                      "explain)");
  command->add_flag("--json", options->json, "Print JSON for scripts");
  command->add_flag("--list", options->list, "List every catalogue entry with its title");
  add_rules_dir_option(*command, options->rules_dir);
  command->callback([&context, options] { run_explain(context, *options); });
}

}  // namespace gdap::cli
