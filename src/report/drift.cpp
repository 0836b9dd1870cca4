#include "gdapcheck/report/drift.hpp"

#include "json_values.hpp"

#include "gdapcheck/model/display_text.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace gdap::report {

namespace {

using detail::Json;
using detail::string_or_null;
using model::Direction;

std::string_view word(Direction direction) {
  switch (direction) {
    case Direction::worse:
      return "worse";
    case Direction::better:
      return "better";
    case Direction::neither:
      break;
  }
  return "neither";
}

std::string or_none(const std::string& text) {
  return text.empty() ? "none" : text;
}

std::string relationship_line(const model::RelationshipChange& change) {
  const std::string name = change.name.empty() ? change.id : change.name;
  if (change.what == "added") {
    return fmt::format("{}: relationship '{}' added (ends {})", change.customer.label, name,
                       or_none(change.to));
  }
  if (change.what == "removed") {
    return fmt::format("{}: relationship '{}' no longer listed", change.customer.label, name);
  }
  const std::string_view what = change.what == "endDateTime" ? "end date" : "auto-extension";
  return fmt::format("{}: relationship '{}' {} {} -> {}", change.customer.label, name, what,
                     or_none(change.from), or_none(change.to));
}

std::string finding_line(const model::FindingChange& change, std::string_view verb) {
  return fmt::format("{}: {} {} {}: {}", change.subject.label, verb, change.severity,
                     change.rule_id, change.title);
}

// Every change as one line, with the direction it went.
std::vector<std::pair<Direction, std::string>> lines_of(const model::Drift& drift) {
  std::vector<std::pair<Direction, std::string>> lines;
  if (drift.completeness) {
    lines.emplace_back(drift.completeness->direction,
                       fmt::format("the run was {} and is now {}", drift.completeness->from,
                                   drift.completeness->to));
  }
  for (const auto& change : drift.status_changes) {
    lines.emplace_back(change.direction, fmt::format("{}: status {} -> {}", change.customer.label,
                                                     change.from, change.to));
  }
  for (const auto& change : drift.findings_appeared) {
    lines.emplace_back(change.direction, finding_line(change, "new"));
  }
  for (const auto& change : drift.findings_resolved) {
    lines.emplace_back(change.direction,
                       finding_line(change, change.now_suppressed ? "suppressed" : "resolved"));
  }
  for (const auto& change : drift.relationship_changes) {
    lines.emplace_back(change.direction, relationship_line(change));
  }
  for (const auto& customer : drift.customers_added) {
    lines.emplace_back(Direction::neither, fmt::format("{}: new customer", customer.label));
  }
  for (const auto& customer : drift.customers_removed) {
    lines.emplace_back(Direction::neither,
                       fmt::format("{}: no longer a customer in this run", customer.label));
  }
  return lines;
}

Json subject_json(const model::DriftSubject& subject) {
  Json json = Json::object();
  json["tenantId"] = string_or_null(subject.tenant_id);
  json["label"] = subject.label;
  return json;
}

Json finding_json(const model::FindingChange& change) {
  Json json = subject_json(change.subject);
  json["ruleId"] = change.rule_id;
  json["severity"] = change.severity;
  json["title"] = change.title;
  json["direction"] = word(change.direction);
  json["suppressed"] = change.now_suppressed;
  return json;
}

}  // namespace

std::string render_drift_text(const model::Drift& drift, const DriftSources& sources) {
  std::string out =
      fmt::format("Changes from {} (evaluated {}) to {} (evaluated {})\n", sources.older,
                  or_none(drift.old_evaluated_at), sources.newer, or_none(drift.new_evaluated_at));
  if (drift.nothing_changed()) {
    out += "\nNothing changed.\n";
    return out;
  }
  const auto lines = lines_of(drift);
  for (const auto& [direction, heading] :
       {std::pair{Direction::worse, "Worse"}, std::pair{Direction::better, "Better"},
        std::pair{Direction::neither, "Other changes"}}) {
    std::vector<std::string> section;
    for (const auto& [line_direction, line] : lines) {
      if (line_direction == direction) {
        section.push_back(line);
      }
    }
    if (section.empty()) {
      continue;
    }
    out += fmt::format("\n{} ({}):\n", heading, section.size());
    for (const auto& line : section) {
      out += "  ";
      out += line;
      out += '\n';
    }
  }
  return out;
}

std::string render_drift_json(const model::Drift& drift, const DriftSources& sources) {
  Json json = Json::object();
  json["schemaVersion"] = k_drift_schema_version;
  json["old"] = {{"source", sources.older},
                 {"evaluatedAt", string_or_null(drift.old_evaluated_at)}};
  json["new"] = {{"source", sources.newer},
                 {"evaluatedAt", string_or_null(drift.new_evaluated_at)}};
  json["changed"] = !drift.nothing_changed();
  json["worse"] = drift.got_worse();
  json["completeness"] = Json();
  if (drift.completeness) {
    json["completeness"] = {{"from", drift.completeness->from},
                            {"to", drift.completeness->to},
                            {"direction", word(drift.completeness->direction)}};
  }
  Json added = Json::array();
  for (const auto& customer : drift.customers_added) {
    added.push_back(subject_json(customer));
  }
  Json removed = Json::array();
  for (const auto& customer : drift.customers_removed) {
    removed.push_back(subject_json(customer));
  }
  json["customers"] = {{"added", std::move(added)}, {"removed", std::move(removed)}};
  Json statuses = Json::array();
  for (const auto& change : drift.status_changes) {
    Json item = subject_json(change.customer);
    item["from"] = change.from;
    item["to"] = change.to;
    item["direction"] = word(change.direction);
    statuses.push_back(std::move(item));
  }
  json["statusChanges"] = std::move(statuses);
  Json appeared = Json::array();
  for (const auto& change : drift.findings_appeared) {
    appeared.push_back(finding_json(change));
  }
  Json resolved = Json::array();
  for (const auto& change : drift.findings_resolved) {
    resolved.push_back(finding_json(change));
  }
  json["findings"] = {{"appeared", std::move(appeared)}, {"resolved", std::move(resolved)}};
  Json relationships = Json::array();
  for (const auto& change : drift.relationship_changes) {
    Json item = subject_json(change.customer);
    item["id"] = change.id;
    item["displayName"] = string_or_null(change.name);
    item["change"] = change.what;
    item["from"] = string_or_null(change.from);
    item["to"] = string_or_null(change.to);
    item["direction"] = word(change.direction);
    relationships.push_back(std::move(item));
  }
  json["relationships"] = std::move(relationships);
  return model::escape_invisible_in_json(
             json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
         "\n";
}

}  // namespace gdap::report
