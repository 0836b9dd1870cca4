// gdap.* checks on where a relationship or an assignment is in its life: still provisioning or
// stuck, waiting for the indirect reseller, being terminated, or created by Microsoft's transition
// from DAP with its default roles.
#include "access.hpp"

#include <algorithm>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

constexpr long k_seconds_per_minute = 60;

// The latest of the times that restart provisioning: the assignment's creation or last change,
// and its relationship's activation (roles flow only once both are in place).
std::optional<model::UnixTime> provisioning_since(const AssignmentView& view) {
  std::optional<model::UnixTime> since;
  for (const auto& stamp :
       {view.assignment->created, view.assignment->last_modified, view.relationship->activated}) {
    const auto parsed = stamp ? model::parse_timestamp(*stamp) : std::nullopt;
    if (parsed && (!since || *parsed > *since)) {
      since = parsed;
    }
  }
  return since;
}

CheckResult access_assignment_not_active(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (!access.unread.empty()) {
    return Unknown{access.unread};
  }
  const long stuck_after = input.params.at("stuckAfterMinutes").get<long>();
  json propagating = json::array();
  json stuck = json::array();
  json undated = json::array();
  json failed = json::array();
  json other = json::array();
  for (const auto& view : access.inactive_assignments) {
    json item = assignment_json(view);
    const auto since = provisioning_since(view);
    if (since) {
      item["since"] = model::format_timestamp(*since);
    }
    if (view.assignment->status == "error") {
      failed.push_back(item);
    } else if (view.assignment->status != "pending") {
      other.push_back(item);
    } else if (!since) {
      undated.push_back(item);
    } else {
      const long minutes = std::max(0L, (input.now - *since) / k_seconds_per_minute);
      item["minutes"] = minutes;
      if (minutes < stuck_after) {
        item["checkAgainInMinutes"] = stuck_after - minutes;
        propagating.push_back(item);
      } else {
        stuck.push_back(item);
      }
    }
  }
  if (propagating.empty() && stuck.empty() && undated.empty() && failed.empty() && other.empty()) {
    return Pass{};
  }
  json all = json::array();
  for (const auto* list : {&stuck, &failed, &undated, &other, &propagating}) {
    for (const auto& item : *list) {
      all.push_back(item["group"].get<std::string>() + " (" + item["status"].get<std::string>() +
                    ")");
    }
  }
  return Fail{{{"assignments", all},
               {"stuck", stuck},
               {"failed", failed},
               {"undated", undated},
               {"other", other},
               {"propagating", propagating}}};
}

CheckResult mlt_relationship_only(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (!only_microsoft_led_transition(access)) {
    return Pass{};
  }
  json relationships = json::array();
  json names = json::array();
  std::vector<std::string> roles;
  for (const auto* relationship : access.active) {
    names.push_back(relationship_label(*relationship));
    json item = relationship_json(*relationship);
    item["roles"] = role_names(relationship->roles);
    relationships.push_back(item);
    roles.insert(roles.end(), relationship->roles.begin(), relationship->roles.end());
  }
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  // Which required roles it leaves out, when the roles actually held can be worked out.
  json missing = nullptr;
  if (access_unknown_reason(input, &access).empty()) {
    missing = role_names(
        roles_not_held(input.profile.required_roles, effective_roles(access), input.profile));
  }
  return Fail{{{"relationships", relationships},
               {"names", names},
               {"roles", role_names(roles)},
               {"missingRoles", missing}}};
}

CheckResult reseller_approval_pending(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  json pending = json::array();
  for (const auto* relationship : input.access->relationships) {
    if (relationship->reseller && relationship->partner_consent_pending == true) {
      pending.push_back(relationship_json(*relationship));
    }
  }
  if (pending.empty()) {
    return Pass{};
  }
  return Fail{{{"relationships", pending}}};
}

CheckResult relationship_terminating(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  json ending = json::array();
  for (const auto* relationship : access.relationships) {
    const auto& status = relationship->status;
    if (status != "terminationRequested" && status != "terminating") {
      continue;
    }
    json item = relationship_json(*relationship);
    item["roles"] = role_names(relationship->roles);
    item["why"] = status == "terminationRequested"
                      ? "the partner or the customer asked for it to end (terminate)"
                      : "Microsoft is removing the access it gave (termination in progress)";
    ending.push_back(item);
  }
  if (ending.empty()) {
    return Pass{};
  }
  json staying = json::array();
  for (const auto* relationship : access.active) {
    staying.push_back(relationship_label(*relationship));
  }
  return Fail{{{"relationships", ending}, {"staying", staying}}};
}

}  // namespace

std::vector<CheckSpec> lifecycle_checks() {
  using model::RuleScope;
  return {
      {"access-assignment-not-active",
       RuleScope::customer,
       always_applies,
       access_assignment_not_active,
       {"assignments", "stuck", "failed", "undated", "other", "propagating"},
       {{"stuckAfterMinutes", 60, minutes_in_a_day}},
       false},
      {"mlt-relationship-only",
       RuleScope::customer,
       always_applies,
       mlt_relationship_only,
       {"relationships", "names", "roles", "missingRoles"},
       {},
       false},
      {"reseller-approval-pending",
       RuleScope::customer,
       always_applies,
       reseller_approval_pending,
       {"relationships"},
       {},
       false},
      {"relationship-terminating",
       RuleScope::customer,
       always_applies,
       relationship_terminating,
       {"relationships", "staying"},
       {},
       false},
  };
}

}  // namespace gdap::rules::detail
