// gdapcheck.1: the commands and options as the command line defines them, and the prose --help
// has no room for, from the README's own words.
#include "shell_completion.hpp"

#include "gdapcheck/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace gdap::cli {

namespace {

// Text for roff: a backslash is \e, and every - is \- so that options and commands copied from
// the rendered page are ASCII hyphen-minus. `code` spans become bold.
std::string roff(const std::string& text) {
  std::string out;
  bool bold = false;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == '`') {
      out += bold ? "\\fR" : "\\fB";
      bold = !bold;
    } else {
      out += c;
    }
  }
  return out;
}

// A text line; one starting with . or ' would be read as a request.
std::string line(const std::string& roff_text) {
  const bool looks_like_request =
      !roff_text.empty() && (roff_text[0] == '.' || roff_text[0] == '\'');
  return (looks_like_request ? "\\&" : "") + roff_text + "\n";
}

std::string upper_case(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

std::string bold(const std::string& text) {
  return fmt::format("\\fB{}\\fR", roff(text));
}

std::string italic(const std::string& text) {
  return fmt::format("\\fI{}\\fR", roff(text));
}

// A tagged paragraph: the tag on its own line, the text indented below it.
std::string item(const std::string& tag, const std::string& text) {
  return fmt::format(".TP\n{}{}", line(tag), line(text));
}

std::string option_tag(const OptionSpec& option) {
  std::string tag;
  for (const auto& name : option.names) {
    tag += (tag.empty() ? "" : ", ") + bold(name);
  }
  if (option.value != ValueKind::none) {
    tag += fmt::format(" {}", italic(option.value_name));
  }
  return tag;
}

std::string option_item(const OptionSpec& option) {
  std::string description = option.description;
  if (!option.default_value.empty()) {
    description += fmt::format(" (default: `{}`)", option.default_value);
  }
  return item(option_tag(option), roff(description));
}

std::string argument_usage(const ArgumentSpec& argument) {
  const std::string name = italic(argument.name) + (argument.many ? " ..." : "");
  return argument.required ? name : fmt::format("[{}]", name);
}

std::string command_usage(const std::string& program, const CommandSpec& command) {
  std::string usage = bold(program + " " + command.name);
  if (!command.options.empty()) {
    usage += fmt::format(" [{}]", italic("options"));
  }
  for (const auto& argument : command.arguments) {
    usage += fmt::format(" {}", argument_usage(argument));
  }
  return usage;
}

const std::array k_description{
    "`gdapcheck` tells a Microsoft CSP partner (an MSP) exactly why its GDAP access to a customer "
    "tenant is broken (\"Missing Roles\", \"Not in AdminAgents\", \"No MFA prompt\", AADSTS50020, "
    "a missing service principal, an expired relationship) and prints the concrete steps that "
    "fix it.",
    "It signs in the way technicians already sign in with Microsoft Graph PowerShell: a device "
    "code shown in the terminal and approved in any browser, with MFA (`gdapcheck login`). "
    "`gdapcheck tenant` then reads, through Microsoft Graph v1.0 and only ever reading, the "
    "partner's admin relationships, access assignments and group memberships and each customer "
    "tenant, and reports a status per customer (active, expiring, expired, "
    "missing_admin_relationship, missing_security_group, missing_roles, access_denied, unknown) "
    "with findings and numbered steps that fix them. It never writes: every fix is printed for "
    "you to run, except what `gdapcheck fix --apply` makes when you ask it to (adding the account "
    "to a group, creating a service principal, turning on auto-extend, giving a group a "
    "relationship's roles, requesting a new relationship for the customer to approve), each "
    "change confirmed and written to an audit log.",
    "Never a false pass: what could not be read is reported as not checked, with the reason, and "
    "the exit status is 3. `--save-snapshot` keeps the facts that were read (never a token) to "
    "attach to a ticket, and `--snapshot` diagnoses them again offline.",
    "Results go to standard output; prompts, progress and errors go to standard error, so "
    "`gdapcheck tenant --json > report.json` stays clean. The rules are data files: `gdapcheck "
    "rules` lists them, and `gdapcheck rules ID` shows one with its rationale and remediation.",
    "An error an integration showed (an AADSTS code, a Graph error, a Syncro, Rewst or Sync365 "
    "status) is explained offline, without signing in: `gdapcheck explain` reads it from its "
    "arguments or standard input and prints what it means, the likely GDAP causes, the steps "
    "that fix it and the command that confirms it, from the error catalogue in the rules "
    "directory. Tokens, secrets and passwords in the pasted text are never printed back.",
};

const std::array<std::pair<const char*, const char*>, 11> k_environment{{
    {"GDAPCHECK_TENANT",
     "The tenant `login` signs in to: `organizations` (the default), a tenant id or a verified "
     "domain. App-only sign-in needs a real tenant. Same as `login --tenant`."},
    {"GDAPCHECK_CLIENT_ID",
     "The application that signs in (default 14d82eec-204b-4c2f-b7e8-296a70dab67e, Microsoft "
     "Graph Command Line Tools). Same as `login --client-id`."},
    {"GDAPCHECK_AUTHORITY_HOST",
     "The login host (default: the one of `--cloud`). Plain http:// is accepted only for loopback "
     "hosts."},
    {"GDAPCHECK_GRAPH_URL", "The Microsoft Graph root (default: the one of `--cloud`)."},
    {"GDAPCHECK_CACHE_DIR",
     "The token cache folder (default $XDG_CACHE_HOME/gdapcheck, else $HOME/.cache/gdapcheck)."},
    {"GDAPCHECK_CA_BUNDLE",
     "A PEM file of certificate authorities to trust, for example the one of a TLS-inspecting "
     "proxy, instead of libcurl's CA bundle file; the system CA folder stays trusted. TLS "
     "verification cannot be turned off."},
    {"GDAPCHECK_CLIENT_SECRET",
     "App-only sign-in: the client secret's value (or `login --client-secret-stdin`). Never "
     "stored."},
    {"GDAPCHECK_CLIENT_CERTIFICATE, GDAPCHECK_CLIENT_CERTIFICATE_KEY",
     "App-only sign-in with a certificate: the PEM certificate and its unencrypted RSA key "
     "(`login --certificate`, `--certificate-key`)."},
    {"GDAPCHECK_RULES_DIR",
     "A folder of your own rules and profiles, laid over the shipped ones (`--rules-dir`)."},
    {"NO_COLOR",
     "When set and not empty, no colour (`--no-color`). Colour is only ever written to a "
     "terminal, and not when TERM is dumb."},
    {"https_proxy, http_proxy, no_proxy, all_proxy",
     "The standard proxy variables, honoured for every host except loopback."},
}};

// What each exit status means; the switch has no default, so a new ExitCode cannot go
// undocumented (-Wswitch).
const char* exit_status_meaning(ExitCode code) {
  switch (code) {
    case ExitCode::ok:
      return "No finding at or above `--fail-on` (default: error), or the command did what it "
             "was asked.";
    case ExitCode::findings:
      return "A finding at or above `--fail-on`.";
    case ExitCode::usage:
      return "Usage, configuration or input error: an unknown command or option (the closest one "
             "is suggested), a value not in its list, options that contradict each other, a token "
             "cache or `--save-snapshot` folder that cannot be written (checked before any sign-in "
             "or collection), an unreadable or invalid snapshot, rule or profile file (the message "
             "names the file and the JSON path), an unknown customer or profile.";
    case ExitCode::incomplete:
      return "The sign-in failed, or something could not be read or checked, so the result is "
             "incomplete. 3 outranks 1.";
    case ExitCode::internal:
      return "Internal error: a bug in gdapcheck, never missing data or findings (please report "
             "it with the command).";
    case ExitCode::interrupted:
      return "Interrupted (Ctrl-C).";
  }
  return "";
}

constexpr std::array k_exit_codes{ExitCode::ok,         ExitCode::findings, ExitCode::usage,
                                  ExitCode::incomplete, ExitCode::internal, ExitCode::interrupted};

const std::array<std::pair<const char*, const char*>, 12> k_examples{{
    {"gdapcheck login", "Sign in once with a device code (the prompt is on standard error)."},
    {"gdapcheck tenant", "Diagnose the partner and every customer."},
    {"gdapcheck tenant contoso.onmicrosoft.com --profile cipp",
     "Diagnose one customer against what CIPP needs."},
    {"gdapcheck tenant --json > report.json", "Write the JSON report for a script."},
    {"gdapcheck tenant --save-snapshot ticket.json",
     "Also keep the facts that were read, to attach to a ticket."},
    {"gdapcheck tenant --redact --save-snapshot ticket.json -o ticket.html",
     "The same for a ticket that must not name anybody: names, domains, UPNs and mail addresses "
     "become pseudonyms (Customer-3, customer-3.example), ids keep their last segment."},
    {"gdapcheck tenant --snapshot ticket.json --format markdown",
     "Diagnose a saved snapshot again offline, as a tick-box checklist."},
    {"gdapcheck rules gdap.missing-roles", "Why a rule matters, and how to fix what it finds."},
    {"gdapcheck fix --script > fix.ps1",
     "The PowerShell that fixes what can be fixed by command, one Connect-MgGraph per tenant; "
     "review it, then run it."},
    {"gdapcheck fix --apply",
     "Make the safe changes through Microsoft Graph, asking before each one, then collect again "
     "and say which findings are fixed; every request goes to audit.jsonl beside the token "
     "cache."},
    {"pbpaste | gdapcheck explain",
     "Explain the error on the clipboard: its cause, the fix and the command that confirms it."},
    {"source <(gdapcheck completion bash)", "Complete gdapcheck's commands in this bash."},
}};

void add_paragraphs(std::string& out, const std::vector<std::string>& paragraphs) {
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    out += (i == 0 ? "" : ".PP\n") + line(roff(paragraphs[i]));
  }
}

}  // namespace

std::string render_man_page(const CommandLine& command_line, std::string_view version,
                            std::string_view installed_rules_dir) {
  const auto& program = command_line.program;
  std::string summary = program.description;
  if (const auto prefix = program.name + ": "; summary.rfind(prefix, 0) == 0) {
    summary.erase(0, prefix.size());
  }
  std::string out = fmt::format(
      ".\\\" Man page of {0} {1}, generated from its command-line definition by \"{0} manpage\";\n"
      ".\\\" do not edit.\n"
      ".TH {2} 1 \"\" \"{0} {1}\" \"User Commands\"\n"
      // No hyphenation (an option split across lines cannot be searched or copied), ragged right.
      ".nh\n"
      ".ad l\n"
      ".SH NAME\n",
      program.name, version, upper_case(program.name));
  out += line(roff(program.name) + " \\- " + roff(summary));

  out += ".SH SYNOPSIS\n";
  out += line(bold(program.name) + " [" + italic("options") + "] " + italic("command") + " [" +
              italic("command options") + "] [" + italic("arguments") + "]");
  for (const auto& command : command_line.commands) {
    out += fmt::format(".br\n{}", line(command_usage(program.name, command)));
  }

  out += ".SH DESCRIPTION\n";
  add_paragraphs(out, {k_description.begin(), k_description.end()});

  out += ".SH OPTIONS\n";
  out +=
      line(roff("These go before the command, and work after it too (all but `--help` and "
                "`--version`)."));
  for (const auto& option : program.options) {
    out += option_item(option);
  }

  out += ".SH COMMANDS\n";
  for (const auto& command : command_line.commands) {
    out += fmt::format(".SS \"{}\"\n", command_usage(program.name, command));
    out += line(roff(command.description));
    for (const auto& argument : command.arguments) {
      out += item(argument_usage(argument), roff(argument.description));
    }
    for (const auto& option : command.options) {
      out += option_item(option);
    }
  }

  out += ".SH ENVIRONMENT\n";
  out += line(roff("A flag wins over the environment."));
  for (const auto& [name, text] : k_environment) {
    out += item(bold(name), roff(text));
  }

  out += ".SH EXIT STATUS\n";
  for (const auto code : k_exit_codes) {
    out += item(bold(std::to_string(to_int(code))), roff(exit_status_meaning(code)));
  }

  // Where the Debian package (prefix /usr) puts them; other prefixes keep the same layout.
  const auto rules_dir =
      (std::filesystem::path("/usr/bin") / installed_rules_dir).lexically_normal();
  out += ".SH FILES\n";
  out += item(bold("$GDAPCHECK_CACHE_DIR/tokens.json"),
              roff("The token cache (by default ~/.cache/gdapcheck/tokens.json), in a folder of "
                   "mode 0700 with mode 0600, and its lock file tokens.lock. `gdapcheck logout` "
                   "deletes both. Client secrets are never stored."));
  out +=
      item(bold(rules_dir.string() + "/"),
           roff(fmt::format(
               "The shipped rules, the profiles in profiles/ and the error catalogue in errors/. "
               "gdapcheck finds them at {} from the folder of its executable, wherever it is "
               "installed. `gdapcheck --version` prints the rules folders in use; `--rules-dir` "
               "or GDAPCHECK_RULES_DIR add a folder of your own whose rules add to these or "
               "replace them by id (never remove them), whose profiles come first and whose "
               "errors/, if any, replaces the catalogue.",
               installed_rules_dir)));
  out += item(bold((rules_dir.parent_path() / "examples").string() + "/"),
              roff("Example snapshots to try, beside the rules: healthy.json and one per "
                   "failure."));

  out += ".SH EXAMPLES\n";
  for (const auto& [command, text] : k_examples) {
    out += fmt::format(".PP\n{}.PP\n.RS\n{}.RE\n", line(roff(text)), line(bold(command)));
  }

  out += ".SH SEE ALSO\n";
  out += line(roff(fmt::format(
      "`gdapcheck rules ID` names the Microsoft Learn pages behind each rule. README.md (in {}/ "
      "for the Debian package) describes the JSON report, snapshots, and how to write a rule or "
      "a profile.",
      (rules_dir.parent_path().parent_path() / "doc" / "gdapcheck").string())));
  return out;
}

}  // namespace gdap::cli
