#pragma once

// What a relationship's facts mean at a point in time, shared by the collector (which reads
// assignments and customers only where access can flow) and the rules (which judge it).

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"

namespace gdap::model {

// Graph's status word says active, and the end date (if any) is still ahead of `now`.
bool is_active(const Relationship& relationship, UnixTime now);

// One of the relationships Microsoft created in its 2023 transition from DAP, with its default
// roles: Microsoft names them "MLT_" and a GUID.
bool is_microsoft_led_transition(const Relationship& relationship);

}  // namespace gdap::model
