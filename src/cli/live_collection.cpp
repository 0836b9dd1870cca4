#include "live_collection.hpp"

#include "account_choice.hpp"
#include "auth_interrupt.hpp"
#include "auth_session.hpp"
#include "live_tokens.hpp"

#include "gdapcheck/build_info.hpp"
#include "gdapcheck/collect/collect.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/http/concurrent.hpp"
#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/time.hpp"

#include <fmt/format.h>

#include <ostream>

namespace gdap::cli {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Redraws at most this often: a terminal is slow, and nobody reads faster.
constexpr milliseconds k_redraw_interval{100};

std::string seconds_text(milliseconds duration) {
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

// One line on a terminal's stderr, rewritten in place.
class ProgressLine {
 public:
  ProgressLine(std::ostream& err, bool enabled) : m_err(err), m_enabled(enabled) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ProgressLine(ProgressLine&&) = delete;
  ProgressLine& operator=(ProgressLine&&) = delete;

  void update(std::size_t done, std::size_t total) {
    if (!m_enabled) {
      return;
    }
    const auto now = steady_clock::now();
    if (done != total && now - m_last_draw < k_redraw_interval) {
      return;
    }
    m_last_draw = now;
    m_err << '\r' << progress_line(done, total, elapsed()) << "\x1b[K" << std::flush;
    m_drawn = true;
  }

  void clear() {
    if (m_drawn) {
      m_err << "\r\x1b[K" << std::flush;
      m_drawn = false;
    }
  }

  milliseconds elapsed() const {
    return std::chrono::duration_cast<milliseconds>(steady_clock::now() - m_started);
  }

 private:
  std::ostream& m_err;
  bool m_enabled;
  bool m_drawn = false;
  steady_clock::time_point m_started = steady_clock::now();
  steady_clock::time_point m_last_draw{};
};

std::string stats_line(const graph::Stats& stats, milliseconds elapsed) {
  std::size_t total = 0;
  std::string kinds;
  for (const auto& [kind, count] : stats.requests) {
    total += count;
    kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, kind);
  }
  return fmt::format(
      "{} requests ({}) in {}; {} throttled (429), {} unavailable (503/504), {} without answer, "
      "{} retried; at most {} in flight",
      total, kinds, seconds_text(elapsed), stats.throttled, stats.unavailable, stats.broken,
      stats.retries, stats.peak_in_flight);
}

[[noreturn]] void unknown_customers(const collect::Collection& collection) {
  const auto& error = *collection.selection_error;
  if (!collection.lists_complete) {
    // The lists that would name the customer were not read: an incomplete run, not a typo.
    std::string names;
    for (const auto& item : error.unresolved) {
      names += (names.empty() ? "\"" : ", \"") + item.query + "\"";
    }
    throw Error("cannot tell whether " + names + (error.unresolved.size() == 1 ? " is" : " are") +
                    " a customer: the partner's admin relationships or contracts could not be "
                    "read (run with --verbose to see why)",
                ExitCode::incomplete);
  }
  throw UsageError(error.message());
}

}  // namespace

std::string progress_line(std::size_t done, std::size_t total, milliseconds elapsed) {
  std::string line =
      fmt::format("gdapcheck: {}/{} customers, {} elapsed", done, total, seconds_text(elapsed));
  if (done > 0 && done < total) {
    const auto left = milliseconds(elapsed.count() * static_cast<long long>(total - done) /
                                   static_cast<long long>(done));
    line += ", about " + seconds_text(left) + " left";
  }
  return line;
}

model::Snapshot collect_live(Context& context, const LiveOptions& options,
                             const rules::Profile& profile) {
  const auth::AuthConfig config = choose_signed_in_account(context, options.account).config;
  auto tokens = tenant_tokens(context, config, options.credential);
  if (auto opened = tokens.open(); !opened.ok()) {
    throw_auth_failure(context, opened.error());
  }

  const InterruptGuard interrupt_guard;
  http::CurlOptions curl;
  curl.ca_bundle = config.ca_bundle;
  curl.user_agent = "gdapcheck/" + std::string(build::version());
  curl.should_abort = [] { return interrupted(); };
  auto transport = http::make_curl_concurrent_transport(curl);

  std::ostream& err = context.streams.err;
  graph::ClientOptions client_options;
  client_options.graph_root = config.graph_url + "/v1.0";
  if (options.concurrency > 0) {
    client_options.concurrency = options.concurrency;
  }
  client_options.should_abort = [] { return interrupted(); };
  if (context.global.verbose) {
    client_options.log = [&err](const std::string& line) {
      err << "gdapcheck: " << model::display_text(line) << '\n' << std::flush;
    };
  }
  graph::Client client(*transport, client_options);

  // Progress only on a terminal, and not mixed into a --verbose request log.
  ProgressLine progress(err, context.streams.err_is_terminal && !context.global.verbose);
  collect::CollectRequest request;
  request.customers = options.customers;
  for (const auto& app : profile.required_service_principals) {
    request.service_principal_app_ids.push_back(app.app_id);
  }
  request.check_integration_app = profile.check_app_registration;
  if (!options.app.empty()) {
    request.integration_app = options.app;
  }
  if (rules::checks_integration_consent(profile)) {
    request.consent_apps = profile.integration_app.apps;
    for (const auto& resource : profile.integration_app.resources) {
      request.consent_resource_app_ids.push_back(resource.resource_app_id);
    }
  }
  request.cloud = config.cloud;
  request.user = options.user;
  request.tool_version = std::string(build::version());
  request.collected_at = model::format_timestamp(options.collected_at);
  request.now = options.evaluation_time;
  request.progress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };

  LiveTokenSource source(tokens, client, config.authority_host);
  auto outcome = collect::collect(client, source, request);
  progress.clear();
  if (interrupted()) {
    throw Error("interrupted", ExitCode::interrupted);
  }
  if (context.global.verbose) {
    err << "gdapcheck: " << stats_line(client.stats(), progress.elapsed()) << '\n';
  }
  if (!outcome.ok()) {
    // Only the partner's token ends a run; without its failure, the run was stopped first.
    const auto& failure = source.partner_failure();
    if (!failure) {
      throw Error("interrupted", ExitCode::interrupted);
    }
    throw_auth_failure(context, *failure);
  }
  if (auto saved = tokens.save(); !saved.ok()) {
    // The tokens were good for this run; only the cache write failed: say so, go on.
    err << "gdapcheck: new tokens could not be saved to the token cache: "
        << model::display_text(saved.error().description) << '\n';
  }
  auto& collection = outcome.value();
  if (collection.selection_error) {
    unknown_customers(collection);
  }
  collection.snapshot.client_id = config.client_id;
  return std::move(collection.snapshot);
}

}  // namespace gdap::cli
