#pragma once

// The Microsoft Graph v1.0 client: an event loop over a ConcurrentTransport. Callers queue reads
// (with a callback each) and call run(); the client packs queued reads for the same tenant into
// $batch requests of up to 20, follows @odata.nextLink, retries 429/503/504 and broken
// connections honouring Retry-After (else capped exponential back-off with jitter) under a total
// deadline, and keeps at most `concurrency` HTTP requests in flight, cutting that limit in
// proportion to the share of answers Microsoft throttles (by half at most, once a second) and
// growing it back while answers come through. Token requests go through
// the same loop (send()) so they share the limit and the retries.
//
// Single-threaded: callbacks run inside run() and may queue more work.

#include "gdapcheck/graph/error.hpp"
#include "gdapcheck/graph/retry.hpp"
#include "gdapcheck/http/concurrent.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace gdap::graph {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

// Who a read is made as. Reads with the same tenant may share a $batch (one token per batch).
struct Bearer {
  std::string tenant;
  std::shared_ptr<const std::string> token;  // secret: sent as a header, never logged
  bool priority = false;  // dispatched before ordinary work (the partner's reads unlock the rest)
};

// Requests in flight by default: enough to keep hundreds of customers quick, few enough to be
// polite (Graph allows thousands of requests per 10 s per app and tenant; CIPP runs 4-8 tenants
// at a time) -- and it comes down as soon as Microsoft throttles.
inline constexpr std::size_t k_default_concurrency = 64;

struct ClientOptions {
  std::string graph_root;  // "{graph host}/v1.0", no trailing slash
  std::size_t concurrency = k_default_concurrency;
  RetryPolicy retry;
  // One line per HTTP request (--verbose): method, path, status, time. Never headers or bodies.
  std::function<void(const std::string&)> log;
  SteadyClock clock = [] { return std::chrono::steady_clock::now(); };
  std::uint64_t seed = std::random_device{}();
  std::function<bool()> should_abort;  // polled between waits (Ctrl-C)
};

struct Stats {
  std::map<std::string, std::size_t> requests;  // HTTP requests by kind: token, $batch, GET, POST
  std::map<std::string, std::size_t> reads;  // Graph reads (batch parts or lone requests) by label
  std::size_t throttled = 0;                 // 429 answers, whole requests or batch parts
  std::size_t unavailable = 0;               // 503 and 504 answers
  std::size_t broken = 0;                    // no answer: reset, timeout, truncated
  std::size_t retries = 0;
  std::size_t peak_in_flight = 0;
  std::size_t lowest_limit = 0;  // how far the concurrency limit came down under throttling
};

// A read's result: the answer's JSON body -- for a collection, the last page's body whose "value"
// holds the elements of every page -- or why it could not be read.
using Outcome = std::variant<nlohmann::json, GraphError>;
using Done = std::function<void(Outcome)>;
// Sees each page of a collection as it arrives; with one, "value" is not accumulated.
using PageHandler = std::function<void(const nlohmann::json& page)>;

class Client {
 public:
  Client(http::ConcurrentTransport& transport, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) = delete;
  Client& operator=(Client&&) = delete;

  // GET `path` (relative to the version root, with its query) and every following page.
  // `label` names the kind of read in the statistics ("relationships", "policies", ...).
  void get(const Bearer& bearer, std::string label, std::string path, Done done,
           PageHandler on_page = {});

  // POST a JSON body (for example /directoryObjects/getByIds).
  void post(const Bearer& bearer, std::string label, std::string path, nlohmann::json body,
            Done done);

  // A request outside Graph (the token endpoint) under the same limit and retry rules; `done`
  // gets the final answer, whatever its status.
  void send(std::string label, http::Request request, std::function<void(http::Result)> done);

  // Work until nothing is queued, waiting or in flight. Returns false when should_abort said
  // stop (the remaining callbacks are never called).
  bool run();

  const Stats& stats() const { return m_stats; }

 private:
  struct Item;
  using ItemPtr = std::unique_ptr<Item>;
  struct InFlight;
  using TimePoint = std::chrono::steady_clock::time_point;

  void enqueue(ItemPtr item);
  void dispatch();
  bool dispatch_one();
  void start_raw(ItemPtr item);
  void start_graph(std::vector<ItemPtr> items);
  void complete(http::Completion completion);
  void complete_raw(InFlight flight, http::Result result);
  void complete_graph(InFlight flight, http::Result result);
  void answer(ItemPtr item, int status, nlohmann::json body,
              std::optional<std::chrono::seconds> retry_after);
  void succeed(ItemPtr item, nlohmann::json body);
  void retry_or_fail(ItemPtr item, GraphError error,
                     std::optional<std::chrono::seconds> retry_after);
  bool schedule_retry(ItemPtr& item, std::optional<std::chrono::seconds> retry_after);
  void note_throttled();
  void note_success();
  void note_answer();
  void wake_due_items();
  void log_line(const std::string& line) const;

  http::ConcurrentTransport& m_transport;
  ClientOptions m_options;
  Stats m_stats;
  std::mt19937_64 m_random;
  TimePoint m_started;
  double m_limit;
  TimePoint m_window_end;
  std::size_t m_window_answers = 0;
  std::size_t m_window_throttled = 0;

  std::deque<ItemPtr> m_ready_raw;
  struct TenantQueue {
    std::deque<ItemPtr> items;
    bool listed = false;  // named in m_priority_tenants or m_tenants
  };
  std::map<std::string, TenantQueue> m_ready_graph;  // by tenant
  std::deque<std::string> m_priority_tenants;        // tenants with ready priority work, in order
  std::deque<std::string> m_tenants;                 // tenants with ready ordinary work, in order
  bool m_raw_turn = true;
  std::multimap<TimePoint, ItemPtr> m_waiting;  // retries, by the time they may go again
  std::map<http::Ticket, InFlight> m_in_flight;
};

}  // namespace gdap::graph
