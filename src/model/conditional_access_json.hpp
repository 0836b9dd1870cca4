#pragma once

// A conditional access policy in the snapshot: Graph's conditionalAccessPolicy flattened one level
// (conditions' members beside the policy's own), flags enums as arrays, every condition kept.

#include "gdapcheck/model/conditional_access.hpp"
#include "gdapcheck/model/json_reader.hpp"

#include <nlohmann/json.hpp>

namespace gdap::model {

nlohmann::json ca_policy_json(const CaPolicy& policy);

// Problems are recorded on `node` (file and JSON path); absent optional conditions read as "not
// configured", as Graph means by null.
CaPolicy parse_ca_policy(const JsonNode& node);

}  // namespace gdap::model
