#pragma once

// Bounded parsing of JSON that another party wrote: snapshots, rule and profile files, the error
// catalogue, the token cache, sign-in answers, JWT payloads, Graph pages, $batch envelopes and
// Graph error bodies. The one way gdapcheck turns such text into a document.
//
// The document is never nested deeper, nor a string longer, than the limits allow (deep nesting
// would make every later copy, comparison or dump of the document recurse until the stack
// overflows); the parser itself never recurses; a number too large for a double is an error
// naming where it is; nothing throws: a failure is a value with the place it happened.

#include "gdapcheck/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::input {

struct JsonLimits {
  // Deeper than any document gdapcheck reads (snapshots and Graph answers nest about ten deep).
  std::size_t max_depth = 64;
  // Far longer than any name, id, token, rule text or message Microsoft sends (a 5 MB display
  // name is still read and reported), short enough that no one string exhausts memory.
  std::size_t max_string_bytes = std::size_t{16} << 20U;
  // `//` and `/* */`, for files people write (rules, profiles, snapshots they edit by hand).
  bool allow_comments = false;
};

struct JsonError {
  // JSON pointer of the value being read when it failed ("" = the document as a whole, as for
  // a syntax error).
  std::string path;
  // "invalid JSON at line 3, column 7: ...", "the number 1e400 is too large", ...
  std::string message;
};

// "/customers/3/id: the number 1e400 is too large" ("/" for the document), for one-line messages.
std::string describe(const JsonError& error);

// Elements of the arrays at `arrays` (JSON pointers such as "/customers") are handed to `sink`
// one at a time as soon as each is read, with their own pointer ("/customers/17"), instead of
// being kept: those arrays stay empty in the document returned. A large file then never sits in
// memory whole, nor its whole document.
struct JsonStreaming {
  std::vector<std::string> arrays;
  std::function<void(const std::string& pointer, nlohmann::json&& element)> sink;
};

// Parses `text`: the document, or why not.
Result<nlohmann::json, JsonError> parse_json(std::string_view text, const JsonLimits& limits = {},
                                             const JsonStreaming* streaming = nullptr);

// The same, read from `in` while it is parsed (the text is never held whole).
Result<nlohmann::json, JsonError> parse_json(std::istream& in, const JsonLimits& limits = {},
                                             const JsonStreaming* streaming = nullptr);

// The document, or a discarded value (nlohmann's "not JSON") when `text` is not JSON within the
// limits: for answers whose shape is checked next anyway (is_object(), contains()).
nlohmann::json parse_json_or_discarded(std::string_view text, const JsonLimits& limits = {});

}  // namespace gdap::input
