#pragma once

// Private to errors: the placeholders of fix steps and confirm commands. `{key}` is the
// evidence value (nothing when the text did not carry it), `{key|words}` the value or, when it is
// unknown, the words. Keys are those of template_keys().

#include <map>
#include <string>
#include <string_view>

namespace gdap::errors::detail {

// A message naming the first mistake (unknown key, unclosed brace), or empty when `text` is a
// valid template.
std::string template_problem(std::string_view text);

// Fills a valid template; runs of spaces a missing value leaves are collapsed and the ends trimmed.
std::string fill(std::string_view text,
                 const std::map<std::string, std::string, std::less<>>& values);

}  // namespace gdap::errors::detail
