#include "report/common.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/time.hpp"

#include <algorithm>
#include <array>
#include <concepts>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <unordered_map>

namespace gdap::report::detail {

namespace {

using model::LineBreaks;

// `Item` is `Model`, const or not: the walks below serve both the check (on a const diagnosis)
// and the cleaning (on a copy).
template <class Item, class Model>
concept model_item = std::same_as<std::remove_const_t<Item>, Model>;

// Every text of a diagnosis a report shows, each handed to `visit(text, line_breaks)` as a
// std::string, std::string_view or model::InternedText (const when the diagnosis is): one list of
// fields for finding what needs cleaning and for cleaning it, so the two never disagree.
template <class Texts, class Visit>
void visit_each(Texts& texts, Visit& visit, LineBreaks line_breaks = LineBreaks::replace) {
  for (auto& text : texts) {
    visit(text, line_breaks);
  }
}

// Explanations fill tenant names (tenant data) into their steps.
template <model_item<std::optional<model::Explanation>> Explanation, class Visit>
void visit_texts(Explanation& explanation, Visit& visit) {
  if (!explanation) {
    return;
  }
  for (auto* text : {&explanation->id, &explanation->title, &explanation->meaning}) {
    visit(*text, LineBreaks::replace);
  }
  visit(explanation->confirm, LineBreaks::replace);
  visit_each(explanation->codes, visit);
  visit_each(explanation->causes, visit);
  visit_each(explanation->fix, visit);
  visit_each(explanation->rule_ids, visit);
  visit_each(explanation->references, visit);
}

template <model_item<model::Finding> Finding, class Visit>
void visit_texts(Finding& finding, Visit& visit) {
  for (auto* text : {&finding.rule_id, &finding.tenant_id, &finding.title}) {
    visit(*text, LineBreaks::replace);
  }
  visit(finding.detail, LineBreaks::keep);
  visit_each(finding.remediation, visit, LineBreaks::keep);
  for (auto& command : finding.commands) {
    for (auto* text :
         {&command.shell, &command.command, &command.tenant_id, &command.environment}) {
      visit(*text, LineBreaks::replace);
    }
    visit_each(command.scopes, visit);
  }
  visit_each(finding.references, visit);
}

template <model_item<model::Inconclusive> Gap, class Visit>
void visit_texts(Gap& gap, Visit& visit) {
  for (auto* text : {&gap.rule_id, &gap.tenant_id, &gap.reason, &gap.blocked_by}) {
    visit(*text, LineBreaks::replace);
  }
  visit_texts(gap.explanation, visit);
}

template <model_item<model::ReadError> Error, class Visit>
void visit_texts(Error& error, Visit& visit) {
  for (auto* text : {&error.tenant_id, &error.operation, &error.message}) {
    visit(*text, LineBreaks::replace);
  }
  visit_texts(error.explanation, visit);
}

template <model_item<model::CustomerResult> Customer, class Visit>
void visit_texts(Customer& customer, Visit& visit) {
  for (auto* text : {&customer.tenant_id, &customer.display_name, &customer.default_domain,
                     &customer.status_reason}) {
    visit(*text, LineBreaks::replace);
  }
  for (auto& relationship : customer.relationships) {
    for (auto* text : {&relationship.id, &relationship.display_name, &relationship.status,
                       &relationship.auto_extend_duration}) {
      visit(*text, LineBreaks::replace);
    }
    if (relationship.end_date_time) {
      visit(*relationship.end_date_time, LineBreaks::replace);
    }
    visit_each(relationship.roles, visit);
  }
  if (customer.access_ends) {
    visit(customer.access_ends->end_date_time, LineBreaks::replace);
  }
  if (customer.missing_roles) {
    visit_each(*customer.missing_roles, visit);
  }
  if (customer.roles) {
    for (auto& coverage : *customer.roles) {
      visit(coverage.role, LineBreaks::replace);
      visit(coverage.note, LineBreaks::replace);
    }
  }
}

template <model_item<model::Diagnosis> Diagnosis, class Visit>
void visit_texts(Diagnosis& diagnosis, Visit& visit) {
  for (auto* text : {&diagnosis.generated_at, &diagnosis.collected_at, &diagnosis.profile,
                     &diagnosis.app, &diagnosis.partner.tenant_id, &diagnosis.partner.display_name,
                     &diagnosis.partner.user_id, &diagnosis.partner.upn}) {
    visit(*text, LineBreaks::replace);
  }
  for (auto& customer : diagnosis.customers) {
    visit_texts(customer, visit);
  }
  for (auto& finding : diagnosis.findings) {
    visit_texts(finding, visit);
  }
  for (auto& accepted : diagnosis.suppressed) {
    visit_texts(accepted.finding, visit);
    for (auto* text : {&accepted.tenant, &accepted.reason, &accepted.expires}) {
      visit(*text, LineBreaks::replace);
    }
  }
  for (auto& gap : diagnosis.inconclusive) {
    visit_texts(gap, visit);
  }
  for (auto& error : diagnosis.errors) {
    visit_texts(error, visit);
  }
  for (auto& rule : diagnosis.evaluated_rules) {
    for (auto* text : {&rule.rule_id, &rule.title, &rule.requirement}) {
      visit(*text, LineBreaks::replace);
    }
  }
  visit_each(diagnosis.warnings, visit);
}

// The one sanitiser for text other parties control (model/display_text), applied field by field.
struct Clean {
  void operator()(std::string& text, LineBreaks line_breaks) const {
    model::make_display_text(text, line_breaks);
  }
  // Role names are views (model::role_name_view); one that needs cleaning (a role id a snapshot
  // made up) becomes a view of its cleaned copy.
  void operator()(std::string_view& text, LineBreaks line_breaks) const {
    if (!model::is_display_text(text, line_breaks)) {
      text = model::interned(model::display_text(text, line_breaks));
    }
  }
  // References and explanation words are interned texts: the same, for them.
  void operator()(model::InternedText& text, LineBreaks line_breaks) const {
    std::string_view view = text;
    (*this)(view, line_breaks);
    text = view;
  }
};

struct FindUnsafe {
  bool found = false;
  void operator()(std::string_view text, LineBreaks line_breaks) {
    found = found || !model::is_display_text(text, line_breaks);
  }
};

}  // namespace

void remove_control_characters(model::Finding& finding) {
  Clean clean;
  visit_texts(finding, clean);
}

void remove_control_characters(model::Inconclusive& gap) {
  Clean clean;
  visit_texts(gap, clean);
}

void remove_control_characters(model::ReadError& error) {
  Clean clean;
  visit_texts(error, clean);
}

model::Diagnosis without_control_characters(model::Diagnosis diagnosis) {
  Clean clean;
  visit_texts(diagnosis, clean);
  return diagnosis;
}

DisplaySafeDiagnosis::DisplaySafeDiagnosis(const model::Diagnosis& diagnosis)
    : m_shown(&diagnosis) {
  FindUnsafe unsafe;
  visit_texts(diagnosis, unsafe);
  if (unsafe.found) {
    m_cleaned = without_control_characters(diagnosis);
    m_shown = &*m_cleaned;
  }
}

std::vector<TenantFindings> group_findings_by_tenant(const model::Diagnosis& diagnosis) {
  std::vector<TenantFindings> groups;
  groups.push_back({diagnosis.partner.tenant_id, true, nullptr, {}});
  for (const auto& customer : diagnosis.customers) {
    groups.push_back({customer.tenant_id, false, &customer, {}});
  }
  // The first group of each tenant id, so a finding finds its group without a walk over every
  // customer (100,000 customers and as many findings would be 10^10 comparisons). The keys view
  // the diagnosis's own strings, which stay put; the groups' copies move when `groups` grows.
  std::unordered_map<std::string_view, std::size_t> group_of;
  group_of.reserve(groups.size());
  group_of.try_emplace(diagnosis.partner.tenant_id, 0);
  for (std::size_t i = 0; i < diagnosis.customers.size(); ++i) {
    group_of.try_emplace(diagnosis.customers[i].tenant_id, i + 1);
  }
  for (const auto& finding : diagnosis.findings) {
    auto [entry, added] = group_of.try_emplace(finding.tenant_id, groups.size());
    if (added) {
      groups.push_back({finding.tenant_id, false, nullptr, {}});
    }
    groups[entry->second].findings.push_back(&finding);
  }
  std::erase_if(groups, [](const TenantFindings& group) { return group.findings.empty(); });
  return groups;
}

std::vector<StatusCount> count_statuses(const std::vector<model::CustomerResult>& customers) {
  constexpr std::array k_order{
      model::CustomerStatus::active,
      model::CustomerStatus::expiring,
      model::CustomerStatus::expired,
      model::CustomerStatus::missing_admin_relationship,
      model::CustomerStatus::missing_security_group,
      model::CustomerStatus::missing_roles,
      model::CustomerStatus::access_denied,
      model::CustomerStatus::unknown,
  };
  std::vector<StatusCount> counts;
  for (const auto status : k_order) {
    const auto count = static_cast<std::size_t>(std::count_if(
        customers.begin(), customers.end(),
        [status](const model::CustomerResult& customer) { return customer.status == status; }));
    if (count > 0) {
      counts.push_back({status, count});
    }
  }
  return counts;
}

SeverityCounts count_severities(const std::vector<model::Finding>& findings) {
  SeverityCounts counts;
  for (const auto& finding : findings) {
    switch (finding.severity) {
      case model::Severity::error:
        ++counts.error;
        break;
      case model::Severity::warning:
        ++counts.warning;
        break;
      case model::Severity::info:
        ++counts.info;
        break;
    }
  }
  return counts;
}

namespace {

// A cmdlet is an approved verb, a dash and a capitalised noun: Get-MgUser, New-MgServicePrincipal.
// The verb list keeps prose such as "Re-Run" or "Multi-Factor" out.
bool is_cmdlet(std::string_view word) {
  constexpr std::array<std::string_view, 29> k_verbs{
      "Add",    "Clear",      "Confirm", "Connect", "Disable", "Disconnect", "Enable", "ForEach",
      "Get",    "Grant",      "Import",  "Install", "Invoke",  "New",        "Out",    "Register",
      "Remove", "Reset",      "Restore", "Revoke",  "Select",  "Set",        "Start",  "Stop",
      "Test",   "Unregister", "Update",  "Where",   "Write"};
  const auto dash = word.find('-');
  if (dash == std::string_view::npos ||
      std::find(k_verbs.begin(), k_verbs.end(), word.substr(0, dash)) == k_verbs.end()) {
    return false;
  }
  const auto noun = word.substr(dash + 1);
  const auto is_alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  return !noun.empty() && noun[0] >= 'A' && noun[0] <= 'Z' &&
         std::all_of(noun.begin(), noun.end(), is_alnum);
}

}  // namespace

namespace {

// End of the word starting at `pos`: quoted strings ('…', "…") and `code spans` count as one word.
std::size_t word_end(std::string_view line, std::size_t pos) {
  char quote = 0;
  for (; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == ' ') {
      break;
    }
  }
  return pos;
}

}  // namespace

std::optional<CommandSpan> find_powershell_command(std::string_view line) {
  const auto first = line.find_first_not_of(' ');
  if (first == std::string_view::npos) {
    return std::nullopt;
  }
  const auto last = line.find_last_not_of(' ') + 1;
  if (line[first] == '$' || line.substr(first).starts_with("PS>")) {
    return CommandSpan{first, last};
  }
  for (std::size_t pos = first; pos < line.size();) {
    if (line[pos] == ' ') {
      ++pos;
      continue;
    }
    const auto end = word_end(line, pos);
    if (!is_cmdlet(line.substr(pos, end - pos))) {
      pos = end;
      continue;
    }
    CommandSpan span{pos, end};
    bool expect_value = false;
    for (auto next = end; next < line.size();) {
      if (line[next] == ' ') {
        ++next;
        continue;
      }
      const auto next_end = word_end(line, next);
      const char lead = line[next];
      if (lead == '#' || lead == '|') {
        span.end = last;
        break;
      }
      if (lead == '-' && next_end - next > 1) {
        // "-Confirm:$false" carries its own value.
        expect_value = line.substr(next, next_end - next).find(':') == std::string_view::npos;
      } else if (expect_value) {
        expect_value = false;
      } else {
        break;
      }
      span.end = next_end;
      next = next_end;
    }
    return span;
  }
  return std::nullopt;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    const auto newline = text.find('\n');
    if (newline == std::string_view::npos) {
      lines.push_back(text);
      return lines;
    }
    lines.push_back(text.substr(0, newline));
    text.remove_prefix(newline + 1);
  }
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "passed";
    case Outcome::failed:
      return "failed";
    case Outcome::not_checked:
      return "not_checked";
    case Outcome::suppressed:
      return "suppressed";
  }
  return "not_checked";
}

std::string_view RequirementResult::requirement() const {
  if (rule != nullptr) {
    return rule->requirement.empty() ? std::string_view(rule->title)
                                     : std::string_view(rule->requirement);
  }
  return findings.empty() ? rule_id : std::string_view(findings.front()->title);
}

TenantIndex::TenantIndex(const model::Diagnosis& diagnosis) : m_diagnosis(diagnosis) {
  m_customers.reserve(diagnosis.customers.size());
  m_about.reserve(diagnosis.customers.size() + 1);
  m_tenants.reserve(diagnosis.customers.size() + 1);
  m_tenants.push_back({diagnosis.partner.tenant_id, model::RuleScope::partner, nullptr});
  for (const auto& customer : diagnosis.customers) {
    m_customers.try_emplace(customer.tenant_id, &customer);
    m_tenants.push_back({customer.tenant_id, model::RuleScope::customer, &customer});
  }
  // A tenant a finding or gap names first, neither the partner nor a customer, gets a section
  // of its own (accepted exceptions and read errors do not give one).
  const auto about_named = [&](std::string_view tenant_id) -> About& {
    const auto [entry, added] = m_about.try_emplace(tenant_id);
    if (added && tenant_id != diagnosis.partner.tenant_id && !m_customers.contains(tenant_id)) {
      m_tenants.push_back({tenant_id, model::RuleScope::customer, nullptr});
    }
    return entry->second;
  };
  for (const auto& finding : diagnosis.findings) {
    about_named(finding.tenant_id).findings.push_back(&finding);
  }
  for (const auto& gap : diagnosis.inconclusive) {
    about_named(gap.tenant_id).gaps.push_back(&gap);
  }
  for (const auto& accepted : diagnosis.suppressed) {
    m_about[accepted.finding.tenant_id].suppressed.push_back(&accepted);
  }
  for (const auto& error : diagnosis.errors) {
    m_about[error.tenant_id].errors.push_back(&error);
  }
}

const TenantIndex::About& TenantIndex::about(std::string_view tenant_id) const {
  static const About k_nothing;
  const auto found = m_about.find(tenant_id);
  return found == m_about.end() ? k_nothing : found->second;
}

const model::CustomerResult* TenantIndex::customer(std::string_view tenant_id) const {
  const auto found = m_customers.find(tenant_id);
  return found == m_customers.end() ? nullptr : found->second;
}

std::string TenantIndex::name(std::string_view tenant_id) const {
  if (tenant_id == m_diagnosis.partner.tenant_id) {
    return m_diagnosis.partner.display_name.empty() ? std::string(tenant_id)
                                                    : m_diagnosis.partner.display_name;
  }
  if (const auto* found = customer(tenant_id)) {
    if (!found->display_name.empty()) {
      return found->display_name;
    }
    if (!found->default_domain.empty()) {
      return found->default_domain;
    }
  }
  return std::string(tenant_id);
}

const std::vector<const model::Finding*>& TenantIndex::findings(std::string_view tenant_id) const {
  return about(tenant_id).findings;
}

const std::vector<const model::ReadError*>& TenantIndex::errors(std::string_view tenant_id) const {
  return about(tenant_id).errors;
}

std::vector<RequirementResult> TenantIndex::requirement_results(std::string_view tenant_id,
                                                                model::RuleScope scope) const {
  const auto& facts = about(tenant_id);
  std::vector<RequirementResult> results;
  for (const auto& rule : m_diagnosis.evaluated_rules) {
    if (rule.scope != scope) {
      continue;
    }
    RequirementResult result;
    result.rule = &rule;
    result.rule_id = rule.rule_id;
    for (const auto* finding : facts.findings) {
      if (finding->rule_id == rule.rule_id) {
        result.findings.push_back(finding);
      }
    }
    for (const auto* gap : facts.gaps) {
      if (gap->rule_id == rule.rule_id) {
        result.gaps.push_back(gap);
      }
    }
    for (const auto* accepted : facts.suppressed) {
      if (accepted->finding.rule_id == rule.rule_id) {
        result.suppressed.push_back(accepted);
      }
    }
    result.outcome = !result.findings.empty()     ? Outcome::failed
                     : !result.suppressed.empty() ? Outcome::suppressed
                     : !result.gaps.empty()       ? Outcome::not_checked
                                                  : Outcome::passed;
    results.push_back(std::move(result));
  }
  const auto listed = [&](const model::Finding& finding) {
    return std::any_of(m_diagnosis.evaluated_rules.begin(), m_diagnosis.evaluated_rules.end(),
                       [&](const model::EvaluatedRule& rule) {
                         return rule.rule_id == finding.rule_id && rule.scope == scope;
                       });
  };
  for (const auto* finding : facts.findings) {
    if (!listed(*finding)) {
      RequirementResult result;
      result.rule_id = finding->rule_id;
      result.outcome = Outcome::failed;
      result.findings.push_back(finding);
      results.push_back(std::move(result));
    }
  }
  for (const auto* accepted : facts.suppressed) {
    if (!listed(accepted->finding)) {
      RequirementResult result;
      result.rule_id = accepted->finding.rule_id;
      result.outcome = Outcome::suppressed;
      result.suppressed.push_back(accepted);
      results.push_back(std::move(result));
    }
  }
  return results;
}

std::string acceptance(const model::SuppressedFinding& accepted) {
  std::string out = "accepted until ";
  out += accepted.expires;
  out += ": ";
  out += accepted.reason;
  return out;
}

}  // namespace gdap::report::detail
