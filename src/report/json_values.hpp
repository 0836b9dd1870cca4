#pragma once

// Private to report: how the JSON renderers write values, so every JSON contract agrees that
// arrays are never null and unknown values are null, never "".

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gdap::report::detail {

using Json = nlohmann::ordered_json;

// An empty string in the model means "not read"; the contract says unknown is null, never "".
inline Json string_or_null(const std::string& value) {
  return value.empty() ? Json() : Json(value);
}

// Strings, views or interned texts.
template <typename Text>
Json string_array(const std::vector<Text>& values) {
  Json array = Json::array();
  for (const auto& value : values) {
    array.push_back(std::string(std::string_view(value)));
  }
  return array;
}

}  // namespace gdap::report::detail
