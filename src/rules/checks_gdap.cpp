// gdap.* checks: the chain relationship → access assignment → group membership → roles.
#include "access.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/relationship.hpp"

#include <algorithm>
#include <cctype>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

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

// How far a relationship on its way to active has got (Graph's delegatedAdminRelationshipStatus):
// 1 built ('created'), 2 waiting for the customer's approval, 3 approved and being provisioned;
// 0 when it is not on its way. When several hold the same roles, the one furthest along is the
// one to wait for: locking one behind it would send the customer a second request.
int progress(const model::Relationship& relationship) {
  if (relationship.status == "created") {
    return 1;
  }
  if (relationship.status == "approvalPending") {
    return 2;
  }
  return relationship.status == "approved" || relationship.status == "activating" ? 3 : 0;
}

bool on_its_way(const model::Relationship& relationship) {
  return progress(relationship) > 0;
}

// Relationships on their way to active, by what each waits for: the partner to lock it for
// approval (unlocked), the customer to approve it (pending), Microsoft to activate it.
struct OnItsWay {
  json unlocked = json::array();
  json pending = json::array();
  json activating = json::array();

  void add(json item, const model::Relationship& relationship) {
    const int step = progress(relationship);
    (step == 1 ? unlocked : step == 2 ? pending : activating).push_back(std::move(item));
  }
  bool empty() const { return unlocked.empty() && pending.empty() && activating.empty(); }
};

// A relationship waiting for the customer, with the link where the customer approves it.
json with_approval_link(const CheckInput& input, const model::Relationship& relationship) {
  json item = relationship_json(relationship);
  item["approvalLink"] = model::approval_link(input.snapshot.cloud, relationship.id);
  return item;
}

// The profile's required roles that `relationship` has: what a new assignment on it gives.
std::vector<std::string> assignable_roles(const Profile& profile,
                                          const model::Relationship& relationship) {
  std::vector<std::string> roles;
  for (const auto& role : profile.required_roles) {
    if (contains_id(relationship.roles, role)) {
      roles.push_back(role);
    }
  }
  return roles;
}

bool has_assignment_for(const model::Relationship& relationship, const std::string& group_id) {
  const auto group = model::lowercase(group_id);
  return std::any_of(relationship.access_assignments->begin(),
                     relationship.access_assignments->end(), [&](const auto& assignment) {
                       return model::lowercase(assignment.group_id) == group &&
                              !model::is_removed_assignment(assignment.status);
                     });
}

// The access assignments fix --apply may create on `relationships`: for each, one per group the
// partner already gives roles through and the account is in (PartnerView::assignable_groups)
// that has no assignment there yet, with the profile's roles the relationship has. Any one of a
// relationship's alternatives is enough.
json new_assignments(const CheckInput& input,
                     const std::vector<const model::Relationship*>& relationships) {
  json items = json::array();
  for (const auto* relationship : relationships) {
    const auto roles = assignable_roles(input.profile, *relationship);
    if (roles.empty() || !relationship->access_assignments.ok()) {
      continue;
    }
    for (const auto& group : input.partner.assignable_groups) {
      if (has_assignment_for(*relationship, group.id)) {
        continue;
      }
      items.push_back({{"group", group.display_name.empty() ? group.id : group.display_name},
                       {"groupId", group.id},
                       {"relationship", relationship_label(*relationship)},
                       {"relationshipId", relationship->id},
                       {"roles", role_names(roles)},
                       {"roleIds", roles}});
    }
  }
  return items;
}

// A name for a new relationship that no relationship with the customer has: Graph wants it
// unique among the partner's relationships, and naming the customer's tenant id makes it so.
// Letters, digits and '_' only, at most 50 characters (Graph: displayName).
std::string new_relationship_name(const CustomerAccess& access, const std::string& tenant_id) {
  std::string base = "gdapcheck_";
  for (const char c : tenant_id) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  std::string name = base;
  for (int n = 2; std::any_of(access.relationships.begin(), access.relationships.end(),
                              [&](const auto* relationship) {
                                return model::lowercase(relationship->display_name) == name;
                              });
       ++n) {
    name = base + "_" + std::to_string(n);
  }
  return name;
}

// What fix --apply would request for roles no relationship with the customer has: one new
// relationship holding them, for the longest duration Graph allows (P2Y), auto-extended unless
// it holds Global Administrator (which Microsoft never auto-extends).
json new_relationship(const CheckInput& input, const std::vector<std::string>& roles) {
  if (roles.empty()) {
    return json::array();
  }
  const auto terms = model::new_relationship_terms(roles);
  return json::array({{{"name", new_relationship_name(*input.access, input.customer->tenant_id)},
                       {"customerTenantId", input.customer->tenant_id},
                       {"roles", role_names(roles)},
                       {"roleIds", roles},
                       {"duration", terms.duration},
                       {"autoExtendDuration", terms.auto_extend_duration}}});
}

CheckResult missing_admin_relationship(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (!access.active.empty()) {
    return Pass{};
  }
  json others = json::array();
  // A new request would be a second relationship beside one on its way: each needs its next
  // step instead.
  OnItsWay coming;
  bool expired = false;
  for (const auto* relationship : access.relationships) {
    others.push_back(relationship_json(*relationship));
    expired = expired || is_expired(*relationship, input.now);
    if (on_its_way(*relationship)) {
      coming.add(with_approval_link(input, *relationship), *relationship);
    }
  }
  if (expired && coming.empty()) {
    return Pass{};  // gdap.relationship-expired says it better
  }
  if (!coming.pending.empty() || !coming.activating.empty()) {
    coming.unlocked = json::array();  // one is further along: locking another is a second request
  }
  return Fail{{{"relationships", others},
               {"unlockedRelationships", coming.unlocked},
               {"pendingRelationships", coming.pending},
               {"activatingRelationships", coming.activating},
               {"onItsWay", !coming.empty()}}};
}

CheckResult relationship_expired(const CheckInput& input) {
  if (auto unknown = relationships_unknown(input)) {
    return *unknown;
  }
  const CustomerAccess& access = *input.access;
  if (!access.active.empty()) {
    return Pass{};
  }
  if (std::any_of(access.relationships.begin(), access.relationships.end(),
                  [](const auto* relationship) { return on_its_way(*relationship); })) {
    return Pass{};  // gdap.missing-admin-relationship names the next step of the one on its way
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
      (model::includes_global_administrator(relationship->roles) ? with_global_admin : extendable)
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
    if (live && model::includes_global_administrator(relationship->roles)) {
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
  // A relationship whose assignment is still pending gets its group within minutes: offering
  // another group there would be an errand.
  std::vector<const model::Relationship*> without_pending;
  for (const auto* relationship : access.active) {
    if (std::none_of(access.inactive_assignments.begin(), access.inactive_assignments.end(),
                     [&](const AssignmentView& view) {
                       return view.relationship == relationship &&
                              view.assignment->status == "pending";
                     })) {
      without_pending.push_back(relationship);
    }
  }
  for (const auto& view : access.inactive_assignments) {
    inactive.push_back(assignment_json(view));
  }
  return Fail{{{"relationships", relationships},
               {"inactiveAssignments", inactive},
               {"newAssignments", new_assignments(input, without_pending)}}};
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
  std::vector<std::string> for_new_relationship;
  std::vector<const model::Relationship*> lacking_assignment;
  // Relationships on their way to active that hold missing roles, with those roles.
  std::vector<std::pair<const model::Relationship*, std::vector<std::string>>> coming;
  // How far along a relationship that holds `role` is; 0 when it does not, or is not on its way.
  const auto holding = [](const model::Relationship* relationship, const std::string& role) {
    return contains_id(relationship->roles, role) ? progress(*relationship) : 0;
  };
  for (const auto& role : missing) {
    const auto name = model::role_name(role);
    const auto where = find_role(access, role);
    if (where.relationship == nullptr) {
      const auto pending = std::max_element(
          access.relationships.begin(), access.relationships.end(),
          [&](const auto* a, const auto* b) { return holding(a, role) < holding(b, role); });
      if (pending == access.relationships.end() || holding(*pending, role) == 0) {
        not_in_relationship.push_back(name);
        for_new_relationship.push_back(role);
        continue;
      }
      auto entry = std::find_if(coming.begin(), coming.end(),
                                [&](const auto& item) { return item.first == *pending; });
      if (entry == coming.end()) {
        entry = coming.insert(coming.end(), {*pending, {}});
      }
      entry->second.push_back(role);
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
      if (std::find(lacking_assignment.begin(), lacking_assignment.end(), where.relationship) ==
          lacking_assignment.end()) {
        lacking_assignment.push_back(where.relationship);
      }
    }
  }
  json awaiting = json::array();  // all of them, whatever each waits for
  OnItsWay waiting;
  for (const auto& [relationship, roles] : coming) {
    json item = with_approval_link(input, *relationship);
    item["roles"] = role_names(roles);
    waiting.add(item, *relationship);
    awaiting.push_back(std::move(item));
  }
  const std::size_t required = input.profile.required_roles.size();
  return Fail{{{"missingRoles", role_names(missing)},
               {"requiredCount", required},
               {"grantedCount", required - missing.size()},
               {"notInRelationship", not_in_relationship},
               {"notAssigned", not_assigned},
               {"notMember", not_member},
               {"notActive", not_active},
               {"awaitingApproval", awaiting},
               {"unlockedRelationships", waiting.unlocked},
               {"pendingRelationships", waiting.pending},
               {"activatingRelationships", waiting.activating},
               {"newAssignments", new_assignments(input, lacking_assignment)},
               {"newRelationship", new_relationship(input, for_new_relationship)},
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
       {"relationships", "unlockedRelationships", "pendingRelationships", "activatingRelationships",
        "onItsWay"},
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
       {"relationships", "inactiveAssignments", "newAssignments"},
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
        "notMember", "notActive", "awaitingApproval", "unlockedRelationships",
        "pendingRelationships", "activatingRelationships", "newAssignments", "newRelationship",
        "onlyMlt"},
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
