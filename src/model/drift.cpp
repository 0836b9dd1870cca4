#include "gdapcheck/model/drift.hpp"

#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/diagnosis.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace gdap::model {

namespace {

using nlohmann::json;

struct RelationshipView {
  std::string id;
  std::string name;
  std::string end;                   // endDateTime, "" when unknown
  std::string auto_extend;           // autoExtendDuration, "" when none
  std::optional<bool> auto_extends;  // the rules' judgement (reports before it was added: unset)
};

struct CustomerView {
  DriftSubject subject;
  std::string status;
  std::vector<RelationshipView> relationships;
};

struct FindingView {
  DriftSubject subject;
  std::string rule_id;
  std::string severity;
  std::string title;
};

struct ReportView {
  std::string evaluated_at;
  std::optional<bool> complete;
  std::vector<CustomerView> customers;  // as listed
  std::vector<FindingView> findings;    // as listed
  std::vector<FindingView> suppressed;  // findings a suppression accepts
};

// The key a customer or finding is matched by: tenant ids compare in any case.
std::string key_of(const std::string& tenant_id) {
  return lowercase(tenant_id);
}

RelationshipView read_relationship(const JsonNode& node) {
  RelationshipView view;
  view.id = node.string("id");
  view.name = node.optional_string("displayName").value_or("");
  view.end = node.optional_string("endDateTime").value_or("");
  view.auto_extend = node.optional_string("autoExtendDuration").value_or("");
  view.auto_extends = node.optional_boolean("autoExtends");
  return view;
}

CustomerView read_customer(const JsonNode& node) {
  Customer customer;
  customer.tenant_id = node.string("tenantId");
  customer.display_name = node.optional_string("displayName").value_or("");
  customer.default_domain = node.optional_string("defaultDomain").value_or("");
  CustomerView view;
  view.subject = {customer.tenant_id, customer_label(customer)};
  view.status = node.string("status");
  if (!status_from_string(view.status)) {
    node.problem_at("status", "\"" + view.status + "\" is not a customer status");
  }
  node.for_each("relationships", [&](const JsonNode& relationship) {
    view.relationships.push_back(read_relationship(relationship));
  });
  return view;
}

ReportView read_report(const json& document, std::vector<Problem>& problems) {
  ReportView view;
  const JsonNode root(document, "", problems);
  if (!root.expect_object()) {
    return view;
  }
  if (!looks_like_report(document)) {
    root.problem(
        "not a gdapcheck report or snapshot (a report has \"customers\", \"findings\" "
        "and \"summary\")");
    return view;
  }
  view.evaluated_at = root.optional_string("evaluatedAt")
                          .value_or(root.optional_string("generatedAt").value_or(""));
  view.complete = root.optional_boolean("complete");
  root.for_each("customers", [&](const JsonNode& customer) {
    view.customers.push_back(read_customer(customer));
  });
  std::map<std::string, DriftSubject> subjects;
  for (const auto& customer : view.customers) {
    subjects.emplace(key_of(customer.subject.tenant_id), customer.subject);
  }
  const auto read_finding = [&](const JsonNode& node) {
    FindingView finding;
    finding.rule_id = node.string("ruleId");
    finding.severity = node.string("severity");
    finding.title = node.optional_string("title").value_or("");
    const auto tenant = node.optional_string("tenantId").value_or("");
    const auto known = subjects.find(key_of(tenant));
    finding.subject = known != subjects.end() ? known->second : DriftSubject{"", "partner"};
    return finding;
  };
  root.for_each("findings",
                [&](const JsonNode& node) { view.findings.push_back(read_finding(node)); });
  root.for_each("suppressed",
                [&](const JsonNode& node) { view.suppressed.push_back(read_finding(node)); });
  return view;
}

std::size_t status_rank(const std::string& status) {
  const auto parsed = status_from_string(status);
  const auto* found = std::find(k_statuses_worst_first.begin(), k_statuses_worst_first.end(),
                                parsed.value_or(CustomerStatus::unknown));
  return static_cast<std::size_t>(found - k_statuses_worst_first.begin());
}

// A later position in the worst-first list is better.
Direction direction_of_status(const std::string& from, const std::string& to) {
  const auto before = status_rank(from);
  const auto after = status_rank(to);
  if (after == before) {
    return Direction::neither;
  }
  return after < before ? Direction::worse : Direction::better;
}

void compare_relationships(const CustomerView& older, const CustomerView& newer, Drift& drift) {
  std::map<std::string, const RelationshipView*> before;
  for (const auto& relationship : older.relationships) {
    before.emplace(relationship.id, &relationship);
  }
  std::map<std::string, const RelationshipView*> after;
  for (const auto& relationship : newer.relationships) {
    after.emplace(relationship.id, &relationship);
  }
  for (const auto& relationship : newer.relationships) {
    const auto found = before.find(relationship.id);
    if (found == before.end()) {
      drift.relationship_changes.push_back({newer.subject, relationship.id, relationship.name,
                                            "added", "", relationship.end, Direction::neither});
      continue;
    }
    const RelationshipView& old = *found->second;
    if (old.end != relationship.end) {
      // ISO-8601 UTC timestamps of one shape compare as text; an end that appears or moves
      // earlier shortens the access.
      const bool earlier =
          !relationship.end.empty() && (old.end.empty() || relationship.end < old.end);
      drift.relationship_changes.push_back({newer.subject, relationship.id, relationship.name,
                                            "endDateTime", old.end, relationship.end,
                                            earlier ? Direction::worse : Direction::better});
    }
    if (old.auto_extend != relationship.auto_extend) {
      Direction direction = Direction::neither;
      if (old.auto_extends && relationship.auto_extends &&
          *old.auto_extends != *relationship.auto_extends) {
        direction = *relationship.auto_extends ? Direction::better : Direction::worse;
      }
      drift.relationship_changes.push_back({newer.subject, relationship.id, relationship.name,
                                            "autoExtendDuration", old.auto_extend,
                                            relationship.auto_extend, direction});
    }
  }
  for (const auto& relationship : older.relationships) {
    if (!after.contains(relationship.id)) {
      drift.relationship_changes.push_back({newer.subject, relationship.id, relationship.name,
                                            "removed", relationship.end, "", Direction::neither});
    }
  }
}

void compare_customers(const ReportView& older, const ReportView& newer, Drift& drift) {
  std::map<std::string, const CustomerView*> before;
  for (const auto& customer : older.customers) {
    before.emplace(key_of(customer.subject.tenant_id), &customer);
  }
  std::map<std::string, const CustomerView*> after;
  for (const auto& customer : newer.customers) {
    after.emplace(key_of(customer.subject.tenant_id), &customer);
  }
  for (const auto& customer : newer.customers) {
    const auto found = before.find(key_of(customer.subject.tenant_id));
    if (found == before.end()) {
      drift.customers_added.push_back(customer.subject);
      continue;
    }
    if (found->second->status != customer.status) {
      drift.status_changes.push_back({customer.subject, found->second->status, customer.status,
                                      direction_of_status(found->second->status, customer.status)});
    }
    compare_relationships(*found->second, customer, drift);
  }
  for (const auto& customer : older.customers) {
    if (!after.contains(key_of(customer.subject.tenant_id))) {
      drift.customers_removed.push_back(customer.subject);
    }
  }
}

std::string finding_key(const FindingView& finding) {
  return finding.rule_id + "|" + key_of(finding.subject.tenant_id);
}

void compare_findings(const ReportView& older, const ReportView& newer, Drift& drift) {
  std::map<std::string, const FindingView*> before;
  for (const auto& finding : older.findings) {
    before.emplace(finding_key(finding), &finding);
  }
  std::map<std::string, const FindingView*> after;
  for (const auto& finding : newer.findings) {
    after.emplace(finding_key(finding), &finding);
  }
  for (const auto& finding : newer.findings) {
    if (!before.contains(finding_key(finding))) {
      const bool matters = finding.severity == "error" || finding.severity == "warning";
      drift.findings_appeared.push_back({finding.subject, finding.rule_id, finding.severity,
                                         finding.title,
                                         matters ? Direction::worse : Direction::neither});
    }
  }
  std::set<std::string> accepted;
  for (const auto& finding : newer.suppressed) {
    accepted.insert(finding_key(finding));
  }
  for (const auto& finding : older.findings) {
    if (!after.contains(finding_key(finding))) {
      const bool suppressed = accepted.contains(finding_key(finding));
      drift.findings_resolved.push_back(
          {finding.subject, finding.rule_id, finding.severity, finding.title,
           suppressed ? Direction::neither : Direction::better, suppressed});
    }
  }
}

}  // namespace

bool looks_like_report(const json& document) {
  return document.is_object() && document.contains("customers") && document.contains("findings") &&
         document.contains("summary");
}

bool Drift::nothing_changed() const {
  return customers_added.empty() && customers_removed.empty() && status_changes.empty() &&
         findings_appeared.empty() && findings_resolved.empty() && relationship_changes.empty() &&
         !completeness;
}

bool Drift::got_worse() const {
  const auto worse = [](const auto& change) { return change.direction == Direction::worse; };
  return std::any_of(status_changes.begin(), status_changes.end(), worse) ||
         std::any_of(findings_appeared.begin(), findings_appeared.end(), worse) ||
         std::any_of(relationship_changes.begin(), relationship_changes.end(), worse) ||
         (completeness && completeness->direction == Direction::worse);
}

Result<Drift, DriftInputProblems> compare_reports(const json& older, const json& newer) {
  DriftInputProblems problems;
  const auto before = read_report(older, problems.older);
  const auto after = read_report(newer, problems.newer);
  if (!problems.older.empty() || !problems.newer.empty()) {
    return Failure{std::move(problems)};
  }
  Drift drift;
  drift.old_evaluated_at = before.evaluated_at;
  drift.new_evaluated_at = after.evaluated_at;
  compare_customers(before, after, drift);
  compare_findings(before, after, drift);
  if (before.complete && after.complete && *before.complete != *after.complete) {
    const auto word = [](bool complete) { return complete ? "complete" : "incomplete"; };
    drift.completeness = StatusChange{{"", "run"},
                                      word(*before.complete),
                                      word(*after.complete),
                                      *after.complete ? Direction::better : Direction::worse};
  }
  return drift;
}

}  // namespace gdap::model
