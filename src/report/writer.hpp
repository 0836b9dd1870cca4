#pragma once

// The report as it is written: what is gathered so far goes to the sink whenever enough of it has
// built up. Renderers append to text() and say where a piece may end (after a customer, a row).

#include "gdapcheck/report/sink.hpp"

#include <cstddef>
#include <string>

namespace gdap::report::detail {

class BufferedSink {
 public:
  explicit BufferedSink(const ReportSink& sink) : m_sink(sink) {}
  BufferedSink(const BufferedSink&) = delete;
  BufferedSink& operator=(const BufferedSink&) = delete;
  BufferedSink(BufferedSink&&) = delete;
  BufferedSink& operator=(BufferedSink&&) = delete;
  ~BufferedSink() = default;

  std::string& text() { return m_text; }

  void flush_when_full() {
    constexpr std::size_t k_piece = std::size_t{64} * 1024;
    if (m_text.size() >= k_piece) {
      flush();
    }
  }

  void flush() {
    if (!m_text.empty()) {
      m_sink(m_text);
      m_text.clear();
    }
  }

 private:
  const ReportSink& m_sink;
  std::string m_text;
};

// Renders into a string: what `render(sink)` sends, joined.
template <typename Render>
std::string rendered_to_string(const Render& render) {
  std::string out;
  render([&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace gdap::report::detail
