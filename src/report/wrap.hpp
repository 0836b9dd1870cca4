#pragma once

// Private to report: prose wrapped for a terminal, shared by every text renderer.

#include <cstddef>
#include <string>
#include <string_view>

namespace gdap::report::detail {

// Columns a string takes on a terminal: UTF-8 code points, not counting ANSI colour sequences.
std::size_t display_width(std::string_view text);

// Append `text` wrapped at `width`: the first line after `first_prefix`, the rest after
// `rest_prefix`. Commands and words longer than the width stay whole: a broken command or URL
// cannot be pasted. Lines of `text` ('\n') stay lines.
void append_wrapped(std::string& out, std::string_view first_prefix, std::string_view rest_prefix,
                    std::string_view text, std::size_t width);

}  // namespace gdap::report::detail
