#include "gdapcheck/model/display_text.hpp"

#include <cstdint>
#include <optional>

namespace gdap::model {

std::optional<CodePoint> decode_utf8_at(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) {
    return CodePoint{lead, 1};
  }
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    value = lead & 0x1FU;
    minimum = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    value = lead & 0x0FU;
    minimum = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    value = lead & 0x07U;
    minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (at + length > text.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xC0U) != 0x80U) {
      return std::nullopt;
    }
    value = (value << 6U) | (next & 0x3FU);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  return CodePoint{value, length};
}

namespace {

constexpr std::string_view k_replacement_character = "\xEF\xBF\xBD";  // U+FFFD

bool is_c1_control(char32_t value) {
  return value >= 0x80 && value <= 0x9F;
}

// Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI): they
// reorder the text after them, so a name could make the rest of a line read differently.
bool is_bidi_control(char32_t value) {
  return (value >= 0x202A && value <= 0x202E) || (value >= 0x2066 && value <= 0x2069);
}

// What `text[at...]` becomes, when it is not kept as it is; `length` is set to the bytes it
// replaces.
std::optional<std::string_view> replacement_at(std::string_view text, std::size_t at,
                                               LineBreaks line_breaks, std::size_t& length) {
  const auto point = decode_utf8_at(text, at);
  if (!point) {
    length = 1;
    return k_replacement_character;
  }
  length = point->length;
  const char32_t value = point->value;
  if (value == '\n') {
    return line_breaks == LineBreaks::keep ? std::nullopt : std::optional<std::string_view>(" ");
  }
  if (value == '\t' || value == '\r') {
    return " ";
  }
  if (value < 0x20 || value == 0x7F || is_c1_control(value) || is_bidi_control(value)) {
    return "?";
  }
  return std::nullopt;
}

}  // namespace

bool is_display_text(std::string_view text, LineBreaks line_breaks) {
  std::size_t at = 0;
  while (at < text.size()) {
    // Printable ASCII, nearly all a report's text, without decoding: a large partner's report
    // checks hundreds of megabytes.
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++at;
      continue;
    }
    std::size_t length = 0;
    if (replacement_at(text, at, line_breaks, length)) {
      return false;
    }
    at += length;
  }
  return true;
}

void make_display_text(std::string& text, LineBreaks line_breaks) {
  if (!is_display_text(text, line_breaks)) {
    text = display_text(text, line_breaks);  // one linear pass, however many replacements
  }
}

std::string display_text(std::string_view text, LineBreaks line_breaks) {
  std::string safe;
  safe.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t length = 0;
    if (const auto replacement = replacement_at(text, at, line_breaks, length)) {
      safe += *replacement;
    } else {
      safe.append(text.substr(at, length));
    }
    at += length;
  }
  return safe;
}

std::string escape_invisible_in_json(std::string json) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string escaped;
  std::size_t copied = 0;  // json[0, copied) is in `escaped` already
  std::size_t at = 0;
  while (at < json.size()) {
    if (static_cast<unsigned char>(json[at]) < 0x80) {
      ++at;
      continue;
    }
    const auto point = decode_utf8_at(json, at);
    const std::size_t length = point ? point->length : 1;
    if (point && (is_c1_control(point->value) || is_bidi_control(point->value))) {
      escaped.append(json, copied, at - copied);
      escaped += "\\u";
      for (const unsigned shift : {12U, 8U, 4U, 0U}) {
        escaped += k_hex[(static_cast<std::uint32_t>(point->value) >> shift) & 0xFU];
      }
      copied = at + length;
    }
    at += length;
  }
  if (copied == 0) {
    return json;
  }
  escaped.append(std::string_view(json).substr(copied));
  return escaped;
}

}  // namespace gdap::model
