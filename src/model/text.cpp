#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace gdap::model {

namespace {

// How far `candidate` is from `wanted` (both lower case), as closest_matches describes.
std::size_t typo_distance(const std::string& wanted, const std::string& candidate) {
  if (candidate.find(wanted) != std::string::npos) {
    return 0;
  }
  return std::min(edit_distance(wanted, candidate),
                  edit_distance(wanted, std::string_view(candidate).substr(0, wanted.size())));
}

bool close_enough(std::size_t distance, std::size_t typed_length) {
  // Never "close" when every letter would have to change: a one-letter query is no typo of "x".
  return distance <= std::max<std::size_t>(2, typed_length / 4) && distance < typed_length;
}

// ASCII only, as std::tolower in the "C" locale gdapcheck runs in, without a library call per
// character: ids are compared this way for every role of every customer.
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return x == y || ascii_lower(x) == ascii_lower(y);
         });
}

std::string echoed(std::string_view value) {
  constexpr std::size_t k_longest_echo = 80;
  return shortened(value, k_longest_echo);
}

std::string shortened(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
    --end;  // not inside a character
  }
  std::string cut(text.substr(0, end));
  cut += "…";
  return cut;
}

bool is_guid(std::string_view text) {
  constexpr std::size_t k_guid_length = 36;
  if (text.size() != k_guid_length) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

std::size_t edit_distance(std::string_view left, std::string_view right) {
  std::vector<std::size_t> row(right.size() + 1);
  for (std::size_t j = 0; j <= right.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= left.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= right.size(); ++j) {
      const std::size_t above = row[j];
      row[j] =
          std::min({row[j] + 1, row[j - 1] + 1, diagonal + (left[i - 1] == right[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[right.size()];
}

std::vector<std::string> closest_matches(std::string_view typed,
                                         const std::vector<SuggestionCandidate>& candidates,
                                         std::size_t limit) {
  const std::string wanted = lowercase(typed);
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  for (const auto& candidate : candidates) {
    std::size_t best = std::string::npos;
    for (const auto& name : candidate.names) {
      if (!name.empty()) {
        best = std::min(best, typo_distance(wanted, lowercase(name)));
      }
    }
    if (best != std::string::npos && close_enough(best, wanted.size())) {
      scored.emplace_back(best, &candidate.label);
    }
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < scored.size() && i < limit; ++i) {
    labels.push_back(*scored[i].second);
  }
  return labels;
}

std::vector<std::string> closest_matches(std::string_view typed,
                                         const std::vector<std::string>& names, std::size_t limit) {
  std::vector<SuggestionCandidate> candidates;
  candidates.reserve(names.size());
  for (const auto& name : names) {
    candidates.push_back({name, {name}});
  }
  return closest_matches(typed, candidates, limit);
}

std::vector<std::string> split_flags(std::string_view text) {
  constexpr std::string_view k_blanks = " \t\r\n";
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    const auto item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(k_blanks);
    if (first != std::string_view::npos) {
      const auto last = item.find_last_not_of(k_blanks);
      items.emplace_back(item.substr(first, last - first + 1));
    }
    start = end + 1;
  }
  return items;
}

}  // namespace gdap::model
