#include "gdapcheck/model/relationship.hpp"

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

}  // namespace gdap::model
