#pragma once

// Where `gdapcheck tenant` puts its reports: standard output and the files named with -o. Private
// to the cli module; the renderers stay in report/ and return strings.

#include "commands.hpp"

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gdap::cli {

// Every report format, as --format and -o FILE:FORMAT take it.
const std::vector<std::string>& report_formats();

struct ReportTarget {
  std::string path;  // empty: standard output
  std::string format;
};

struct OutputRequest {
  std::vector<std::string> specs;   // the -o values: FILE, FILE:FORMAT, - or -:FORMAT
  std::string format;               // --format (or json for --json)
  bool format_given = false;        // --format or --json was on the command line
  bool snapshot_to_stdout = false;  // --save-snapshot - takes standard output
};

// Where each report goes. Standard output gets the --format report when no -o is given, when
// --format or --json is, or for `-o -`; never two things at once. A file's format is the one
// after its last colon when that names a format, else its extension's (.txt .json .md .html .csv
// .xml). Throws UsageError for an unknown format, two reports to one place, or two things on
// standard output.
std::vector<ReportTarget> plan_report_targets(const OutputRequest& request);

// Before anything is collected: every file can be written (its folder exists and takes a new
// file) and none is a file the run reads or writes otherwise. Throws UsageError naming the file.
void check_report_targets(const std::vector<ReportTarget>& targets,
                          const std::vector<std::string>& other_files);

struct RenderSettings {
  bool color = false;  // text on a terminal
  std::optional<model::Severity> fail_threshold = model::Severity::error;
  std::string tool_version;
};

// Render the diagnosis in `format`, handed to `sink` piece by piece as it is rendered.
void render_report(const std::string& format, const model::Diagnosis& diagnosis,
                   const RenderSettings& settings, const report::ReportSink& sink);

// Render and write every target: files replaced atomically, standard output as is. A file that
// cannot be written does not stop the others; afterwards a UsageError names every one that failed.
void write_reports(Context& context, const std::vector<ReportTarget>& targets,
                   const model::Diagnosis& diagnosis, RenderSettings settings);

}  // namespace gdap::cli
