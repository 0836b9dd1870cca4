#include "gdapcheck/report/csv.hpp"

#include "report/common.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

namespace {

constexpr std::array<std::string_view, 15> k_columns{
    "tenant_id", "tenant_name", "domain",  "tenant_type",  "customer_status",
    "rule_id",   "requirement", "result",  "severity",     "title",
    "detail",    "first_step",  "profile", "evaluated_at", "collected_at"};

using Row = std::array<std::string, k_columns.size()>;

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

std::string render_safe_csv(const model::Diagnosis& diagnosis) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte order mark
  Row header;
  for (std::size_t i = 0; i < k_columns.size(); ++i) {
    header[i] = k_columns[i];
  }
  append_row(out, header);

  for (const auto& tenant : detail::report_tenants(diagnosis)) {
    const bool partner = tenant.scope == model::RuleScope::partner;
    Row base;
    base[0] = tenant.tenant_id;
    base[1] = detail::tenant_name(diagnosis, tenant.tenant_id);
    base[2] = tenant.customer != nullptr ? tenant.customer->default_domain : std::string();
    base[3] = partner ? "partner" : "customer";
    base[4] = tenant.customer != nullptr ? std::string(model::to_string(tenant.customer->status))
                                         : std::string();
    base[12] = diagnosis.profile;
    base[13] = diagnosis.generated_at;
    base[14] = diagnosis.collected_at;

    const auto results = detail::requirement_results(diagnosis, tenant.tenant_id, tenant.scope);
    if (results.empty()) {
      append_row(out, base);  // a customer without requirements still has its row
      continue;
    }
    for (const auto& result : results) {
      Row row = base;
      row[5] = result.rule_id;
      row[6] = result.requirement();
      row[7] = detail::to_string(result.outcome);
      if (result.outcome == detail::Outcome::not_checked) {
        row[10] = reasons(result);
      }
      if (result.findings.empty()) {
        append_row(out, row);
        continue;
      }
      for (const auto* finding : result.findings) {
        row[8] = model::to_string(finding->severity);
        row[9] = finding->title;
        row[10] = finding->detail;
        row[11] = finding->remediation.empty() ? std::string() : finding->remediation.front();
        append_row(out, row);
      }
    }
  }
  return out;
}

}  // namespace

std::string render_csv(const model::Diagnosis& diagnosis) {
  return render_safe_csv(detail::without_control_characters(diagnosis));
}

}  // namespace gdap::report
