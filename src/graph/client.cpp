#include "gdapcheck/graph/client.hpp"

#include "concurrency_limit.hpp"
#include "paging.hpp"
#include "work.hpp"

#include "gdapcheck/graph/batch.hpp"
#include "gdapcheck/input/json.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace gdap::graph {

namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

constexpr milliseconds k_idle_wait{1'000};

bool is_success(int status) {
  return status >= 200 && status < 300;
}

// "/v1.0/me?$select=id" from "https://graph.microsoft.com/v1.0/me?$select=id" (for logs).
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? url : url.substr(slash);
}

std::string name_of(http::Method method) {
  return std::string(http::method_name(method));
}

GraphError malformed(std::string message, int status = 0) {
  GraphError error;
  error.kind = ErrorKind::malformed;
  error.status = status;
  error.message = std::move(message);
  return error;
}

// No answer at all, and no further attempt: the work's caller hears why.
void give_up(WorkPtr work, const http::TransportError& error) {
  if (GraphRead* read = work->read()) {
    GraphError failure = error_from_transport(error);
    failure.attempts = work->attempts;
    read->done(Failure{std::move(failure)});
    return;
  }
  std::get<OutsideRequest>(work->what).done(error);
}

// A Graph read that will not be tried again.
void fail(WorkPtr work, GraphError error) {
  error.attempts = work->attempts;
  work->read()->done(Failure{std::move(error)});
}

}  // namespace

class Client::Impl {
 public:
  Impl(http::ConcurrentTransport& transport, ClientOptions options)
      : m_transport(transport),
        m_options(std::move(options)),
        m_random(m_options.seed),
        m_started(m_options.clock()),
        m_limit({std::min(k_initial_concurrency, m_options.concurrency), m_options.concurrency},
                m_started) {
    m_stats.highest_limit = m_limit.limit();
  }

  void enqueue(WorkPtr work) { m_ready.push(std::move(work)); }

  bool run() {
    while (true) {
      if (m_options.should_abort && m_options.should_abort()) {
        return false;
      }
      wake_due_work();
      dispatch();
      if (m_in_flight.empty() && m_ready.empty() && m_waiting.empty()) {
        return true;
      }
      milliseconds timeout = k_idle_wait;
      if (!m_waiting.empty()) {
        const auto until_due =
            std::chrono::duration_cast<milliseconds>(m_waiting.begin()->first - m_options.clock());
        timeout = std::clamp(until_due, milliseconds(0), k_idle_wait);
      }
      for (auto& completion : m_transport.wait(timeout)) {
        complete(std::move(completion));
      }
    }
  }

  const Stats& stats() const { return m_stats; }

  const std::string& graph_root() const { return m_options.graph_root; }

 private:
  struct InFlight {
    std::vector<WorkPtr> works;  // one for a lone request, up to 20 for a $batch
    bool batch = false;
    TimePoint started;
    std::string description;  // method and path, for the log
  };

  void wake_due_work() {
    const auto now = m_options.clock();
    while (!m_waiting.empty() && m_waiting.begin()->first <= now) {
      auto node = m_waiting.extract(m_waiting.begin());
      enqueue(std::move(node.mapped()));
    }
  }

  void dispatch() {
    while (m_limit.may_start() && !m_ready.empty()) {
      auto works = m_ready.pop();
      auto request =
          works.front()->read() != nullptr ? graph_request(works) : outside_request(works);
      InFlight flight{std::move(works), false, m_options.clock(), {}};
      flight.batch = flight.works.size() > 1;
      if (m_options.log) {
        flight.description = name_of(request.method) + " " + path_of(request.url);
        if (flight.batch) {
          flight.description += " (" + std::to_string(flight.works.size()) + " requests)";
        }
      }
      m_limit.started();
      m_in_flight.emplace(m_transport.start(std::move(request)), std::move(flight));
      m_stats.peak_in_flight = std::max(m_stats.peak_in_flight, m_in_flight.size());
    }
  }

  http::Request outside_request(std::vector<WorkPtr>& works) {
    Work& work = *works.front();
    ++work.attempts;
    ++m_stats.requests[work.label];
    return std::get<OutsideRequest>(work.what).request;
  }

  // One tenant's reads: a lone request, or a $batch of them.
  http::Request graph_request(std::vector<WorkPtr>& works) {
    http::Request request;
    request.headers.emplace_back("Authorization", "Bearer " + *works.front()->read()->bearer.token);
    request.headers.emplace_back("Accept", "application/json");
    for (auto& work : works) {
      ++work->attempts;
      ++m_stats.reads[work->label];
    }
    if (works.size() == 1) {
      const GraphRead& read = *works.front()->read();
      request.method = read.method;
      request.url = m_options.graph_root + read.trail.path();
      if (read.body) {
        request.body = read.body->dump();
        request.headers.emplace_back("Content-Type", "application/json");
      }
      ++m_stats.requests[name_of(read.method)];
      return request;
    }
    std::vector<BatchPart> parts;
    parts.reserve(works.size());
    for (std::size_t index = 0; index < works.size(); ++index) {
      const GraphRead& read = *works[index]->read();
      parts.push_back({std::to_string(index + 1), read.method, read.trail.path(), read.body});
    }
    request.method = http::Method::post;
    request.url = m_options.graph_root + "/$batch";
    request.body = encode_batch(parts);
    request.headers.emplace_back("Content-Type", "application/json");
    ++m_stats.requests["$batch"];
    return request;
  }

  void complete(http::Completion completion) {
    auto found = m_in_flight.find(completion.ticket);
    if (found == m_in_flight.end()) {
      return;
    }
    InFlight flight = std::move(found->second);
    m_in_flight.erase(found);
    log_completion(flight, completion.result);
    Reply reply;
    if (const auto* error = std::get_if<http::TransportError>(&completion.result)) {
      ++m_stats.broken;
      for (auto& work : flight.works) {
        if (!is_retryable_transport(*error) || !schedule_retry(work, std::nullopt)) {
          give_up(std::move(work), *error);
        }
      }
    } else if (flight.works.front()->read() == nullptr) {
      complete_outside(std::move(flight.works.front()), std::move(completion.result), reply);
    } else {
      complete_graph(flight, std::get<http::Response>(completion.result), reply);
    }
    m_limit.finished(reply, m_options.clock());
    m_stats.lowest_limit = m_limit.lowest();
    m_stats.highest_limit = m_limit.highest();
  }

  void complete_outside(WorkPtr work, http::Result result, Reply& reply) {
    const auto& response = std::get<http::Response>(result);
    if (account(response.status, reply) && schedule_retry(work, response.retry_after)) {
      return;
    }
    std::get<OutsideRequest>(work->what).done(std::move(result));
  }

  void complete_graph(InFlight& flight, http::Response& response, Reply& reply) {
    if (!flight.batch || !is_success(response.status)) {
      // A lone request, or a $batch envelope that failed as a whole: the answer is everyone's.
      auto body = input::parse_json_or_discarded(response.body);
      if (!flight.batch) {
        answer(std::move(flight.works.front()), response.status, std::move(body),
               response.retry_after, reply);
        return;
      }
      // One error read once for every request it answers: the body itself is never copied.
      const GraphError error = error_from_answer(response.status, body);
      for (auto& work : flight.works) {
        const bool retryable = account(response.status, reply);
        failed(std::move(work), error, retryable, response.retry_after);
      }
      return;
    }
    auto decoded = decode_batch(response.body);
    if (!decoded) {
      for (auto& work : flight.works) {
        retry_or_fail(std::move(work), malformed(decoded.error()), std::nullopt);
      }
      return;
    }
    for (auto& part : decoded.value()) {
      char* end = nullptr;
      const unsigned long index = std::strtoul(part.id.c_str(), &end, 10);
      if (end == part.id.c_str() || *end != '\0' || index == 0 || index > flight.works.size() ||
          !flight.works[index - 1]) {
        continue;  // an id we did not send, or sent once and already answered
      }
      auto& work = flight.works[index - 1];
      if (m_options.log) {
        const GraphRead& read = *work->read();
        log_line("  " + name_of(read.method) + " " + read.trail.path() + " -> " +
                 std::to_string(part.status));
      }
      answer(std::move(work), part.status, std::move(part.body), part.retry_after, reply);
    }
    for (auto& work : flight.works) {
      if (work) {  // Graph left it out of the answer: ask again
        retry_or_fail(std::move(work), malformed("the $batch answer left out a request"),
                      std::nullopt);
      }
    }
  }

  // What one answer's status means for the run, whatever the kind of work: counted in the
  // statistics and in the reply the limit judges. Returns whether it is worth another attempt.
  bool account(int status, Reply& reply) {
    ++reply.answers;
    if (status == 429) {
      ++m_stats.throttled;
      ++reply.throttled;
    } else if (status == 503 || status == 504) {
      ++m_stats.unavailable;
      ++reply.unavailable;
    }
    return is_retryable_status(status);
  }

  // One Graph read's answer (a lone response or a batch part).
  void answer(WorkPtr work, int status, nlohmann::json body,
              std::optional<std::chrono::seconds> retry_after, Reply& reply) {
    const bool retryable = account(status, reply);
    if (!is_success(status)) {
      failed(std::move(work), error_from_answer(status, body), retryable, retry_after);
      return;
    }
    if (!body.is_object()) {
      retry_or_fail(std::move(work), malformed("the answer is not a JSON object", status),
                    std::nullopt);
      return;
    }
    GraphRead& read = *work->read();
    auto next = read.trail.next(body, m_options.clock(), m_started + m_options.retry.deadline);
    if (!next) {
      if (next.error().worth_retrying) {
        retry_or_fail(std::move(work), std::move(next.error().error), std::nullopt);
      } else {
        fail(std::move(work), std::move(next.error().error));
      }
      return;
    }
    const bool has_values = has_value_array(body);
    if (read.on_page) {
      read.on_page(body);
    } else if (has_values) {
      for (auto& value : body["value"]) {
        read.collected.push_back(std::move(value));
      }
    }
    if (next.value()) {
      work->attempts = 0;
      enqueue(std::move(work));
      return;
    }
    if (!read.on_page && has_values) {
      body["value"] = std::move(read.collected);
    }
    read.done(std::move(body));
  }

  // A Graph read answered with an error status: another attempt when it is worth one.
  void failed(WorkPtr work, GraphError error, bool retryable,
              std::optional<std::chrono::seconds> retry_after) {
    if (retryable) {
      retry_or_fail(std::move(work), std::move(error), retry_after);
    } else {
      fail(std::move(work), std::move(error));
    }
  }

  void retry_or_fail(WorkPtr work, GraphError error,
                     std::optional<std::chrono::seconds> retry_after) {
    if (schedule_retry(work, retry_after)) {
      return;
    }
    if (error.kind == ErrorKind::http && is_retryable_status(error.status)) {
      error.kind = ErrorKind::gave_up;
    }
    fail(std::move(work), std::move(error));
  }

  // Put `work` back for another attempt after the right wait, unless its attempts or the run's
  // deadline are used up (then it stays with the caller, which reports the failure).
  bool schedule_retry(WorkPtr& work, std::optional<std::chrono::seconds> retry_after) {
    const auto delay = retry_delay(m_options.retry, work->attempts, retry_after,
                                   std::uniform_real_distribution<double>(0.0, 1.0)(m_random));
    const auto when = m_options.clock() + delay;
    if (work->attempts >= m_options.retry.max_attempts ||
        when > m_started + m_options.retry.deadline) {
      return false;
    }
    ++m_stats.retries;
    m_waiting.emplace(when, std::move(work));
    return true;
  }

  void log_completion(const InFlight& flight, const http::Result& result) const {
    if (!m_options.log) {
      return;
    }
    const auto elapsed =
        std::chrono::duration_cast<milliseconds>(m_options.clock() - flight.started).count();
    if (const auto* response = std::get_if<http::Response>(&result)) {
      log_line(flight.description + " -> " + std::to_string(response->status) + " in " +
               std::to_string(elapsed) + " ms");
    } else {
      log_line(flight.description + " -> no answer (" +
               std::get<http::TransportError>(result).message + ") after " +
               std::to_string(elapsed) + " ms");
    }
  }

  void log_line(const std::string& line) const {
    if (m_options.log) {
      m_options.log(line);
    }
  }

  http::ConcurrentTransport& m_transport;
  ClientOptions m_options;
  Stats m_stats;
  std::mt19937_64 m_random;
  TimePoint m_started;
  ConcurrencyLimit m_limit;
  WorkQueue m_ready;
  std::multimap<TimePoint, WorkPtr> m_waiting;  // retries, by the time they may go again
  std::map<http::Ticket, InFlight> m_in_flight;
};

Client::Client(http::ConcurrentTransport& transport, ClientOptions options)
    : m_impl(std::make_unique<Impl>(transport, std::move(options))) {}

Client::~Client() = default;

void Client::get(const Bearer& bearer, std::string label, std::string path, Done done,
                 PageHandler on_page) {
  m_impl->enqueue(
      std::make_unique<Work>(Work{std::move(label), 0,
                                  GraphRead{bearer, http::Method::get, std::nullopt,
                                            PageTrail(m_impl->graph_root(), std::move(path)),
                                            std::move(done), std::move(on_page)}}));
}

void Client::post(const Bearer& bearer, std::string label, std::string path, nlohmann::json body,
                  Done done) {
  m_impl->enqueue(
      std::make_unique<Work>(Work{std::move(label), 0,
                                  GraphRead{bearer,
                                            http::Method::post,
                                            std::move(body),
                                            PageTrail(m_impl->graph_root(), std::move(path)),
                                            std::move(done),
                                            {}}}));
}

void Client::send(std::string label, http::Request request,
                  std::function<void(http::Result)> done) {
  m_impl->enqueue(std::make_unique<Work>(
      Work{std::move(label), 0, OutsideRequest{std::move(request), std::move(done)}}));
}

bool Client::run() {
  return m_impl->run();
}

const Stats& Client::stats() const {
  return m_impl->stats();
}

}  // namespace gdap::graph
