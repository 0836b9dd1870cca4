#include "gdapcheck/report/html.hpp"

#include "report/common.hpp"
#include "report/html_parts.hpp"
#include "report/markup.hpp"
#include "report/writer.hpp"

#include "gdapcheck/model/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

namespace {

using detail::escape_markup;

std::string or_unknown(const std::string& text) {
  return text.empty() ? std::string("unknown") : escape_markup(text);
}

void append_head(std::string& out, const model::Diagnosis& diagnosis,
                 const detail::TenantIndex& tenants) {
  const auto style = detail::html_style();
  const auto script = detail::html_script();
  // Nothing may load from anywhere; only this page's own style and script may apply or run.
  const auto policy = fmt::format(
      "default-src 'none'; style-src {}; script-src {}; img-src 'none'; base-uri 'none'; "
      "form-action 'none'",
      detail::csp_hash_source(style), detail::csp_hash_source(script));
  // "no-js" hides the controls that need the script (filters, sorting, copy) until it runs.
  out += "<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", policy);
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += fmt::format("<title>GDAP report: {} ({})</title>\n",
                     escape_markup(tenants.name(diagnosis.partner.tenant_id)),
                     or_unknown(diagnosis.generated_at));
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", style);
}

void append_run(std::string& out, const model::Diagnosis& diagnosis,
                const detail::TenantIndex& tenants) {
  out += fmt::format("<header>\n<h1>GDAP report: {}</h1>\n",
                     escape_markup(tenants.name(diagnosis.partner.tenant_id)));
  std::string profile = or_unknown(diagnosis.profile);
  if (!diagnosis.app.empty()) {
    profile += fmt::format(" (app {})", escape_markup(diagnosis.app));
  }
  out += fmt::format(
      "<p class=\"run\" id=\"run\">Profile <b id=\"run-profile\">{}</b> · evaluated at <time "
      "id=\"evaluated-at\">{}</time> · facts collected at <time id=\"collected-at\">{}</time>"
      "</p>\n",
      profile, or_unknown(diagnosis.generated_at), or_unknown(diagnosis.collected_at));
  for (const auto& warning : diagnosis.warnings) {
    out += fmt::format("<p class=\"warning\">Warning: {}</p>\n", escape_markup(warning));
  }
  out += "</header>\n";
}

struct ChainLink {
  std::string_view id;
  std::string_view label;
  std::optional<bool> value;
  std::string_view yes;
  std::string_view no;
};

void append_partner(std::string& out, const model::Diagnosis& diagnosis,
                    const detail::TenantIndex& tenants) {
  const auto& partner = diagnosis.partner;
  out += "<section id=\"partner\">\n<h2>Partner</h2>\n<ol class=\"chain\">\n";
  out += fmt::format(
      "<li class=\"ok\" data-link=\"tenant\"><b>Partner tenant</b>{}<br><span "
      "class=\"ids\">{}</span></li>\n",
      escape_markup(tenants.name(partner.tenant_id)), or_unknown(partner.tenant_id));
  const std::string account = !partner.upn.empty() ? partner.upn : partner.user_id;
  out += fmt::format("<li class=\"{}\" data-link=\"account\"><b>Signed in as</b>{}</li>\n",
                     account.empty() ? "unknown" : "ok", or_unknown(account));
  const std::vector<ChainLink> links{
      {"mfa", "MFA at sign-in", partner.mfa, "yes", "no"},
      {"admin-agents", "In AdminAgents", partner.in_admin_agents, "yes", "no"},
      {"global-admin", "Global Administrator", partner.global_admin, "yes", "no"},
  };
  for (const auto& link : links) {
    if (partner.app_only && link.id == std::string_view("mfa")) {
      // Neither a pass nor unknown: an app-only token is no person's sign-in.
      out +=
          "<li class=\"na\" data-link=\"mfa\"><b>MFA at sign-in</b>not applicable (an "
          "app-only token has no user and no MFA claim)</li>\n";
      continue;
    }
    const char* state = !link.value ? "unknown" : (*link.value ? "ok" : "bad");
    out += fmt::format(
        "<li class=\"{}\" data-link=\"{}\"><b>{}</b>{}</li>\n", state, link.id, link.label,
        !link.value ? std::string_view("unknown") : (*link.value ? link.yes : link.no));
  }
  out += "</ol>\n";
  const auto results = tenants.requirement_results(partner.tenant_id, model::RuleScope::partner);
  std::vector<const model::Finding*> findings;
  for (const auto& result : results) {
    findings.insert(findings.end(), result.findings.begin(), result.findings.end());
  }
  if (findings.empty()) {
    out += "<p class=\"muted\">No partner findings.</p>\n";
  } else {
    detail::append_html_findings(out, findings);
  }
  out += "</section>\n";
}

// Worst statuses sort last when ascending; the order is model::CustomerStatus's.
int status_rank(model::CustomerStatus status) {
  return static_cast<int>(status);
}

void append_customer_table(detail::BufferedSink& writer, const model::Diagnosis& diagnosis,
                           const detail::TenantIndex& tenants) {
  auto& out = writer.text();
  out += "<section id=\"customers\">\n<h2>Customers</h2>\n";
  if (diagnosis.customers.empty()) {
    out += "<p class=\"muted\">No customers.</p>\n</section>\n";
    return;
  }
  out += "<div class=\"filters\" role=\"group\" aria-label=\"Filter by status\">\n";
  out += fmt::format(
      "<button type=\"button\" data-status=\"all\" aria-pressed=\"true\">All <span "
      "class=\"count\">{}</span></button>\n",
      diagnosis.customers.size());
  for (const auto& [status, count] : detail::count_statuses(diagnosis.customers)) {
    out += fmt::format(
        "<button type=\"button\" data-status=\"{0}\" aria-pressed=\"false\">{0} <span "
        "class=\"count\">{1}</span></button>\n",
        model::to_string(status), count);
  }
  out +=
      "<input type=\"search\" id=\"customer-search\" placeholder=\"Filter by name, domain or "
      "tenant id\" aria-label=\"Filter customers\">\n</div>\n";
  out += fmt::format("<p class=\"muted\" id=\"customer-shown\">Showing {0} of {0}</p>\n",
                     diagnosis.customers.size());
  out +=
      "<table id=\"customer-table\">\n<thead><tr>"
      "<th><button type=\"button\">Customer</button></th>"
      "<th><button type=\"button\">Domain</button></th>"
      "<th data-type=\"number\"><button type=\"button\">Status</button></th>"
      "<th><button type=\"button\">Access ends</button></th>"
      "<th data-type=\"number\"><button type=\"button\">Findings</button></th>"
      "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < diagnosis.customers.size(); ++i) {
    const auto& customer = diagnosis.customers[i];
    std::string ends = "–";
    std::string ends_key = "9999";
    if (customer.access_ends) {
      const auto& access_end = *customer.access_ends;
      const auto end = model::parse_timestamp(access_end.end_date_time);
      ends = escape_markup(end ? model::format_date(*end) : access_end.end_date_time);
      ends_key = escape_markup(access_end.end_date_time);
      if (access_end.auto_extends) {
        ends += " (auto-extends)";
      }
    }
    const auto findings = tenants.findings(customer.tenant_id).size();
    const auto name = tenants.name(customer.tenant_id);
    out += fmt::format(
        "<tr data-status=\"{0}\" data-search=\"{1}\"><td data-key=\"{2}\"><a "
        "href=\"#customer-{3}\">{2}</a></td><td>{4}</td><td data-key=\"{5}\">{6}</td><td "
        "data-key=\"{7}\">{8}</td><td data-key=\"{9}\">{9}</td></tr>\n",
        model::to_string(customer.status), escape_markup(detail::customer_search_text(customer)),
        escape_markup(name), i + 1,
        customer.default_domain.empty() ? "–" : escape_markup(customer.default_domain),
        status_rank(customer.status), detail::status_badge(customer.status), ends_key, ends,
        findings);
    writer.flush_when_full();
  }
  out += "</tbody>\n</table>\n</section>\n";
}

void append_unchecked(std::string& out, const model::Diagnosis& diagnosis,
                      const detail::TenantIndex& tenants) {
  out += "<section id=\"unchecked\">\n<h2>Could not be read or checked</h2>\n";
  if (diagnosis.errors.empty() && diagnosis.inconclusive.empty()) {
    out += "<p class=\"muted\">Everything needed was read and checked.</p>\n</section>\n";
    return;
  }
  if (!diagnosis.errors.empty()) {
    out +=
        "<h3>Reads that failed</h3>\n<table id=\"read-errors\">\n<thead><tr><th>Tenant</th>"
        "<th>What</th><th>Why</th></tr></thead>\n<tbody>\n";
    for (const auto& error : diagnosis.errors) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         escape_markup(tenants.name(error.tenant_id)),
                         escape_markup(error.operation), escape_markup(error.message));
    }
    out += "</tbody>\n</table>\n";
  }
  if (!diagnosis.inconclusive.empty()) {
    out +=
        "<h3>Checks that could not be decided</h3>\n<table id=\"gaps\">\n<thead><tr>"
        "<th>Tenant</th><th>Rule</th><th>Why</th></tr></thead>\n<tbody>\n";
    for (const auto& gap : diagnosis.inconclusive) {
      std::string why = escape_markup(gap.reason);
      if (!gap.blocked_by.empty()) {
        why += fmt::format(" (because of <code>{}</code>; fix that first)",
                           escape_markup(gap.blocked_by));
      }
      out +=
          fmt::format("<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
                      escape_markup(tenants.name(gap.tenant_id)), escape_markup(gap.rule_id), why);
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
}

// Findings about a tenant that is neither the partner nor a listed customer are still shown.
void append_other_tenants(std::string& out, const detail::TenantIndex& tenants) {
  for (const auto& tenant : tenants.tenants()) {
    if (tenant.scope == model::RuleScope::partner || tenant.customer != nullptr) {
      continue;
    }
    const auto& findings = tenants.findings(tenant.tenant_id);
    out += fmt::format("<section class=\"other-tenant\">\n<h2>Tenant {}</h2>\n",
                       escape_markup(tenant.tenant_id));
    detail::append_html_findings(out, findings);
    out += "</section>\n";
  }
}

// Accepted exceptions, apart from the findings: true, known, and failing nothing until they expire.
void append_suppressed(std::string& out, const model::Diagnosis& diagnosis,
                       const detail::TenantIndex& tenants) {
  if (diagnosis.suppressed.empty()) {
    return;
  }
  out +=
      "<section id=\"suppressed\">\n<h2>Accepted exceptions (suppressed)</h2>\n"
      "<table>\n<thead><tr><th>Tenant</th><th>Rule</th><th>Severity</th><th>Finding</th>"
      "<th>Accepted until</th><th>Reason</th></tr></thead>\n<tbody>\n";
  for (const auto& accepted : diagnosis.suppressed) {
    const auto& finding = accepted.finding;
    out += fmt::format(
        "<tr data-rule=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td></tr>\n",
        escape_markup(finding.rule_id), escape_markup(tenants.name(finding.tenant_id)),
        escape_markup(finding.rule_id), model::to_string(finding.severity),
        escape_markup(finding.title), escape_markup(accepted.expires),
        escape_markup(accepted.reason));
  }
  out += "</tbody>\n</table>\n</section>\n";
}

std::string plural(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

void append_footer(std::string& out, const model::Diagnosis& diagnosis,
                   const HtmlReportOptions& options) {
  const auto severities = detail::count_severities(diagnosis.findings);
  out += fmt::format(
      "<footer>\n<h2>Summary</h2>\n<p id=\"summary\">{} · {}, {}, {} info{} · {}</p>\n",
      plural(diagnosis.customers.size(), "customer"), plural(severities.error, "error"),
      plural(severities.warning, "warning"), severities.info,
      diagnosis.suppressed.empty() ? std::string()
                                   : fmt::format(" · {} suppressed", diagnosis.suppressed.size()),
      diagnosis.complete() ? "complete" : "incomplete: some facts could not be read or checked");
  out += fmt::format("<p class=\"muted\">Generated by gdapcheck {}.</p>\n</footer>\n",
                     escape_markup(options.tool_version));
}

void render_safe_html(const model::Diagnosis& diagnosis, const HtmlReportOptions& options,
                      detail::BufferedSink& writer) {
  const detail::TenantIndex tenants(diagnosis);
  auto& out = writer.text();
  append_head(out, diagnosis, tenants);
  append_run(out, diagnosis, tenants);
  append_partner(out, diagnosis, tenants);
  append_customer_table(writer, diagnosis, tenants);
  if (!diagnosis.customers.empty()) {
    out += "<section id=\"cards\">\n<h2>Customer details</h2>\n";
    for (std::size_t i = 0; i < diagnosis.customers.size(); ++i) {
      detail::append_customer_card(out, tenants, diagnosis.customers[i], i + 1);
      writer.flush_when_full();
    }
    out += "</section>\n";
  }
  append_other_tenants(out, tenants);
  append_suppressed(out, diagnosis, tenants);
  append_unchecked(out, diagnosis, tenants);
  append_footer(out, diagnosis, options);
  out += fmt::format("<script>{}</script>\n</body>\n</html>\n", detail::html_script());
  writer.flush();
}

}  // namespace

void render_html(const model::Diagnosis& diagnosis, const HtmlReportOptions& options,
                 const ReportSink& sink) {
  detail::BufferedSink writer(sink);
  render_safe_html(*detail::DisplaySafeDiagnosis(diagnosis), options, writer);
}

std::string render_html(const model::Diagnosis& diagnosis, const HtmlReportOptions& options) {
  return detail::rendered_to_string(
      [&](const ReportSink& sink) { render_html(diagnosis, options, sink); });
}

}  // namespace gdap::report
