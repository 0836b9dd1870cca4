#pragma once

// Private to rules: a rule's or profile's "params" judged against its check's parameters (the
// type each default fixes, the element type of lists, and the check's own judgement of a value),
// with the defaults filled in.

#include "checks.hpp"

#include "gdapcheck/model/json_reader.hpp"

#include <nlohmann/json.hpp>

namespace gdap::rules::detail {

// Records a problem at each wrong parameter and returns the defaults overlaid with the good ones.
nlohmann::json merge_params(const model::JsonNode& node, const CheckSpec& check);

}  // namespace gdap::rules::detail
