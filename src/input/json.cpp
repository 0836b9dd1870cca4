#include "gdapcheck/input/json.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

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
    m_frames.back().placed_key = nullptr;
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) {
    return failed_at(position, last_token, error.id, error.what());
  }
  // The same, from its parts (a failure the reading thread recorded: EventRecorder, replay).
  bool failed_at(std::size_t position, const std::string& last_token, int id,
                 const std::string& what) {
    if (id == 406) {  // out_of_range.406: a number beyond what a double holds
      return fail(path_of_next(), "the number " + last_token + " is too large");
    }
    m_syntax_error = what;
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
    std::string key;  // objects: the key of the value being read, until it is placed
    const std::string* placed_key = nullptr;  // then: the same key, moved into the object
    std::size_t index = 0;                    // arrays: the index of the element being read
    bool streamed = false;                    // its elements go to the sink
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
    if (frame.container->is_array()) {
      return std::to_string(frame.index);
    }
    return pointer_token(frame.placed_key != nullptr ? *frame.placed_key : frame.key);
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
    // The key is moved into the object, not copied; a repeated key keeps the last value, as
    // nlohmann's own reader does.
    auto& members = top.container->get_ref<json::object_t&>();
    const auto member = members.try_emplace(std::move(top.key)).first;
    top.placed_key = &member->first;
    member->second = std::move(value);
    return &member->second;
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
    m_frames.push_back(Frame{placed, {}, nullptr, 0, false});
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

// A large snapshot is read on two threads: this one lexes the text (nlohmann's reader, about as
// much work as all the rest of reading) and records its events as bytes, the caller's thread
// builds the document and the model from them. Only large blocks of bytes cross between the
// threads, never a value made on one and freed on the other (which costs more than it saves).
enum class EventKind : char {
  null,
  boolean,
  integer,
  unsigned_integer,
  floating,
  string,
  start_object,
  start_array,
  key,
  end_object,
  end_array,
  parse_error,  // position, id, last token, message
  thrown,       // message: the reader threw on its own
};

class EventWriter {
 public:
  explicit EventWriter(std::string& bytes) : m_bytes(&bytes) {}
  void kind(EventKind kind) { m_bytes->push_back(static_cast<char>(kind)); }
  template <typename Number>
  void number(Number value) {
    std::array<char, sizeof(Number)> raw{};
    std::memcpy(raw.data(), &value, sizeof(Number));
    m_bytes->append(raw.data(), raw.size());
  }
  void text(const std::string& value) {
    number(value.size());
    m_bytes->append(value);
  }

 private:
  std::string* m_bytes;
};

class EventReader {
 public:
  explicit EventReader(const std::string& bytes) : m_bytes(bytes) {}
  bool done() const { return m_at == m_bytes.size(); }
  EventKind kind() { return static_cast<EventKind>(m_bytes[m_at++]); }
  template <typename Number>
  Number number() {
    Number value{};
    std::memcpy(&value, m_bytes.data() + m_at, sizeof(Number));
    m_at += sizeof(Number);
    return value;
  }
  std::string text() {
    const auto size = number<std::size_t>();
    std::string value = m_bytes.substr(m_at, size);
    m_at += size;
    return value;
  }

 private:
  const std::string& m_bytes;
  std::size_t m_at = 0;
};

// Blocks of recorded events, from the reading thread to the building one, a few at most in
// between so that memory stays bounded whatever the size of the text.
class EventQueue {
 public:
  // Waits for room; false (and the block dropped) once the builder has abandoned the queue.
  bool push(std::string block) {
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [this] { return m_blocks.size() < k_blocks_ahead || m_abandoned; });
    if (m_abandoned) {
      return false;
    }
    m_blocks.push_back(std::move(block));
    m_ready.notify_one();
    return true;
  }
  void close() {
    const std::lock_guard lock(m_mutex);
    m_closed = true;
    m_ready.notify_one();
  }
  // The next block; nullopt once the reader has closed the queue and every block is taken.
  std::optional<std::string> pop() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return !m_blocks.empty() || m_closed; });
    if (m_blocks.empty()) {
      return std::nullopt;
    }
    std::string block = std::move(m_blocks.front());
    m_blocks.pop_front();
    m_room.notify_one();
    return block;
  }
  // The builder stopped (a limit, a syntax error): the reader stops too, and never waits.
  void abandon() {
    const std::lock_guard lock(m_mutex);
    m_abandoned = true;
    m_blocks.clear();
    m_room.notify_one();
  }

 private:
  static constexpr std::size_t k_blocks_ahead = 4;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::condition_variable m_room;
  std::deque<std::string> m_blocks;
  bool m_closed = false;
  bool m_abandoned = false;
};

// nlohmann's SAX interface on the reading thread: every event appended to the current block.
class EventRecorder {
 public:
  explicit EventRecorder(EventQueue& queue) : m_queue(&queue) {}

  bool null() { return record(EventKind::null); }
  bool boolean(bool value) { return record_number(EventKind::boolean, static_cast<char>(value)); }
  bool number_integer(json::number_integer_t value) {
    return record_number(EventKind::integer, value);
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return record_number(EventKind::unsigned_integer, value);
  }
  bool number_float(json::number_float_t value, const std::string& /*text*/) {
    return record_number(EventKind::floating, value);
  }
  bool string(std::string& value) { return record_text(EventKind::string, value); }
  static bool binary(json::binary_t& /*value*/) { return false; }  // never in JSON text
  bool start_object(std::size_t /*elements*/) { return record(EventKind::start_object); }
  bool start_array(std::size_t /*elements*/) { return record(EventKind::start_array); }
  bool key(std::string& name) { return record_text(EventKind::key, name); }
  bool end_object() { return record(EventKind::end_object); }
  bool end_array() { return record(EventKind::end_array); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) {
    m_write.kind(EventKind::parse_error);
    m_write.number(position);
    m_write.number(error.id);
    m_write.text(last_token);
    m_write.text(error.what());
    return false;
  }
  void thrown(const std::string& what) noexcept {
    try {
      m_write.kind(EventKind::thrown);
      m_write.text(what);
    } catch (const std::bad_alloc&) {
      m_queue->abandon();  // the builder then ends with the events it has
    }
  }

  // Hands the last block over and tells the builder that no more will come (always, or the
  // builder would wait for ever).
  void finish() noexcept {
    try {
      m_queue->push(std::exchange(m_block, {}));
    } catch (const std::bad_alloc&) {
      m_queue->abandon();
    }
    m_queue->close();
  }

 private:
  static constexpr std::size_t k_block_bytes = std::size_t{1} << 20U;

  bool record(EventKind kind) {
    m_write.kind(kind);
    return handed_over();
  }
  template <typename Number>
  bool record_number(EventKind kind, Number value) {
    m_write.kind(kind);
    m_write.number(value);
    return handed_over();
  }
  bool record_text(EventKind kind, const std::string& value) {
    m_write.kind(kind);
    m_write.text(value);
    return handed_over();
  }
  // A full block goes to the builder. False once the builder has stopped: the reader then stops.
  bool handed_over() {
    return m_block.size() < k_block_bytes || m_queue->push(std::exchange(m_block, new_block()));
  }
  // Room for a block and the event that fills it past its size, without growing.
  static std::string new_block() {
    std::string block;
    block.reserve(k_block_bytes + k_block_bytes / 8);
    return block;
  }

  EventQueue* m_queue;
  std::string m_block = new_block();
  EventWriter m_write{m_block};
};

// Replays one block of events into the builder; false when the builder stops.
bool replay(EventReader& events, BoundedBuilder& builder) {
  while (!events.done()) {
    bool going = true;
    switch (events.kind()) {
      case EventKind::null:
        going = builder.null();
        break;
      case EventKind::boolean:
        going = builder.boolean(events.number<char>() != 0);
        break;
      case EventKind::integer:
        going = builder.number_integer(events.number<json::number_integer_t>());
        break;
      case EventKind::unsigned_integer:
        going = builder.number_unsigned(events.number<json::number_unsigned_t>());
        break;
      case EventKind::floating:
        going = builder.number_float(events.number<json::number_float_t>(), {});
        break;
      case EventKind::string: {
        auto value = events.text();
        going = builder.string(value);
        break;
      }
      case EventKind::start_object:
        going = builder.start_object(0);
        break;
      case EventKind::start_array:
        going = builder.start_array(0);
        break;
      case EventKind::key: {
        auto name = events.text();
        going = builder.key(name);
        break;
      }
      case EventKind::end_object:
        going = builder.end_object();
        break;
      case EventKind::end_array:
        going = builder.end_array();
        break;
      case EventKind::parse_error: {
        const auto position = events.number<std::size_t>();
        const auto id = events.number<int>();
        const auto last_token = events.text();
        going = builder.failed_at(position, last_token, id, events.text());
        break;
      }
      case EventKind::thrown:
        builder.error() = JsonError{"", "invalid JSON: " + events.text()};
        going = false;
        break;
    }
    if (!going) {
      return false;
    }
  }
  return true;
}

// Runs nlohmann's reader over `in` on a second thread, and the builder on this one.
bool parse_on_two_threads(std::istream& in, const JsonLimits& limits, BoundedBuilder& builder) {
  EventQueue queue;
  bool parsed = false;
  std::thread reader([&] {
    EventRecorder recorder(queue);
    try {
      parsed = json::sax_parse(in, &recorder, json::input_format_t::json, /*strict=*/true,
                               limits.allow_comments);
    } catch (const std::exception& error) {  // json::exception, std::bad_alloc
      recorder.thrown(error.what());
    }
    recorder.finish();
  });
  bool building = true;
  try {
    while (auto block = queue.pop()) {
      EventReader events(*block);
      if (building && !replay(events, builder)) {
        building = false;
        queue.abandon();
      }
    }
  } catch (...) {
    queue.abandon();
    while (queue.pop()) {
    }
    reader.join();
    throw;
  }
  reader.join();
  return building && parsed;
}

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
        // A streamed document is a large one (a snapshot): its text is lexed on a second thread.
        if (streaming != nullptr) {
          return parse_on_two_threads(in, limits, builder);
        }
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
