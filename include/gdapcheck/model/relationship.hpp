#pragma once

// What a relationship's facts mean at a point in time, shared by the collector (which reads
// assignments and customers only where access can flow) and the rules (which judge it).

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"

namespace gdap::model {

// Graph's status word says active, and the end date (if any) is still ahead of `now`.
bool is_active(const Relationship& relationship, UnixTime now);

}  // namespace gdap::model
