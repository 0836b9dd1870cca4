#pragma once

// The {placeholder} language of rule words. Values come from a JSON object (evidence, context and
// parameters). `{key}` inserts a value (lists joined with ", "), `{key[]}` and `{key[].field}`
// repeat the whole text once per list element, `{{` and `}}` are literal braces.

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
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

// How a filled-in string is written: as it is (prose), or as a PowerShell argument or string.
using Quote = std::string (*)(std::string_view);

// Where a text's values come from: JSON objects looked up in order (a finding's evidence, then
// its rule's parameters, its customer's values and the run's), never merged into one object, so
// that making a finding copies none of them.
class Values {
 public:
  // The common case: one object of values.
  Values(const nlohmann::json& values);  // NOLINT(google-explicit-constructor)

  // Adds `layer`, looked up after those already added.
  Values& then(const nlohmann::json& layer);
  // These values with `layer` looked up first. A verbatim layer's strings are never quoted: text
  // that is already PowerShell (a Get-MgUser lookup in place of an unknown id).
  Values before(const nlohmann::json& layer, bool verbatim) const;

  struct Found {
    const nlohmann::json* value = nullptr;  // nullptr: no layer has the key
    bool verbatim = false;
  };
  Found find(std::string_view key) const;

 private:
  struct Layer {
    const nlohmann::json* values = nullptr;
    bool verbatim = false;
  };
  Values() = default;
  static constexpr std::size_t k_most_layers = 5;
  std::array<Layer, k_most_layers> m_layers{};
  std::size_t m_count = 0;
};

// Renders `text`; missing values render as "(unknown)". With `quote`, every filled-in string is
// written through it (each element of a list on its own), so that it is one argument or one
// string whatever it holds.
std::string render(std::string_view text, const Values& values, Quote quote = nullptr);

// Renders `text` once, or once per element when it uses `key[]` placeholders.
std::vector<std::string> render_each(std::string_view text, const Values& values,
                                     Quote quote = nullptr);

// How one value reads in prose (its strings through `quote`, when given).
std::string display(const nlohmann::json& value, Quote quote = nullptr);

// True for present, non-null, non-empty, non-false, non-zero values.
bool truthy(const nlohmann::json& value);

}  // namespace gdap::rules::detail
