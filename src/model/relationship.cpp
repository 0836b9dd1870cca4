#include "gdapcheck/model/relationship.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/text.hpp"

namespace gdap::model {

bool is_active(const Relationship& relationship, UnixTime now) {
  if (relationship.status != "active") {
    return false;
  }
  if (relationship.end_date_time) {
    const auto end = parse_timestamp(*relationship.end_date_time);
    return !end || *end > now;
  }
  return true;
}

bool is_microsoft_led_transition(const Relationship& relationship) {
  return lowercase(relationship.display_name.substr(0, 4)) == "mlt_";
}

bool is_global_administrator(std::string_view role_id) {
  return equals_ignoring_case(role_id, k_global_administrator_role);
}

bool is_removed_assignment(std::string_view status) {
  return status == "deleted" || status == "deleting";
}

NewRelationshipTerms new_relationship_terms(const std::vector<std::string>& role_ids) {
  return {"P730D", includes_global_administrator(role_ids) ? "PT0S" : k_auto_extend_duration};
}

}  // namespace gdap::model
