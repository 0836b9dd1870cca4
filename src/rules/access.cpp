#include "access.hpp"

#include "gdapcheck/model/catalog.hpp"

#include <algorithm>

namespace gdap::rules::detail {

bool is_expired(const model::Relationship& relationship, model::UnixTime now) {
  if (relationship.status == "expired" || relationship.status == "expiring") {
    return true;
  }
  return relationship.status == "active" && !is_active(relationship, now);
}

bool auto_extends(const model::Relationship& relationship) {
  return model::duration_days(relationship.auto_extend_duration).value_or(0) > 0;
}

bool only_microsoft_led_transition(const CustomerAccess& access) {
  return !access.active.empty() &&
         std::all_of(access.active.begin(), access.active.end(),
                     [](const model::Relationship* relationship) {
                       return model::is_microsoft_led_transition(*relationship);
                     });
}

std::string group_label(const model::AccessAssignment& assignment) {
  return assignment.group_display_name.empty() ? assignment.group_id
                                               : assignment.group_display_name;
}

std::string relationship_label(const model::Relationship& relationship) {
  if (!relationship.display_name.empty()) {
    return relationship.display_name;
  }
  return relationship.id.empty() ? std::string("unnamed relationship")
                                 : "unnamed relationship " + relationship.id;
}

const std::vector<const model::Relationship*>& PartnerView::relationships_of(
    const std::string& tenant_id) const {
  static const std::vector<const model::Relationship*> none;
  const auto found = relationships_by_customer.find(model::lowercase(tenant_id));
  return found == relationships_by_customer.end() ? none : found->second;
}

CustomerAccess gather_access(const PartnerView& partner, const model::Customer& customer,
                             model::UnixTime now) {
  CustomerAccess access;
  for (const auto* relationship_pointer : partner.relationships_of(customer.tenant_id)) {
    const auto& relationship = *relationship_pointer;
    access.relationships.push_back(&relationship);
    if (!is_active(relationship, now)) {
      continue;
    }
    access.active.push_back(&relationship);
    if (!relationship.access_assignments.ok()) {
      if (access.unread.empty()) {
        access.unread = "access assignments of relationship '" + relationship_label(relationship) +
                        "' were not read: " + relationship.access_assignments.reason();
      }
      continue;
    }
    for (const auto& assignment : relationship.access_assignments.value()) {
      AssignmentView view{&relationship, &assignment, {}, false};
      for (const auto& role : assignment.roles) {
        if (contains_id(relationship.roles, role)) {
          view.granted_roles.push_back(role);
        }
      }
      if (partner.group_ids) {
        view.member = partner.group_ids->count(model::lowercase(assignment.group_id)) > 0;
      }
      if (assignment.status == "active") {
        access.active_assignments.push_back(view);
      } else if (assignment.status != "deleted") {
        access.inactive_assignments.push_back(view);
      }
    }
  }
  return access;
}

std::set<std::string> effective_roles(const CustomerAccess& access,
                                      bool (*keep)(const model::Relationship&, const void*),
                                      const void* context) {
  std::set<std::string> roles;
  for (const auto& view : access.active_assignments) {
    if (!view.member || (keep != nullptr && !keep(*view.relationship, context))) {
      continue;
    }
    for (const auto& role : view.granted_roles) {
      roles.insert(model::lowercase(role));
    }
  }
  return roles;
}

std::vector<std::string> roles_not_held(const std::vector<std::string>& required,
                                        const std::set<std::string>& held, const Profile& profile) {
  if (profile.global_admin_satisfies_roles &&
      held.contains(std::string(model::k_global_administrator_role))) {
    return {};
  }
  std::vector<std::string> missing;
  for (const auto& role : required) {
    if (!held.contains(model::lowercase(role))) {
      missing.push_back(role);
    }
  }
  return missing;
}

std::string access_unknown_reason(const CheckInput& input, const CustomerAccess* access) {
  const auto& partner = input.snapshot.partner;
  if (!partner.relationships.ok()) {
    return "admin relationships were not read: " + partner.relationships.reason();
  }
  if (access != nullptr && !access->unread.empty()) {
    return access->unread;
  }
  if (!input.partner.group_ids) {
    return "the account's group memberships were not read: " + input.partner.group_ids_reason;
  }
  return {};
}

namespace {

// Whether the account's roles in the customer can be worked out from what was read.
bool roles_known(const CheckInput& input) {
  const auto& relationships = input.snapshot.partner.relationships;
  if (!relationships.ok()) {
    return false;
  }
  // An empty list is also what Graph answers an account outside AdminAgents: it proves nothing
  // (the gdap.* checks report `unknown` for the same reason).
  if (relationships->empty() && input.partner.in_admin_agents != true) {
    return false;
  }
  return access_unknown_reason(input, input.access).empty();
}

// Why the account lacks a role an active relationship grants, in words.
std::string not_held_note(const RoleWhereabouts& where) {
  std::string note;
  const auto add = [&note](const std::string& part) { note += (note.empty() ? "" : "; ") + part; };
  for (const auto* view : where.groups_not_joined) {
    add("on group " + group_label(*view->assignment) + ", which the account is not in");
  }
  for (const auto* view : where.inactive_assignments) {
    add("on group " + group_label(*view->assignment) + ", whose assignment is " +
        view->assignment->status);
  }
  if (note.empty()) {
    note = "in relationship " + relationship_label(*where.relationship) +
           " but on no access assignment";
  }
  return note;
}

}  // namespace

RoleWhereabouts find_role(const CustomerAccess& access, const std::string& role_id) {
  RoleWhereabouts where;
  for (const auto* relationship : access.active) {
    if (contains_id(relationship->roles, role_id)) {
      where.relationship = relationship;
      break;
    }
  }
  if (where.relationship == nullptr) {
    return where;
  }
  for (const auto& view : access.active_assignments) {
    if (contains_id(view.granted_roles, role_id)) {
      where.groups_not_joined.push_back(&view);
    }
  }
  for (const auto& view : access.inactive_assignments) {
    if (contains_id(view.granted_roles, role_id)) {
      where.inactive_assignments.push_back(&view);
    }
  }
  return where;
}

std::optional<std::vector<std::string>> customer_missing_roles(const CheckInput& input) {
  if (!roles_known(input)) {
    return std::nullopt;
  }
  return role_names(
      roles_not_held(input.profile.required_roles, effective_roles(*input.access), input.profile));
}

std::optional<std::vector<model::RoleCoverage>> customer_role_coverage(const CheckInput& input) {
  if (!roles_known(input)) {
    return std::nullopt;
  }
  const auto held = effective_roles(*input.access);
  const bool global_admin = input.profile.global_admin_satisfies_roles &&
                            held.contains(std::string(model::k_global_administrator_role));
  std::vector<model::RoleCoverage> grid;
  // Exactly: every customer's grid is kept until the report is written.
  grid.reserve(input.profile.required_roles.size() + input.profile.optional_roles.size());
  const auto add = [&](const std::vector<std::string>& role_ids, bool required) {
    for (const auto& role : role_ids) {
      model::RoleCoverage coverage{
          model::role_name_view(role), required, model::RoleState::not_in_relationship, {}};
      if (held.contains(model::lowercase(role))) {
        coverage.state = model::RoleState::held;
      } else if (global_admin) {
        coverage.state = model::RoleState::held;
        coverage.note = "through Global Administrator";
      } else if (const auto where = find_role(*input.access, role); where.relationship != nullptr) {
        coverage.state = model::RoleState::not_held;
        coverage.note = not_held_note(where);
      }
      grid.push_back(std::move(coverage));
    }
  };
  add(input.profile.required_roles, true);
  add(input.profile.optional_roles, false);
  return grid;
}

}  // namespace gdap::rules::detail
