#include "report_outputs.hpp"

#include "usage_errors.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/files.hpp"
#include "gdapcheck/report/csv.hpp"
#include "gdapcheck/report/html.hpp"
#include "gdapcheck/report/json.hpp"
#include "gdapcheck/report/junit.hpp"
#include "gdapcheck/report/markdown.hpp"
#include "gdapcheck/report/text.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <ostream>
#include <utility>

namespace gdap::cli {

namespace {

constexpr std::string_view k_stdout_name = "standard output";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool is_format(const std::string& name) {
  const auto& formats = report_formats();
  return std::find(formats.begin(), formats.end(), name) != formats.end();
}

std::optional<std::string> format_of_extension(const std::string& path) {
  static const std::array<std::pair<std::string_view, std::string_view>, 8> k_extensions{{
      {".txt", "text"},
      {".json", "json"},
      {".md", "markdown"},
      {".markdown", "markdown"},
      {".html", "html"},
      {".htm", "html"},
      {".csv", "csv"},
      {".xml", "junit"},
  }};
  const auto extension = lower(std::filesystem::path(path).extension().string());
  for (const auto& [suffix, format] : k_extensions) {
    if (extension == suffix) {
      return std::string(format);
    }
  }
  return std::nullopt;
}

std::string formats_list() {
  std::string list;
  for (const auto& format : report_formats()) {
    list += (list.empty() ? "" : ", ") + format;
  }
  return list;
}

// "-o report.html:html" → {report.html, html}; "-o -" → standard output in --format's format.
ReportTarget parse_spec(const std::string& spec, const std::string& default_format) {
  std::string path = spec;
  std::optional<std::string> format;
  if (const auto colon = spec.rfind(':'); colon != std::string::npos) {
    const auto suffix = lower(spec.substr(colon + 1));
    if (is_format(suffix)) {
      path = spec.substr(0, colon);
      format = suffix;
    }
  }
  if (path.empty()) {
    throw UsageError("-o " + spec + ": no file name before the format (use - for standard output)");
  }
  if (path == "-") {
    return {"", format.value_or(default_format)};
  }
  if (!format) {
    format = format_of_extension(path);
  }
  if (!format) {
    throw UsageError("-o " + spec +
                     ": cannot tell the format from the file name; add it, e.g. -o " + spec +
                     ":html (formats: " + formats_list() + ")");
  }
  return {path, *format};
}

std::string describe(const ReportTarget& target) {
  return target.path.empty() ? std::string(k_stdout_name) : target.path;
}

}  // namespace

const std::vector<std::string>& report_formats() {
  static const std::vector<std::string> formats{"text", "json", "markdown", "html", "csv", "junit"};
  return formats;
}

std::vector<ReportTarget> plan_report_targets(const OutputRequest& request) {
  std::vector<ReportTarget> targets;
  const bool implicit_stdout =
      request.format_given || (request.specs.empty() && !request.snapshot_to_stdout);
  if (implicit_stdout) {
    targets.push_back({"", request.format});
  }
  for (const auto& spec : request.specs) {
    targets.push_back(parse_spec(spec, request.format));
  }
  const auto to_stdout =
      std::count_if(targets.begin(), targets.end(),
                    [](const ReportTarget& target) { return target.path.empty(); });
  if (to_stdout > 1) {
    throw UsageError(
        "two reports would go to standard output (--format or --json, and -o -): send one of "
        "them to a file with -o FILE");
  }
  if (to_stdout == 1 && request.snapshot_to_stdout) {
    throw UsageError(
        "--save-snapshot - writes the snapshot to standard output, and a report would go there "
        "too: send the report to a file with -o FILE");
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    for (std::size_t j = i + 1; j < targets.size(); ++j) {
      if (!targets[i].path.empty() && !targets[j].path.empty() &&
          model::same_file(targets[i].path, targets[j].path)) {
        throw UsageError("-o " + targets[j].path +
                         " is named twice: give each report its own file");
      }
    }
  }
  return targets;
}

void check_report_targets(const std::vector<ReportTarget>& targets,
                          const std::vector<std::string>& other_files) {
  for (const auto& target : targets) {
    if (target.path.empty()) {
      continue;
    }
    for (const auto& other : other_files) {
      if (!other.empty() && other != "-" && model::same_file(target.path, other)) {
        throw UsageError("-o " + target.path + " is also the snapshot this run reads or saves: " +
                         "write the report to another file");
      }
    }
    if (auto failure = model::why_cannot_replace(target.path)) {
      throw UsageError("-o " + target.path + ": " + *failure);
    }
  }
}

void render_report(const std::string& format, const model::Diagnosis& diagnosis,
                   const RenderSettings& settings, const report::ReportSink& sink) {
  if (format == "json") {
    report::render_json(diagnosis, {settings.tool_version}, sink);
  } else if (format == "markdown") {
    report::render_markdown(diagnosis, sink);
  } else if (format == "html") {
    report::render_html(diagnosis, {settings.tool_version}, sink);
  } else if (format == "csv") {
    report::render_csv(diagnosis, sink);
  } else if (format == "junit") {
    report::render_junit(diagnosis, {settings.fail_threshold}, sink);
  } else {
    report::TextReportOptions text;
    text.color = settings.color;
    report::render_text(diagnosis, text, sink);
  }
}

void write_reports(Context& context, const std::vector<ReportTarget>& targets,
                   const model::Diagnosis& diagnosis, RenderSettings settings) {
  using std::filesystem::perms;
  // Readable like any document the user writes; the umask decides.
  const auto permissions = perms::owner_read | perms::owner_write | perms::group_read |
                           perms::group_write | perms::others_read | perms::others_write;
  const bool terminal_colour = settings.color;
  std::string failures;
  for (const auto& target : targets) {
    settings.color = terminal_colour && target.path.empty();  // never colour into a file
    // Written as it is rendered: a report of 100,000 customers is never in memory whole.
    if (target.path.empty()) {
      render_report(target.format, diagnosis, settings,
                    [&](std::string_view piece) { context.streams.out << piece; });
      context.streams.out.flush();
      continue;
    }
    const auto render = [&](const model::ContentSink& write) {
      render_report(target.format, diagnosis, settings, write);
    };
    if (auto failure = model::replace_file(target.path, render, permissions)) {
      failures += (failures.empty() ? "" : "; ") + describe(target) + ": " + *failure;
    }
  }
  if (!failures.empty()) {
    throw UsageError("cannot write the report: " + failures);
  }
}

}  // namespace gdap::cli
