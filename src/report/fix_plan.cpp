#include "gdapcheck/report/fix_plan.hpp"

#include "common.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/powershell.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

namespace gdap::report {

namespace {

// Where a finding's commands run: a change is one tenant's (a finding whose commands span
// tenants is split, each part keeping the finding's words).
std::vector<PlannedChange> changes_of(const detail::TenantIndex& tenants,
                                      const model::Finding& finding) {
  std::vector<PlannedChange> changes;
  for (const auto& command : finding.commands) {
    auto same_tenant = std::find_if(changes.begin(), changes.end(), [&](const auto& change) {
      return change.tenant_id == command.tenant_id &&
             change.commands.front().environment == command.environment;
    });
    if (same_tenant == changes.end()) {
      PlannedChange change;
      change.rule_id = finding.rule_id;
      change.tenant_id = command.tenant_id;
      change.tenant_name = tenants.name(command.tenant_id);
      change.finding_tenant_id = finding.tenant_id;
      change.finding_tenant_name = tenants.name(finding.tenant_id);
      change.title = finding.title;
      change.detail = finding.detail;
      changes.push_back(std::move(change));
      same_tenant = std::prev(changes.end());
    }
    same_tenant->commands.push_back(command);
  }
  return changes;
}

// Whether `gdapcheck fix --apply` makes this change itself: every command of it has an action.
bool can_apply(const PlannedChange& change) {
  return std::all_of(change.commands.begin(), change.commands.end(),
                     [](const model::Command& command) { return command.action.has_value(); });
}

// "Fabrikam Inc (5e8a…29)", or the id alone when the name is the id.
std::string where(std::string_view name, std::string_view tenant_id) {
  if (name.empty() || name == tenant_id) {
    return std::string(tenant_id);
  }
  return fmt::format("{} ({})", name, tenant_id);
}

}  // namespace

FixPlan plan_fixes(const model::Diagnosis& diagnosis) {
  FixPlan plan;
  plan.generated_at = diagnosis.generated_at;
  plan.profile = diagnosis.profile;
  plan.complete = diagnosis.complete();
  // Changes in one tenant go together: a script connects to each tenant once.
  const detail::TenantIndex tenants(diagnosis);
  std::vector<PlannedChange> changes;
  for (const auto& finding : diagnosis.findings) {
    if (finding.commands.empty()) {
      plan.manual.push_back(
          {finding.rule_id,
           where(tenants.name(finding.tenant_id),
                 finding.tenant_id.empty() ? diagnosis.partner.tenant_id : finding.tenant_id),
           finding.title, finding.remediation});
      continue;
    }
    auto found = changes_of(tenants, finding);
    std::move(found.begin(), found.end(), std::back_inserter(changes));
  }
  std::map<std::string, std::size_t> first_seen;  // tenant id → its first change
  for (std::size_t i = 0; i < changes.size(); ++i) {
    first_seen.emplace(changes[i].tenant_id, i);
  }
  std::stable_sort(changes.begin(), changes.end(), [&](const auto& a, const auto& b) {
    return first_seen.at(a.tenant_id) < first_seen.at(b.tenant_id);
  });
  plan.changes = std::move(changes);
  return plan;
}

std::string render_fix_plan_text(const FixPlan& plan) {
  std::string out;
  if (plan.changes.empty() && plan.manual.empty()) {
    out += plan.complete ? "Nothing to fix: no finding.\n"
                         : "No finding to fix in what was read; some facts could not be read, "
                           "so run gdapcheck tenant to see what is unknown.\n";
    return out;
  }
  const auto appliable = std::count_if(plan.changes.begin(), plan.changes.end(), can_apply);
  out += fmt::format(
      "Plan: {} change(s) by PowerShell ({} of them gdapcheck fix --apply can make), {} fix(es) "
      "by hand. Nothing has been changed.\n",
      plan.changes.size(), appliable, plan.manual.size());
  if (!plan.changes.empty()) {
    out +=
        "Review each command, then run it in PowerShell (--script prints them all as one "
        "script).\n";
  }
  if (!plan.complete) {
    out += "Some facts could not be read: this plan covers only what was read.\n";
  }
  std::size_t number = 0;
  for (const auto& change : plan.changes) {
    out += fmt::format("\n{}. {}\n", ++number, model::display_text(change.title));
    out += fmt::format(
        "   Why:   {} in {}\n", change.rule_id,
        model::display_text(where(change.finding_tenant_name, change.finding_tenant_id)));
    out += fmt::format("   Where: {}\n",
                       model::display_text(where(change.tenant_name, change.tenant_id)));
    out += can_apply(change) ? "   Apply: gdapcheck fix --apply can make this change\n"
                             : "   Apply: by PowerShell only\n";
    // Whole lines, however wide: a wrapped command cannot be pasted.
    for (const auto& line : model::powershell_script(change.commands)) {
      out += "     " + model::display_text(line) + "\n";
    }
  }
  if (!plan.manual.empty()) {
    out += "\nBy hand (no command does these):\n";
    for (const auto& fix : plan.manual) {
      out += fmt::format("\n- {}: {} ({})\n", fix.rule_id, model::display_text(fix.title),
                         model::display_text(fix.tenant_name));
      for (std::size_t i = 0; i < fix.steps.size(); ++i) {
        out += fmt::format("  {}. {}\n", i + 1, model::display_text(fix.steps[i]));
      }
    }
  }
  return out;
}

std::string render_fix_script(const FixPlan& plan) {
  std::string out = "# gdapcheck fix: the changes that fix the findings of profile " +
                    model::display_text(plan.profile) + ", as evaluated at " + plan.generated_at +
                    ".\n# Review every line before running it.\n";
  if (!plan.complete) {
    out += "# Some facts could not be read: this covers only what was read.\n";
  }
  if (plan.changes.empty()) {
    out += "# Nothing to change by PowerShell.\n";
  }
  const std::span<const PlannedChange> changes = plan.changes;
  model::for_each_connection(
      changes, [](const PlannedChange& change) -> const auto& { return change.commands; },
      [&](std::size_t begin, std::size_t end, const std::vector<std::string>& scopes) {
        const auto& first = changes[begin];
        // Names come from other tenants: in a comment, on one line, with no control character.
        out += "\n# " + model::display_text(where(first.tenant_name, first.tenant_id)) + "\n";
        out +=
            model::connect_mg_graph(first.tenant_id, scopes, first.commands.front().environment) +
            "\n";
        for (std::size_t i = begin; i < end; ++i) {
          out += "# " + changes[i].rule_id + ": " + model::display_text(changes[i].title) + "\n";
          for (const auto& command : changes[i].commands) {
            out += command.command + "\n";
          }
        }
        out += std::string(model::k_disconnect_mg_graph) + "\n";
      });
  return out;
}

}  // namespace gdap::report
