#include "checks.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace gdap::rules::detail {

bool always_applies(const Profile&) {
  return true;
}

std::optional<std::string> whole_days_ahead(const nlohmann::json& value) {
  constexpr long k_most_days = 3650;  // ten years: farther than anything Microsoft issues ends
  if (!value.is_number_integer() || value.get<long>() < 0 || value.get<long>() > k_most_days) {
    return "expected a whole number of days from 0 to " + std::to_string(k_most_days) + ", got " +
           value.dump();
  }
  return std::nullopt;
}

std::optional<std::string> minutes_in_a_day(const nlohmann::json& value) {
  constexpr long k_minutes_per_day = 1440;
  if (!value.is_number_integer() || value.get<long>() < 1 ||
      value.get<long>() > k_minutes_per_day) {
    return "expected a whole number of minutes from 1 to " + std::to_string(k_minutes_per_day) +
           ", got " + value.dump();
  }
  return std::nullopt;
}

std::span<const CheckSpec> all_checks() {
  static const std::vector<CheckSpec> checks = [] {
    std::vector<CheckSpec> all;
    for (auto part : {csp_checks(), gdap_checks(), lifecycle_checks(), tenant_checks(),
                      conditional_access_checks(), app_checks(), consent_checks()}) {
      all.insert(all.end(), part.begin(), part.end());
    }
    std::sort(all.begin(), all.end(),
              [](const CheckSpec& a, const CheckSpec& b) { return a.name < b.name; });
    return all;
  }();
  return checks;
}

const CheckSpec* find_check(std::string_view name) {
  for (const auto& check : all_checks()) {
    if (check.name == name) {
      return &check;
    }
  }
  return nullptr;
}

std::span<const std::string_view> context_keys() {
  static constexpr std::array<std::string_view, 13> keys{
      "customer", "customerTenantId", "customerDomain",  "partner",       "partnerTenantId",
      "upn",      "userId",           "profile",         "signInCommand", "loginHost",
      "portal",   "partnerCenterApi", "graphEnvironment"};
  return keys;
}

}  // namespace gdap::rules::detail
