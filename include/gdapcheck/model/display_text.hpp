#pragma once

// The one sanitiser for text that another party controls (customer and relationship names from
// other tenants, names and UPNs inside tokens, Graph and sign-in error messages, file contents
// echoed in errors) before it reaches a terminal or a document: no control character, escape
// sequence, bidi override or invalid UTF-8 gets through to move the cursor, retitle the window,
// hide text or reorder what the reader sees.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gdap::model {

enum class LineBreaks { keep, replace };

struct CodePoint {
  char32_t value;
  std::size_t length;  // bytes
};

// The code point starting at `text[at]`, or nullopt when the bytes there are not valid UTF-8
// (overlong forms, surrogates, values past U+10FFFF and sequences cut short included).
std::optional<CodePoint> decode_utf8_at(std::string_view text, std::size_t at);

// `text` made safe to show: tab, carriage return and (unless kept) line feed become a space;
// every other C0 control, DEL, C1 control (U+0080-U+009F; U+009B is a CSI on UTF-8 terminals)
// and bidi embedding, override or isolate (U+202A-U+202E, U+2066-U+2069) becomes '?'; each
// byte that is not part of valid UTF-8 becomes U+FFFD. An escape sequence loses its ESC and so
// shows as plain text. Everything else is kept as it is.
std::string display_text(std::string_view text, LineBreaks line_breaks = LineBreaks::replace);

// The same, in place (no copy when nothing needs changing).
void make_display_text(std::string& text, LineBreaks line_breaks = LineBreaks::replace);

// Whether `text` is safe to show as it is: display_text would return it unchanged.
bool is_display_text(std::string_view text, LineBreaks line_breaks = LineBreaks::replace);

// Serialised JSON with every C1 control and bidi control written as a \u escape: the same JSON
// value, but nothing invisible or reordering when the document is shown on a terminal. `json`
// must be valid UTF-8 (as nlohmann's dump writes it); such code points occur only in strings.
std::string escape_invisible_in_json(std::string json);

}  // namespace gdap::model
