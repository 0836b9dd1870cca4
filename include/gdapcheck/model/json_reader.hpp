#pragma once

// Strict, path-tracking reading of JSON input (snapshots, rules, profiles). Every problem is
// collected with the JSON path where it was found, so a loader can report all of them at once
// ("file: /partner/relationships/value/0/status: expected a string, got a number").

#include "gdapcheck/input/json.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

struct Problem {
  std::string path;  // JSON pointer style, "" for the document itself
  std::string message;
};

// Formats problems as "source: path: message" lines (at most `limit`, then a count of the rest).
std::string format_problems(std::string_view source, const std::vector<Problem>& problems,
                            std::size_t limit = 25);

// Parses text as JSON (comments allowed) within input::JsonLimits. On a syntax error returns
// nullopt and adds one problem naming the line and column; on a number too large, a nesting too
// deep or a string too long, one problem naming its place.
std::optional<nlohmann::json> parse_json_text(std::string_view text,
                                              std::vector<Problem>& problems);

// A bounded parser's failure as a problem at its place.
Problem problem_from(input::JsonError error);

// As parse_json_text, and the document must be an object (else one problem, and nullopt): the
// shape of every gdapcheck input file.
std::optional<nlohmann::json> parse_json_object(std::string_view text,
                                                std::vector<Problem>& problems);

// A view of one JSON value and where it sits. Accessors record a problem and return a neutral
// value when the input is wrong, so reading goes on and every mistake is reported.
//
// A child node refers to its parent node for its path, which is spelled out only when a problem
// names it (a large snapshot has millions of values and almost never a problem): a child must
// not outlive the parent it was taken from.
class JsonNode {
 public:
  JsonNode(const nlohmann::json& value, std::string path, std::vector<Problem>& problems);

  const nlohmann::json& json() const { return *m_value; }
  const std::string& path() const;

  bool is_object() const { return m_value->is_object(); }
  bool has(std::string_view key) const;
  bool is_null(std::string_view key) const;

  // Records a problem for every key not in `allowed` (typos must not pass silently).
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  // Records a problem unless this value is an object.
  bool expect_object() const;

  std::optional<JsonNode> child(std::string_view key) const;     // absent → nullopt, no problem
  std::optional<JsonNode> required(std::string_view key) const;  // absent → problem

  std::string string(std::string_view key) const;                          // required string
  std::optional<std::string> optional_string(std::string_view key) const;  // absent or null ok
  bool boolean(std::string_view key, bool fallback) const;
  std::optional<bool> optional_boolean(std::string_view key) const;
  std::optional<long> optional_integer(std::string_view key) const;
  std::vector<std::string> strings(std::string_view key) const;  // absent → empty
  std::vector<long> integers(std::string_view key) const;        // absent → empty

  // Calls `visit` for each element of the array at `key` (absent → nothing).
  void for_each(std::string_view key, const std::function<void(const JsonNode&)>& visit) const;
  // Calls `visit` for each element of this array (records a problem if it is not an array).
  void for_each_element(const std::function<void(const JsonNode&)>& visit) const;

  void problem(std::string message) const;
  void problem_at(std::string_view key, std::string message) const;

 private:
  // The child at `key` of an object (the key as the document holds it) or `index` of an array.
  JsonNode(const nlohmann::json& value, const JsonNode& parent, const std::string& key);
  JsonNode(const nlohmann::json& value, const JsonNode& parent, std::size_t index);

  std::string path_of(std::string_view key) const;

  const nlohmann::json* m_value;
  const JsonNode* m_parent = nullptr;
  const std::string* m_key = nullptr;  // in the parent object; nullptr for an array element
  std::size_t m_index = 0;
  mutable std::optional<std::string> m_path;  // spelled out on first use
  std::vector<Problem>* m_problems;
};

// The `*.json` files directly in `directory`, sorted (none when it is not a directory): rule,
// profile and error-catalogue files.
std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& directory);

// A short name of a JSON value's type for messages ("a string", "a number", ...).
std::string_view describe_type(const nlohmann::json& value);

}  // namespace gdap::model
