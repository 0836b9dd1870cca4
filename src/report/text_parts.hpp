#pragma once

// What the text report shows, made safe for a terminal part by part, so a report of 100,000
// customers never needs a cleaned copy of the whole diagnosis.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/text.hpp"

#include <cstddef>
#include <string>

namespace gdap::report::detail {

// Every part of the diagnosis the text report shows but the findings, cleaned; the customers
// without their relationships and roles. Its customers are in the diagnosis' order.
model::Diagnosis shown_in_text(const model::Diagnosis& diagnosis);

// One finding's words as the text report shows them, cleaned (no evidence, no references).
model::Finding shown_in_text(const model::Finding& finding);

// The report as it is written: the text gathered so far goes to the sink whenever enough of it
// has built up, so a report of 100,000 customers is never in memory whole.
class TextWriter {
 public:
  explicit TextWriter(const TextReportSink& sink) : m_sink(sink) {}
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;
  TextWriter(TextWriter&&) = delete;
  TextWriter& operator=(TextWriter&&) = delete;
  ~TextWriter() = default;

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
  const TextReportSink& m_sink;
  std::string m_text;
};

}  // namespace gdap::report::detail
