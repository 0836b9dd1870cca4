#pragma once

// `gdapcheck fix`: what would fix the findings of one diagnosis, as a plan a technician reads
// (what, where, why, the PowerShell) and as one PowerShell script. Pure: a diagnosis in, strings
// out; nothing is changed anywhere.

#include "gdapcheck/model/diagnosis.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gdap::report {

// One finding whose fix is a set of commands, all in one tenant and cloud.
struct PlannedChange {
  std::string rule_id;
  std::string tenant_id;    // where the commands run
  std::string tenant_name;  // as a technician knows it
  std::string finding_tenant_id;
  std::string finding_tenant_name;  // the tenant the finding is about (a partner-side fix of a
                                    // customer's finding runs in the partner tenant)
  std::string title;
  std::string detail;  // the finding's detail, to tell afterwards whether it changed
  std::vector<model::Command> commands;
};

// A finding no command fixes (Partner Center, the customer's approval, a decision to take): its
// remediation steps, for a person.
struct ManualFix {
  std::string rule_id;
  std::string tenant_name;
  std::string title;
  std::vector<std::string> steps;
};

struct FixPlan {
  std::vector<PlannedChange> changes;  // grouped by the tenant they run in, in finding order
  std::vector<ManualFix> manual;       // in finding order
  std::string generated_at;
  std::string profile;
  bool complete = true;  // false: something was not read, so more may need fixing
};

// The plan for every finding of `diagnosis` (suppressed findings are accepted, so left out).
FixPlan plan_fixes(const model::Diagnosis& diagnosis);

// The plan for a terminal: the changes numbered, each with what, where and why and its commands
// (whole lines, never wrapped), then the fixes for a person.
std::string render_fix_plan_text(const FixPlan& plan);

// The plan as one PowerShell script: per tenant, Connect-MgGraph with every scope its commands
// need (and the cloud's -Environment), each change's commands under a comment naming its finding,
// then Disconnect-MgGraph. Names from other tenants appear only in comments, made safe.
std::string render_fix_script(const FixPlan& plan);

}  // namespace gdap::report
