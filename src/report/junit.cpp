#include "gdapcheck/report/junit.hpp"

#include "report/common.hpp"
#include "report/markup.hpp"
#include "report/writer.hpp"

#include "gdapcheck/model/powershell.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

namespace {

using detail::escape_markup;
using detail::Outcome;

// Ant, Jenkins and Azure DevOps read the timestamp as an ISO-8601 time without a zone; the
// report's times are UTC, and the exact value is in the suite's properties.
std::string junit_timestamp(std::string_view iso_utc) {
  auto text = std::string(iso_utc.substr(0, 19));
  return text.size() == 19 ? text : std::string();
}

std::string suite_name(const detail::TenantIndex& tenants, const detail::ReportTenant& tenant) {
  auto name = tenants.name(tenant.tenant_id);
  if (tenant.scope == model::RuleScope::partner) {
    return "Partner " + name;
  }
  if (tenant.customer != nullptr && !tenant.customer->default_domain.empty() &&
      tenant.customer->default_domain != name) {
    return name + " (" + tenant.customer->default_domain + ")";
  }
  return name;
}

std::string finding_body(const model::Finding& finding) {
  std::string body = fmt::format("{} ({}): {}\n", finding.rule_id,
                                 model::to_string(finding.severity), finding.title);
  if (!finding.detail.empty()) {
    body += "\n" + finding.detail + "\n";
  }
  if (!finding.remediation.empty()) {
    body += "\nHow to fix it:\n";
    std::size_t number = 0;
    for (const auto& step : finding.remediation) {
      body += fmt::format("{}. {}\n", ++number, step);
    }
  }
  if (!finding.commands.empty()) {
    body += "\nPowerShell:\n";
    for (const auto& line : model::powershell_script(finding.commands)) {
      body += line + "\n";
    }
  }
  if (!finding.references.empty()) {
    body += "\nReferences:\n";
    for (const auto& reference : finding.references) {
      body.append(reference.view()) += "\n";
    }
  }
  return body;
}

struct Case {
  std::string xml;
  bool failed = false;
  bool skipped = false;
};

bool fails(const model::Finding& finding, const JunitReportOptions& options) {
  return options.fail_threshold && finding.severity >= *options.fail_threshold;
}

Case render_case(const detail::RequirementResult& result, const std::string& classname,
                 const JunitReportOptions& options) {
  Case item;
  std::vector<const model::Finding*> failing;
  std::vector<const model::Finding*> passing;  // below --fail-on: reported, not failed
  for (const auto* finding : result.findings) {
    (fails(*finding, options) ? failing : passing).push_back(finding);
  }
  item.xml = fmt::format(R"(    <testcase name="{}" classname="{}" time="0")",
                         escape_markup(fmt::format("{}: {}", result.rule_id, result.requirement())),
                         escape_markup(classname));
  std::string children;
  if (!failing.empty()) {
    item.failed = true;
    std::string message;
    std::string body;
    for (const auto* finding : failing) {
      message += (message.empty() ? "" : "; ") + finding->title;
      if (!body.empty()) {
        body += '\n';  // not "literal" + temporary: GCC 12 -O3 misreads it under -Wrestrict
      }
      body += finding_body(*finding);
    }
    children += fmt::format(
        "      <failure message=\"{}\" type=\"{}\">{}</failure>\n", escape_markup(message),
        escape_markup(model::to_string(failing.front()->severity)), escape_markup(body));
  } else if (result.outcome == Outcome::suppressed) {
    // Skipped, not failed: an accepted exception must not break the pipeline, yet stays visible.
    item.skipped = true;
    std::string message;
    std::string body;
    for (const auto* accepted : result.suppressed) {
      if (!message.empty()) {
        message += "; ";
      }
      message += "suppressed, ";
      message += detail::acceptance(*accepted);
      if (!body.empty()) {
        body += '\n';
      }
      body += finding_body(accepted->finding);
    }
    children += fmt::format("      <skipped message=\"{}\"/>\n", escape_markup(message));
    children += fmt::format("      <system-out>{}</system-out>\n", escape_markup(body));
  } else if (result.outcome == Outcome::not_checked) {
    item.skipped = true;
    std::string reasons;
    for (const auto* gap : result.gaps) {
      reasons += (reasons.empty() ? "" : "; ") + gap->reason;
      if (!gap->blocked_by.empty()) {
        reasons += " (because of " + gap->blocked_by + ")";
      }
    }
    children += fmt::format("      <skipped message=\"{}\"/>\n",
                            escape_markup("could not be checked: " + reasons));
  }
  if (!passing.empty()) {
    std::string out;
    for (const auto* finding : passing) {
      if (!out.empty()) {
        out += '\n';
      }
      out += finding_body(*finding);
    }
    children += fmt::format("      <system-out>{}</system-out>\n", escape_markup(out));
  }
  item.xml += children.empty() ? "/>\n" : ">\n" + children + "    </testcase>\n";
  return item;
}

void append_property(std::string& out, std::string_view name, std::string_view value) {
  if (!value.empty()) {
    out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, escape_markup(value));
  }
}

// <testsuites> carries the totals, so they are counted before any suite is written.
struct Totals {
  std::size_t tests = 0;
  std::size_t failures = 0;
};

Totals count_totals(const detail::TenantIndex& tenants, const JunitReportOptions& options) {
  Totals totals;
  for (const auto& tenant : tenants.tenants()) {
    for (const auto& result : tenants.requirement_results(tenant.tenant_id, tenant.scope)) {
      ++totals.tests;
      const bool failed =
          std::any_of(result.findings.begin(), result.findings.end(),
                      [&](const model::Finding* finding) { return fails(*finding, options); });
      if (failed) {
        ++totals.failures;
      }
    }
  }
  return totals;
}

void render_safe_junit(const model::Diagnosis& diagnosis, const JunitReportOptions& options,
                       detail::BufferedSink& writer) {
  const auto timestamp = junit_timestamp(diagnosis.generated_at);
  std::size_t id = 0;
  // The run's warnings (an old snapshot judged as of now, say) qualify every suite's verdict; CI
  // servers show a suite's system-err beside its cases, where properties stay hidden.
  std::string run_warnings;
  if (!diagnosis.warnings.empty()) {
    std::string text;
    for (const auto& warning : diagnosis.warnings) {
      if (!text.empty()) {
        text += '\n';
      }
      text += "Warning: ";
      text += warning;
    }
    run_warnings = fmt::format("    <system-err>{}</system-err>\n", escape_markup(text));
  }
  const detail::TenantIndex tenants(diagnosis);
  const auto totals = count_totals(tenants, options);
  auto& out = writer.text();
  // No `skipped` on <testsuites>: the Jenkins schema has none there (each suite counts its own).
  out += fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"0\">\n",
      escape_markup("gdapcheck " +
                    (diagnosis.profile.empty() ? std::string("default") : diagnosis.profile)),
      totals.tests, totals.failures);
  for (const auto& tenant : tenants.tenants()) {
    const auto classname = suite_name(tenants, tenant);
    std::string cases;
    std::size_t failures = 0;
    std::size_t skipped = 0;
    const auto results = tenants.requirement_results(tenant.tenant_id, tenant.scope);
    for (const auto& result : results) {
      const auto item = render_case(result, classname, options);
      cases += item.xml;
      failures += item.failed ? 1 : 0;
      skipped += item.skipped ? 1 : 0;
    }
    std::string properties;
    append_property(properties, "tenantId", tenant.tenant_id);
    if (tenant.customer != nullptr) {
      append_property(properties, "domain", tenant.customer->default_domain);
      append_property(properties, "status", model::to_string(tenant.customer->status));
      append_property(properties, "statusReason", tenant.customer->status_reason);
    } else if (tenant.scope == model::RuleScope::partner) {
      append_property(properties, "account", diagnosis.partner.upn);
    }
    append_property(properties, "profile", diagnosis.profile);
    append_property(properties, "app", diagnosis.app);
    append_property(properties, "evaluatedAt", diagnosis.generated_at);
    append_property(properties, "collectedAt", diagnosis.collected_at);
    for (const auto& warning : diagnosis.warnings) {
      append_property(properties, "warning", warning);
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
        "time=\"0\"{} id=\"{}\" package=\"gdapcheck\">\n    <properties>\n{}    </properties>\n{}{}"
        "  </testsuite>\n",
        escape_markup(classname), results.size(), failures, skipped,
        timestamp.empty() ? std::string() : fmt::format(" timestamp=\"{}\"", timestamp), id++,
        properties, cases, run_warnings);
    writer.flush_when_full();
  }
  out += "</testsuites>\n";
  writer.flush();
}

}  // namespace

void render_junit(const model::Diagnosis& diagnosis, const JunitReportOptions& options,
                  const ReportSink& sink) {
  detail::BufferedSink writer(sink);
  render_safe_junit(*detail::DisplaySafeDiagnosis(diagnosis), options, writer);
}

std::string render_junit(const model::Diagnosis& diagnosis, const JunitReportOptions& options) {
  return detail::rendered_to_string(
      [&](const ReportSink& sink) { render_junit(diagnosis, options, sink); });
}

}  // namespace gdap::report
