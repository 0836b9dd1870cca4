// gdap.* checks: the chain relationship → access assignment → group membership → roles.
#include "access.hpp"

#include "gdapcheck/model/catalog.hpp"

#include <algorithm>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

// Where a customer approves a relationship request (graph-api.md §1.1).
std::string approval_link(const model::Relationship& relationship) {
  return "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
         "granularAdminRelationships/" +
         relationship.id;
}

std::string end_date(const model::Relationship& relationship) {
  if (!relationship.end_date_time) {
    return "(no end date)";
  }
  const auto end = model::parse_timestamp(*relationship.end_date_time);
  return end ? model::format_date(*end) : *relationship.end_date_time;
}

}  // namespace

json relationship_json(const model::Relationship& relationship) {
  return {{"id", relationship.id},
          {"name", relationship_label(relationship)},
          {"status", relationship.status},
          {"endDate", end_date(relationship)}};
}

std::optional<Unknown> relationships_unknown(const CheckInput& input) {
  const auto& partner = input.snapshot.partner;
  if (!partner.relationships.ok()) {
    return Unknown{"admin relationships were not read: " + partner.relationships.reason()};
  }
  if (partner.relationships->empty() && input.partner.in_admin_agents != true) {
    if (input.partner.in_admin_agents == false) {
      return Unknown{
          "no relationship was listed at all, which is what Graph answers when the "
          "account is not in AdminAgents",
          "user-not-in-adminagents"};
    }
    return Unknown{
        "no relationship was listed at all, which Graph also answers when the account "
        "is not in AdminAgents, and membership could not be checked: " +
        input.partner.in_admin_agents_reason};
  }
  return std::nullopt;
}

json assignment_json(const AssignmentView& view) {
  return {{"group", group_label(*view.assignment)},
          {"groupId", view.assignment->group_id},
          {"status", view.assignment->status},
          {"relationship", relationship_label(*view.relationship)},
          {"roles", role_names(view.granted_roles)}};
}

namespace {

CheckResult missing_admin_relationship(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (!access.active.empty()) {
    return Pass{};
  }
  json others = json::array();
  json pending = json::array();
  for (const auto* relationship : access.relationships) {
    if (is_expired(*relationship, input.now)) {
      return Pass{};  // gdap.relationship-expired says it better
    }
    others.push_back(relationship_json(*relationship));
    if (relationship->status == "approvalPending") {
      json item = relationship_json(*relationship);
      item["approvalLink"] = approval_link(*relationship);
      pending.push_back(item);
    }
  }
  return Fail{{{"relationships", others}, {"pendingRelationships", pending}}};
}

CheckResult relationship_expired(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (!access.active.empty()) {
    return Pass{};
  }
  json expired = json::array();
  for (const auto* relationship : access.relationships) {
    if (is_expired(*relationship, input.now)) {
      json item = relationship_json(*relationship);
      item["roles"] = role_names(relationship->roles);
      expired.push_back(item);
    }
  }
  if (expired.empty()) {
    return Pass{};
  }
  return Fail{{{"expiredRelationships", expired}}};
}

struct ExpiryWindow {
  model::UnixTime now;
  long within_days;
};

bool ends_within(const model::Relationship& relationship, const ExpiryWindow& window) {
  if (auto_extends(relationship) || !relationship.end_date_time) {
    return false;
  }
  const auto end = model::parse_timestamp(*relationship.end_date_time);
  // "Within N days" includes the Nth day: compare seconds, not rounded-down days.
  return end && *end - window.now <= window.within_days * model::k_seconds_per_day;
}

bool survives_window(const model::Relationship& relationship, const void* context) {
  return !ends_within(relationship, *static_cast<const ExpiryWindow*>(context));
}

CheckResult relationship_expiring(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  const ExpiryWindow window{input.now, input.params.at("withinDays").get<long>()};
  json expiring = json::array();
  // Microsoft refuses auto-extend on a relationship with Global Administrator (Learn,
  // delegatedAdminRelationship: autoExtendDuration); the others can simply be extended.
  json extendable = json::array();
  json with_global_admin = json::array();
  for (const auto* relationship : access.active) {
    if (ends_within(*relationship, window)) {
      json item = relationship_json(*relationship);
      const auto end = model::parse_timestamp(*relationship->end_date_time);
      item["daysLeft"] = model::days_between(input.now, *end);
      expiring.push_back(item);
      const bool global_admin =
          contains_id(relationship->roles, std::string(model::k_global_administrator_role));
      (global_admin ? with_global_admin : extendable)
          .push_back({{"id", relationship->id}, {"name", item["name"]}});
    }
  }
  if (expiring.empty()) {
    return Pass{};
  }
  if (const auto reason = access_unknown_reason(input, &access); !reason.empty()) {
    return Unknown{reason};
  }
  // Access lapses only if the roles the expiring relationships give are not also given by a
  // relationship that stays.
  const auto all = effective_roles(access);
  const auto staying = effective_roles(access, survives_window, &window);
  std::vector<std::string> lost;
  if (input.profile.required_roles.empty()) {
    std::set_difference(all.begin(), all.end(), staying.begin(), staying.end(),
                        std::back_inserter(lost));
  } else {
    const auto missing_now = roles_not_held(input.profile.required_roles, all, input.profile);
    for (const auto& role : roles_not_held(input.profile.required_roles, staying, input.profile)) {
      if (!contains_id(missing_now, role)) {
        lost.push_back(role);
      }
    }
  }
  if (lost.empty()) {
    return Pass{};
  }
  return Fail{{{"expiringRelationships", expiring},
               {"rolesLost", role_names(lost)},
               {"autoExtendable", extendable},
               {"withGlobalAdmin", with_global_admin}}};
}

CheckResult global_admin_blocks_auto_extend(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  json with_global_admin = json::array();
  for (const auto* relationship : access.relationships) {
    const bool live =
        is_active(*relationship, input.now) || relationship->status == "approvalPending";
    if (live && contains_id(relationship->roles, std::string(model::k_global_administrator_role))) {
      with_global_admin.push_back(relationship_json(*relationship));
    }
  }
  if (with_global_admin.empty()) {
    return Pass{};
  }
  return Fail{{{"relationships", with_global_admin}}};
}

CheckResult missing_security_group(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (access.active.empty() || !access.active_assignments.empty()) {
    return Pass{};
  }
  if (!access.unread.empty()) {
    return Unknown{access.unread};
  }
  json relationships = json::array();
  for (const auto* relationship : access.active) {
    relationships.push_back(relationship_json(*relationship));
  }
  json inactive = json::array();
  for (const auto& view : access.inactive_assignments) {
    inactive.push_back(assignment_json(view));
  }
  return Fail{{{"relationships", relationships}, {"inactiveAssignments", inactive}}};
}

CheckResult user_not_in_security_group(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (access.active_assignments.empty()) {
    return Pass{};  // no group to be in: gdap.missing-security-group
  }
  if (const auto reason = access_unknown_reason(input, &access); !reason.empty()) {
    return Unknown{reason};
  }
  json groups = json::array();
  for (const auto& view : access.active_assignments) {
    if (view.member) {
      return Pass{};
    }
    groups.push_back(assignment_json(view));
  }
  return Fail{{{"groups", groups}}};
}

CheckResult missing_roles(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  const bool any_member =
      std::any_of(access.active_assignments.begin(), access.active_assignments.end(),
                  [](const AssignmentView& view) { return view.member; });
  if (access.active.empty()) {
    return Pass{};  // gdap.missing-admin-relationship / gdap.relationship-expired
  }
  if (const auto reason = access_unknown_reason(input, &access); !reason.empty()) {
    return Unknown{reason};
  }
  if (!any_member) {
    return Pass{};  // gdap.missing-security-group / gdap.user-not-in-security-group
  }
  const auto held = effective_roles(access);
  const auto missing = roles_not_held(input.profile.required_roles, held, input.profile);
  if (missing.empty()) {
    return Pass{};
  }
  // Where each missing role stops: not in any relationship (a new relationship is needed), in
  // a relationship but on no group (edit the assignment), or on a group the account is not in.
  json not_in_relationship = json::array();
  json not_assigned = json::array();
  json not_member = json::array();
  json not_active = json::array();
  for (const auto& role : missing) {
    const auto name = model::role_name(role);
    const auto where = find_role(access, role);
    if (where.relationship == nullptr) {
      not_in_relationship.push_back(name);
      continue;
    }
    for (const auto* view : where.groups_not_joined) {
      not_member.push_back({{"role", name},
                            {"group", group_label(*view->assignment)},
                            {"groupId", view->assignment->group_id}});
    }
    if (!where.groups_not_joined.empty()) {
      continue;
    }
    // On an assignment that is not active (pending, error): it gives nothing until it is.
    for (const auto* view : where.inactive_assignments) {
      not_active.push_back({{"role", name},
                            {"group", group_label(*view->assignment)},
                            {"status", view->assignment->status}});
    }
    if (where.inactive_assignments.empty()) {
      not_assigned.push_back(
          {{"role", name}, {"relationship", relationship_label(*where.relationship)}});
    }
  }
  const std::size_t required = input.profile.required_roles.size();
  return Fail{{{"missingRoles", role_names(missing)},
               {"requiredCount", required},
               {"grantedCount", required - missing.size()},
               {"notInRelationship", not_in_relationship},
               {"notAssigned", not_assigned},
               {"notMember", not_member},
               {"notActive", not_active},
               {"onlyMlt", only_microsoft_led_transition(access)}}};
}

CheckResult missing_optional_roles(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (access.active.empty()) {
    return Pass{};
  }
  if (const auto reason = access_unknown_reason(input, &access); !reason.empty()) {
    return Unknown{reason};
  }
  const auto missing =
      roles_not_held(input.profile.optional_roles, effective_roles(access), input.profile);
  if (missing.empty()) {
    return Pass{};
  }
  return Fail{{{"missingRoles", role_names(missing)}}};
}

bool has_optional_roles(const Profile& profile) {
  return !profile.optional_roles.empty();
}
bool has_required_roles(const Profile& profile) {
  return !profile.required_roles.empty();
}

}  // namespace

std::vector<CheckSpec> gdap_checks() {
  using model::RuleScope;
  return {
      {"missing-admin-relationship",
       RuleScope::customer,
       always_applies,
       missing_admin_relationship,
       {"relationships", "pendingRelationships"},
       {},
       false},
      {"relationship-expired",
       RuleScope::customer,
       always_applies,
       relationship_expired,
       {"expiredRelationships"},
       {},
       false},
      {"relationship-expiring",
       RuleScope::customer,
       always_applies,
       relationship_expiring,
       {"expiringRelationships", "rolesLost", "autoExtendable", "withGlobalAdmin"},
       {{"withinDays", 7, whole_days_ahead}},
       false},
      {"global-admin-blocks-auto-extend",
       RuleScope::customer,
       always_applies,
       global_admin_blocks_auto_extend,
       {"relationships"},
       {},
       false},
      {"missing-security-group",
       RuleScope::customer,
       always_applies,
       missing_security_group,
       {"relationships", "inactiveAssignments"},
       {},
       false},
      {"user-not-in-security-group",
       RuleScope::customer,
       always_applies,
       user_not_in_security_group,
       {"groups"},
       {},
       false},
      {"missing-roles",
       RuleScope::customer,
       has_required_roles,
       missing_roles,
       {"missingRoles", "requiredCount", "grantedCount", "notInRelationship", "notAssigned",
        "notMember", "notActive", "onlyMlt"},
       {},
       false},
      {"missing-optional-roles",
       RuleScope::customer,
       has_optional_roles,
       missing_optional_roles,
       {"missingRoles"},
       {},
       false},
  };
}

}  // namespace gdap::rules::detail
