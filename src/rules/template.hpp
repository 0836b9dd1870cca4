#pragma once

// The {placeholder} language of rule words. Values come from a JSON object (evidence, context and
// parameters). `{key}` inserts a value (lists joined with ", "), `{key[]}` and `{key[].field}`
// repeat the whole text once per list element, `{{` and `}}` are literal braces.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gdap::rules::detail {

struct Placeholder {
  std::string key;    // root key in the values object
  bool each = false;  // `key[]`: repeat per element
  std::string field;  // `key[].field`
};

// The placeholders in `text`, or a message describing the first syntax error.
struct ParsedTemplate {
  std::vector<Placeholder> placeholders;
  std::string error;
};
ParsedTemplate parse_template(std::string_view text);

// Renders `text`; missing values render as "(unknown)".
std::string render(std::string_view text, const nlohmann::json& values);

// Renders `text` once, or once per element when it uses `key[]` placeholders.
std::vector<std::string> render_each(std::string_view text, const nlohmann::json& values);

// How one value reads in prose.
std::string display(const nlohmann::json& value);

// True for present, non-null, non-empty, non-false, non-zero values.
bool truthy(const nlohmann::json& value);

}  // namespace gdap::rules::detail
