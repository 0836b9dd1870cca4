#include "work.hpp"

#include "gdapcheck/graph/batch.hpp"

#include <utility>

namespace gdap::graph {

void WorkQueue::push(WorkPtr work) {
  const GraphRead* read = work->read();
  if (read == nullptr) {
    m_outside.push_back(std::move(work));
    return;
  }
  const std::string& tenant = read->bearer.tenant;
  const bool priority = read->bearer.priority;
  auto& queue = m_reads[tenant];
  if (!queue.listed) {
    queue.listed = true;
    (priority ? m_priority : m_ordinary).push_back(tenant);
  }
  queue.reads.push_back(std::move(work));
}

std::vector<WorkPtr> WorkQueue::pop() {
  std::vector<WorkPtr> works;
  const bool reads_ready = !m_priority.empty() || !m_ordinary.empty();
  if (!m_outside.empty() && (m_outside_turn || !reads_ready)) {
    m_outside_turn = false;
    works.push_back(std::move(m_outside.front()));
    m_outside.pop_front();
    return works;
  }
  if (!reads_ready) {
    return works;
  }
  m_outside_turn = true;
  auto& order = m_priority.empty() ? m_ordinary : m_priority;
  const auto found = m_reads.find(order.front());
  order.pop_front();
  auto& reads = found->second.reads;
  while (!reads.empty() && works.size() < k_max_batch_requests) {
    works.push_back(std::move(reads.front()));
    reads.pop_front();
  }
  if (reads.empty()) {
    m_reads.erase(found);
  } else {
    order.push_back(found->first);  // the rest waits its turn behind other tenants
  }
  return works;
}

}  // namespace gdap::graph
