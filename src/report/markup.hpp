#pragma once

// Escaping for the markup formats (HTML and JUnit XML): tenant data is attacker-controlled, and a
// display name must never become a tag, an attribute or a script.

#include <string>
#include <string_view>

namespace gdap::report::detail {

// Return `text` safe inside an element or a quoted attribute of HTML or XML: & < > " ' become
// references, and what XML 1.0 does not allow (invalid UTF-8, U+FFFE, U+FFFF, control characters
// other than tab and line breaks) becomes U+FFFD.
std::string escape_markup(std::string_view text);

// Return the Content-Security-Policy source for an inline element's exact text:
// 'sha256-<base64 of its SHA-256>'.
std::string csp_hash_source(std::string_view inline_text);

}  // namespace gdap::report::detail
