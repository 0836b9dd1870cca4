#pragma once

// Private to cli: one diagnosis as `tenant` and `fix` make it — collect live (or read a
// snapshot), save the facts when asked, select the customers, evaluate the rules.

#include "account_choice.hpp"
#include "commands.hpp"

#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/rules/loader.hpp"
#include "gdapcheck/rules/suppressions.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gdap::cli {

// What a diagnosis is made from; the command's own options (report formats, exit codes, plans)
// are the command's.
struct DiagnosisOptions {
  std::vector<std::string> customers;
  std::string snapshot;
  std::string profile;  // empty: the snapshot's, else default
  std::string rules_dir;
  std::string as_of;
  std::string save_snapshot;
  std::size_t concurrency = 0;
  std::string app;
  bool redact = false;
  std::string suppressions;       // empty: the default file, if any
  std::vector<std::string> only;  // rule ids or families (gdap.*) to evaluate; empty: all
  std::vector<std::string> skip;  // rule ids or families to leave out
  AccountFlags account;           // --client-id, --tenant: which cached account collects
  bool client_secret_stdin = false;
  std::string user;  // --user UPN: whose GDAP path is checked
  // Which options were given on the command line (their defaults cannot tell).
  bool concurrency_given = false;
  bool app_given = false;
  bool cloud_given = false;
};

// With --snapshot, an option that applies to live collection only is refused (exit 2) rather than
// silently ignored: a script must never run with a setting it did not get.
void refuse_live_only_options(const DiagnosisOptions& options);

// What every round of a run shares, read and checked once before the first.
struct PreparedDiagnosis {
  rules::RuleFolders rule_folders;
  rules::RuleSet rule_set;
  // Whether a report that shows the role grid (HTML) will be written: no grid is worked out
  // for the others (rules::EvaluationOptions::role_grid).
  bool role_grid = true;
  std::vector<rules::Suppression> suppressions;
  std::vector<std::string> left_out;  // by --only/--skip
  // --client-secret-stdin, read once: standard input has it for the first round only.
  std::optional<auth::ClientCredential> credential;
};

// Rules, suppressions and the rule selection, read before collecting (a live run over hundreds of
// customers must not end on a typo), and --save-snapshot's destination checked.
PreparedDiagnosis prepare_diagnosis(const Context& context, const DiagnosisOptions& options);

// Collects (or reads the snapshot), saves the snapshot when asked, and diagnoses. The facts are
// let go as the rules judge them.
model::Diagnosis diagnose(Context& context, const DiagnosisOptions& options,
                          const PreparedDiagnosis& run);

}  // namespace gdap::cli
