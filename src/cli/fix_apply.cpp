#include "fix_apply.hpp"

#include "account_choice.hpp"
#include "auth_interrupt.hpp"
#include "auth_session.hpp"
#include "run_result.hpp"
#include "usage_errors.hpp"

#include "gdapcheck/fix/apply_record.hpp"
#include "gdapcheck/fix/graph_write.hpp"
#include "gdapcheck/graph/retry.hpp"
#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/model/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <istream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace gdap::cli {

namespace {

using fix::Outcome;

// One change gdapcheck can make, with where it comes from in the plan.
struct Item {
  const report::PlannedChange* change;
  const model::Command* command;
  model::Action action;
};

std::vector<Item> appliable(const report::FixPlan& plan) {
  std::vector<Item> items;
  for (const auto& change : plan.changes) {
    for (const auto& command : change.commands) {
      if (command.action) {
        items.push_back({&change, &command, *command.action});
      }
    }
  }
  return items;
}

bool same_action(const model::Action& a, const model::Action& b) {
  return a.kind == b.kind && a.group_id == b.group_id && a.member_id == b.member_id &&
         a.app_id == b.app_id && a.relationship_id == b.relationship_id;
}

enum class Answer { yes, no, quit };

// A person's answer at the terminal; anything but y/yes is no, q/quit (or the end of input) stops.
Answer ask(const Context& context, const std::string& question) {
  context.streams.err << question << " [y/N/q] " << std::flush;
  std::string line;
  if (context.streams.in == nullptr || !std::getline(*context.streams.in, line)) {
    context.streams.err << '\n';
    return Answer::quit;
  }
  line.erase(0, line.find_first_not_of(" \t"));
  line.erase(line.find_last_not_of(" \t\r") + 1);
  line = model::lowercase(line);
  if (line == "y" || line == "yes") {
    return Answer::yes;
  }
  return line == "q" || line == "quit" ? Answer::quit : Answer::no;
}

bool needs_consent(const auth::AuthFailure& failure) {
  return failure.suberror == "consent_required" ||
         std::find(failure.error_codes.begin(), failure.error_codes.end(), 65001) !=
             failure.error_codes.end();
}

std::string now_text() {
  return model::format_timestamp(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

// Appends one line to the audit log, created 0600: it names accounts and tenants.
void append_audit(const std::filesystem::path& path, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                        S_IRUSR | S_IWUSR);
  if (fd < 0) {
    throw Error("cannot write the audit log " + path.string() + ": " + std::strerror(errno),
                ExitCode::incomplete);
  }
  const auto written = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    throw Error("cannot write the audit log " + path.string(), ExitCode::incomplete);
  }
}

// Sends one change's requests as the signed-in account: tokens with the one permission each
// change needs, incremental consent when the account has not given it, retries on throttling.
class GraphWriter {
 public:
  GraphWriter(Context& context, const DiagnosisOptions& options, const PreparedDiagnosis& run)
      : m_context(context),
        m_chosen(choose_signed_in_account(context, account_choice(context, options.account))),
        m_credential(run.credential),
        m_session(context, m_chosen.config),
        m_audit(audit_log_path(m_chosen.config.cache_dir)) {
    reopen_tokens();
    const auto hosts = model::cloud_hosts(m_chosen.config.cloud);
    m_graph_host = hosts ? std::string(hosts->graph) : m_chosen.config.graph_url;
  }

  const std::filesystem::path& audit_path() const { return m_audit; }

  // Carries out `item` and says how it went.
  fix::Judgement apply(const Item& item) {
    const auto scope = std::string(fix::write_scope(item.action.kind));
    auto token = token_for(item.change->tenant_id, scope);
    if (!token) {
      return {Outcome::failed, m_token_failure, ""};
    }
    for (int attempt = 1;; ++attempt) {
      std::string etag;
      if (const auto read = fix::read_before_write(item.action)) {
        const auto answer = send(item, *read, *token);
        if (!answer) {
          return {Outcome::failed, m_send_failure, ""};
        }
        if (auto verdict = fix::judge_read(item.action, *answer, etag)) {
          record(item, *read, *answer, *verdict);
          return *verdict;
        }
      }
      const auto write = fix::write_request(item.action, m_graph_host, etag);
      const auto answer = send(item, write, *token);
      if (!answer) {
        return {Outcome::failed, m_send_failure, ""};
      }
      auto verdict = fix::judge_write(item.action, *answer, m_chosen.config.cloud);
      record(item, write, *answer, verdict);
      // The relationship changed between the read and the write: read it once more.
      if (answer->status == 412 && attempt == 1) {
        continue;
      }
      if (const auto next = fix::follow_up(item.action, *answer)) {
        const auto next_answer = send(item, next->request, *token);
        if (!next_answer) {
          return {Outcome::failed, m_send_failure, ""};
        }
        verdict = fix::judge_follow_up(item.action, *next, *next_answer, m_chosen.config.cloud);
        record(item, next->request, *next_answer, verdict);
      }
      return verdict;
    }
  }

 private:
  void reopen_tokens() {
    m_tokens.emplace(tenant_tokens(m_context, m_chosen.config, m_credential));
    if (auto opened = m_tokens->open(); !opened.ok()) {
      throw_auth_failure(m_context, opened.error());
    }
  }

  bool delegated() const { return m_tokens->kind() == auth::AccountKind::delegated; }

  // An app-only token holds the application permissions it was granted (.default); a person's
  // token is asked for the one permission the change needs.
  std::optional<std::string> token_for(const std::string& tenant, const std::string& scope) {
    const std::vector<std::string> scopes =
        delegated() ? std::vector<std::string>{scope} : std::vector<std::string>{};
    auto token = m_tokens->fetch_now(tenant, m_session.transport(), scopes);
    if (!token.ok() && delegated() && needs_consent(token.error()) &&
        m_consented.insert(scope).second) {
      if (auto refused = consent_to(scope)) {
        m_token_failure = "no consent to " + scope + ": " + *refused;
        return std::nullopt;
      }
      token = m_tokens->fetch_now(tenant, m_session.transport(), scopes);
    }
    if (!token.ok()) {
      m_token_failure =
          "no token with " + scope + " for " + tenant + ": " + token.error().description +
          (needs_consent(token.error()) ? " (the permission is not consented to in that tenant)"
                                        : "");
      return std::nullopt;
    }
    return token.value().value;
  }

  // Incremental consent: one more device-code sign-in, to the partner tenant, asking for the
  // read permissions and `scope`. It must be the same account: a change is made as the account
  // that was diagnosed. A sign-in that is declined or fails fails only the changes that need
  // `scope` (the reason is returned); the others go on and the run still ends with its summary.
  std::optional<std::string> consent_to(const std::string& scope) {
    m_context.streams.err << "gdapcheck: this change needs the Graph permission " << scope
                          << ", which " << model::display_text(m_chosen.account.account)
                          << " has not consented to gdapcheck using; sign in once more to "
                             "consent to it (only this permission is new).\n";
    auto config = m_chosen.config;
    config.tenant = m_chosen.account.home_tenant;
    std::optional<auth::SignedInAccount> signed_in;
    try {
      signed_in = device_code_sign_in(m_context, config, {scope});
    } catch (const AuthError& error) {
      return std::string(error.what());
    }
    const auto who = signed_in->identity.account.value_or("");
    if (model::lowercase(who) != model::lowercase(m_chosen.account.account)) {
      throw Error("signed in as " + model::display_text(who) + ", not " +
                      model::display_text(m_chosen.account.account) +
                      ": gdapcheck fix --apply makes changes only as the account it diagnosed "
                      "with; nothing more was changed",
                  ExitCode::incomplete);
    }
    reopen_tokens();
    return std::nullopt;
  }

  // Sends one request, trying again after throttling or a broken connection; nullopt when no
  // answer came (m_send_failure says why, and the audit log has it).
  std::optional<http::Response> send(const Item& item, const fix::GraphRequest& graph_request,
                                     const std::string& token) {
    http::Request request;
    request.method = graph_request.method;
    request.url = m_chosen.config.graph_url + "/v1.0" + graph_request.path;
    request.headers = graph_request.headers;
    request.headers.emplace_back("Authorization", "Bearer " + token);
    request.headers.emplace_back("Accept", "application/json");
    if (graph_request.body) {
      request.body = graph_request.body->dump();
      request.headers.emplace_back("Content-Type", "application/json");
    }
    const graph::RetryPolicy policy;
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    for (int attempt = 1;; ++attempt) {
      auto result = m_session.transport().send(request);
      if (auto* response = std::get_if<http::Response>(&result)) {
        if (!graph::is_retryable_status(response->status) || attempt >= policy.max_attempts) {
          return std::move(*response);
        }
        wait(graph::retry_delay(policy, attempt, response->retry_after, jitter(m_random)));
        continue;
      }
      const auto& error = std::get<http::TransportError>(result);
      if (!graph::is_retryable_transport(error) || attempt >= policy.max_attempts ||
          interrupted()) {
        m_send_failure = "no answer from Microsoft Graph: " + error.message;
        record(item, graph_request, http::Response{}, {Outcome::failed, m_send_failure, ""});
        return std::nullopt;
      }
      wait(graph::retry_delay(policy, attempt, std::nullopt, jitter(m_random)));
    }
  }

  static void wait(std::chrono::milliseconds delay) {
    interruptible_sleep(std::chrono::ceil<std::chrono::seconds>(delay));
  }

  void record(const Item& item, const fix::GraphRequest& request, const http::Response& response,
              const fix::Judgement& verdict) {
    fix::AuditEntry entry;
    entry.time = now_text();
    entry.account = m_chosen.account.account;
    entry.tenant = item.change->tenant_id;
    entry.rule_id = item.change->rule_id;
    entry.action = std::string(model::to_string(item.action.kind));
    entry.method = request.method;
    entry.path = request.path;
    entry.body = request.body;
    entry.status = response.status;
    entry.outcome = verdict.outcome;
    entry.request_id = verdict.request_id;
    entry.message = verdict.message;
    append_audit(m_audit, fix::audit_line(entry));
  }

  Context& m_context;
  ChosenAccount m_chosen;
  std::optional<auth::ClientCredential> m_credential;
  AuthSession m_session;
  std::optional<auth::TenantTokens> m_tokens;
  std::filesystem::path m_audit;
  std::string m_graph_host;
  std::set<std::string> m_consented;
  std::string m_token_failure;
  std::string m_send_failure;
  std::mt19937_64 m_random{std::random_device{}()};
};

// Whether `item` still needs doing, given what was done before it in this run.
std::optional<std::string> not_needed(const Item& item, const std::vector<Item>& items,
                                      const std::vector<std::optional<Outcome>>& outcomes,
                                      std::size_t index) {
  for (std::size_t i = 0; i < index; ++i) {
    if (!fix::in_place(outcomes[i])) {
      continue;
    }
    if (same_action(items[i].action, item.action)) {
      return "the same change was made above";
    }
    if (item.action.one_of && items[i].action.one_of && items[i].action.kind == item.action.kind &&
        items[i].action.relationship_id == item.action.relationship_id &&
        items[i].change->rule_id == item.change->rule_id &&
        items[i].change->finding_tenant_id == item.change->finding_tenant_id) {
      return "one of these is enough, and another was made above";
    }
  }
  return std::nullopt;
}

}  // namespace

std::filesystem::path audit_log_path(const std::filesystem::path& cache_dir) {
  return cache_dir / "audit.jsonl";
}

void refuse_apply_without_consent(const Context& context, const DiagnosisOptions& options,
                                  bool yes) {
  if (!options.snapshot.empty()) {
    throw UsageError(
        "--apply changes tenants from what it reads live; a --snapshot's facts may be old "
        "(leave --snapshot out, or drop --apply for a plan)");
  }
  if (!yes && !context.streams.in_is_terminal) {
    throw UsageError(
        "--apply asks before each change, and standard input is not a terminal to ask at: run "
        "it at a terminal, or give --yes to make every change without asking; nothing was "
        "changed");
  }
}

void apply_fix_plan(Context& context, const DiagnosisOptions& options, const PreparedDiagnosis& run,
                    const report::FixPlan& plan, bool yes) {
  std::ostream& out = context.streams.out;
  const auto items = appliable(plan);
  if (items.empty()) {
    out << "\nNothing here gdapcheck can change itself";
    out << (plan.changes.empty() && plan.manual.empty() ? ".\n" : "; see the plan above.\n");
    return;
  }
  GraphWriter writer(context, options, run);
  out << fmt::format("\nApplying {} change(s) through Microsoft Graph{}:\n", items.size(),
                     yes ? " (--yes: without asking)" : "");
  std::vector<std::optional<Outcome>> outcomes(items.size());
  std::vector<fix::Attempt> attempts;
  bool failed = false;
  bool quit = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    out << fmt::format("\n[{}/{}] {}: {}\n", i + 1, items.size(), item.change->rule_id,
                       model::display_text(item.change->title));
    out << "      Change: " << model::display_text(item.action.what) << '\n';
    out << "      Same as: " << model::display_text(item.command->command) << '\n' << std::flush;
    fix::Attempt attempt{item.change->rule_id,
                         item.change->finding_tenant_id,
                         item.change->finding_tenant_name,
                         item.action.kind,
                         std::nullopt,
                         "",
                         item.change->detail};
    if (auto reason = not_needed(item, items, outcomes, i)) {
      out << "      Skipped: " << *reason << ".\n";
    } else if (quit) {
      out << "      Skipped: stopped at the question above.\n";
    } else {
      const auto answer = yes ? Answer::yes : ask(context, "Make this change?");
      if (answer == Answer::yes) {
        const auto verdict = writer.apply(item);
        outcomes[i] = verdict.outcome;
        attempt.outcome = verdict.outcome;
        attempt.message = verdict.message;
        failed = failed || verdict.outcome == Outcome::failed;
        out << fmt::format(
            "      {}: {}{}\n", fix::to_string(verdict.outcome),
            model::display_text(verdict.message),
            verdict.request_id.empty() ? "" : " (request-id " + verdict.request_id + ")");
      } else {
        quit = answer == Answer::quit;
        out << "      Skipped: not confirmed.\n";
      }
    }
    attempts.push_back(std::move(attempt));
  }
  out << "\nEvery request sent is in the audit log " << writer.audit_path().string() << ".\n";
  out << "Collecting again to check the findings...\n" << std::flush;
  const auto after = diagnose(context, options, run);
  out << "\nAfter the changes:\n";
  for (const auto& line : fix::before_after(attempts, after)) {
    out << "  " << line << '\n';
  }
  const std::size_t left = after.findings.size();
  out << fmt::format("{} finding(s) left{}.\n", left,
                     left == 0 ? "" : ": gdapcheck fix shows what remains and how to fix it");
  const auto result = run_result(after, "info");
  // A change that failed is something left to do, even when the findings no longer show it.
  context.exit_code =
      failed && result == RunResult::passed ? ExitCode::findings : exit_code_of(result);
}

}  // namespace gdap::cli
