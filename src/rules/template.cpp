#include "template.hpp"

#include <algorithm>
#include <stdexcept>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

Placeholder parse_placeholder(std::string_view inner) {
  Placeholder placeholder;
  const auto brackets = inner.find("[]");
  if (brackets == std::string_view::npos) {
    placeholder.key = std::string(inner);
    return placeholder;
  }
  placeholder.key = std::string(inner.substr(0, brackets));
  placeholder.each = true;
  const auto rest = inner.substr(brackets + 2);
  if (!rest.empty() && rest.front() == '.') {
    placeholder.field = std::string(rest.substr(1));
  }
  return placeholder;
}

bool valid_name(std::string_view name) {
  return !name.empty() && std::ranges::all_of(name, [](const char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Walks the template, calling on_text for literal runs and on_placeholder for each placeholder.
template <typename OnText, typename OnPlaceholder>
std::string walk(std::string_view text, OnText on_text, OnPlaceholder on_placeholder) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      on_text("{");
      i += 2;
      continue;
    }
    if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      on_text("}");
      i += 2;
      continue;
    }
    if (c == '}') {
      return "unmatched '}' at offset " + std::to_string(i) + " (write '}}' for a literal brace)";
    }
    if (c == '{') {
      const auto close = text.find('}', i + 1);
      if (close == std::string_view::npos) {
        return "unclosed '{' at offset " + std::to_string(i);
      }
      const auto inner = text.substr(i + 1, close - i - 1);
      const Placeholder placeholder = parse_placeholder(inner);
      const bool field_ok = placeholder.field.empty() || valid_name(placeholder.field);
      const bool shape_ok = !placeholder.each || inner.size() == placeholder.key.size() + 2 ||
                            !placeholder.field.empty();
      if (!valid_name(placeholder.key) || !field_ok || !shape_ok) {
        return "bad placeholder '{" + std::string(inner) + "}'";
      }
      on_placeholder(placeholder);
      i = close + 1;
      continue;
    }
    const auto next = text.find_first_of("{}", i);
    const auto end = next == std::string_view::npos ? text.size() : next;
    on_text(text.substr(i, end - i));
    i = end;
  }
  return {};
}

}  // namespace

ParsedTemplate parse_template(std::string_view text) {
  ParsedTemplate parsed;
  parsed.error = walk(
      text, [](std::string_view) {},
      [&](const Placeholder& placeholder) { parsed.placeholders.push_back(placeholder); });
  return parsed;
}

namespace {

// The key that names an evidence object in prose: relationships, apps and policies have a
// name, role placements a role, group assignments a group.
const json* label_of(const json& object) {
  for (const char* key : {"name", "role", "group", "id"}) {
    if (object.contains(key)) {
      return &object.at(key);
    }
  }
  return nullptr;
}

}  // namespace

Values::Values(const json& values) {
  then(values);
}

Values& Values::then(const json& layer) {
  // A fixed number of layers: evidence, parameters, customer, run, and one put before them.
  if (m_count == k_most_layers) {
    throw std::logic_error("rule values: more layers than a finding has");
  }
  m_layers[m_count++] = {&layer, false};
  return *this;
}

Values Values::before(const json& layer, bool verbatim) const {
  Values values;
  values.then(layer);
  values.m_layers[0].verbatim = verbatim;
  for (std::size_t i = 0; i < m_count; ++i) {
    values.then(*m_layers[i].values);
    values.m_layers[values.m_count - 1].verbatim = m_layers[i].verbatim;
  }
  return values;
}

Values::Found Values::find(std::string_view key) const {
  for (std::size_t i = 0; i < m_count; ++i) {
    const json& layer = *m_layers[i].values;
    if (!layer.is_object()) {
      continue;
    }
    const auto found = layer.find(key);
    if (found != layer.end()) {
      return {&*found, m_layers[i].verbatim};
    }
  }
  return {};
}

std::string display(const json& value, Quote quote) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return quote != nullptr ? quote(text) : text;
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "yes" : "no";
  }
  if (value.is_null()) {
    return "(unknown)";
  }
  if (value.is_array()) {
    std::string joined;
    for (const auto& element : value) {
      if (!joined.empty()) {
        joined += ", ";
      }
      const json* label = element.is_object() ? label_of(element) : nullptr;
      joined += label != nullptr ? display(*label, quote) : display(element, quote);
    }
    return joined.empty() ? "none" : joined;
  }
  return value.dump();
}

bool truthy(const json& value) {
  if (value.is_null()) {
    return false;
  }
  if (value.is_boolean()) {
    return value.get<bool>();
  }
  // json::empty() is false for every string (it counts elements of arrays and objects only).
  if (value.is_string()) {
    return !value.get_ref<const std::string&>().empty();
  }
  if (value.is_array() || value.is_object()) {
    return !value.empty();
  }
  if (value.is_number()) {
    return value.get<double>() != 0.0;
  }
  return true;
}

namespace {

std::string render_with_element(std::string_view text, const Values& values,
                                const Values::Found* element, Quote quote) {
  std::string out;
  walk(
      text, [&](std::string_view literal) { out += literal; },
      [&](const Placeholder& placeholder) {
        if (placeholder.each) {
          const Quote element_quote = element != nullptr && element->verbatim ? nullptr : quote;
          const json* value = element != nullptr ? element->value : nullptr;
          if (value != nullptr && placeholder.field.empty()) {
            out += display(*value, element_quote);
          } else if (value != nullptr && value->is_object() && value->contains(placeholder.field)) {
            out += display(value->at(placeholder.field), element_quote);
          } else {
            out += "(unknown)";
          }
          return;
        }
        const auto found = values.find(placeholder.key);
        out += found.value != nullptr ? display(*found.value, found.verbatim ? nullptr : quote)
                                      : std::string("(unknown)");
      });
  return out;
}

}  // namespace

std::string render(std::string_view text, const Values& values, Quote quote) {
  return render_with_element(text, values, nullptr, quote);
}

std::vector<std::string> render_each(std::string_view text, const Values& values, Quote quote) {
  // Most texts repeat over nothing: they are rendered without looking for a list first.
  if (text.find("[]") == std::string_view::npos) {
    return {render(text, values, quote)};
  }
  const ParsedTemplate parsed = parse_template(text);
  std::string list_key;
  for (const auto& placeholder : parsed.placeholders) {
    if (placeholder.each) {
      list_key = placeholder.key;
      break;
    }
  }
  if (list_key.empty()) {
    return {render(text, values, quote)};
  }
  std::vector<std::string> steps;
  const auto list = values.find(list_key);
  if (list.value != nullptr && list.value->is_array()) {
    for (const auto& element : *list.value) {
      const Values::Found found{&element, list.verbatim};
      steps.push_back(render_with_element(text, values, &found, quote));
    }
  }
  return steps;
}

}  // namespace gdap::rules::detail
