#pragma once

// The spreadsheet and PSA import (`--format csv`): one row per tenant and requirement.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <string>

namespace gdap::report {

// Return RFC 4180 CSV (CRLF between records, quoted where needed), UTF-8 with a byte order mark so
// Excel reads names right, and a header row. One row per customer × requirement of the profile and
// one per partner requirement; a requirement that failed in several ways (two missing apps) has a
// row per finding. `result` is passed, failed or not_checked; severity, title and first_step are
// filled for a failed one, and detail for a failed one (the finding's) or not_checked (why). A cell
// that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is
// prefixed with an apostrophe: tenant names are attacker-controlled.
std::string render_csv(const model::Diagnosis& diagnosis);

// The same, handed to `sink` a piece at a time (never in memory whole).
void render_csv(const model::Diagnosis& diagnosis, const ReportSink& sink);

}  // namespace gdap::report
