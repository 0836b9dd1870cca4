#pragma once

// What changed between two runs (`gdapcheck diff OLD NEW`): two JSON reports (design §4) in,
// the differences a nightly job alerts on out. Pure: the caller turns snapshots into reports
// first, so both sides are judged by the rules and only compared here.

#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gdap::model {

enum class Direction { worse, better, neither };

// A customer as messages show it; an empty tenant id is the partner.
struct DriftSubject {
  std::string tenant_id;
  std::string label;  // "Contoso Ltd (contoso.com)", the tenant id, or "partner"
};

struct StatusChange {
  DriftSubject customer;
  std::string from;
  std::string to;
  Direction direction = Direction::neither;
};

struct FindingChange {
  DriftSubject subject;
  std::string rule_id;
  std::string severity;
  std::string title;
  Direction direction = Direction::neither;  // an error or warning appearing is worse
  // Gone from the findings because a suppression now accepts it (the report's "suppressed"):
  // neither better nor worse, and said so.
  bool now_suppressed = false;
};

// A relationship that appeared, ended up missing, or whose end date or auto-extension changed.
struct RelationshipChange {
  DriftSubject customer;
  std::string id;
  std::string name;
  std::string what;  // "added", "removed", "endDateTime" or "autoExtendDuration"
  std::string from;  // "" when there was none
  std::string to;
  Direction direction = Direction::neither;
};

struct Drift {
  std::string old_evaluated_at;
  std::string new_evaluated_at;
  std::vector<DriftSubject> customers_added;
  std::vector<DriftSubject> customers_removed;
  std::vector<StatusChange> status_changes;
  std::vector<FindingChange> findings_appeared;
  std::vector<FindingChange> findings_resolved;
  std::vector<RelationshipChange> relationship_changes;
  // Set when one run could read everything and the other could not (worse when the new one could
  // not: what it says is less certain).
  std::optional<StatusChange> completeness;

  bool nothing_changed() const;
  bool got_worse() const;
};

// The problems of either report, each with the JSON path where it was found.
struct DriftInputProblems {
  std::vector<Problem> older;
  std::vector<Problem> newer;
};

// Compares two reports. Customers are matched by tenant id, findings by rule id and tenant id,
// relationships by id within their customer. Fails when either document is not a report.
Result<Drift, DriftInputProblems> compare_reports(const nlohmann::json& older,
                                                  const nlohmann::json& newer);

// Whether a document is a JSON report (rather than a snapshot or something else).
bool looks_like_report(const nlohmann::json& document);

}  // namespace gdap::model
