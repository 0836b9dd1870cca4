#pragma once

// The onboarding checklist (`--format markdown`): one tick box per requirement per tenant.

#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/report/sink.hpp"

#include <string>

namespace gdap::report {

// Return a CommonMark/GitHub checklist: partner requirements, then one section per customer. A
// requirement is ticked only when its rule ran and passed; failed and undecided ones stay open.
std::string render_markdown(const model::Diagnosis& diagnosis);

// The same, handed to `sink` a piece at a time (never in memory whole).
void render_markdown(const model::Diagnosis& diagnosis, const ReportSink& sink);

}  // namespace gdap::report
