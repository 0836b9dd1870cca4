#pragma once

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gdap::model {

// Seconds since the Unix epoch, UTC.
using UnixTime = std::int64_t;

inline constexpr UnixTime k_seconds_per_day = 86400;

// Parses ISO-8601 UTC timestamps as Graph writes them: "2026-11-22T10:00:00Z",
// "2022-02-10T11:24:42.3148266Z", "+00:00" offsets, or no zone (taken as UTC).
std::optional<UnixTime> parse_timestamp(std::string_view text);

// "2026-11-22T10:00:00Z".
std::string format_timestamp(UnixTime time);

// "2026-11-22".
std::string format_date(UnixTime time);

// Whole days from `from` to `to`, rounded down (negative when `to` is earlier).
std::int64_t days_between(UnixTime from, UnixTime to);

// Parses the day part of an ISO-8601 duration such as "P180D", "PT0S", "P2Y" (years as 365 days).
std::optional<std::int64_t> duration_days(std::string_view text);

// A length of time as people type it on a command line: a whole number with a unit, or several
// from the largest down: "45s", "30m", "1h30m", "2d". Zero, no unit, a unit twice and more than
// a year are refused (nullopt).
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// The same way back, largest unit first, zero parts left out: "1h30m", "45s", "2d".
std::string duration_text(std::chrono::seconds duration);

// Times from another party (a token's exp, a cache's expiresAt, an answer's expires_in) can be
// any number: these convert them without overflow (which would be undefined behaviour), clamping
// to the nearest time that can be held.

// Seconds since the epoch as a clock time, clamped to what system_clock holds (it counts
// nanoseconds in 64 bits: about 292 years either side of 1970).
std::chrono::system_clock::time_point to_time_point(UnixTime seconds);

// A clock time as seconds since the epoch (rounded toward zero).
UnixTime to_unix_time(std::chrono::system_clock::time_point time);

// `time` plus `seconds`, clamped to UnixTime's range.
UnixTime add_seconds(UnixTime time, std::int64_t seconds);

// A JSON number as whole seconds (1e300, 2^64 - 1 and -1e300 clamped to UnixTime's range,
// fractions dropped); nullopt when `value` is not a number.
std::optional<UnixTime> seconds_from_json(const nlohmann::json& value);

}  // namespace gdap::model
