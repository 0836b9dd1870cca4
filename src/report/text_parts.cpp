#include "report/text_parts.hpp"

#include "report/common.hpp"

#include <utility>

namespace gdap::report::detail {

namespace {

// The text report names an explanation (its title, likeliest cause and id, for `gdapcheck
// explain`); the fix steps and confirm command filled in for each failure are not shown, so not
// copied: a partner whose reads fail everywhere has several per customer.
void keep_named_part(std::optional<model::Explanation>& explanation) {
  if (explanation) {
    explanation->fix = {};
    explanation->confirm = {};
  }
}

}  // namespace

model::Inconclusive shown_in_text(const model::Inconclusive& gap) {
  auto shown = gap;
  keep_named_part(shown.explanation);
  remove_control_characters(shown);
  return shown;
}

model::ReadError shown_in_text(const model::ReadError& error) {
  auto shown = error;
  keep_named_part(shown.explanation);
  remove_control_characters(shown);
  return shown;
}

// A finding as the text report shows it: its words, cleaned (a copy of one finding at a time,
// not of every finding at once).
model::Finding shown_in_text(const model::Finding& finding) {
  model::Finding shown;
  shown.rule_id = finding.rule_id;
  shown.severity = finding.severity;
  shown.tenant_id = finding.tenant_id;
  shown.title = finding.title;
  shown.detail = finding.detail;
  shown.remediation = finding.remediation;
  shown.commands = finding.commands;
  remove_control_characters(shown);
  return shown;
}

// What the text report shows of the diagnosis, cleaned: every part but the findings, gaps and
// read errors (cleaned one at a time as they are written) and the customers' relationships and
// roles (not shown here).
// A part added to the diagnosis that the text report shows must be copied here too.
model::Diagnosis shown_in_text(const model::Diagnosis& diagnosis) {
  model::Diagnosis shown;
  shown.generated_at = diagnosis.generated_at;
  shown.collected_at = diagnosis.collected_at;
  shown.profile = diagnosis.profile;
  shown.app = diagnosis.app;
  shown.partner = diagnosis.partner;
  shown.customers.reserve(diagnosis.customers.size());
  for (const auto& customer : diagnosis.customers) {
    model::CustomerResult row;
    row.tenant_id = customer.tenant_id;
    row.display_name = customer.display_name;
    row.default_domain = customer.default_domain;
    row.status = customer.status;
    row.status_reason = customer.status_reason;
    row.access_ends = customer.access_ends;
    shown.customers.push_back(std::move(row));
  }
  shown.suppressed = diagnosis.suppressed;
  shown.evaluated_rules = diagnosis.evaluated_rules;
  shown.not_applicable = diagnosis.not_applicable;
  shown.warnings = diagnosis.warnings;
  return without_control_characters(std::move(shown));
}

}  // namespace gdap::report::detail
