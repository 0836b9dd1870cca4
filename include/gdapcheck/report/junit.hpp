#pragma once

// Results for pipelines (`--format junit`): the JUnit XML that Azure DevOps, GitLab and Jenkins
// show as test results.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <optional>
#include <string>

namespace gdap::report {

struct JunitReportOptions {
  // A finding at or above this severity fails its test case; one below it passes with the finding
  // in the case's system-out. Nullopt (`--fail-on never`): no case fails.
  std::optional<model::Severity> fail_threshold = model::Severity::error;
};

// Return a <testsuites> document: one <testsuite> for the partner and one per customer, one
// <testcase> per requirement of the profile (classname: the tenant, name: rule id and
// requirement). A failed requirement is a <failure> (message: the title; body: detail, numbered
// steps, references); one that could not be checked is <skipped> with the reason.
std::string render_junit(const model::Diagnosis& diagnosis, const JunitReportOptions& options);

// The same, handed to `sink` a piece at a time (never in memory whole).
void render_junit(const model::Diagnosis& diagnosis, const JunitReportOptions& options,
                  const ReportSink& sink);

}  // namespace gdap::report
