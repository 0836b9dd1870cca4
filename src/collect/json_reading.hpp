#pragma once

// Private to collect: the small vocabulary every Graph answer parser uses on top of
// model::JsonNode (which records each problem with its JSON path).

#include "graph_read.hpp"

#include "gdapcheck/model/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gdap::collect {

// The first problem, naming its path, and how many more there were.
std::string describe_problems(const std::vector<model::Problem>& problems);

// Reads the body (which must be an object) with `read`; any recorded problem fails the read.
template <typename T, typename Read>
Parsed<T> parse_body(const nlohmann::json& body, Read read) {
  std::vector<model::Problem> problems;
  const model::JsonNode root(body, "", problems);
  if (!root.expect_object()) {
    return Failure{describe_problems(problems)};
  }
  T value = read(root);
  if (!problems.empty()) {
    return Failure{describe_problems(problems)};
  }
  return value;
}

// Visits every element of the collection's "value" array (required).
void for_each_value(const model::JsonNode& root,
                    const std::function<void(const model::JsonNode&)>& visit);

// Every element of the collection's "value" array, read with `read`.
template <typename T>
std::vector<T> read_values(const model::JsonNode& root, T (*read)(const model::JsonNode&)) {
  std::vector<T> items;
  for_each_value(root, [&](const model::JsonNode& element) { items.push_back(read(element)); });
  return items;
}

// An optional string where Graph may send null: absent or null → "".
std::string text_or_empty(const model::JsonNode& node, std::string_view key);

// A collection of strings: absent or null → empty (OData collections are never null in
// practice, but an empty reading is what null would mean).
std::vector<std::string> string_list(const model::JsonNode& node, std::string_view key);

// A required member that must be an object.
std::optional<model::JsonNode> required_object(const model::JsonNode& node, std::string_view key);

// An optional member that may be null; when present it must be an object.
std::optional<model::JsonNode> optional_object(const model::JsonNode& node, std::string_view key);

// An ISO-8601 UTC timestamp or null: anything else would make a snapshot that cannot be read
// back.
std::optional<std::string> timestamp(const model::JsonNode& node, std::string_view key);

// Whether the object's @odata.type is `type` (case-insensitive).
bool has_odata_type(const model::JsonNode& node, std::string_view type);

// An OData string literal's content: a single quote is written twice.
std::string odata_string(std::string_view text);

}  // namespace gdap::collect
