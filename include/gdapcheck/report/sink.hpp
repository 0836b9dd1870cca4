#pragma once

// Where a report goes while it is rendered: to standard output or a file, piece by piece, so a
// report of 100,000 customers (hundreds of megabytes of HTML) is never in memory whole.

#include <functional>
#include <string_view>

namespace gdap::report {

// Receives the report piece by piece, in order; the pieces joined are the whole report.
using ReportSink = std::function<void(std::string_view piece)>;

}  // namespace gdap::report
