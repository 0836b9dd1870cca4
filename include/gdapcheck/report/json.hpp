#pragma once

// The machine-readable report: the contract scripts rely on (design §4).

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace gdap::report {

struct JsonReportOptions {
  // The tool's version for `tool.version`; the report module does not know its own build.
  std::string tool_version;
};

inline constexpr int k_json_schema_version = 1;

// Return the diagnosis as the design §4 JSON document: 2-space indent, fixed key order, unknown
// values as null, arrays never null, a trailing newline.
std::string render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options);

// The same document handed to `sink` as it is rendered, one customer or finding at a time, so a
// report of 100,000 customers is never in memory whole (the renderer stays pure: `sink` is the
// caller's, and render_json above is this with a sink that appends).
void render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options,
                 const ReportSink& sink);

}  // namespace gdap::report
