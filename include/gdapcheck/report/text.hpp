#pragma once

// The human report a technician reads at a glance in a terminal.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace gdap::report {

struct TextReportOptions {
  // ANSI colour for statuses and severities; the caller decides (terminal, NO_COLOR, --no-color).
  bool color = false;
  // Column at which prose is wrapped; tables and PowerShell lines are never broken.
  std::size_t width = 100;
};

// Return the text report: a header line (profile, evaluation and collection times), the run's
// warnings, partner section, customer table, findings grouped by tenant, what could
// not be checked, and a one-line summary. Never contains an escape sequence unless `color` is set.
std::string render_text(const model::Diagnosis& diagnosis, const TextReportOptions& options);

// The same report handed to `sink` as it is rendered, so a report of 100,000 customers is never
// in memory whole (render_text above is this with a sink that appends).
void render_text(const model::Diagnosis& diagnosis, const TextReportOptions& options,
                 const ReportSink& sink);

}  // namespace gdap::report
