#pragma once

// A snapshot judged as of now says how its tenants stood when it was collected, not today. When
// that is long ago, the report says so before any verdict.

#include "gdapcheck/model/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace gdap::cli {

inline constexpr std::int64_t k_stale_snapshot_days = 30;

// The warning for a snapshot collected at `collected_at` and evaluated, at the user's explicit
// `--as-of now`, at `evaluated_at`; nullopt when the snapshot is at most 30 days old (or its
// collection time is unknown).
std::optional<std::string> stale_snapshot_warning(std::string_view collected_at,
                                                  model::UnixTime evaluated_at);

}  // namespace gdap::cli
