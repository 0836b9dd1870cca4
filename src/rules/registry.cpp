#include "checks.hpp"

#include <algorithm>
#include <array>

namespace gdap::rules::detail {

bool always_applies(const Profile&) {
  return true;
}

std::span<const CheckSpec> all_checks() {
  static const std::vector<CheckSpec> checks = [] {
    std::vector<CheckSpec> all;
    for (auto part : {partner_checks(), gdap_checks(), tenant_checks(), app_checks()}) {
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
  static constexpr std::array<std::string_view, 7> keys{
      "customer", "customerTenantId", "customerDomain", "partner", "partnerTenantId",
      "upn",      "profile"};
  return keys;
}

}  // namespace gdap::rules::detail
