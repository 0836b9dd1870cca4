#include "json_reading.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/time.hpp"

namespace gdap::collect {

using model::JsonNode;

std::string describe_problems(const std::vector<model::Problem>& problems) {
  const auto& first = problems.front();
  std::string message = (first.path.empty() ? "/" : first.path) + ": " + first.message;
  if (problems.size() > 1) {
    message += " (and " + std::to_string(problems.size() - 1) + " more problem(s))";
  }
  return message;
}

void for_each_value(const JsonNode& root, const std::function<void(const JsonNode&)>& visit) {
  if (const auto list = root.required("value")) {
    list->for_each_element(visit);
  }
}

std::string text_or_empty(const JsonNode& node, std::string_view key) {
  return node.optional_string(key).value_or("");
}

std::vector<std::string> string_list(const JsonNode& node, std::string_view key) {
  if (!node.has(key) || node.is_null(key)) {
    return {};
  }
  return node.strings(key);
}

std::optional<JsonNode> required_object(const JsonNode& node, std::string_view key) {
  auto child = node.required(key);
  if (!child || !child->expect_object()) {
    return std::nullopt;
  }
  return child;
}

std::optional<JsonNode> optional_object(const JsonNode& node, std::string_view key) {
  auto child = node.child(key);
  if (!child || child->json().is_null() || !child->expect_object()) {
    return std::nullopt;
  }
  return child;
}

std::optional<std::string> timestamp(const JsonNode& node, std::string_view key) {
  auto value = node.optional_string(key);
  if (value && !model::parse_timestamp(*value)) {
    node.problem_at(key, "not an ISO-8601 timestamp: \"" + *value + "\"");
    return std::nullopt;
  }
  return value;
}

bool has_odata_type(const JsonNode& node, std::string_view type) {
  const auto value = node.optional_string("@odata.type");
  return value && model::equals_ignoring_case(*value, type);
}

std::string odata_string(std::string_view text) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '\'') {
      out += c;
    }
  }
  return out;
}

}  // namespace gdap::collect
