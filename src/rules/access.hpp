#pragma once

// How a partner account gets roles in one customer: through active access assignments on
// active relationships whose group the account is (transitively) a member of. Shared by the
// gdap.* checks and by the engine's per-customer summary, so all agree on one computation.

#include "checks.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/relationship.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::rules::detail {

using model::is_active;
// Past its end: Graph says expired/expiring (expiring = past its end date), or active but the
// end date has passed since the snapshot was taken.
bool is_expired(const model::Relationship& relationship, model::UnixTime now);
bool auto_extends(const model::Relationship& relationship);
// Whether `ids` (strings, or views such as model::RoleIds) holds `id`, ignoring case.
template <typename Ids>
bool contains_id(const Ids& ids, std::string_view id) {
  return std::any_of(std::begin(ids), std::end(ids), [&](std::string_view candidate) {
    return model::equals_ignoring_case(candidate, id);
  });
}

struct AssignmentView {
  const model::Relationship* relationship = nullptr;
  const model::AccessAssignment* assignment = nullptr;
  model::RoleIds granted_roles;  // assignment roles that the relationship also grants
  bool member = false;           // the account is in the group (false when membership is unknown)
};

struct CustomerAccess {
  std::vector<const model::Relationship*> relationships;  // every relationship with the customer
  std::vector<const model::Relationship*> active;
  std::vector<AssignmentView> active_assignments;    // status active, on active relationships
  std::vector<AssignmentView> inactive_assignments;  // pending, error, … on active relationships
  std::string unread;  // why some active relationship's assignments are unknown; empty if none
};

// Relationships must have been read (check partner.relationships.ok() first).
CustomerAccess gather_access(const PartnerView& partner, const model::Customer& customer,
                             model::UnixTime now);

// The role ids the account holds in the customer, from assignments whose relationship passes
// `keep` (all when null).
std::set<std::string> effective_roles(const CustomerAccess& access,
                                      bool (*keep)(const model::Relationship&,
                                                   const void*) = nullptr,
                                      const void* context = nullptr);

// Required role ids not covered by `held` (none when Global Administrator is held and the profile
// lets it stand for every role).
std::vector<std::string> roles_not_held(const std::vector<std::string>& required,
                                        const std::set<std::string>& held, const Profile& profile);

// Role names for ids (strings, or views such as model::RoleIds), as views (model::role_name_view)
// for what the diagnosis keeps.
template <typename Ids>
std::vector<std::string_view> role_name_views(const Ids& ids) {
  std::vector<std::string_view> names;
  names.reserve(std::size(ids));
  for (const auto& id : ids) {
    names.push_back(model::role_name_view(id));
  }
  return names;
}
// The same as strings, for evidence.
template <typename Ids>
std::vector<std::string> role_names(const Ids& ids) {
  const auto views = role_name_views(ids);
  return {views.begin(), views.end()};
}

// The reason the account's role set in a customer cannot be computed, or empty when it can.
std::string access_unknown_reason(const CheckInput& input, const CustomerAccess* access);

// Whether every active relationship with the customer is one Microsoft created in its 2023
// transition from DAP (named "MLT_" and a GUID, with default roles); false when none is active.
bool only_microsoft_led_transition(const CustomerAccess& access);

// A relationship as findings list it: id, name, status and end date.
nlohmann::json relationship_json(const model::Relationship& relationship);
// An access assignment as findings list it: group, status, relationship and the roles it gives.
nlohmann::json assignment_json(const AssignmentView& view);
// Unknown when relationships were not read, or when an empty list may only mean the account is
// not in AdminAgents (Graph's by-design empty answer); nothing when the gdap.* checks can judge.
std::optional<Unknown> relationships_unknown(const CheckInput& input);

// The customer's missing role names, or nullopt when the facts were not read.
std::optional<std::vector<std::string>> customer_missing_roles(const CheckInput& input);

// The display name of an assignment's group: its name when known, else its id.
std::string group_label(const model::AccessAssignment& assignment);

// How a sentence names a relationship: its display name, or "unnamed relationship ID" when Graph
// gave none (a sentence would otherwise read "terminate ''").
std::string relationship_label(const model::Relationship& relationship);

// Where a role the account does not hold stops, so a report can say what to change: not in any
// active relationship (a new relationship is needed), on no assignment, on a group the account is
// not in, or on an assignment that is not active yet.
struct RoleWhereabouts {
  const model::Relationship* relationship = nullptr;  // first active one granting it; null: none
  // Active assignments granting it: for a role the account lacks, groups it is not in.
  std::vector<const AssignmentView*> groups_not_joined;
  std::vector<const AssignmentView*> inactive_assignments;  // pending, error, … granting it
};
RoleWhereabouts find_role(const CustomerAccess& access, const std::string& role_id);

// The profile's required then optional roles and where each stands for the account, or nullopt
// when that is not known (the same facts customer_missing_roles needs).
std::optional<std::vector<model::RoleCoverage>> customer_role_coverage(const CheckInput& input);

}  // namespace gdap::rules::detail
