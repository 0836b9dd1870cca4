#pragma once

// What a relationship's facts mean at a point in time, shared by the collector (which reads
// assignments and customers only where access can flow) and the rules (which judge it).

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// Graph's status word says active, and the end date (if any) is still ahead of `now`.
bool is_active(const Relationship& relationship, UnixTime now);

// One of the relationships Microsoft created in its 2023 transition from DAP, with its default
// roles: Microsoft names them "MLT_" and a GUID.
bool is_microsoft_led_transition(const Relationship& relationship);

// Whether a role id is Global Administrator's, whatever its case.
bool is_global_administrator(std::string_view role_id);

// Whether `role_ids` (texts: strings, views or a relationship's RoleIds) include Global
// Administrator.
template <class RoleIds>
bool includes_global_administrator(const RoleIds& role_ids) {
  return std::any_of(std::begin(role_ids), std::end(role_ids),
                     [](std::string_view role_id) { return is_global_administrator(role_id); });
}

// An access assignment Graph is deleting or has deleted (delegatedAdminAccessAssignmentStatus):
// it gives no access, and a new assignment for its group may be made beside it.
bool is_removed_assignment(std::string_view status);

// What Microsoft lets a relationship auto-extend by (Learn, delegatedAdminRelationship:
// autoExtendDuration is PT0S, P0D or P180D).
inline constexpr std::string_view k_auto_extend_duration = "P180D";

// The terms gdapcheck asks for when it requests a new relationship holding `role_ids` (the
// evidence `fix` shows and the request `fix --apply` sends, one decision for both): the longest
// duration Graph allows (P730D; duration is P1D to P2Y inclusive), auto-extended unless the roles
// include Global Administrator, which Microsoft never auto-extends (PT0S).
struct NewRelationshipTerms {
  std::string_view duration;
  std::string_view auto_extend_duration;
};
NewRelationshipTerms new_relationship_terms(const std::vector<std::string>& role_ids);

}  // namespace gdap::model
