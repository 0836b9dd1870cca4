#include "graph/concurrency_limit.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>

using gdap::graph::ConcurrencyLimit;
using gdap::graph::LimitSettings;
using gdap::graph::Reply;
using namespace std::chrono_literals;

namespace {

using TimePoint = ConcurrencyLimit::TimePoint;

const TimePoint k_start{};
const Reply k_clean{1, 0, 0};
const Reply k_throttled{1, 1, 0};

// Start as many requests as the limit allows.
void fill(ConcurrencyLimit& limit) {
  while (limit.may_start()) {
    limit.started();
  }
}

// One round trip of a busy run: the limit is full, and each of the requests in flight comes
// back with `reply` at `now` and makes room for the next (work is always waiting).
void round_trip(ConcurrencyLimit& limit, const Reply& reply, TimePoint now) {
  fill(limit);
  const std::size_t answers = limit.in_flight();
  for (std::size_t i = 0; i < answers; ++i) {
    limit.finished(reply, now);
    fill(limit);
  }
}

}  // namespace

TEST_CASE("the limit starts at its initial value and lets that many requests go", "[graph]") {
  ConcurrencyLimit limit({8, 100, 1s}, k_start);
  CHECK(limit.limit() == 8);
  for (int i = 0; i < 8; ++i) {
    REQUIRE(limit.may_start());
    limit.started();
  }
  CHECK_FALSE(limit.may_start());
  limit.finished(k_clean, k_start);
  CHECK(limit.may_start());
}

TEST_CASE("while answers are clean the limit doubles every round trip, up to the ceiling",
          "[graph]") {
  ConcurrencyLimit limit({8, 100, 1s}, k_start);
  round_trip(limit, k_clean, k_start + 100ms);
  CHECK(limit.limit() == 16);
  round_trip(limit, k_clean, k_start + 200ms);
  CHECK(limit.limit() == 32);
  round_trip(limit, k_clean, k_start + 300ms);
  CHECK(limit.limit() == 64);
  round_trip(limit, k_clean, k_start + 400ms);
  CHECK(limit.limit() == 100);
  CHECK(limit.highest() == 100);
  CHECK(limit.slow_start());
}

TEST_CASE("the limit does not grow while most of it is unused", "[graph]") {
  ConcurrencyLimit limit({64, 1024, 1s}, k_start);
  // A handful of requests at a time (the partner's first reads): no evidence that more would go.
  for (int i = 0; i < 500; ++i) {
    limit.started();
    limit.started();
    limit.finished(k_clean, k_start + 10ms);
    limit.finished(k_clean, k_start + 10ms);
  }
  CHECK(limit.limit() == 64);
}

TEST_CASE("requests without an answer, or answered 503, do not grow the limit", "[graph]") {
  ConcurrencyLimit limit({4, 100, 1s}, k_start);
  round_trip(limit, Reply{}, k_start + 100ms);
  CHECK(limit.limit() == 4);
  round_trip(limit, Reply{1, 0, 1}, k_start + 200ms);
  CHECK(limit.limit() == 4);
}

TEST_CASE("throttling cuts the limit once per window, in proportion to the 429s' share",
          "[graph]") {
  ConcurrencyLimit limit({100, 100, 1s}, k_start);
  fill(limit);
  SECTION("5 % throttled: a tenth off") {
    for (int i = 0; i < 100; ++i) {
      limit.finished(i % 20 == 0 ? k_throttled : k_clean, k_start + 500ms);
    }
    CHECK(limit.limit() == 100);  // judged at the end of the window, not before
    limit.started();
    limit.finished(k_clean, k_start + 1s);
    CHECK(limit.limit() == 90);
    CHECK(limit.lowest() == 90);
    CHECK_FALSE(limit.slow_start());
  }
  SECTION("half or more throttled: halved, never more") {
    for (int i = 0; i < 10; ++i) {
      limit.finished(k_throttled, k_start + 1s);
    }
    CHECK(limit.limit() == 50);
  }
  SECTION("a $batch answers for each of its parts") {
    limit.finished(Reply{20, 1, 0}, k_start + 1s);  // one part in twenty throttled
    CHECK(limit.limit() == 90);
  }
  SECTION("a window without 429s changes nothing") {
    limit.finished(Reply{1, 0, 1}, k_start + 1s);
    CHECK(limit.limit() == 100);
    CHECK(limit.slow_start());
    CHECK(limit.lowest() == 0);
  }
}

TEST_CASE("429s while most of the limit is unused leave it alone", "[graph]") {
  // A few partner reads in flight, all throttled: that tenant's Retry-After holds them back;
  // nothing says the other tenants' reads should slow down.
  ConcurrencyLimit limit({64, 1024, 1s}, k_start);
  for (int second = 1; second <= 3; ++second) {
    limit.started();
    limit.started();
    limit.finished(k_throttled, k_start + std::chrono::seconds(second));
    limit.finished(k_throttled, k_start + std::chrono::seconds(second));
  }
  CHECK(limit.limit() == 64);
  CHECK(limit.slow_start());
}

TEST_CASE("after throttling the limit grows by about one per round trip, not by doubling",
          "[graph]") {
  ConcurrencyLimit limit({40, 1000, 1s}, k_start);
  fill(limit);
  limit.finished(k_throttled, k_start + 1s);
  REQUIRE(limit.limit() == 20);
  for (int trip = 1; trip <= 10; ++trip) {
    round_trip(limit, k_clean, k_start + 1s + trip * 100ms);
  }
  CHECK(limit.limit() >= 28);
  CHECK(limit.limit() <= 30);
}

TEST_CASE("throttling never stops the requests altogether", "[graph]") {
  ConcurrencyLimit limit({2, 2, 1s}, k_start);
  for (int second = 1; second <= 5; ++second) {
    fill(limit);
    limit.finished(k_throttled, k_start + std::chrono::seconds(second));
  }
  CHECK(limit.limit() == 1);
  CHECK(limit.may_start());
}

TEST_CASE("an initial value above the ceiling starts at the ceiling", "[graph]") {
  const ConcurrencyLimit limit({64, 8, 1s}, k_start);
  CHECK(limit.limit() == 8);
}
