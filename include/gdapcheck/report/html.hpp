#pragma once

// The report for people (`--format html`): one self-contained page that opens from a ticket.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <string>

namespace gdap::report {

struct HtmlReportOptions {
  // The tool's version for the footer; the report module does not know its own build.
  std::string tool_version;
};

// Return one HTML5 document with everything inline (style, a small script, no external fetch of
// any kind): the run (profile, evaluation and collection times, warnings), the partner chain, a
// sortable and filterable customer table with counts per status, one card per customer
// (relationships, role grid, findings with numbered steps and copy buttons for commands, what
// passed, what could not be checked), and everything that could not be read. Every tenant-provided
// string is escaped; a Content-Security-Policy allows only the page's own style and script.
std::string render_html(const model::Diagnosis& diagnosis, const HtmlReportOptions& options);

// The same, handed to `sink` a piece at a time (never in memory whole).
void render_html(const model::Diagnosis& diagnosis, const HtmlReportOptions& options,
                 const ReportSink& sink);

}  // namespace gdap::report
