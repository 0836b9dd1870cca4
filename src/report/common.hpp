#pragma once

// What more than one renderer needs: grouping, counting and naming. One place for each job, so the
// text, JSON and markdown reports can never disagree about a count or an order.

#include "gdapcheck/model/diagnosis.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gdap::report::detail {

// The findings about one tenant, in the order the rule engine sorted them.
struct TenantFindings {
  std::string tenant_id;
  bool is_partner = false;
  const model::CustomerResult* customer = nullptr;  // null for the partner or an unlisted tenant
  std::vector<const model::Finding*> findings;
};

// Return a copy safe to put on a terminal or into Markdown: tenant data is untrusted, and a display
// name carrying ESC or CSI could rewrite the technician's screen. Control characters become '?'
// (tabs and line breaks a space), except the line breaks of details and remediation steps.
// Taken by value: a caller that needs only some of the diagnosis hands over a part-copy to clean.
model::Diagnosis without_control_characters(model::Diagnosis diagnosis);

// The diagnosis as a report may show it: the diagnosis itself when none of its text needs
// cleaning (the usual case; a 100,000-customer report then holds no second copy of it, about
// 280 MB), else a copy without_control_characters. It must outlive this, and this its users.
class DisplaySafeDiagnosis {
 public:
  explicit DisplaySafeDiagnosis(const model::Diagnosis& diagnosis);
  DisplaySafeDiagnosis(const DisplaySafeDiagnosis&) = delete;  // m_shown may point into itself
  DisplaySafeDiagnosis& operator=(const DisplaySafeDiagnosis&) = delete;
  ~DisplaySafeDiagnosis() = default;

  const model::Diagnosis& operator*() const { return *m_shown; }

 private:
  std::optional<model::Diagnosis> m_cleaned;
  const model::Diagnosis* m_shown;
};

// The same for one finding, gap or read error, in place, for a renderer that cleans them one at
// a time.
void remove_control_characters(model::Finding& finding);
void remove_control_characters(model::Inconclusive& gap);
void remove_control_characters(model::ReadError& error);

// Group findings by tenant: the partner first, then customers in table order, then any tenant the
// customer list does not name (so no finding is ever dropped). Tenants without findings are left
// out.
std::vector<TenantFindings> group_findings_by_tenant(const model::Diagnosis& diagnosis);

struct StatusCount {
  model::CustomerStatus status;
  std::size_t count;
};

// Count customers per status, only statuses present, in the fixed order of model::CustomerStatus.
std::vector<StatusCount> count_statuses(const std::vector<model::CustomerResult>& customers);

struct SeverityCounts {
  std::size_t error = 0;
  std::size_t warning = 0;
  std::size_t info = 0;
};

SeverityCounts count_severities(const std::vector<model::Finding>& findings);

// Where a PowerShell command sits in a line of a remediation step: from a cmdlet (Connect-MgGraph)
// over its -Parameter value pairs, or to the end of the line after a "#" comment or "|" pipe; a
// line starting with "$" or "PS>" is all command. The span is copied verbatim, never wrapped or
// escaped: a broken command cannot be pasted. Words inside `code spans` are not looked at; the span
// already keeps them whole.
struct CommandSpan {
  std::size_t begin;
  std::size_t end;
};
std::optional<CommandSpan> find_powershell_command(std::string_view line);

// What became of one requirement (an evaluated rule) for one tenant: it passed, it failed (the
// findings say how), it failed but the partner accepts that (a suppression says why and until
// when), or it could not be checked (the gaps say why).
enum class Outcome { passed, failed, not_checked, suppressed };

std::string_view to_string(Outcome outcome);

struct RequirementResult {
  const model::EvaluatedRule* rule = nullptr;  // null: a finding of a rule the list does not name
  std::string_view rule_id;
  Outcome outcome = Outcome::passed;
  std::vector<const model::Finding*> findings;
  std::vector<const model::Inconclusive*> gaps;
  std::vector<const model::SuppressedFinding*> suppressed;

  // What passing means, in words ("The account is in AdminAgents"); a finding's title when the
  // rule is not listed.
  std::string_view requirement() const;
};

// A tenant a per-tenant report has a section for.
struct ReportTenant {
  std::string_view tenant_id;  // the diagnosis's own text
  model::RuleScope scope;
  const model::CustomerResult* customer;  // null for the partner and unlisted tenants
};

// Who each tenant id is and what the diagnosis says about it, each found in constant time. A
// report asks per customer and per finding; walking every customer or finding for each answer
// made a 20,000-customer checklist take 40 s and 100,000 customers hours. Build one per report,
// over the diagnosis the report renders (which must outlive it).
class TenantIndex {
 public:
  explicit TenantIndex(const model::Diagnosis& diagnosis);

  // The customer with this tenant id (the first, should two share it), or null.
  const model::CustomerResult* customer(std::string_view tenant_id) const;

  // A name a technician recognises: the display name, else the domain, else the tenant id.
  std::string name(std::string_view tenant_id) const;

  // The tenants with a section: the partner, then customers in table order, then any tenant only
  // a finding or gap names.
  const std::vector<ReportTenant>& tenants() const { return m_tenants; }

  // Every requirement of `scope` for one tenant, in rule-id order, then any finding about the
  // tenant whose rule is not among the evaluated ones (so none is ever dropped).
  std::vector<RequirementResult> requirement_results(std::string_view tenant_id,
                                                     model::RuleScope scope) const;

  // The findings about one tenant, in the diagnosis's order.
  const std::vector<const model::Finding*>& findings(std::string_view tenant_id) const;

  // The reads that failed in one tenant, in the diagnosis's order.
  const std::vector<const model::ReadError*>& errors(std::string_view tenant_id) const;

 private:
  struct About {
    std::vector<const model::Finding*> findings;
    std::vector<const model::Inconclusive*> gaps;
    std::vector<const model::SuppressedFinding*> suppressed;
    std::vector<const model::ReadError*> errors;
  };
  const About& about(std::string_view tenant_id) const;

  const model::Diagnosis& m_diagnosis;
  std::unordered_map<std::string_view, const model::CustomerResult*> m_customers;
  std::unordered_map<std::string_view, About> m_about;
  std::vector<ReportTenant> m_tenants;
};

// Why and until when a suppressed finding is accepted, as every report words it:
// "accepted until 2026-12-31: waiting for the customer's new contract".
std::string acceptance(const model::SuppressedFinding& accepted);

// Split text at '\n' (rule files write multi-line steps, e.g. a sentence then a command).
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace gdap::report::detail
