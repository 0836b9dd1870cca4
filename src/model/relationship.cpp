#include "gdapcheck/model/relationship.hpp"

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

}  // namespace gdap::model
