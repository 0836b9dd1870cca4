#pragma once

// The reads that failed while collecting, as the report lists them, and what the error catalogue
// says about each failure. Private to the rule engine.

#include "checks.hpp"

#include "gdapcheck/errors/catalogue.hpp"
#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/model/snapshot.hpp"

#include <vector>

namespace gdap::rules::detail {

// The partner's failed reads.
void add_partner_read_errors(std::vector<model::ReadError>& errors, const model::Partner& partner);

// One customer's failed reads: its relationships' assignments always; the reads inside the
// customer only when no finding already shows that gdapcheck cannot enter it (`shut_out`).
void add_customer_read_errors(std::vector<model::ReadError>& errors,
                              const model::Customer& customer,
                              const std::vector<const model::Relationship*>& relationships,
                              bool shut_out);

// Failed reads and the gaps they leave carry what `gdapcheck explain` says about their error.
void explain_failures(model::Diagnosis& diagnosis, const model::Snapshot& snapshot,
                      const errors::Catalogue& catalogue);

}  // namespace gdap::rules::detail
