#pragma once

// A ConcurrentTransport for tests: a handler answers each request, every answer arrives after a
// fixed latency on a simulated clock, and wait() advances that clock instead of sleeping, so
// retry and back-off tests run instantly and deterministically. Records every request and the
// most requests ever in flight.

#include "gdapcheck/http/concurrent.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace gdap::testing {

class FakeConcurrentTransport final : public http::ConcurrentTransport {
 public:
  using Handler = std::function<http::Result(const http::Request&)>;
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit FakeConcurrentTransport(
      Handler handler, std::chrono::milliseconds latency = std::chrono::milliseconds(100))
      : m_handler(std::move(handler)), m_latency(latency) {}

  http::Ticket start(http::Request request) override {
    const http::Ticket ticket = ++m_last;
    m_requests.push_back(request);
    m_running.emplace(ticket, Running{m_now + m_latency, std::move(request)});
    m_peak = std::max(m_peak, m_running.size());
    return ticket;
  }

  std::vector<http::Completion> wait(std::chrono::milliseconds timeout) override {
    std::vector<http::Completion> done;
    auto next = m_now + timeout;
    for (const auto& [ticket, running] : m_running) {
      next = std::min(next, running.due);
    }
    m_now = std::max(m_now, next);
    for (auto it = m_running.begin(); it != m_running.end();) {
      if (it->second.due <= m_now) {
        done.push_back({it->first, m_handler(it->second.request)});
        it = m_running.erase(it);
      } else {
        ++it;
      }
    }
    return done;
  }

  // The simulated clock, for ClientOptions::clock.
  std::function<TimePoint()> clock() {
    return [this] { return m_now; };
  }
  TimePoint now() const { return m_now; }
  const std::vector<http::Request>& requests() const { return m_requests; }
  std::size_t peak_in_flight() const { return m_peak; }

 private:
  struct Running {
    TimePoint due;
    http::Request request;
  };
  Handler m_handler;
  std::chrono::milliseconds m_latency;
  TimePoint m_now{};
  http::Ticket m_last = 0;
  std::map<http::Ticket, Running> m_running;
  std::vector<http::Request> m_requests;
  std::size_t m_peak = 0;
};

// A JSON response with optional headers.
inline http::Response json_response(int status, const std::string& body,
                                    http::Headers headers = {}) {
  http::Response response;
  response.status = status;
  response.headers = std::move(headers);
  response.headers.emplace_back("content-type", "application/json");
  response.body = body;
  for (auto& [name, value] : response.headers) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "retry-after") {
      response.retry_after = std::chrono::seconds(std::stoll(value));
    }
  }
  return response;
}

}  // namespace gdap::testing
