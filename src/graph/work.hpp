#pragma once

// The units of work the Graph client schedules, and the order they go out in. Two kinds share
// one loop: Graph reads, which are made as a tenant and may share a $batch with that tenant's
// other reads, and requests outside Graph (the token endpoint), sent as they are.

#include "paging.hpp"

#include "gdapcheck/graph/client.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gdap::graph {

// A Graph read and the pages of it read so far.
struct GraphRead {
  Bearer bearer;
  http::Method method = http::Method::get;
  std::optional<nlohmann::json> body;  // of a POST
  PageTrail trail;
  Done done;
  PageHandler on_page;
  nlohmann::json collected = nlohmann::json::array();  // every page's elements, without on_page
};

// A request outside Graph: its answer, whatever the status, goes to `done`.
struct OutsideRequest {
  http::Request request;
  std::function<void(http::Result)> done;
};

struct Work {
  std::string label;  // names the kind of work in the statistics
  int attempts = 0;   // HTTP attempts for the current page
  std::variant<GraphRead, OutsideRequest> what;

  GraphRead* read() { return std::get_if<GraphRead>(&what); }
};
using WorkPtr = std::unique_ptr<Work>;

// Work ready to go. Requests outside Graph and Graph requests take turns (a token unlocks a
// customer's reads; the reads finish the customer); Graph reads go by tenant, priority tenants
// first, the others in turn, up to a $batch's worth of one tenant's reads at a time.
class WorkQueue {
 public:
  void push(WorkPtr work);
  bool empty() const { return m_outside.empty() && m_priority.empty() && m_ordinary.empty(); }
  // The work for the next HTTP request: one outside request, or 1 to k_max_batch_requests reads
  // of one tenant. Empty when nothing is ready.
  std::vector<WorkPtr> pop();

 private:
  struct TenantQueue {
    std::deque<WorkPtr> reads;
    bool listed = false;  // named in m_priority or m_ordinary
  };
  std::deque<WorkPtr> m_outside;
  std::map<std::string, TenantQueue> m_reads;  // by tenant
  std::deque<std::string> m_priority;          // tenants with ready priority reads, in order
  std::deque<std::string> m_ordinary;          // tenants with ready ordinary reads, in order
  bool m_outside_turn = true;
};

}  // namespace gdap::graph
