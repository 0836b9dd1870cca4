#pragma once

// The Microsoft Graph v1.0 client: an event loop over a ConcurrentTransport. Callers queue work
// (with a callback each) and call run(). Graph reads for the same tenant are packed into $batch
// requests of up to 20; collections are followed through @odata.nextLink; 429, 503, 504 and
// broken connections are retried honouring Retry-After (else capped exponential back-off with
// jitter) under a total deadline. Requests outside Graph (the token endpoint) are work of their
// own kind in the same loop, so they share the limit, the retries and the throttling judgement.
// The number of requests in flight adapts as TCP's window does: it starts at 64, doubles every
// round trip while answers come back clean, is cut in proportion to the share of answers
// Microsoft throttles, and never exceeds `concurrency`.
//
// Single-threaded: callbacks run inside run() and may queue more work.

#include "gdapcheck/graph/error.hpp"
#include "gdapcheck/graph/retry.hpp"
#include "gdapcheck/http/concurrent.hpp"
#include "gdapcheck/result.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>

namespace gdap::graph {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

// Who a read is made as. Reads with the same tenant may share a $batch (one token per batch).
struct Bearer {
  std::string tenant;
  std::shared_ptr<const std::string> token;  // secret: sent as a header, never logged
  bool priority = false;  // dispatched before ordinary work (the partner's reads unlock the rest)
};

// Requests in flight at the start: polite until Microsoft's answers show it keeps up.
inline constexpr std::size_t k_initial_concurrency = 64;
// The most requests in flight by default. Throttling is per app and tenant, and a partner run
// asks each customer tenant for two or three requests, so hundreds in flight across tenants
// stay far below any one tenant's limit; the global limit per app (130,000 requests per 10 s)
// is far above what 1,024 requests of 100+ ms each can reach.
inline constexpr std::size_t k_default_concurrency = 1024;

struct ClientOptions {
  std::string graph_root;                           // "{graph host}/v1.0", no trailing slash
  std::size_t concurrency = k_default_concurrency;  // the most requests in flight
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
  std::size_t lowest_limit = 0;   // the lowest throttling cut the limit to (0: never cut)
  std::size_t highest_limit = 0;  // the highest the limit grew to while answers came back clean
};

// A read's result: the answer's JSON body -- for a collection, the last page's body whose "value"
// holds the elements of every page -- or why it could not be read.
using Outcome = Result<nlohmann::json, GraphError>;
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

  const Stats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace gdap::graph
