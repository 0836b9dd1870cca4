#pragma once

// What `gdapcheck fix --apply` did, in two forms: one audit-log line per request it sent (JSON
// lines, for whoever is blamed for a change later), and the before/after line per finding it
// worked on, judged from a fresh collection. Pure: the caller writes the lines.

#include "gdapcheck/fix/graph_write.hpp"
#include "gdapcheck/model/diagnosis.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gdap::fix {

// One request sent to Graph. Never a token: the request's method, path and body (ids and
// settings only) and the answer's status, outcome and request id.
struct AuditEntry {
  std::string time;     // ISO-8601 UTC
  std::string account;  // who made the change (UPN, or the app's id)
  std::string tenant;   // where
  std::string rule_id;  // why
  std::string action;   // add-group-member, ...
  http::Method method = http::Method::get;
  std::string path;
  std::optional<nlohmann::json> body;
  int status = 0;  // 0: no answer
  Outcome outcome = Outcome::failed;
  std::string request_id;
  std::string message;
};

// One JSON object on one line, ending with a newline.
std::string audit_line(const AuditEntry& entry);

// What became of one change gdapcheck tried.
struct Attempt {
  std::string rule_id;
  std::string finding_tenant_id;
  std::string finding_tenant_name;
  model::ActionKind kind = model::ActionKind::add_group_member;
  std::optional<Outcome> outcome;  // nullopt: skipped (declined, or not needed)
  std::string message;             // what Microsoft's answer meant, in words
  std::string detail_before;       // the finding's detail when the change was planned
};

// One line per finding gdapcheck tried to fix, in the order first tried: "fixed", "awaiting
// approval" (a new relationship went to the customer), "partly fixed" (with what is left, when
// the finding's detail changed), "propagating" (Microsoft accepted a change it applies in the
// background), "still failing" (with what the fresh collection says) or "not changed" (every
// change to it was skipped or failed).
std::vector<std::string> before_after(const std::vector<Attempt>& attempts,
                                      const model::Diagnosis& after);

}  // namespace gdap::fix
