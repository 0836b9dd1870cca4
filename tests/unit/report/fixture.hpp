#pragma once

// Small diagnoses built in code, shared by the report tests (one partner, three customers: healthy,
// missing a role, and unreadable).

#include "gdapcheck/model/diagnosis.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace gdap::report::test {

// How often `what` appears in `text` (a report's elements, say).
inline std::size_t occurrences(const std::string& text, std::string_view what) {
  std::size_t count = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) {
    ++count;
  }
  return count;
}

inline model::Diagnosis empty_diagnosis() {
  model::Diagnosis diagnosis;
  diagnosis.generated_at = "2026-11-22T10:00:00Z";
  diagnosis.collected_at = "2026-11-22T09:30:00Z";
  diagnosis.profile = "default";
  diagnosis.partner.tenant_id = "p-1";
  diagnosis.partner.display_name = "Contoso Partner";
  diagnosis.partner.user_id = "u-1";
  diagnosis.partner.upn = "admin@contoso.com";
  diagnosis.partner.mfa = true;
  diagnosis.partner.global_admin = true;
  diagnosis.partner.in_admin_agents = true;
  return diagnosis;
}

inline model::Diagnosis sample_diagnosis() {
  using model::CustomerStatus;
  using model::RuleScope;
  using model::Severity;
  model::Diagnosis diagnosis = empty_diagnosis();
  diagnosis.partner.in_admin_agents = false;
  diagnosis.partner.mfa = std::nullopt;

  model::CustomerResult fabrikam;
  fabrikam.tenant_id = "c-1";
  fabrikam.display_name = "Fabrikam";
  fabrikam.default_domain = "fabrikam.com";
  fabrikam.status = CustomerStatus::active;
  fabrikam.relationships.push_back({"r-1",
                                    "Fabrikam GDAP",
                                    "active",
                                    "2027-05-01T00:00:00Z",
                                    "P180D",
                                    {"Helpdesk Administrator"}});
  fabrikam.relationships.back().auto_extends = true;
  fabrikam.access_ends = model::AccessEnd{"2027-05-01T00:00:00Z", true};
  fabrikam.missing_roles = std::vector<std::string>{};
  diagnosis.customers.push_back(fabrikam);

  model::CustomerResult northwind;
  northwind.tenant_id = "c-2";
  northwind.display_name = "Northwind Traders";
  northwind.default_domain = "northwind.com";
  northwind.status = CustomerStatus::missing_roles;
  northwind.relationships.push_back(
      {"r-2", "Northwind old", "expired", "2025-01-01T00:00:00Z", "PT0S", {}});
  northwind.relationships.push_back({"r-3",
                                     "Northwind GDAP",
                                     "active",
                                     "2026-12-01T10:00:00.1234567Z",
                                     "PT0S",
                                     {"Helpdesk Administrator"}});
  northwind.access_ends = model::AccessEnd{"2026-12-01T10:00:00.1234567Z", false};
  northwind.missing_roles = std::vector<std::string>{"Teams Administrator"};
  diagnosis.customers.push_back(northwind);

  model::CustomerResult unread;
  unread.tenant_id = "c-3";
  unread.status = CustomerStatus::unknown;
  unread.status_reason = "admin relationships could not be read";
  diagnosis.customers.push_back(unread);

  model::Finding admin_agents;
  admin_agents.rule_id = "csp.user-not-in-adminagents";
  admin_agents.severity = Severity::error;
  admin_agents.tenant_id = "p-1";
  admin_agents.title = "Account is not in AdminAgents";
  admin_agents.detail = "admin@contoso.com is not a member of AdminAgents.";
  admin_agents.evidence = {{"upn", "admin@contoso.com"}};
  admin_agents.remediation = {"Add admin@contoso.com to the AdminAgents group in Partner Center."};
  admin_agents.references = {"https://learn.microsoft.com/partner-center/"};
  diagnosis.findings.push_back(admin_agents);

  model::Finding roles;
  roles.rule_id = "gdap.missing-roles";
  roles.severity = Severity::error;
  roles.tenant_id = "c-2";
  roles.title = "Required roles are missing";
  roles.detail = "The relationship lacks Teams Administrator.";
  roles.evidence = {{"missingRoles", {"Teams Administrator"}}};
  roles.remediation = {"Create a new relationship with Teams Administrator.",
                       "Assign the role to your security group."};
  diagnosis.findings.push_back(roles);

  model::Inconclusive gap;
  gap.rule_id = "gdap.missing-roles";
  gap.tenant_id = "c-3";
  gap.reason = "admin relationships could not be read";
  diagnosis.inconclusive.push_back(gap);
  diagnosis.errors.push_back({"c-3", "list admin relationships", "403 Forbidden"});

  const auto rule = [](std::string id, std::string title, std::string requirement,
                       RuleScope scope) {
    model::EvaluatedRule evaluated;
    evaluated.rule_id = std::move(id);
    evaluated.title = std::move(title);
    evaluated.requirement = std::move(requirement);
    evaluated.scope = scope;
    return evaluated;
  };
  diagnosis.evaluated_rules = {
      rule("csp.mfa-not-prompted", "Sign-in did not prompt for MFA", "Sign-in prompted for MFA",
           RuleScope::partner),
      rule("csp.user-not-in-adminagents", "Account is not in AdminAgents",
           "Account is in AdminAgents", RuleScope::partner),
      rule("gdap.missing-roles", "Required roles are missing", "Required roles are granted",
           RuleScope::customer),
  };
  return diagnosis;
}

}  // namespace gdap::report::test
