#pragma once

// Many requests in flight at once over one connection pool: start requests, then wait for
// whichever finish first. The Graph client drives it from a single thread (no callbacks from
// other threads, no locks). Like Transport, HTTP error statuses are responses; only "no HTTP
// answer at all" is a TransportError. No libcurl type appears here, so tests can fake it.

#include "gdapcheck/http/curl_transport.hpp"
#include "gdapcheck/http/transport.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace gdap::http {

using Ticket = std::uint64_t;

struct Completion {
  Ticket ticket = 0;
  Result result;
};

class ConcurrentTransport {
 public:
  ConcurrentTransport() = default;
  virtual ~ConcurrentTransport() = default;
  ConcurrentTransport(const ConcurrentTransport&) = delete;
  ConcurrentTransport& operator=(const ConcurrentTransport&) = delete;
  ConcurrentTransport(ConcurrentTransport&&) = delete;
  ConcurrentTransport& operator=(ConcurrentTransport&&) = delete;

  // Begin sending `request`; its outcome comes back from wait() under the returned ticket.
  virtual Ticket start(Request request) = 0;

  // Block until at least one started request finishes or `timeout` passes, and return every
  // request that has finished (possibly none). With nothing in flight it just waits `timeout`,
  // which makes it the one place the client sleeps (fakes advance their clock instead).
  virtual std::vector<Completion> wait(std::chrono::milliseconds timeout) = 0;
};

// One curl multi handle: connections are reused across requests (keep-alive) and multiplexed
// over HTTP/2 where the server offers it.
std::unique_ptr<ConcurrentTransport> make_curl_concurrent_transport(const CurlOptions& options);

}  // namespace gdap::http
