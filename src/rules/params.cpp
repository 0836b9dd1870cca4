#include "params.hpp"

#include <algorithm>
#include <string>

namespace gdap::rules::detail {

using model::JsonNode;
using nlohmann::json;

namespace {

bool same_json_type(const json& a, const json& b) {
  if (a.is_number_integer() || a.is_number_unsigned()) {
    return b.is_number_integer() || b.is_number_unsigned();
  }
  return a.type() == b.type();
}

// Checks what the type check alone cannot: the elements of a list parameter have the type of
// the default's elements. A check reads these without re-checking, so a wrong shape must stop
// here (exit 2 naming the place), not fail inside the engine.
bool valid_param_shape(const JsonNode& value, const json& default_value) {
  bool valid = true;
  if (value.json().is_array() && !default_value.empty()) {
    value.for_each_element([&](const JsonNode& element) {
      if (!same_json_type(default_value.front(), element.json())) {
        element.problem("expected " + std::string(model::describe_type(default_value.front())) +
                        ", got " + std::string(model::describe_type(element.json())));
        valid = false;
      }
    });
  }
  return valid;
}

}  // namespace

// Checks `given` against the check's parameters and returns defaults overlaid with it.
json merge_params(const JsonNode& node, const CheckSpec& check) {
  json merged = json::object();
  for (const auto& param : check.params) {
    merged[std::string(param.name)] = param.default_value;
  }
  if (!node.expect_object()) {
    return merged;
  }
  for (const auto& item : node.json().items()) {
    const auto spec =
        std::find_if(check.params.begin(), check.params.end(),
                     [&](const detail::ParamSpec& p) { return p.name == item.key(); });
    if (spec == check.params.end()) {
      std::string known;
      for (const auto& p : check.params) {
        known += (known.empty() ? "" : ", ") + std::string(p.name);
      }
      node.problem_at(item.key(),
                      "check \"" + std::string(check.name) + "\" has no parameter \"" + item.key() +
                          "\"" + (known.empty() ? " (it takes none)" : " (known: " + known + ")"));
      continue;
    }
    if (!same_json_type(spec->default_value, item.value())) {
      node.problem_at(item.key(), "expected " +
                                      std::string(model::describe_type(spec->default_value)) +
                                      ", got " + std::string(model::describe_type(item.value())));
      continue;
    }
    if (!valid_param_shape(*node.child(item.key()), spec->default_value)) {
      continue;
    }
    if (spec->problem != nullptr) {
      if (auto problem = spec->problem(item.value())) {
        node.problem_at(item.key(), *problem);
        continue;
      }
    }
    merged[item.key()] = item.value();
  }
  return merged;
}

}  // namespace gdap::rules::detail
