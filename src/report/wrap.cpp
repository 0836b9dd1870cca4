#include "report/wrap.hpp"

#include "report/common.hpp"

#include <string>
#include <vector>

namespace gdap::report::detail {

// Columns a string takes on a terminal: UTF-8 code points, not counting ANSI colour sequences.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (i < text.size() && text[i] != 'm') {
        ++i;
      }
      continue;
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      ++width;
    }
  }
  return width;
}

namespace {

std::string right_trimmed(std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

// Split a line into words, keeping a `code span` and a trailing PowerShell command whole so a
// command is never cut in two.
std::vector<std::string_view> split_prose(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t start = std::string_view::npos;
  bool in_code = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    const bool end = i == line.size();
    if (!end && line[i] == '`') {
      in_code = !in_code;
    }
    const bool space = end || (line[i] == ' ' && !in_code);
    if (space && start != std::string_view::npos) {
      words.push_back(line.substr(start, i - start));
      start = std::string_view::npos;
    } else if (!space && start == std::string_view::npos) {
      start = i;
    }
  }
  return words;
}

std::vector<std::string_view> split_words(std::string_view line) {
  const auto command = detail::find_powershell_command(line);
  if (!command) {
    return split_prose(line);
  }
  // The command is one word: it moves to a line of its own rather than break.
  auto words = split_prose(line.substr(0, command->begin));
  words.push_back(line.substr(command->begin, command->end - command->begin));
  const auto after = split_prose(line.substr(command->end));
  words.insert(words.end(), after.begin(), after.end());
  return words;
}

// Append `text` wrapped at `width`: the first line after `first_prefix`, the rest after
// `rest_prefix`. Commands and words longer than the width stay whole: a broken command or URL
// cannot be pasted.
}  // namespace

void append_wrapped(std::string& out, std::string_view first_prefix, std::string_view rest_prefix,
                    std::string_view text, std::size_t width) {
  bool first_line = true;
  for (const auto line : detail::split_lines(text)) {
    std::string_view prefix = first_line ? first_prefix : rest_prefix;
    first_line = false;
    const auto words = split_words(line);
    if (words.empty()) {
      out += right_trimmed(std::string(prefix)) + "\n";
      continue;
    }
    std::string current(prefix);
    std::size_t current_width = display_width(prefix);
    // A prefix such as "error rule.id: " is content: a title too long for its line moves down.
    bool has_content = prefix.find_first_not_of(' ') != std::string_view::npos;
    bool need_space = false;
    for (const auto word : words) {
      const auto word_width = display_width(word);
      const bool too_long = current_width + (need_space ? 1 : 0) + word_width > width;
      // Leave a line that holds only a prefix ("3. ") alone if the word fits no line anyway.
      const bool helps = need_space || display_width(rest_prefix) + word_width <= width;
      if (has_content && too_long && helps) {
        out += right_trimmed(current) + "\n";
        current = std::string(rest_prefix);
        current_width = display_width(rest_prefix);
        need_space = false;
      }
      if (need_space) {
        current += ' ';
        ++current_width;
      }
      current += word;
      current_width += word_width;
      has_content = true;
      need_space = true;  // also: this line holds a word
    }
    out += right_trimmed(current) + "\n";
  }
}

}  // namespace gdap::report::detail
