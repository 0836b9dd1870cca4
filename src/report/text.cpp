#include "gdapcheck/report/text.hpp"

#include "report/common.hpp"
#include "report/text_parts.hpp"
#include "report/wrap.hpp"
#include "report/writer.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/powershell.hpp"
#include "gdapcheck/model/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gdap::report {

using detail::append_wrapped;
using detail::display_width;

namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_green = "\x1b[32m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_magenta = "\x1b[35m";
constexpr std::string_view k_cyan = "\x1b[36m";

class Painter {
 public:
  explicit Painter(bool enabled) : m_enabled(enabled) {}

  std::string paint(std::string_view text, std::string_view colour) const {
    if (!m_enabled || text.empty()) {
      return std::string(text);
    }
    return fmt::format("{}{}{}", colour, text, k_reset);
  }

  std::string status(model::CustomerStatus status) const {
    return paint(model::to_string(status), status_colour(status));
  }

  std::string severity(model::Severity severity) const {
    switch (severity) {
      case model::Severity::error:
        return paint("error", k_red);
      case model::Severity::warning:
        return paint("warning", k_yellow);
      case model::Severity::info:
        return paint("info", k_cyan);
    }
    return std::string(model::to_string(severity));
  }

  // Yes is healthy, no is the problem, unknown is neither: the same palette as statuses.
  std::string yes_no(const std::optional<bool>& value) const {
    if (!value) {
      return paint("unknown", k_magenta);
    }
    return *value ? paint("yes", k_green) : paint("no", k_red);
  }

  std::string heading(std::string_view text) const { return paint(text, k_bold); }

 private:
  static std::string_view status_colour(model::CustomerStatus status) {
    switch (status) {
      case model::CustomerStatus::active:
        return k_green;
      case model::CustomerStatus::expiring:
        return k_yellow;
      case model::CustomerStatus::unknown:
        return k_magenta;
      default:
        return k_red;
    }
  }

  bool m_enabled;
};

std::string pad(std::string_view shown, std::size_t width) {
  const auto used = display_width(shown);
  return std::string(shown) + std::string(width > used ? width - used : 0, ' ');
}

void append_partner(std::string& out, const model::PartnerResult& partner, const Painter& painter) {
  const std::string tenant =
      partner.display_name.empty()
          ? (partner.tenant_id.empty() ? std::string("unknown") : partner.tenant_id)
          : fmt::format("{} ({})", partner.display_name, partner.tenant_id);
  const std::string account = !partner.upn.empty()       ? partner.upn
                              : !partner.user_id.empty() ? partner.user_id
                                                         : painter.paint("unknown", k_magenta);
  out += painter.heading("Partner") + "\n";
  out += fmt::format("  Tenant        {}\n", tenant);
  if (partner.app_only) {
    out += "  Signed in as  an application (app-only)\n";
    out += fmt::format("  Account       {}\n", partner.upn.empty() && partner.user_id.empty()
                                                   ? std::string("none named (--user UPN)")
                                                   : account);
    out += "  MFA           not applicable (an app-only token has no user and no MFA claim)\n";
    if (partner.upn.empty() && partner.user_id.empty()) {
      out += "  Global Admin  not applicable (no account named)\n";
      out += "  AdminAgents   not applicable (no account named)\n";
      return;
    }
  } else {
    out += fmt::format("  Signed in as  {}\n", account);
    out += fmt::format("  MFA           {}\n", painter.yes_no(partner.mfa));
  }
  out += fmt::format("  Global Admin  {}\n", painter.yes_no(partner.global_admin));
  out += fmt::format("  AdminAgents   {}\n", painter.yes_no(partner.in_admin_agents));
}

std::string access_ends(const model::CustomerResult& customer) {
  if (!customer.access_ends) {
    return "-";
  }
  const auto& access_end = *customer.access_ends;
  const auto end = model::parse_timestamp(access_end.end_date_time);
  std::string text = end ? model::format_date(*end) : access_end.end_date_time;
  if (access_end.auto_extends) {
    text += " (auto-extends)";
  }
  return text;
}

void append_customers(detail::BufferedSink& writer, const model::Diagnosis& diagnosis,
                      const Painter& painter) {
  auto& out = writer.text();
  out += painter.heading("Customers") + "\n";
  if (diagnosis.customers.empty()) {
    out += "  No customers.\n";
    return;
  }
  struct Row {
    std::string name;
    std::string domain;
    model::CustomerStatus status;
    std::string ends;
  };
  std::vector<Row> rows;
  std::array<std::size_t, 3> widths{4, 6, 6};  // NAME, DOMAIN, STATUS
  for (const auto& customer : diagnosis.customers) {
    Row row{customer.display_name.empty() ? customer.tenant_id : customer.display_name,
            customer.default_domain.empty() ? "-" : customer.default_domain, customer.status,
            access_ends(customer)};
    widths[0] = std::max(widths[0], display_width(row.name));
    widths[1] = std::max(widths[1], display_width(row.domain));
    widths[2] = std::max(widths[2], display_width(model::to_string(row.status)));
    rows.push_back(std::move(row));
  }
  out += fmt::format("  {}  {}  {}  ACCESS ENDS\n", pad("NAME", widths[0]),
                     pad("DOMAIN", widths[1]), pad("STATUS", widths[2]));
  for (const auto& row : rows) {
    out += fmt::format("  {}  {}  {}  {}\n", pad(row.name, widths[0]), pad(row.domain, widths[1]),
                       pad(painter.status(row.status), widths[2]), row.ends);
    writer.flush_when_full();
  }
}

std::string group_heading(const detail::TenantIndex& tenants, const detail::TenantFindings& group) {
  if (group.is_partner) {
    return fmt::format("Partner: {}", tenants.name(group.tenant_id));
  }
  if (group.customer != nullptr && !group.customer->display_name.empty() &&
      !group.customer->default_domain.empty()) {
    return fmt::format("{} ({})", group.customer->display_name, group.customer->default_domain);
  }
  return tenants.name(group.tenant_id);
}

void append_finding(std::string& out, const model::Finding& finding, const Painter& painter,
                    std::size_t width) {
  append_wrapped(out,
                 fmt::format("    {} {}: ", painter.severity(finding.severity), finding.rule_id),
                 "        ", finding.title, width);
  if (!finding.detail.empty()) {
    append_wrapped(out, "      ", "      ", finding.detail, width);
  }
  std::size_t number = 0;
  for (const auto& step : finding.remediation) {
    const auto marker = fmt::format("      {}. ", ++number);
    append_wrapped(out, marker, std::string(marker.size(), ' '), step, width);
  }
  // Commands are printed whole, one to a line, however wide: a wrapped command cannot be pasted.
  if (!finding.commands.empty()) {
    out += "      PowerShell:\n";
    for (const auto& line : model::powershell_script(finding.commands)) {
      out += "        " + line + "\n";
    }
  }
}

// `findings` is the diagnosis as rendered; `shown` its cleaned part-copy (every part but the
// findings), whose customers are in the same order.
void append_findings(detail::BufferedSink& writer, const model::Diagnosis& findings,
                     const model::Diagnosis& shown, const detail::TenantIndex& tenants,
                     const Painter& painter, std::size_t width) {
  auto& out = writer.text();
  out += painter.heading("Findings") + "\n";
  auto groups = detail::group_findings_by_tenant(findings);
  for (auto& group : groups) {
    model::make_display_text(group.tenant_id, model::LineBreaks::replace);
    if (group.customer != nullptr) {
      group.customer =
          &shown.customers[static_cast<std::size_t>(group.customer - findings.customers.data())];
    }
  }
  if (groups.empty()) {
    out += "  No findings.\n";
    return;
  }
  bool first = true;
  for (const auto& group : groups) {
    if (!first) {
      out += "\n";
    }
    first = false;
    out += fmt::format("  {}\n", group_heading(tenants, group));
    for (const auto* finding : group.findings) {
      append_finding(out, detail::shown_in_text(*finding), painter, width);
      writer.flush_when_full();
    }
  }
}

void append_suppressed(std::string& out, const model::Diagnosis& diagnosis,
                       const detail::TenantIndex& tenants, const Painter& painter,
                       std::size_t width) {
  out += painter.heading("Accepted exceptions (suppressed: they fail nothing)") + "\n";
  for (const auto& accepted : diagnosis.suppressed) {
    const auto& finding = accepted.finding;
    append_wrapped(out,
                   fmt::format("  {} {} ({}): ", painter.severity(finding.severity),
                               finding.rule_id, tenants.name(finding.tenant_id)),
                   "      ", finding.title, width);
    append_wrapped(out, "      ", "      ", detail::acceptance(accepted), width);
  }
}

std::string plural(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// One line per error the catalogue recognises, once per tenant: three reads refused with the
// same 403 need one explanation, not three.
void append_explanation(std::string& out, const std::optional<model::Explanation>& explanation,
                        const std::string& tenant_id, std::unordered_set<std::string>& shown,
                        std::size_t width) {
  if (!explanation ||
      !shown.insert(fmt::format("{} {}", tenant_id, explanation->id.view())).second) {
    return;
  }
  // The report is already the check, so the most likely cause helps more here than a fix step.
  std::string line = fmt::format("{}.", explanation->title.view());
  if (!explanation->causes.empty()) {
    line += fmt::format(" Most likely: {}", explanation->causes.front().view());
  }
  line += fmt::format(" (gdapcheck explain {})", explanation->id.view());
  append_wrapped(out, "    → ", "      ", line, width);
}

// The checks one finding kept from running, and in which tenants (each named once, in order).
struct BlockedChecks {
  std::string blocked_by;
  std::size_t count = 0;
  std::vector<std::string> tenant_names;
  std::unordered_set<std::string> named;
};

// `diagnosis` is the diagnosis as rendered: its gaps and read errors are cleaned one at a time.
void append_unchecked(detail::BufferedSink& writer, const model::Diagnosis& diagnosis,
                      const detail::TenantIndex& tenants, const Painter& painter,
                      std::size_t width) {
  auto& out = writer.text();
  out += painter.heading("Could not check") + "\n";
  std::unordered_set<std::string> explained_errors;
  // Gaps a finding explains are one line per explaining rule: the technician fixes that finding
  // and runs again, so listing each consequence would bury the gaps that need attention.
  std::vector<BlockedChecks> explained;
  std::unordered_map<std::string, std::size_t> explained_by;  // blocked_by → its entry
  for (const auto& unclean : diagnosis.inconclusive) {
    const auto item = detail::shown_in_text(unclean);
    if (item.blocked_by.empty()) {
      append_wrapped(
          out, "  ", "    ",
          fmt::format("{}: {}: {}", tenants.name(item.tenant_id), item.rule_id, item.reason),
          width);
      append_explanation(out, item.explanation, item.tenant_id, explained_errors, width);
      writer.flush_when_full();
      continue;
    }
    const auto [entry, added] = explained_by.try_emplace(item.blocked_by, explained.size());
    if (added) {
      explained.push_back({item.blocked_by, 0, {}, {}});
    }
    auto& group = explained[entry->second];
    ++group.count;
    auto name = tenants.name(item.tenant_id);
    if (group.named.insert(name).second) {
      group.tenant_names.push_back(std::move(name));
    }
  }
  for (const auto& group : explained) {
    std::string names;
    for (const auto& name : group.tenant_names) {
      names += (names.empty() ? "" : ", ") + name;
    }
    append_wrapped(out, "  ", "    ",
                   fmt::format("{} not run because of {} (fix that first): {}",
                               plural(group.count, "check"), group.blocked_by, names),
                   width);
  }
  for (const auto& unclean : diagnosis.errors) {
    const auto error = detail::shown_in_text(unclean);
    append_wrapped(out, "  ", "    ",
                   fmt::format("{}: {} failed: {}", tenants.name(error.tenant_id), error.operation,
                               error.message),
                   width);
    append_explanation(out, error.explanation, error.tenant_id, explained_errors, width);
    writer.flush_when_full();
  }
}

std::string summary_line(const model::Diagnosis& diagnosis) {
  std::string line = plural(diagnosis.customers.size(), "customer");
  const auto statuses = detail::count_statuses(diagnosis.customers);
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    line += fmt::format("{} {} {}", i == 0 ? ":" : ",", statuses[i].count,
                        model::to_string(statuses[i].status));
  }
  const auto severities = detail::count_severities(diagnosis.findings);
  line += fmt::format(" · {}, {}, {} info", plural(severities.error, "error"),
                      plural(severities.warning, "warning"), severities.info);
  if (!diagnosis.suppressed.empty()) {
    line += fmt::format(" · {} suppressed", diagnosis.suppressed.size());
  }
  const auto unchecked = diagnosis.inconclusive.size() + diagnosis.errors.size();
  if (unchecked > 0) {
    line += fmt::format(" · {} not checked", unchecked);
  }
  return line;
}

// Which requirements, judged as of when, on facts read when: a report pasted into a ticket must
// say so, or an old snapshot's verdict passes for today's. Parts are joined with " · " and a long
// header breaks only between them, so a label stays with its time.
void append_header(std::string& out, const model::Diagnosis& diagnosis, std::size_t width) {
  const auto or_unknown = [](const std::string& text) {
    return text.empty() ? std::string("unknown") : text;
  };
  std::string profile = "Profile " + or_unknown(diagnosis.profile);
  if (!diagnosis.app.empty()) {
    profile += fmt::format(" (app {})", diagnosis.app);
  }
  const std::array<std::string, 3> parts{profile,
                                         "evaluated at " + or_unknown(diagnosis.generated_at),
                                         "collected at " + or_unknown(diagnosis.collected_at)};
  std::string line = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (display_width(line) + 3 + display_width(parts[i]) > width) {
      out += line + " ·\n";
      line = "  " + parts[i];
    } else {
      line += " · " + parts[i];
    }
  }
  out += line + "\n";
}

void append_not_applicable(std::string& out, const model::Diagnosis& diagnosis,
                           const Painter& painter, std::size_t width) {
  out += painter.heading("Not applicable to this run") + "\n";
  for (const auto& rule : diagnosis.not_applicable) {
    append_wrapped(out, "  " + rule.rule_id + ": ", "    ", rule.reason, width);
  }
}

void append_warnings(std::string& out, const std::vector<std::string>& warnings,
                     const Painter& painter, std::size_t width) {
  for (const auto& warning : warnings) {
    append_wrapped(out, painter.paint("Warning:", k_yellow) + " ", "  ", warning, width);
  }
}

void render_safe_text(const model::Diagnosis& diagnosis, const model::Diagnosis& shown,
                      const TextReportOptions& options, detail::BufferedSink& writer) {
  const Painter painter(options.color);
  const detail::TenantIndex tenants(shown);
  auto& out = writer.text();
  append_header(out, shown, options.width);
  append_warnings(out, shown.warnings, painter, options.width);
  out += "\n";
  append_partner(out, shown.partner, painter);
  out += "\n";
  append_customers(writer, shown, painter);
  out += "\n";
  append_findings(writer, diagnosis, shown, tenants, painter, options.width);
  if (!shown.suppressed.empty()) {
    out += "\n";
    append_suppressed(out, shown, tenants, painter, options.width);
  }
  if (!diagnosis.inconclusive.empty() || !diagnosis.errors.empty()) {
    out += "\n";
    append_unchecked(writer, diagnosis, tenants, painter, options.width);
  }
  if (!shown.not_applicable.empty()) {
    out += "\n";
    append_not_applicable(out, shown, painter, options.width);
  }
  out += '\n';
  // Counts only: the findings' words do not enter it.
  out += summary_line(diagnosis);
  out += '\n';
  writer.flush();
}

}  // namespace

void render_text(const model::Diagnosis& diagnosis, const TextReportOptions& options,
                 const ReportSink& sink) {
  detail::BufferedSink writer(sink);
  render_safe_text(diagnosis, detail::shown_in_text(diagnosis), options, writer);
}

std::string render_text(const model::Diagnosis& diagnosis, const TextReportOptions& options) {
  return detail::rendered_to_string(
      [&](const ReportSink& sink) { render_text(diagnosis, options, sink); });
}

}  // namespace gdap::report
