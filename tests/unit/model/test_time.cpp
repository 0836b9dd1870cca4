// Timestamps and durations as Graph writes them.

#include "gdapcheck/model/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace gdap::model {

TEST_CASE("parse_timestamp reads Graph's forms", "[model]") {
  constexpr UnixTime ten_o_clock = 1795341600;  // 2026-11-22T10:00:00Z
  CHECK(parse_timestamp("2026-11-22T10:00:00Z") == ten_o_clock);
  CHECK(parse_timestamp("2026-11-22T10:00:00.3148266Z") == ten_o_clock);  // 7 fraction digits
  CHECK(parse_timestamp("2026-11-22T10:00:00+00:00") == ten_o_clock);
  CHECK(parse_timestamp("2026-11-22T12:00:00+02:00") == ten_o_clock);
  CHECK(parse_timestamp("2026-11-22T05:00:00-05:00") == ten_o_clock);
  CHECK(parse_timestamp("2026-11-22T10:00:00") == ten_o_clock);  // no zone: UTC
  CHECK(parse_timestamp("2026-11-22 10:00:00Z") == ten_o_clock);
  CHECK(parse_timestamp("2026-11-22") == ten_o_clock - 10 * 3600);
  CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_timestamp("1969-12-31T23:59:59Z") == -1);
  CHECK(parse_timestamp("2024-02-29T00:00:00Z") == 1709164800);  // leap day
  CHECK(parse_timestamp("2000-02-29T00:00:00Z") == 951782400);   // leap century
  CHECK_FALSE(parse_timestamp("1900-02-29T00:00:00Z").has_value());
  CHECK(parse_timestamp("2000-03-01T00:00:00Z") == 951868800);
}

TEST_CASE("parse_timestamp refuses what is not a timestamp", "[model]") {
  for (const char* text : {"", "2026", "22/11/2026", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                           "2026-11-32T00:00:00Z", "2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z",
                           "2026-04-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:60:00Z",
                           "2026-11-22T10:00Z", "2026-11-22T10:00:00ZZ", "2026-11-22T10:00:00 UTC",
                           "2026-11-22T10:00:00+0200", "2026-11-22junk", "yesterday"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_timestamp(text).has_value());
  }
}

TEST_CASE("format_timestamp and format_date write UTC with Z", "[model]") {
  CHECK(format_timestamp(1795341600) == "2026-11-22T10:00:00Z");
  CHECK(format_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(format_timestamp(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_timestamp(1709251199) == "2024-02-29T23:59:59Z");
  CHECK(format_date(1795341600) == "2026-11-22");
  // Round trip over a spread of times, including before the epoch.
  for (UnixTime t = -5 * 365 * k_seconds_per_day; t < 80LL * 365 * k_seconds_per_day;
       t += 7 * k_seconds_per_day + 3671) {
    REQUIRE(parse_timestamp(format_timestamp(t)) == t);
  }
}

TEST_CASE("days_between counts whole days, rounding down", "[model]") {
  constexpr UnixTime now = 1795341600;
  CHECK(days_between(now, now) == 0);
  CHECK(days_between(now, now + k_seconds_per_day) == 1);
  CHECK(days_between(now, now + k_seconds_per_day - 1) == 0);
  CHECK(days_between(now, now + 7 * k_seconds_per_day + 3600) == 7);
  CHECK(days_between(now, now - 1) == -1);  // already past: not "0 days left"
  CHECK(days_between(now, now - k_seconds_per_day) == -1);
  CHECK(days_between(now, now - k_seconds_per_day - 1) == -2);
}

TEST_CASE("duration_days reads ISO-8601 durations", "[model]") {
  CHECK(duration_days("P180D") == 180);
  CHECK(duration_days("P730D") == 730);
  CHECK(duration_days("PT0S") == 0);
  CHECK(duration_days("P0D") == 0);
  CHECK(duration_days("P2Y") == 730);
  CHECK(duration_days("P1W") == 7);
  CHECK(duration_days("P1Y6M") == 365 + 180);
  CHECK(duration_days("P1DT12H") == 1);
  CHECK(duration_days("PT48H") == 2);
  // Too large to be a duration: refused, not overflowed.
  CHECK_FALSE(duration_days("P99999999999999999999999D").has_value());
  CHECK_FALSE(duration_days("P999999999999999999Y").has_value());
  for (const char* text :
       {"", "180D", "P", "PT", "P1DT", "PTT1H", "PX", "P180", "P1H", "PT1D", "180 days"}) {
    CAPTURE(text);
    CHECK_FALSE(duration_days(text).has_value());
  }
}

}  // namespace gdap::model

TEST_CASE("times from another party convert without overflow, clamped", "[model]") {
  using namespace gdap::model;
  using nlohmann::json;
  using std::chrono::system_clock;
  constexpr auto k_max = std::numeric_limits<UnixTime>::max();
  constexpr auto k_min = std::numeric_limits<UnixTime>::min();
  SECTION("to a clock time") {
    CHECK(to_time_point(1700000000) == system_clock::time_point(std::chrono::seconds(1700000000)));
    const auto latest = to_time_point(k_max);
    CHECK(latest > to_time_point(4'000'000'000));
    CHECK(to_unix_time(latest) > 9'000'000'000);
    CHECK(to_time_point(k_min) < system_clock::time_point());
    CHECK(to_unix_time(to_time_point(-86400)) == -86400);
  }
  SECTION("adding seconds") {
    CHECK(add_seconds(10, 5) == 15);
    CHECK(add_seconds(1700000000, k_max) == k_max);
    CHECK(add_seconds(-5, k_min) == k_min);
  }
  SECTION("from a JSON number") {
    CHECK(seconds_from_json(json(1700000000)) == 1700000000);
    CHECK(seconds_from_json(json(1e300)) == k_max);
    CHECK(seconds_from_json(json(-1e300)) == k_min);
    CHECK(seconds_from_json(json(9223372036854775808.0)) == k_max);
    CHECK(seconds_from_json(json(std::numeric_limits<std::uint64_t>::max())) == k_max);
    CHECK(seconds_from_json(json(12.9)) == 12);
    CHECK_FALSE(seconds_from_json(json("12")));
    CHECK_FALSE(seconds_from_json(json(std::nan(""))));
  }
}

TEST_CASE("durations are read as typed on a command line, largest unit first", "[model]") {
  using std::chrono::seconds;
  CHECK(gdap::model::parse_duration("45s") == seconds(45));
  CHECK(gdap::model::parse_duration("30m") == seconds(1800));
  CHECK(gdap::model::parse_duration("1h30m") == seconds(5400));
  CHECK(gdap::model::parse_duration("2d") == seconds(172800));
  CHECK(gdap::model::parse_duration("1d2h3m4s") == seconds(93784));
  CHECK(gdap::model::parse_duration("90m") == seconds(5400));  // one unit may exceed the next
}

TEST_CASE("durations without a unit, out of order, zero or too long are refused", "[model]") {
  for (const char* bad : {"", "30", "m", "m30", "30x", "1m1h", "1h1h", "0s", "0h0m", "1.5h", "-5m",
                          "367d", "99999999999999999999s", "30m ", " 30m"}) {
    INFO(bad);
    CHECK_FALSE(gdap::model::parse_duration(bad).has_value());
  }
}

TEST_CASE("durations are written back largest unit first", "[model]") {
  using std::chrono::seconds;
  CHECK(gdap::model::duration_text(seconds(5400)) == "1h30m");
  CHECK(gdap::model::duration_text(seconds(45)) == "45s");
  CHECK(gdap::model::duration_text(seconds(172800)) == "2d");
  CHECK(gdap::model::duration_text(seconds(3601)) == "1h1s");
  CHECK(gdap::model::duration_text(seconds(0)) == "0s");
  CHECK(gdap::model::parse_duration(gdap::model::duration_text(seconds(93784))) == seconds(93784));
}
