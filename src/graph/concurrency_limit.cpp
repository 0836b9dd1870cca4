#include "concurrency_limit.hpp"

#include <algorithm>

namespace gdap::graph {

ConcurrencyLimit::ConcurrencyLimit(LimitSettings settings, TimePoint now)
    : m_settings(settings),
      m_limit(static_cast<double>(std::clamp<std::size_t>(
          settings.initial, 1, std::max<std::size_t>(1, settings.ceiling)))),
      m_window_end(now + settings.window),
      m_highest(limit()) {}

std::size_t ConcurrencyLimit::limit() const {
  return std::max<std::size_t>(1, static_cast<std::size_t>(m_limit));
}

void ConcurrencyLimit::started() {
  ++m_in_flight;
  m_busiest = std::max(m_busiest, m_in_flight);
  m_window_busiest = std::max(m_window_busiest, m_in_flight);
}

void ConcurrencyLimit::finished(const Reply& reply, TimePoint now) {
  // Growth needs evidence that the limit is what holds work back: a limit that stayed half
  // unused over the last round trip says nothing about whether Microsoft would take more (as
  // RFC 7661 reasons for TCP). A limit's worth of answers stands for a round trip.
  const bool limit_in_use = 2 * m_busiest >= limit();
  m_in_flight = m_in_flight > 0 ? m_in_flight - 1 : 0;
  if (++m_answered_this_round >= limit()) {
    m_answered_this_round = 0;
    m_busiest = m_in_flight;
  }
  m_window_answers += reply.answers;
  m_window_throttled += reply.throttled;
  const bool clean = reply.answers > 0 && reply.throttled == 0 && reply.unavailable == 0;
  if (clean && limit_in_use) {
    grow();
  }
  if (now >= m_window_end) {
    judge_window(now);
  }
}

void ConcurrencyLimit::grow() {
  const auto ceiling = static_cast<double>(std::max<std::size_t>(1, m_settings.ceiling));
  m_limit = std::min(ceiling, m_limit + (m_slow_start ? 1.0 : 1.0 / m_limit));
  m_highest = std::max(m_highest, limit());
}

// Occasional 429s (one tenant's bad second) barely slow the run; sustained throttling backs off
// quickly. Either way the doubling is over: from here the limit feels its way up one at a time.
// 429s while most of the limit went unused are one tenant's limit, not ours: their Retry-After
// holds back what they concern, and the limit stays.
void ConcurrencyLimit::judge_window(TimePoint now) {
  if (m_window_throttled > 0 && 2 * m_window_busiest >= limit()) {
    const double share =
        static_cast<double>(m_window_throttled) / static_cast<double>(m_window_answers);
    m_limit = std::max(1.0, m_limit * std::max(0.5, 1.0 - 2.0 * share));
    m_slow_start = false;
    m_lowest = m_lowest == 0 ? limit() : std::min(m_lowest, limit());
  }
  m_window_answers = 0;
  m_window_throttled = 0;
  m_window_busiest = m_in_flight;
  m_window_end = now + m_settings.window;
}

}  // namespace gdap::graph
