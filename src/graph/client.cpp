#include "gdapcheck/graph/client.hpp"

#include "gdapcheck/graph/batch.hpp"

#include <algorithm>
#include <utility>

namespace gdap::graph {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds k_idle_wait{1'000};
// How long answers are counted before the share of 429s among them adjusts the limit.
constexpr milliseconds k_throttle_window{1'000};

bool is_success(int status) {
  return status >= 200 && status < 300;
}

// "/v1.0/me?$select=id" from "https://graph.microsoft.com/v1.0/me?$select=id" (for logs).
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? url : url.substr(slash);
}

std::string label_for(http::Method method) {
  return std::string(http::method_name(method));
}

}  // namespace

struct Client::Item {
  bool raw = false;
  std::string label;
  // Graph reads
  Bearer bearer;
  http::Method method = http::Method::get;
  std::string path;  // relative to the version root
  std::optional<nlohmann::json> body;
  Done done;
  PageHandler on_page;
  nlohmann::json collected = nlohmann::json::array();
  // Requests outside Graph
  http::Request request;
  std::function<void(http::Result)> raw_done;

  int attempts = 0;  // HTTP attempts for the current page
  int pages = 0;     // pages already read
};

struct Client::InFlight {
  std::vector<ItemPtr> items;  // one for a lone request, up to 20 for a $batch
  bool batch = false;
  TimePoint started;
  std::string description;  // method and path, for the log
};

Client::Client(http::ConcurrentTransport& transport, ClientOptions options)
    : m_transport(transport),
      m_options(std::move(options)),
      m_random(m_options.seed),
      m_started(m_options.clock()),
      m_limit(static_cast<double>(std::max<std::size_t>(1, m_options.concurrency))),
      m_window_end(m_started + k_throttle_window) {
  m_stats.lowest_limit = static_cast<std::size_t>(m_limit);
}

Client::~Client() = default;

void Client::get(const Bearer& bearer, std::string label, std::string path, Done done,
                 PageHandler on_page) {
  auto item = std::make_unique<Item>();
  item->label = std::move(label);
  item->bearer = bearer;
  item->path = std::move(path);
  item->done = std::move(done);
  item->on_page = std::move(on_page);
  enqueue(std::move(item));
}

void Client::post(const Bearer& bearer, std::string label, std::string path, nlohmann::json body,
                  Done done) {
  auto item = std::make_unique<Item>();
  item->label = std::move(label);
  item->bearer = bearer;
  item->method = http::Method::post;
  item->path = std::move(path);
  item->body = std::move(body);
  item->done = std::move(done);
  enqueue(std::move(item));
}

void Client::send(std::string label, http::Request request,
                  std::function<void(http::Result)> done) {
  auto item = std::make_unique<Item>();
  item->raw = true;
  item->label = std::move(label);
  item->request = std::move(request);
  item->raw_done = std::move(done);
  enqueue(std::move(item));
}

void Client::enqueue(ItemPtr item) {
  if (item->raw) {
    m_ready_raw.push_back(std::move(item));
    return;
  }
  const std::string tenant = item->bearer.tenant;
  const bool priority = item->bearer.priority;
  auto& queue = m_ready_graph[tenant];
  queue.items.push_back(std::move(item));
  if (!queue.listed) {
    queue.listed = true;
    (priority ? m_priority_tenants : m_tenants).push_back(tenant);
  }
}

bool Client::run() {
  while (true) {
    if (m_options.should_abort && m_options.should_abort()) {
      return false;
    }
    wake_due_items();
    dispatch();
    if (m_in_flight.empty() && m_ready_raw.empty() && m_priority_tenants.empty() &&
        m_tenants.empty() && m_waiting.empty()) {
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

void Client::wake_due_items() {
  const auto now = m_options.clock();
  while (!m_waiting.empty() && m_waiting.begin()->first <= now) {
    auto node = m_waiting.extract(m_waiting.begin());
    enqueue(std::move(node.mapped()));
  }
}

void Client::dispatch() {
  while (static_cast<double>(m_in_flight.size()) < std::max(1.0, m_limit) && dispatch_one()) {
    m_stats.peak_in_flight = std::max(m_stats.peak_in_flight, m_in_flight.size());
  }
}

// Start one HTTP request: alternately a token request and a Graph request (a token unlocks a
// customer's reads; the reads finish the customer), priority tenants first among Graph work.
bool Client::dispatch_one() {
  const bool graph_ready = !m_priority_tenants.empty() || !m_tenants.empty();
  if (!m_ready_raw.empty() && (m_raw_turn || !graph_ready)) {
    m_raw_turn = false;
    ItemPtr item = std::move(m_ready_raw.front());
    m_ready_raw.pop_front();
    start_raw(std::move(item));
    return true;
  }
  if (!graph_ready) {
    return false;
  }
  m_raw_turn = true;
  auto& order = m_priority_tenants.empty() ? m_tenants : m_priority_tenants;
  const std::string tenant = order.front();
  order.pop_front();
  auto& queue = m_ready_graph[tenant];
  std::vector<ItemPtr> items;
  while (!queue.items.empty() && items.size() < k_max_batch_requests) {
    items.push_back(std::move(queue.items.front()));
    queue.items.pop_front();
  }
  if (queue.items.empty()) {
    m_ready_graph.erase(tenant);
  } else {
    order.push_back(tenant);  // the rest waits its turn behind other tenants
  }
  start_graph(std::move(items));
  return true;
}

void Client::start_raw(ItemPtr item) {
  ++item->attempts;
  ++m_stats.requests[item->label];
  InFlight flight;
  flight.started = m_options.clock();
  flight.description = label_for(item->request.method) + " " + path_of(item->request.url);
  const http::Ticket ticket = m_transport.start(item->request);
  flight.items.push_back(std::move(item));
  m_in_flight.emplace(ticket, std::move(flight));
}

void Client::start_graph(std::vector<ItemPtr> items) {
  InFlight flight;
  flight.started = m_options.clock();
  http::Request request;
  request.headers.emplace_back("Authorization", "Bearer " + *items.front()->bearer.token);
  request.headers.emplace_back("Accept", "application/json");
  for (auto& item : items) {
    ++item->attempts;
    ++m_stats.reads[item->label];
  }
  if (items.size() == 1) {
    const Item& item = *items.front();
    request.method = item.method;
    request.url = m_options.graph_root + item.path;
    if (item.body) {
      request.body = item.body->dump();
      request.headers.emplace_back("Content-Type", "application/json");
    }
    flight.description = label_for(item.method) + " " + path_of(request.url);
    ++m_stats.requests[label_for(item.method)];
  } else {
    std::vector<BatchPart> parts;
    parts.reserve(items.size());
    for (std::size_t index = 0; index < items.size(); ++index) {
      parts.push_back({std::to_string(index + 1), items[index]->method, items[index]->path,
                       items[index]->body});
    }
    request.method = http::Method::post;
    request.url = m_options.graph_root + "/$batch";
    request.body = encode_batch(parts);
    request.headers.emplace_back("Content-Type", "application/json");
    flight.batch = true;
    flight.description =
        "POST " + path_of(request.url) + " (" + std::to_string(items.size()) + " requests)";
    ++m_stats.requests["$batch"];
  }
  flight.items = std::move(items);
  const http::Ticket ticket = m_transport.start(std::move(request));
  m_in_flight.emplace(ticket, std::move(flight));
}

void Client::complete(http::Completion completion) {
  auto found = m_in_flight.find(completion.ticket);
  if (found == m_in_flight.end()) {
    return;
  }
  InFlight flight = std::move(found->second);
  m_in_flight.erase(found);
  const auto elapsed =
      std::chrono::duration_cast<milliseconds>(m_options.clock() - flight.started).count();
  if (const auto* response = std::get_if<http::Response>(&completion.result)) {
    log_line(flight.description + " -> " + std::to_string(response->status) + " in " +
             std::to_string(elapsed) + " ms");
  } else {
    log_line(flight.description + " -> no answer (" +
             std::get<http::TransportError>(completion.result).message + ") after " +
             std::to_string(elapsed) + " ms");
  }
  if (flight.items.front()->raw) {
    complete_raw(std::move(flight), std::move(completion.result));
  } else {
    complete_graph(std::move(flight), std::move(completion.result));
  }
}

void Client::complete_raw(InFlight flight, http::Result result) {
  ItemPtr item = std::move(flight.items.front());
  std::optional<std::chrono::seconds> retry_after;
  bool retryable = false;
  if (const auto* error = std::get_if<http::TransportError>(&result)) {
    ++m_stats.broken;
    retryable = is_retryable_transport(*error);
  } else {
    const auto& response = std::get<http::Response>(result);
    if (response.status == 429) {
      ++m_stats.throttled;
      note_throttled();
    } else if (response.status == 503 || response.status == 504) {
      ++m_stats.unavailable;
      note_answer();
    } else {
      note_success();
    }
    retryable = is_retryable_status(response.status);
    retry_after = response.retry_after;
  }
  if (retryable && schedule_retry(item, retry_after)) {
    return;
  }
  item->raw_done(std::move(result));
}

void Client::complete_graph(InFlight flight, http::Result result) {
  if (const auto* error = std::get_if<http::TransportError>(&result)) {
    ++m_stats.broken;
    for (auto& item : flight.items) {
      GraphError failure = error_from_transport(*error);
      if (is_retryable_transport(*error)) {
        retry_or_fail(std::move(item), std::move(failure), std::nullopt);
      } else {
        failure.attempts = item->attempts;
        item->done(std::move(failure));
      }
    }
    return;
  }
  auto& response = std::get<http::Response>(result);
  if (!flight.batch || !is_success(response.status)) {
    // A lone request, or a $batch envelope that failed as a whole: the answer is everyone's.
    auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!flight.batch) {
      answer(std::move(flight.items.front()), response.status, std::move(body),
             response.retry_after);
      return;
    }
    for (auto& item : flight.items) {
      answer(std::move(item), response.status, body, response.retry_after);
    }
    return;
  }
  auto decoded = decode_batch(response.body);
  if (const auto* problem = std::get_if<std::string>(&decoded)) {
    for (auto& item : flight.items) {
      GraphError error;
      error.kind = ErrorKind::malformed;
      error.message = *problem;
      retry_or_fail(std::move(item), std::move(error), std::nullopt);
    }
    return;
  }
  for (auto& part : std::get<std::vector<BatchAnswer>>(decoded)) {
    char* end = nullptr;
    const unsigned long index = std::strtoul(part.id.c_str(), &end, 10);
    if (end == part.id.c_str() || *end != '\0' || index == 0 || index > flight.items.size() ||
        !flight.items[index - 1]) {
      continue;  // an id we did not send, or sent once and already answered
    }
    const Item& item = *flight.items[index - 1];
    log_line("  " + label_for(item.method) + " " + item.path + " -> " +
             std::to_string(part.status));
    answer(std::move(flight.items[index - 1]), part.status, std::move(part.body), part.retry_after);
  }
  for (auto& item : flight.items) {
    if (item) {  // Graph left it out of the answer: ask again
      GraphError error;
      error.kind = ErrorKind::malformed;
      error.message = "the $batch answer left out a request";
      retry_or_fail(std::move(item), std::move(error), std::nullopt);
    }
  }
}

// One Graph read's answer (a lone response or a batch part).
void Client::answer(ItemPtr item, int status, nlohmann::json body,
                    std::optional<std::chrono::seconds> retry_after) {
  if (is_success(status)) {
    if (!body.is_object()) {
      GraphError error;
      error.kind = ErrorKind::malformed;
      error.status = status;
      error.message = "the answer is not a JSON object";
      retry_or_fail(std::move(item), std::move(error), std::nullopt);
      return;
    }
    note_success();
    succeed(std::move(item), std::move(body));
    return;
  }
  GraphError error = error_from_answer(status, body);
  if (status == 429) {
    ++m_stats.throttled;
    note_throttled();
  } else {
    m_stats.unavailable += status == 503 || status == 504 ? 1 : 0;
    note_answer();
  }
  if (is_retryable_status(status)) {
    retry_or_fail(std::move(item), std::move(error), retry_after);
    return;
  }
  error.attempts = item->attempts;
  item->done(std::move(error));
}

void Client::succeed(ItemPtr item, nlohmann::json body) {
  const auto next = body.find("@odata.nextLink");
  const bool more = next != body.end() && next->is_string();
  const auto values = body.find("value");
  const bool has_values = values != body.end() && values->is_array();
  if ((more || item->pages > 0) && !has_values) {
    // A page of a collection without its elements: accepting it would leave a gap in a list
    // that then looks complete.
    GraphError error;
    error.kind = ErrorKind::malformed;
    error.message = "a page of a collection has no \"value\" array";
    retry_or_fail(std::move(item), std::move(error), std::nullopt);
    return;
  }
  if (item->on_page) {
    item->on_page(body);
  } else if (has_values) {
    for (auto& value : *values) {
      item->collected.push_back(std::move(value));
    }
  }
  if (more) {
    const std::string link = next->get<std::string>();
    GraphError error;
    if (link.rfind(m_options.graph_root + "/", 0) != 0) {
      // Follow links only to our own Graph root: the bearer token goes with them.
      error.kind = ErrorKind::refused;
      error.message = "Graph sent a paging link to another host; it was not followed";
    } else if (link.substr(m_options.graph_root.size()) == item->path) {
      error.kind = ErrorKind::malformed;
      error.message = "Graph sent the same paging link again";
    } else if (m_options.clock() > m_started + m_options.retry.deadline) {
      error.kind = ErrorKind::gave_up;
      error.message = "paging did not finish before the run's deadline";
    } else {
      item->path = link.substr(m_options.graph_root.size());
      item->attempts = 0;
      ++item->pages;
      enqueue(std::move(item));
      return;
    }
    item->done(std::move(error));
    return;
  }
  if (!item->on_page && body.contains("value") && body["value"].is_array()) {
    body["value"] = std::move(item->collected);
  }
  item->done(std::move(body));
}

void Client::retry_or_fail(ItemPtr item, GraphError error,
                           std::optional<std::chrono::seconds> retry_after) {
  if (schedule_retry(item, retry_after)) {
    return;
  }
  if (error.kind == ErrorKind::http && is_retryable_status(error.status)) {
    error.kind = ErrorKind::gave_up;
  }
  error.attempts = item->attempts;
  item->done(std::move(error));
}

// Put `item` back for another attempt after the right wait, unless its attempts or the run's
// deadline are used up (then it stays with the caller, which reports the failure).
bool Client::schedule_retry(ItemPtr& item, std::optional<std::chrono::seconds> retry_after) {
  const auto delay = retry_delay(m_options.retry, item->attempts, retry_after,
                                 std::uniform_real_distribution<double>(0.0, 1.0)(m_random));
  const auto when = m_options.clock() + delay;
  if (item->attempts >= m_options.retry.max_attempts ||
      when > m_started + m_options.retry.deadline) {
    return false;
  }
  ++m_stats.retries;
  m_waiting.emplace(when, std::move(item));
  return true;
}

// Throttling is judged once per window: the share of answers that were 429 cuts the requests in
// flight in proportion (a 5 % share by a tenth, half or more by half), so occasional 429s for
// one tenant barely slow the run while sustained throttling backs off quickly.
void Client::note_throttled() {
  ++m_window_throttled;
  note_answer();
}

// Additive increase: about one more request in flight per limit's worth of good answers.
void Client::note_success() {
  const auto ceiling = static_cast<double>(std::max<std::size_t>(1, m_options.concurrency));
  m_limit = std::min(ceiling, m_limit + 1.0 / m_limit);
  note_answer();
}

void Client::note_answer() {
  ++m_window_answers;
  const auto now = m_options.clock();
  if (now < m_window_end) {
    return;
  }
  if (m_window_throttled > 0) {
    const double share =
        static_cast<double>(m_window_throttled) / static_cast<double>(m_window_answers);
    m_limit = std::max(1.0, m_limit * std::max(0.5, 1.0 - 2.0 * share));
    m_stats.lowest_limit = std::min(m_stats.lowest_limit, static_cast<std::size_t>(m_limit));
  }
  m_window_answers = 0;
  m_window_throttled = 0;
  m_window_end = now + k_throttle_window;
}

void Client::log_line(const std::string& line) const {
  if (m_options.log) {
    m_options.log(line);
  }
}

}  // namespace gdap::graph
