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

// One gap or read error as the text report shows it, cleaned (its explanation named, without the
// steps filled in for it).
model::Inconclusive shown_in_text(const model::Inconclusive& gap);
model::ReadError shown_in_text(const model::ReadError& error);

}  // namespace gdap::report::detail
