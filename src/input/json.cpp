#include "gdapcheck/input/json.hpp"

#include <algorithm>
#include <optional>

namespace gdap::input {

namespace {

using nlohmann::json;

// "a/b~c" → "a~1b~0c" (RFC 6901).
std::string pointer_token(std::string_view key) {
  std::string token;
  token.reserve(key.size());
  for (const char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

// "invalid JSON at line 3, column 7: syntax error while parsing value - unexpected end of
// input", from nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 7: ...".
// Its line and column name the character the reader stopped on (the end of input counts as one).
std::string syntax_error_message(const std::string& what, bool reached_end) {
  std::string location;
  std::string reason = what;
  if (const auto at = what.find(" at line "); at != std::string::npos) {
    const auto colon = what.find(": ", at);
    location = what.substr(at, colon == std::string::npos ? std::string::npos : colon - at);
    reason = colon == std::string::npos ? std::string() : what.substr(colon + 2);
  } else if (const auto bracket = what.find("] "); bracket != std::string::npos) {
    reason = what.substr(bracket + 2);
  }
  return "invalid JSON" + location +
         (reached_end ? " (the text ends too early: truncated?)" : std::string()) +
         (reason.empty() ? std::string() : ": " + reason);
}

// Builds the document from nlohmann's SAX events without recursion, as nlohmann's own DOM
// builder does, but refuses what is too deep or too long, knows the JSON pointer of every value,
// and hands the elements of streamed arrays to their sink instead of keeping them.
class BoundedBuilder {
 public:
  BoundedBuilder(const JsonLimits& limits, const JsonStreaming* streaming)
      : m_limits(limits), m_streaming(streaming) {
    if (streaming != nullptr) {
      for (const auto& pointer : streaming->arrays) {
        m_streamed_depth =
            std::max(m_streamed_depth,
                     static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/')) + 1);
      }
    }
  }

  bool null() { return add(json(nullptr)); }
  bool boolean(bool value) { return add(json(value)); }
  bool number_integer(json::number_integer_t value) { return add(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return add(json(value)); }
  bool number_float(json::number_float_t value, const std::string& /*text*/) {
    return add(json(value));
  }
  bool string(std::string& value) {
    if (value.size() > m_limits.max_string_bytes) {
      return fail(path_of_next(), too_long("a string", value.size()));
    }
    return add(json(std::move(value)));
  }
  bool binary(json::binary_t& value) { return add(json(std::move(value))); }
  bool start_object(std::size_t /*elements*/) { return open(json::object()); }
  bool start_array(std::size_t /*elements*/) { return open(json::array()); }
  bool key(std::string& name) {
    if (name.size() > m_limits.max_string_bytes) {
      return fail(path_of(m_frames.size()), too_long("a key", name.size()));
    }
    m_frames.back().key = std::move(name);
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) {
    if (error.id == 406) {  // out_of_range.406: a number beyond what a double holds
      return fail(path_of_next(), "the number " + last_token + " is too large");
    }
    m_syntax_error = error.what();
    m_syntax_error_position = position;
    return false;
  }

  std::optional<JsonError>& error() { return m_error; }
  const std::optional<std::string>& syntax_error() const { return m_syntax_error; }
  // Characters read when the syntax error was found (the end of input counts as one more).
  std::size_t syntax_error_position() const { return m_syntax_error_position; }
  json& document() { return m_document; }

 private:
  struct Frame {
    json* container;
    std::string key;        // objects: the key of the value being read
    std::size_t index = 0;  // arrays: the index of the element being read
    bool streamed = false;  // its elements go to the sink
  };

  std::string too_long(std::string_view what, std::size_t size) const {
    return std::string(what) + " of " + std::to_string(size) + " bytes, more than the " +
           std::to_string(m_limits.max_string_bytes) + " allowed";
  }

  bool fail(std::string path, std::string message) {
    if (!m_error) {
      m_error = JsonError{std::move(path), std::move(message)};
    }
    return false;
  }

  // The pointer of the container opened by frame `depth - 1` (the document for depth 0 or 1).
  std::string path_of(std::size_t depth) const {
    std::string path;
    for (std::size_t i = 1; i < depth; ++i) {
      path += '/';
      path += step_in(m_frames[i - 1]);
    }
    return path;
  }

  static std::string step_in(const Frame& frame) {
    return frame.container->is_array() ? std::to_string(frame.index) : pointer_token(frame.key);
  }

  // The pointer of the value about to be added.
  std::string path_of_next() const {
    if (m_frames.empty()) {
      return "";
    }
    return path_of(m_frames.size()) + "/" + step_in(m_frames.back());
  }

  // Puts `value` where the reader is; returns where it now lives (nullptr: handed to the sink).
  json* place(json&& value) {
    if (m_frames.empty()) {
      m_document = std::move(value);
      return &m_document;
    }
    Frame& top = m_frames.back();
    if (top.container->is_array()) {
      if (top.streamed && !value.is_structured()) {
        m_streaming->sink(path_of_next(), std::move(value));
        return nullptr;
      }
      top.container->push_back(std::move(value));
      return &top.container->back();
    }
    json& slot = (*top.container)[top.key];
    slot = std::move(value);
    return &slot;
  }

  bool add(json&& value) {
    place(std::move(value));
    if (!m_frames.empty() && m_frames.back().container->is_array()) {
      ++m_frames.back().index;
    }
    return true;
  }

  bool open(json&& container) {
    if (m_frames.size() >= m_limits.max_depth) {
      return fail(path_of_next(), "nested deeper than the " + std::to_string(m_limits.max_depth) +
                                      " levels allowed");
    }
    const bool array = container.is_array();
    json* placed = place(std::move(container));
    m_frames.push_back(Frame{placed, {}, 0, false});
    // Only arrays as shallow as a streamed one can be one (spelling out the pointer of every
    // array of a large document costs more than all the rest of building it).
    if (array && m_streaming != nullptr && m_frames.size() <= m_streamed_depth) {
      const auto pointer = path_of(m_frames.size());
      m_frames.back().streamed = std::find(m_streaming->arrays.begin(), m_streaming->arrays.end(),
                                           pointer) != m_streaming->arrays.end();
    }
    return true;
  }

  bool close() {
    m_frames.pop_back();
    if (m_frames.empty() || !m_frames.back().container->is_array()) {
      return true;
    }
    Frame& parent = m_frames.back();
    if (parent.streamed) {
      json element = std::move(parent.container->back());
      parent.container->erase(parent.container->end() - 1);
      m_streaming->sink(path_of_next(), std::move(element));
    }
    ++parent.index;
    return true;
  }

  const JsonLimits& m_limits;
  const JsonStreaming* m_streaming;
  json m_document;
  std::vector<Frame> m_frames;
  std::size_t m_streamed_depth = 0;  // frames open inside the deepest streamed array
  std::optional<JsonError> m_error;
  std::optional<std::string> m_syntax_error;
  std::size_t m_syntax_error_position = 0;
};

// `parse` runs nlohmann's SAX reader over the input with the builder; `reached_end` tells, from
// where a syntax error was found, whether the reader had come to the end of the input.
template <typename Parse, typename ReachedEnd>
Result<json, JsonError> parse_with(const JsonLimits& limits, const JsonStreaming* streaming,
                                   Parse parse, ReachedEnd reached_end) {
  BoundedBuilder builder(limits, streaming);
  bool parsed = false;
  try {
    parsed = parse(builder);
  } catch (const json::exception& error) {
    // The reader reports through parse_error; this is for anything it throws on its own.
    builder.error() = JsonError{"", std::string("invalid JSON: ") + error.what()};
  }
  if (builder.error()) {
    return Failure{std::move(*builder.error())};
  }
  if (builder.syntax_error()) {
    return Failure{
        JsonError{"", syntax_error_message(*builder.syntax_error(),
                                           reached_end(builder.syntax_error_position()))}};
  }
  if (!parsed) {
    return Failure{JsonError{"", "invalid JSON"}};
  }
  return std::move(builder.document());
}

}  // namespace

std::string describe(const JsonError& error) {
  return (error.path.empty() ? std::string("/") : error.path) + ": " + error.message;
}

Result<json, JsonError> parse_json(std::string_view text, const JsonLimits& limits,
                                   const JsonStreaming* streaming) {
  return parse_with(
      limits, streaming,
      [&](BoundedBuilder& builder) {
        return json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                               /*strict=*/true, limits.allow_comments);
      },
      // An error on the last real character (a stray closing brace) is not a truncation.
      [&](std::size_t position) { return position > text.size(); });
}

Result<json, JsonError> parse_json(std::istream& in, const JsonLimits& limits,
                                   const JsonStreaming* streaming) {
  return parse_with(
      limits, streaming,
      [&](BoundedBuilder& builder) {
        return json::sax_parse(in, &builder, json::input_format_t::json, /*strict=*/true,
                               limits.allow_comments);
      },
      // nlohmann's stream reader marks the stream at its end when it reads past the last byte.
      [&](std::size_t /*position*/) { return in.eof(); });
}

json parse_json_or_discarded(std::string_view text, const JsonLimits& limits) {
  auto parsed = parse_json(text, limits);
  return parsed.ok() ? std::move(parsed).value() : json(json::value_t::discarded);
}

}  // namespace gdap::input
