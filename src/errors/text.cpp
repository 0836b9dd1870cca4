#include "text.hpp"

#include "secrets.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace gdap::errors::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The value of `count` hex digits at `at`, or -1.
long hex_at(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) {
    return -1;
  }
  long value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const int digit = hex_value(text[at + i]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// "\u00e9", "\ud83d\ude00": the code point and how many bytes of `text` it took, or 0 bytes.
std::pair<std::uint32_t, std::size_t> json_unicode_escape(std::string_view text, std::size_t at) {
  const long high = hex_at(text, at + 2, 4);
  if (high < 0) {
    return {0, 0};
  }
  if (high >= 0xD800 && high <= 0xDBFF && text.substr(at + 6, 2) == "\\u") {
    const long low = hex_at(text, at + 8, 4);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      return {0x10000 + ((static_cast<std::uint32_t>(high) - 0xD800) << 10) +
                  (static_cast<std::uint32_t>(low) - 0xDC00),
              12};
    }
  }
  if (high >= 0xD800 && high <= 0xDFFF) {
    return {'?', 6};
  }
  return {static_cast<std::uint32_t>(high), 6};
}

struct NamedEntity {
  std::string_view name;
  char value;
};
constexpr std::array<NamedEntity, 7> k_entities{{{"quot", '"'},
                                                 {"apos", '\''},
                                                 {"amp", '&'},
                                                 {"lt", '<'},
                                                 {"gt", '>'},
                                                 {"nbsp", ' '},
                                                 {"ndash", '-'}}};

// An HTML character reference at `at` ('&'): the decoded text and its length, or 0.
std::size_t html_entity(std::string_view text, std::size_t at, std::string& out) {
  constexpr std::size_t k_longest_entity = 10;
  const auto within = text.substr(at + 1, k_longest_entity).find(';');
  if (within == std::string_view::npos) {
    return 0;
  }
  const auto semicolon = at + 1 + within;
  const auto body = text.substr(at + 1, semicolon - at - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    long value = 0;
    for (std::size_t i = hex ? 2 : 1; i < body.size(); ++i) {
      const int digit =
          hex ? hex_value(body[i]) : (body[i] >= '0' && body[i] <= '9' ? body[i] - '0' : -1);
      if (digit < 0 || value > 0x10FFFF) {
        return 0;
      }
      value = value * (hex ? 16 : 10) + digit;
    }
    append_utf8(out, value > 0 && value <= 0x10FFFF ? static_cast<std::uint32_t>(value) : '?');
    return semicolon - at + 1;
  }
  for (const auto& entity : k_entities) {
    if (body == entity.name) {
      out += entity.value;
      return semicolon - at + 1;
    }
  }
  return 0;
}

// A tag starts with '<' and a letter, '/' or '!', and ends at the next '>' before any '<'.
std::size_t html_tag_length(std::string_view text, std::size_t at) {
  constexpr std::size_t k_longest_tag = 2048;
  if (at + 1 >= text.size()) {
    return 0;
  }
  const char next = text[at + 1];
  const bool opens =
      (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '/' || next == '!';
  if (!opens) {
    return 0;
  }
  for (std::size_t i = at + 1; i < text.size() && i - at < k_longest_tag; ++i) {
    if (text[i] == '>') {
      return i - at + 1;
    }
    if (text[i] == '<') {
      return 0;
    }
  }
  return 0;
}

bool may_start_escape(char c) {
  return c == '\\' || c == '%' || c == '&' || c == '<' || c == '[';
}

// Escapes, entities and tags: what stands between a reader and the words.
std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    // Copy the plain stretch up to the next character that may start an escape, in one go.
    std::size_t plain_end = i;
    while (plain_end < raw.size() && !may_start_escape(raw[plain_end])) {
      ++plain_end;
    }
    out.append(raw.substr(i, plain_end - i));
    i = plain_end;
    if (i >= raw.size()) {
      break;
    }
    const char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      const char e = raw[i + 1];
      if (e == 'n' || e == 'r' || e == 't') {
        out += e == 't' ? ' ' : '\n';
        i += 2;
        continue;
      }
      if (e == '"' || e == '\\' || e == '/' || e == '\'') {
        out += e;
        i += 2;
        continue;
      }
      if (e == 'u') {
        const auto [cp, length] = json_unicode_escape(raw, i);
        if (length > 0) {
          append_utf8(out, cp);
          i += length;
          continue;
        }
      }
    } else if (c == '%') {
      const long value = hex_at(raw, i + 1, 2);
      if (value >= 0) {
        out += static_cast<char>(value);
        i += 3;
        continue;
      }
    } else if (c == '&') {
      if (const auto length = html_entity(raw, i, out); length > 0) {
        i += length;
        continue;
      }
    } else if (c == '<') {
      if (const auto length = html_tag_length(raw, i); length > 0) {
        out += ' ';
        i += length;
        continue;
      }
    } else if (c == '[') {
      // An empty JSON array reads as a word, so `"value": []` can be told from a list.
      std::size_t j = i + 1;
      while (j < raw.size() && (raw[j] == ' ' || raw[j] == '\n' || raw[j] == '\r')) {
        ++j;
      }
      if (j < raw.size() && raw[j] == ']') {
        out += " emptylist ";
        i = j + 1;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

struct Utf8Result {
  std::string text;
  bool looks_binary = false;
};

// The length of a valid UTF-8 sequence at `at` and its code point, or 0.
std::pair<std::size_t, std::uint32_t> utf8_sequence(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0FU;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07U;
  } else {
    return {0, 0};
  }
  if (at + length > text.size()) {
    return {0, 0};
  }
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[at + i]);
    if ((byte & 0xC0U) != 0x80) {
      return {0, 0};
    }
    cp = (cp << 6) | (byte & 0x3FU);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {0, 0};
  }
  return {length, cp};
}

// What a Unicode punctuation or space character reads as in ASCII; empty to keep it.
std::string_view ascii_for(std::uint32_t cp) {
  if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000 || cp == 0xFEFF || cp == 0x2022 || cp == 0x00B7 ||
      (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x0080 && cp <= 0x009F)) {
    return " ";
  }
  if (cp >= 0x2010 && cp <= 0x2015) {
    return "-";
  }
  if ((cp >= 0x2018 && cp <= 0x201B) || cp == 0x2032) {
    return "'";
  }
  if ((cp >= 0x201C && cp <= 0x201F) || cp == 0x00AB || cp == 0x00BB) {
    return "\"";
  }
  if (cp == 0x2026) {
    return "...";
  }
  if (cp == 0xFFFD) {
    return "?";
  }
  return {};
}

// Valid UTF-8 out, whatever came in: invalid bytes become '?', control bytes spaces (line breaks
// stay), Unicode punctuation its ASCII look-alike.
Utf8Result to_plain_utf8(std::string_view text) {
  Utf8Result result;
  result.text.reserve(text.size());
  std::size_t suspicious = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t plain_end = i;
    while (plain_end < text.size() && static_cast<unsigned char>(text[plain_end]) >= 0x20 &&
           static_cast<unsigned char>(text[plain_end]) < 0x7F) {
      ++plain_end;
    }
    result.text.append(text.substr(i, plain_end - i));
    i = plain_end;
    if (i >= text.size()) {
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n' || c == '\r') {
        result.text += '\n';
      } else if (c < 0x20 || c == 0x7F) {
        result.text += ' ';
        suspicious += c == '\t' ? 0 : 1;
      } else {
        result.text += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const auto [length, cp] = utf8_sequence(text, i);
    if (length == 0) {
      result.text += '?';
      ++suspicious;
      ++i;
      continue;
    }
    if (const auto ascii = ascii_for(cp); !ascii.empty()) {
      result.text += ascii;
      suspicious += (cp >= 0x80 && cp <= 0x9F) ? 1 : 0;
    } else {
      result.text.append(text.substr(i, length));
    }
    i += length;
  }
  // A quarter of the bytes unreadable is not a pasted message, even if a code shows through.
  result.looks_binary = !text.empty() && suspicious * 4 > text.size();
  return result;
}

}  // namespace

std::string decode(std::string_view raw) {
  return to_plain_utf8(unescape(raw)).text;
}

CleanText clean(std::string_view raw) {
  auto plain = to_plain_utf8(unescape(raw));
  CleanText result;
  result.looks_binary = plain.looks_binary;
  result.text = std::move(plain.text);
  result.masked = mask_secrets(result.text);
  return result;
}

bool WordCursor::next(Word& word) {
  while (m_position < m_text.size() &&
         !is_word_byte(static_cast<unsigned char>(m_text[m_position]))) {
    ++m_position;
  }
  if (m_position >= m_text.size()) {
    return false;
  }
  word.begin = m_position;
  while (m_position < m_text.size() &&
         is_word_byte(static_cast<unsigned char>(m_text[m_position]))) {
    ++m_position;
  }
  word.end = m_position;
  return true;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> result;
  WordCursor cursor(text);
  Word word;
  while (cursor.next(word)) {
    std::string lowered;
    for (std::size_t i = word.begin; i < word.end; ++i) {
      lowered += lower(text[i]);
    }
    result.push_back(std::move(lowered));
  }
  return result;
}

bool equals_lowercase(std::string_view text, std::string_view lowercase_word) {
  if (text.size() != lowercase_word.size()) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lowercase_word[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace gdap::errors::detail
