#include "cli/snapshot_age.hpp"

#include <catch2/catch.hpp>

using gdap::cli::stale_snapshot_warning;
using gdap::model::k_seconds_per_day;
using gdap::model::parse_timestamp;

TEST_CASE("a snapshot more than 30 days old, judged as of now, is called out", "[cli]") {
  const auto collected = *parse_timestamp("2026-11-20T09:00:00Z");
  CHECK_FALSE(stale_snapshot_warning("2026-11-20T09:00:00Z", collected));
  CHECK_FALSE(stale_snapshot_warning("2026-11-20T09:00:00Z", collected + 30 * k_seconds_per_day));
  const auto warning =
      stale_snapshot_warning("2026-11-20T09:00:00Z", collected + 45 * k_seconds_per_day + 60);
  REQUIRE(warning);
  CHECK(warning->starts_with(
      "this snapshot was collected on 2026-11-20, 45 days before this evaluation (--as-of now)"));
  CHECK_FALSE(stale_snapshot_warning("", collected + 400 * k_seconds_per_day));
}
