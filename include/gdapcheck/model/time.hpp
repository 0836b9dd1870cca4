#pragma once

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

}  // namespace gdap::model
