#pragma once

// Private to errors: turning pasted text into something a linear scan can read. Every function
// here is one pass over its input, so a 50 MB paste costs a few passes, never more.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::errors::detail {

struct CleanText {
  std::string text;           // valid UTF-8, no control bytes but '\n', secrets replaced
  std::size_t masked = 0;     // secrets replaced by k_hidden
  bool looks_binary = false;  // a quarter or more control bytes or invalid UTF-8
};

inline constexpr std::string_view k_hidden = "[hidden]";

// Decodes what hides words (JSON string escapes, %XX, HTML entities and tags, Unicode
// punctuation and spaces), replaces control bytes and invalid UTF-8, then masks secrets.
CleanText clean(std::string_view raw);

// The first two steps only: how catalogue phrases are read, so they compare like pasted text.
std::string decode(std::string_view raw);

// A word is a run of ASCII letters and digits and of non-ASCII characters; everything else
// separates words. Words compare without regard to ASCII case.
inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

inline char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The words of a short text, lower-cased (catalogue phrases and codes).
std::vector<std::string> words(std::string_view text);

struct Word {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Walks the words of a text without copying it.
class WordCursor {
 public:
  explicit WordCursor(std::string_view text) : m_text(text) {}
  // The next word, or false at the end.
  bool next(Word& word);

 private:
  std::string_view m_text;
  std::size_t m_position = 0;
};

bool equals_lowercase(std::string_view text, std::string_view lowercase_word);

}  // namespace gdap::errors::detail
