#include "fill.hpp"

#include "gdapcheck/errors/catalogue.hpp"

#include <algorithm>

namespace gdap::errors::detail {

namespace {

struct Placeholder {
  std::string_view key;
  std::string_view fallback;
  bool has_fallback = false;
};

Placeholder parse(std::string_view inner) {
  Placeholder placeholder;
  const auto bar = inner.find('|');
  placeholder.key = inner.substr(0, bar);
  if (bar != std::string_view::npos) {
    placeholder.fallback = inner.substr(bar + 1);
    placeholder.has_fallback = true;
  }
  return placeholder;
}

bool known_key(std::string_view key) {
  const auto& keys = template_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

std::string template_problem(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '}') {
      return "unmatched '}' at offset " + std::to_string(i);
    }
    if (text[i] != '{') {
      ++i;
      continue;
    }
    const auto close = text.find('}', i + 1);
    const auto reopen = text.find('{', i + 1);
    if (close == std::string_view::npos || (reopen != std::string_view::npos && reopen < close)) {
      return "unclosed '{' at offset " + std::to_string(i);
    }
    const auto placeholder = parse(text.substr(i + 1, close - i - 1));
    if (!known_key(placeholder.key)) {
      std::string keys;
      for (const auto key : template_keys()) {
        keys += (keys.empty() ? "" : ", ") + std::string(key);
      }
      return "unknown placeholder '{" + std::string(placeholder.key) + "}' (known: " + keys + ")";
    }
    i = close + 1;
  }
  return {};
}

std::string fill(std::string_view text,
                 const std::map<std::string, std::string, std::less<>>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto open = text.find('{', i);
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const auto placeholder = parse(text.substr(open + 1, close - open - 1));
    const auto found = values.find(placeholder.key);
    if (found != values.end() && !found->second.empty()) {
      out += found->second;
    } else {
      out.append(placeholder.fallback);
    }
    i = close + 1;
  }
  std::string collapsed;
  for (const char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) {
      continue;
    }
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') {
    collapsed.pop_back();
  }
  return collapsed;
}

}  // namespace gdap::errors::detail
