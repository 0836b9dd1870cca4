#include "gdapcheck/report/markdown.hpp"

#include "report/common.hpp"
#include "report/writer.hpp"

#include "gdapcheck/model/powershell.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

namespace {

enum class CodeSpans { keep, escape };

// Escape what Markdown would read as markup (emphasis, tables, links, HTML). Rule text may carry
// `code spans` that must reach the reader intact; tenant names are data and never do.
std::string escape(std::string_view text, CodeSpans code_spans) {
  std::string out;
  bool in_code = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // A backslash inside a bare URL would end up in the link GitHub makes of it; URLs carry no
    // markup worth escaping (an underscore inside a word is not emphasis).
    if (!in_code &&
        (text.substr(i).starts_with("https://") || text.substr(i).starts_with("http://"))) {
      const auto end = std::min(text.find_first_of(" \t", i), text.size());
      out += text.substr(i, end - i);
      i = end - 1;
      continue;
    }
    if (c == '`' && code_spans == CodeSpans::keep) {
      in_code = !in_code;
      out += c;
      continue;
    }
    if (!in_code && std::string_view("\\`*_|[]<>").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  // An unmatched backtick would swallow the rest of the line; escape it after the fact.
  if (in_code) {
    const auto last = out.rfind('`');
    out.insert(last, 1, '\\');
  }
  return out;
}

// Return `text` as a code span whose fence outlasts any backtick inside (PowerShell's escape
// character is the backtick).
std::string code_span(std::string_view text) {
  if (text.empty()) {
    return "(none)";
  }
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = longest > 0;
  return fmt::format("{}{}{}{}{}", fence, pad ? " " : "", text, pad ? " " : "", fence);
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(' ');
  return text.substr(first, last - first + 1);
}

// Keep a line that starts like a block ("- ", "+ ", "# ", "> ", "1. ") inside its paragraph: at the
// start of a continuation line it would open a list, a heading or a quote.
void escape_block_start(std::string& line) {
  if (line.empty()) {
    return;
  }
  if (std::string_view("-+#>=").find(line[0]) != std::string_view::npos) {
    line.insert(0, 1, '\\');
    return;
  }
  const auto digits = line.find_first_not_of("0123456789");
  if (digits > 0 && digits != std::string::npos && (line[digits] == '.' || line[digits] == ')')) {
    line.insert(digits, 1, '\\');
  }
}

// Render multi-line prose as one Markdown paragraph: lines joined by hard breaks at `indent`,
// PowerShell commands as code spans so they survive copy and paste unescaped.
std::string paragraph(std::string_view text, std::size_t indent) {
  std::vector<std::string> lines;
  for (const auto line : detail::split_lines(text)) {
    const auto trimmed = trim(line);
    if (trimmed.empty()) {
      continue;
    }
    const auto command = detail::find_powershell_command(trimmed);
    if (!command) {
      lines.push_back(escape(trimmed, CodeSpans::keep));
    } else {
      lines.push_back(escape(trimmed.substr(0, command->begin), CodeSpans::keep) +
                      code_span(trimmed.substr(command->begin, command->end - command->begin)) +
                      escape(trimmed.substr(command->end), CodeSpans::keep));
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    escape_block_start(lines[i]);
    if (i > 0) {
      out += "\\\n" + std::string(indent, ' ');
    }
    out += lines[i];
  }
  return out;
}

// An open box with what failed and the numbered steps that fix it.
void append_failed(std::string& out, std::string_view title,
                   const std::vector<const model::Finding*>& findings) {
  out += "- [ ] " + escape(title, CodeSpans::keep);
  for (const auto* finding : findings) {
    if (!trim(finding->detail).empty()) {
      out += "\\\n  " + paragraph(finding->detail, 2);
    }
  }
  out += "\n";
  std::vector<std::string_view> steps;
  for (const auto* finding : findings) {
    for (const auto& step : finding->remediation) {
      // Two findings of one rule (two missing apps, say) often share their opening steps.
      if (std::find(steps.begin(), steps.end(), step) == steps.end()) {
        steps.emplace_back(step);
      }
    }
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto marker = fmt::format("  {}. ", i + 1);
    out += marker + paragraph(steps[i], marker.size()) + "\n";
  }
  std::vector<std::vector<std::string>> scripts;
  for (const auto* finding : findings) {
    auto script = model::powershell_script(finding->commands);
    if (!script.empty() && std::find(scripts.begin(), scripts.end(), script) == scripts.end()) {
      scripts.push_back(std::move(script));
    }
  }
  for (const auto& script : scripts) {
    out += "\n  ```powershell\n";
    for (const auto& line : script) {
      out += "  " + line + "\n";
    }
    out += "  ```\n";
  }
}

// The tick box says what passing means ("The account is in AdminAgents"), not the failure title.
void append_checklist(std::string& out, const detail::TenantIndex& tenants,
                      std::string_view tenant_id, model::RuleScope scope) {
  const auto results = tenants.requirement_results(tenant_id, scope);
  for (const auto& result : results) {
    switch (result.outcome) {
      case detail::Outcome::failed:
        append_failed(out, result.requirement(), result.findings);
        break;
      case detail::Outcome::not_checked: {
        std::string reasons;
        for (const auto* item : result.gaps) {
          reasons += (reasons.empty() ? "" : "; ") + escape(item->reason, CodeSpans::keep);
          if (!item->blocked_by.empty()) {
            reasons += fmt::format(" (because of {})", code_span(item->blocked_by));
          }
        }
        out += fmt::format("- [ ] {} — could not be checked: {}\n",
                           escape(result.requirement(), CodeSpans::keep), reasons);
        break;
      }
      case detail::Outcome::suppressed:
        // Not ticked: the requirement is not met, the partner only accepts that it is not.
        out += fmt::format("- [ ] {} — {}\n", escape(result.requirement(), CodeSpans::keep),
                           escape(detail::acceptance(*result.suppressed.front()), CodeSpans::keep));
        break;
      case detail::Outcome::passed:
        out += fmt::format("- [x] {}\n", escape(result.requirement(), CodeSpans::keep));
        break;
    }
  }
  if (results.empty()) {
    out += "No requirements were evaluated.\n";
  }
}

std::string customer_heading(const model::CustomerResult& customer) {
  const auto& name = customer.display_name.empty() ? customer.tenant_id : customer.display_name;
  if (customer.default_domain.empty()) {
    return escape(name, CodeSpans::escape);
  }
  return fmt::format("{} ({})", escape(name, CodeSpans::escape),
                     escape(customer.default_domain, CodeSpans::escape));
}

void render_safe_markdown(const model::Diagnosis& diagnosis, detail::BufferedSink& writer) {
  const detail::TenantIndex tenants(diagnosis);
  auto& out = writer.text();
  out += "# GDAP onboarding checklist\n\n";
  const auto& partner = diagnosis.partner;
  const auto partner_name = tenants.name(partner.tenant_id);
  const auto or_unknown = [](const std::string& text) {
    return text.empty() ? std::string("unknown") : escape(text, CodeSpans::escape);
  };
  out += fmt::format("Partner {} · profile {}{} · evaluated at {} · collected at {}\n",
                     partner_name == partner.tenant_id
                         ? code_span(partner.tenant_id)
                         : fmt::format("{} ({})", escape(partner_name, CodeSpans::escape),
                                       code_span(partner.tenant_id)),
                     code_span(diagnosis.profile.empty() ? "default" : diagnosis.profile),
                     diagnosis.app.empty()
                         ? ""
                         : fmt::format(" (app {})", escape(diagnosis.app, CodeSpans::escape)),
                     or_unknown(diagnosis.generated_at), or_unknown(diagnosis.collected_at));

  for (const auto& warning : diagnosis.warnings) {
    out += "\n**Warning:** " + escape(warning, CodeSpans::keep) + "\n";
  }

  out += "\n## Partner requirements\n\n";
  append_checklist(out, tenants, partner.tenant_id, model::RuleScope::partner);

  for (const auto& customer : diagnosis.customers) {
    out += "\n## " + customer_heading(customer) + "\n\n";
    out += fmt::format("Tenant {} · status {}", code_span(customer.tenant_id),
                       code_span(model::to_string(customer.status)));
    if (customer.status == model::CustomerStatus::unknown && !customer.status_reason.empty()) {
      out += " — " + escape(customer.status_reason, CodeSpans::keep);
    }
    out += "\n\n";
    append_checklist(out, tenants, customer.tenant_id, model::RuleScope::customer);
    writer.flush_when_full();
  }

  if (!diagnosis.suppressed.empty()) {
    out += "\n## Accepted exceptions (suppressed)\n\n";
    for (const auto& accepted : diagnosis.suppressed) {
      const auto& finding = accepted.finding;
      out += fmt::format("- {} {} ({}): {} — {}\n", code_span(finding.rule_id),
                         model::to_string(finding.severity),
                         escape(tenants.name(finding.tenant_id), CodeSpans::escape),
                         escape(finding.title, CodeSpans::keep),
                         escape(detail::acceptance(accepted), CodeSpans::keep));
    }
  }

  if (!diagnosis.errors.empty()) {
    out += "\n## Could not be read\n\n";
    for (const auto& error : diagnosis.errors) {
      out += fmt::format(
          "- {}: {} failed: {}\n", escape(tenants.name(error.tenant_id), CodeSpans::escape),
          escape(error.operation, CodeSpans::escape), escape(error.message, CodeSpans::escape));
    }
  }
  writer.flush();
}

}  // namespace

void render_markdown(const model::Diagnosis& diagnosis, const ReportSink& sink) {
  detail::BufferedSink writer(sink);
  render_safe_markdown(*detail::DisplaySafeDiagnosis(diagnosis), writer);
}

std::string render_markdown(const model::Diagnosis& diagnosis) {
  return detail::rendered_to_string(
      [&](const ReportSink& sink) { render_markdown(diagnosis, sink); });
}

}  // namespace gdap::report
