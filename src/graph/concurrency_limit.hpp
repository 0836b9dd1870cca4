#pragma once

// How many HTTP requests may be in flight, adapted to what Microsoft's answers say, as TCP adapts
// its window. It starts at `initial` and, while answers come back clean and the limit is what
// holds work back, grows by one per clean request (slow start: doubling every round trip). Answers
// are judged once per window: when throttled (429) answers were among them while the limit was
// in use, the limit is cut in proportion to their share (5 % by a tenth, half or more by half)
// and from then on grows by one per limit's worth of clean requests (additive increase). Never
// above `ceiling`, never below 1.
//
// Pure: the caller says when a request starts and what its answer was, and supplies the time.

#include <chrono>
#include <cstddef>

namespace gdap::graph {

struct LimitSettings {
  std::size_t initial = 64;
  std::size_t ceiling = 1024;
  // How long answers are counted before the share of 429s among them adjusts the limit.
  std::chrono::milliseconds window{1'000};
};

// What one finished HTTP request said about Microsoft's capacity. A $batch answers each of its
// parts, so one request may carry many answers.
struct Reply {
  std::size_t answers = 0;      // reads answered: 1 for a lone request, a $batch's parts
  std::size_t throttled = 0;    // of those, 429
  std::size_t unavailable = 0;  // of those, 503 or 504
};

class ConcurrencyLimit {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  ConcurrencyLimit(LimitSettings settings, TimePoint now);

  bool may_start() const { return m_in_flight < limit(); }
  void started();
  // A request ended: with its reply, or with `Reply{}` when there was no answer at all.
  void finished(const Reply& reply, TimePoint now);

  std::size_t limit() const;
  std::size_t in_flight() const { return m_in_flight; }
  bool slow_start() const { return m_slow_start; }
  std::size_t lowest() const { return m_lowest; }  // the lowest a cut left it at; 0: never cut
  std::size_t highest() const { return m_highest; }

 private:
  void grow();
  void judge_window(TimePoint now);

  LimitSettings m_settings;
  double m_limit;
  bool m_slow_start = true;
  std::size_t m_in_flight = 0;
  std::size_t m_busiest = 0;  // the most in flight during this round trip
  std::size_t m_answered_this_round = 0;
  TimePoint m_window_end;
  std::size_t m_window_answers = 0;
  std::size_t m_window_throttled = 0;
  std::size_t m_window_busiest = 0;  // the most in flight during this window
  std::size_t m_lowest = 0;
  std::size_t m_highest;
};

}  // namespace gdap::graph
