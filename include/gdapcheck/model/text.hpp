#pragma once

// Small string helpers shared by every module: case-insensitive compares for ids, hosts and
// names, and "did you mean" suggestions for what a user typed (customers, commands, options).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

bool equals_ignoring_case(std::string_view a, std::string_view b);

// ASCII lower case: ids and hosts for look-ups (Graph does not promise one case everywhere).
std::string lowercase(std::string_view text);

// `text` cut to at most `max_bytes` (on a UTF-8 character boundary) with "…" when it was longer:
// how an error message repeats a value a file got wrong without repeating all of it.
std::string shortened(std::string_view text, std::size_t max_bytes);

// A value someone typed or a file holds, as an error message repeats it: the first 80 bytes,
// enough to recognise it (it may be any length and hold anything).
std::string echoed(std::string_view value);

// Whether `text` is a GUID as Microsoft writes ids: 8-4-4-4-12 hexadecimal digits.
bool is_guid(std::string_view text);

// The members of a Graph flags enum, which Graph serialises as one comma-separated string
// ("internalGuest, serviceProvider" → {"internalGuest", "serviceProvider"}); blanks trimmed,
// empty members dropped.
std::vector<std::string> split_flags(std::string_view text);

// Levenshtein distance: single-letter insertions, deletions and substitutions.
std::size_t edit_distance(std::string_view left, std::string_view right);

// Something the user might have meant: shown as `label`, matched by any of `names`.
struct SuggestionCandidate {
  std::string label;
  std::vector<std::string> names;
};

// Up to `limit` labels of the candidates closest to `typed`, best first (ties keep the
// candidates' order). Case-insensitive. A name that contains `typed` matches outright; otherwise a
// typo in the whole name or in its beginning ("Fabrikm" for "Fabrikam Inc") counts by how many
// letters differ, and is close enough when at most a quarter of the letters (at least two) are
// wrong but not all of them. Empty when nothing is close.
std::vector<std::string> closest_matches(std::string_view typed,
                                         const std::vector<SuggestionCandidate>& candidates,
                                         std::size_t limit);

// The same over plain names (each its own label).
std::vector<std::string> closest_matches(std::string_view typed,
                                         const std::vector<std::string>& names, std::size_t limit);

}  // namespace gdap::model
