// Conditional access policies: every condition that decides whom a policy covers, and its grant
// controls.
#include "json_reading.hpp"
#include "reads.hpp"

#include <string_view>

namespace gdap::collect::reads {

namespace {

using model::JsonNode;
using nlohmann::json;

constexpr std::string_view k_enumerated_tenants_type =
    "#microsoft.graph.conditionalAccessEnumeratedExternalTenants";

// "internalGuest, serviceProvider" → {"internalGuest", "serviceProvider"}.
std::vector<std::string> split_flags(std::string_view text) {
  constexpr std::string_view k_blanks = " \t\r\n";
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    const auto item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(k_blanks);
    if (first != std::string_view::npos) {
      const auto last = item.find_last_not_of(k_blanks);
      items.emplace_back(item.substr(first, last - first + 1));
    }
    start = end + 1;
  }
  return items;
}

// includeGuestsOrExternalUsers / excludeGuestsOrExternalUsers (null when not configured).
std::optional<model::CaExternalUsers> read_external_users(const JsonNode& users,
                                                          std::string_view key) {
  const auto node = optional_object(users, key);
  if (!node) {
    return std::nullopt;
  }
  model::CaExternalUsers external;
  // A flags enum serialised as one comma-separated string.
  if (const auto types = node->optional_string("guestOrExternalUserTypes")) {
    external.types = split_flags(*types);
  }
  // No externalTenants: the types apply to every external tenant (the model's default, "all").
  if (const auto tenants = optional_object(*node, "externalTenants")) {
    const auto kind = tenants->optional_string("membershipKind");
    if (kind) {
      external.membership_kind = *kind;
    } else if (has_odata_type(*tenants, k_enumerated_tenants_type)) {
      external.membership_kind = "enumerated";
    }
    external.tenants = string_list(*tenants, "members");
  }
  return external;
}

model::CaPolicy read_ca_policy(const JsonNode& node) {
  model::CaPolicy p;
  if (!node.expect_object()) {
    return p;
  }
  p.id = node.string("id");
  p.display_name = text_or_empty(node, "displayName");
  p.state = node.string("state");
  // Who and what a policy covers are required: reading a missing scope as "nobody" would let a
  // blocking policy pass unseen.
  const auto conditions = required_object(node, "conditions");
  if (!conditions) {
    return p;
  }
  if (const auto users = required_object(*conditions, "users")) {
    p.include_users = string_list(*users, "includeUsers");
    p.exclude_users = string_list(*users, "excludeUsers");
    p.include_groups = string_list(*users, "includeGroups");
    p.exclude_groups = string_list(*users, "excludeGroups");
    p.include_roles = string_list(*users, "includeRoles");
    p.exclude_roles = string_list(*users, "excludeRoles");
    p.include_external = read_external_users(*users, "includeGuestsOrExternalUsers");
    p.exclude_external = read_external_users(*users, "excludeGuestsOrExternalUsers");
  }
  if (const auto apps = required_object(*conditions, "applications")) {
    p.include_applications = string_list(*apps, "includeApplications");
    p.exclude_applications = string_list(*apps, "excludeApplications");
  }
  // Null when the policy only has session controls: nothing to grant, nothing blocked here.
  if (const auto grant = optional_object(node, "grantControls")) {
    p.grant_operator = grant->optional_string("operator").value_or("OR");
    p.grant_controls = string_list(*grant, "builtInControls");
  }
  return p;
}

}  // namespace

GraphRead<std::vector<model::CaPolicy>> ca_policies() {
  return {"conditionalAccess", "/identity/conditionalAccess/policies", [](const json& body) {
            return parse_body<std::vector<model::CaPolicy>>(
                body, [](const JsonNode& root) { return read_values(root, read_ca_policy); });
          }};
}

}  // namespace gdap::collect::reads
