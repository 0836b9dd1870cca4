// The parts of the HTML report drawn per tenant: customer cards, findings with their steps, and
// status badges.
#include "report/html_parts.hpp"
#include "report/markup.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/powershell.hpp"
#include "gdapcheck/model/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::report::detail {

namespace {

// Rule text marks code with `backticks`; a span becomes <code>, the rest is escaped text.
std::string with_code_spans(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto open = text.find('`');
    const auto close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) {
      out += escape_markup(text);
      break;
    }
    out += escape_markup(text.substr(0, open));
    out += "<code>" + escape_markup(text.substr(open + 1, close - open - 1)) + "</code>";
    text.remove_prefix(close + 1);
  }
  return out;
}

// One line of a step: a PowerShell command in it gets a copy button, copied verbatim.
std::string step_line(std::string_view line) {
  const auto command = find_powershell_command(line);
  if (!command) {
    return with_code_spans(line);
  }
  return with_code_spans(line.substr(0, command->begin)) + "<span class=\"cmd\"><code>" +
         escape_markup(line.substr(command->begin, command->end - command->begin)) +
         "</code><button type=\"button\" class=\"copy\" aria-label=\"Copy the command\">Copy"
         "</button></span>" +
         with_code_spans(line.substr(command->end));
}

bool is_web_link(std::string_view text) {
  return (text.starts_with("https://") || text.starts_with("http://")) &&
         text.find_first_of(" \"'<>") == std::string_view::npos;
}

void append_relationships(std::string& out, const model::CustomerResult& customer) {
  out += "<h4>Admin relationships</h4>\n";
  if (customer.relationships.empty()) {
    out += "<p class=\"muted\">None with this customer.</p>\n";
    return;
  }
  out +=
      "<table class=\"relationships\">\n<thead><tr><th>Relationship</th><th>Status</th>"
      "<th>Ends</th><th>Auto-extends</th><th>Roles</th></tr></thead>\n<tbody>\n";
  for (const auto& relationship : customer.relationships) {
    std::string ends = "–";
    if (relationship.end_date_time) {
      const auto end = model::parse_timestamp(*relationship.end_date_time);
      ends = escape_markup(end ? model::format_date(*end) : *relationship.end_date_time);
    }
    std::string roles;
    for (const auto& role : relationship.roles) {
      roles += "<li>" + escape_markup(role) + "</li>";
    }
    out += fmt::format(
        "<tr><td>{}<br><span class=\"ids\">{}</span></td><td>{}</td><td>{}</td><td>{}</td>"
        "<td><details><summary>{} role{}</summary><ul>{}</ul></details></td></tr>\n",
        escape_markup(relationship.display_name.empty() ? relationship.id
                                                        : relationship.display_name),
        escape_markup(relationship.id), escape_markup(relationship.status), ends,
        relationship.auto_extends ? "yes (" + escape_markup(relationship.auto_extend_duration) + ")"
                                  : std::string("no"),
        relationship.roles.size(), relationship.roles.size() == 1 ? "" : "s", roles);
  }
  out += "</tbody>\n</table>\n";
}

void append_role_grid(std::string& out, const model::CustomerResult& customer) {
  out += "<h4>Roles the profile asks for</h4>\n";
  if (!customer.roles) {
    out += fmt::format(
        "<p class=\"muted role-grid-unknown\">Which roles the account gets here could not be "
        "worked out{}.</p>\n",
        customer.status_reason.empty() ? std::string()
                                       : ": " + escape_markup(customer.status_reason));
    return;
  }
  if (customer.roles->empty()) {
    out += "<p class=\"muted\">This profile asks for no roles.</p>\n";
    return;
  }
  std::size_t required = 0;
  std::size_t held = 0;
  for (const auto& role : *customer.roles) {
    if (role.required) {
      ++required;
      held += role.state == model::RoleState::held ? 1 : 0;
    }
  }
  // A grid with nothing missing stays folded: on a page of forty customers, the gaps stand out.
  const bool complete =
      held == required && std::all_of(customer.roles->begin(), customer.roles->end(),
                                      [](const model::RoleCoverage& role) {
                                        return role.state == model::RoleState::held;
                                      });
  out += fmt::format(
      "<details class=\"roles\"{}><summary class=\"role-count\">{} of {} required roles "
      "held</summary>\n",
      complete ? "" : " open", held, required);
  out +=
      "<table class=\"role-grid\">\n<thead><tr><th>Role</th><th>Held</th>"
      "<th>In a relationship, not held</th><th>Not in any active relationship</th></tr>"
      "</thead>\n<tbody>\n";
  constexpr std::array k_columns{model::RoleState::held, model::RoleState::not_held,
                                 model::RoleState::not_in_relationship};
  for (const auto& role : *customer.roles) {
    out +=
        fmt::format(R"(<tr class="{}" data-state="{}"><td>{}{}</td>)", model::to_string(role.state),
                    model::to_string(role.state), escape_markup(role.role),
                    role.required ? "" : "<span class=\"tag\">optional</span>");
    for (const auto column : k_columns) {
      if (column != role.state) {
        out += "<td></td>";
        continue;
      }
      const char* mark = column == model::RoleState::held ? "✓" : "✗";
      out += fmt::format("<td class=\"mark\">{}{}</td>", mark,
                         role.note.empty()
                             ? std::string()
                             : "<br><span class=\"note\">" + escape_markup(role.note) + "</span>");
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</details>\n";
}

void append_requirements(std::string& out, const TenantIndex& tenants,
                         const model::CustomerResult& customer) {
  const auto results = tenants.requirement_results(customer.tenant_id, model::RuleScope::customer);
  std::vector<const model::Finding*> findings;
  std::string unchecked;
  std::string accepted;
  std::string passed;
  std::size_t passed_count = 0;
  for (const auto& result : results) {
    findings.insert(findings.end(), result.findings.begin(), result.findings.end());
    if (result.outcome == Outcome::passed) {
      ++passed_count;
      passed += fmt::format("<li>{} <span class=\"ids\">{}</span></li>",
                            escape_markup(result.requirement()), escape_markup(result.rule_id));
    } else if (result.outcome == Outcome::suppressed) {
      for (const auto* item : result.suppressed) {
        accepted += fmt::format("<li>{} <span class=\"ids\">{}</span>: {}</li>\n",
                                escape_markup(item->finding.title), escape_markup(result.rule_id),
                                escape_markup(acceptance(*item)));
      }
    } else if (result.outcome == Outcome::not_checked) {
      for (const auto* gap : result.gaps) {
        unchecked +=
            fmt::format("<li>{} <span class=\"ids\">{}</span>: {}{}</li>\n",
                        escape_markup(result.requirement()), escape_markup(result.rule_id),
                        escape_markup(gap->reason),
                        gap->blocked_by.empty()
                            ? std::string()
                            : " (because of <code>" + escape_markup(gap->blocked_by) + "</code>)");
      }
    }
  }
  out += "<h4>Findings</h4>\n";
  if (findings.empty()) {
    out += "<p class=\"muted\">No findings.</p>\n";
  } else {
    append_html_findings(out, findings);
  }
  if (!accepted.empty()) {
    out += "<h4>Accepted exceptions</h4>\n<ul class=\"suppressed\">\n" + accepted + "</ul>\n";
  }
  if (!unchecked.empty()) {
    out += "<h4>Could not be checked</h4>\n<ul class=\"unchecked\">\n" + unchecked + "</ul>\n";
  }
  std::string errors;
  for (const auto* error : tenants.errors(customer.tenant_id)) {
    errors += fmt::format("<li>{} failed: {}</li>\n", escape_markup(error->operation),
                          escape_markup(error->message));
  }
  if (!errors.empty()) {
    out += "<h4>Could not be read</h4>\n<ul class=\"read-errors\">\n" + errors + "</ul>\n";
  }
  if (passed_count > 0) {
    out += fmt::format(
        "<details class=\"passed\"><summary>{} requirement{} met</summary><ul>{}</ul></details>\n",
        passed_count, passed_count == 1 ? "" : "s", passed);
  }
}

}  // namespace

std::string customer_search_text(const model::CustomerResult& customer) {
  return model::lowercase(customer.display_name + " " + customer.default_domain + " " +
                          customer.tenant_id);
}

std::string status_badge(model::CustomerStatus status) {
  return fmt::format("<span class=\"status status-{0}\">{0}</span>", model::to_string(status));
}

std::string html_lines(std::string_view text) {
  std::string out;
  for (const auto line : split_lines(text)) {
    out += (out.empty() ? "" : "<br>") + step_line(line);
  }
  return out;
}

void append_html_findings(std::string& out, const std::vector<const model::Finding*>& findings) {
  for (const auto* finding : findings) {
    const auto severity = model::to_string(finding->severity);
    out += fmt::format(
        "<div class=\"finding sev-{0}-box\" data-rule=\"{1}\" data-severity=\"{0}\">\n"
        "<h5><span class=\"sev sev-{0}\">{0}</span><code>{1}</code> <span "
        "class=\"title\">{2}</span></h5>\n",
        severity, escape_markup(finding->rule_id), escape_markup(finding->title));
    if (!finding->detail.empty()) {
      out += "<p class=\"detail\">" + html_lines(finding->detail) + "</p>\n";
    }
    if (!finding->remediation.empty()) {
      out += "<ol class=\"steps\">\n";
      for (const auto& step : finding->remediation) {
        out += "<li>" + html_lines(step) + "</li>\n";
      }
      out += "</ol>\n";
    }
    if (!finding->commands.empty()) {
      // One copy button for the whole block: Connect-MgGraph, the commands, Disconnect-MgGraph.
      std::string script;
      for (const auto& line : model::powershell_script(finding->commands)) {
        script += (script.empty() ? "" : "\n") + line;
      }
      out += R"(<div class="commands"><pre class="commands"><code class="language-powershell">)" +
             escape_markup(script) +
             R"(</code></pre><button type="button" class="copy" aria-label="Copy the commands">)"
             "Copy</button></div>\n";
    }
    std::string references;
    for (const auto& reference : finding->references) {
      references += is_web_link(reference)
                        ? fmt::format(R"(<li><a href="{0}" rel="noreferrer">{0}</a></li>)",
                                      escape_markup(reference))
                        : "<li>" + escape_markup(reference) + "</li>";
    }
    if (!references.empty()) {
      out += "<ul class=\"references\">" + references + "</ul>\n";
    }
    out += "</div>\n";
  }
}

void append_customer_card(std::string& out, const TenantIndex& tenants,
                          const model::CustomerResult& customer, std::size_t index) {
  out += fmt::format(
      "<article class=\"card\" id=\"customer-{}\" data-status=\"{}\" data-tenant-id=\"{}\" "
      "data-search=\"{}\">\n<header><h3>{}</h3>{}</header>\n",
      index, model::to_string(customer.status), escape_markup(customer.tenant_id),
      escape_markup(customer_search_text(customer)),
      escape_markup(tenants.name(customer.tenant_id)), status_badge(customer.status));
  out +=
      fmt::format("<p class=\"ids\">Tenant {}{}</p>\n", escape_markup(customer.tenant_id),
                  customer.default_domain.empty() ? std::string()
                                                  : " · " + escape_markup(customer.default_domain));
  if (customer.status == model::CustomerStatus::unknown && !customer.status_reason.empty()) {
    out += "<p class=\"status-reason\">Unknown because " + escape_markup(customer.status_reason) +
           "</p>\n";
  }
  append_relationships(out, customer);
  append_role_grid(out, customer);
  append_requirements(out, tenants, customer);
  out += "</article>\n";
}

}  // namespace gdap::report::detail
