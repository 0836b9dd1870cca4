#include "gdapcheck/report/csv.hpp"

#include "report/common.hpp"
#include "report/writer.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

namespace {

// The columns, in order; a row is indexed by them.
struct Col {
  enum : std::size_t {
    tenant_id,
    tenant_name,
    domain,
    tenant_type,
    customer_status,
    rule_id,
    requirement,
    result,
    severity,
    title,
    detail,
    first_step,
    profile,
    app,
    evaluated_at,
    collected_at,
    run_warnings,
    suppression_reason,
    suppression_expires,
    count
  };
};

constexpr std::array<std::string_view, Col::count> k_columns{"tenant_id",
                                                             "tenant_name",
                                                             "domain",
                                                             "tenant_type",
                                                             "customer_status",
                                                             "rule_id",
                                                             "requirement",
                                                             "result",
                                                             "severity",
                                                             "title",
                                                             "detail",
                                                             "first_step",
                                                             "profile",
                                                             "app",
                                                             "evaluated_at",
                                                             "collected_at",
                                                             "run_warnings",
                                                             "suppression_reason",
                                                             "suppression_expires"};

using Row = std::array<std::string, Col::count>;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
bool starts_like_formula(std::string_view cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

std::string cell(std::string_view value) {
  std::string text;
  if (starts_like_formula(value)) {
    text += '\'';
  }
  text += value;
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') {
      quoted += '"';
    }
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void append_row(std::string& out, const Row& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += cell(row[i]);
  }
  out += "\r\n";
}

std::string reasons(const detail::RequirementResult& result) {
  std::string text;
  for (const auto* gap : result.gaps) {
    text += (text.empty() ? "" : "; ") + gap->reason;
    if (!gap->blocked_by.empty()) {
      text += " (because of " + gap->blocked_by + ")";
    }
  }
  return text;
}

void render_safe_csv(const model::Diagnosis& diagnosis, detail::BufferedSink& writer) {
  auto& out = writer.text();
  out += "\xEF\xBB\xBF";  // UTF-8 byte order mark
  Row header;
  for (std::size_t i = 0; i < k_columns.size(); ++i) {
    header[i] = k_columns[i];
  }
  append_row(out, header);

  // The run's warnings (an old snapshot judged as of now, say) go on every row: a PSA import or a
  // filtered sheet keeps them with each row they qualify.
  std::string warnings;
  for (const auto& warning : diagnosis.warnings) {
    warnings += (warnings.empty() ? "" : "\n") + warning;
  }
  const detail::TenantIndex tenants(diagnosis);
  for (const auto& tenant : tenants.tenants()) {
    const bool partner = tenant.scope == model::RuleScope::partner;
    Row base;
    base[Col::tenant_id] = tenant.tenant_id;
    base[Col::tenant_name] = tenants.name(tenant.tenant_id);
    base[Col::domain] =
        tenant.customer != nullptr ? tenant.customer->default_domain : std::string();
    base[Col::tenant_type] = partner ? "partner" : "customer";
    base[Col::customer_status] = tenant.customer != nullptr
                                     ? std::string(model::to_string(tenant.customer->status))
                                     : std::string();
    base[Col::profile] = diagnosis.profile;
    base[Col::app] = diagnosis.app;
    base[Col::evaluated_at] = diagnosis.generated_at;
    base[Col::collected_at] = diagnosis.collected_at;
    base[Col::run_warnings] = warnings;

    writer.flush_when_full();
    const auto results = tenants.requirement_results(tenant.tenant_id, tenant.scope);
    if (results.empty()) {
      append_row(out, base);  // a customer without requirements still has its row
      continue;
    }
    for (const auto& outcome : results) {
      Row row = base;
      row[Col::rule_id] = outcome.rule_id;
      row[Col::requirement] = outcome.requirement();
      row[Col::result] = detail::to_string(outcome.outcome);
      if (outcome.outcome == detail::Outcome::not_checked) {
        row[Col::detail] = reasons(outcome);
      }
      for (const auto* accepted : outcome.suppressed) {
        Row accepted_row = row;
        accepted_row[Col::severity] = model::to_string(accepted->finding.severity);
        accepted_row[Col::title] = accepted->finding.title;
        accepted_row[Col::detail] = accepted->finding.detail;
        accepted_row[Col::suppression_reason] = accepted->reason;
        accepted_row[Col::suppression_expires] = accepted->expires;
        append_row(out, accepted_row);
      }
      if (!outcome.suppressed.empty()) {
        continue;
      }
      if (outcome.findings.empty()) {
        append_row(out, row);
        continue;
      }
      for (const auto* finding : outcome.findings) {
        row[Col::severity] = model::to_string(finding->severity);
        row[Col::title] = finding->title;
        row[Col::detail] = finding->detail;
        row[Col::first_step] =
            finding->remediation.empty() ? std::string() : finding->remediation.front();
        append_row(out, row);
      }
    }
  }
  writer.flush();
}

}  // namespace

void render_csv(const model::Diagnosis& diagnosis, const ReportSink& sink) {
  detail::BufferedSink writer(sink);
  render_safe_csv(*detail::DisplaySafeDiagnosis(diagnosis), writer);
}

std::string render_csv(const model::Diagnosis& diagnosis) {
  return detail::rendered_to_string([&](const ReportSink& sink) { render_csv(diagnosis, sink); });
}

}  // namespace gdap::report
