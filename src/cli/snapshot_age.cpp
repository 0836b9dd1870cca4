#include "snapshot_age.hpp"

#include <fmt/format.h>

namespace gdap::cli {

std::optional<std::string> stale_snapshot_warning(std::string_view collected_at,
                                                  model::UnixTime evaluated_at) {
  const auto collected = model::parse_timestamp(collected_at);
  if (!collected) {
    return std::nullopt;
  }
  const auto age = model::days_between(*collected, evaluated_at);
  if (age <= k_stale_snapshot_days) {
    return std::nullopt;
  }
  return fmt::format(
      "this snapshot was collected on {}, {} days before this evaluation (--as-of now): expiry is "
      "judged as of today, but every other fact is as it was then. Collect again for today's "
      "state, or leave out --as-of for the verdict as of the collection.",
      model::format_date(*collected), age);
}

}  // namespace gdap::cli
