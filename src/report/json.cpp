#include "gdapcheck/report/json.hpp"

#include "report/common.hpp"
#include "report/json_values.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/report/explain.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gdap::report {

namespace {

using detail::Json;
using detail::string_array;
using detail::string_or_null;

Json optional_or_null(const std::optional<bool>& value) {
  return value ? Json(*value) : Json();
}

Json optional_or_null(const std::optional<std::string>& value) {
  return value && !value->empty() ? Json(*value) : Json();
}

Json explanation_or_null(const std::optional<model::Explanation>& explanation) {
  return explanation ? explanation_json(*explanation) : Json();
}

Json partner_json(const model::PartnerResult& partner) {
  Json user = Json::object();
  user["id"] = string_or_null(partner.user_id);
  user["upn"] = string_or_null(partner.upn);
  user["mfa"] = optional_or_null(partner.mfa);
  user["globalAdmin"] = optional_or_null(partner.global_admin);
  user["inAdminAgents"] = optional_or_null(partner.in_admin_agents);
  Json json = Json::object();
  json["tenantId"] = string_or_null(partner.tenant_id);
  json["displayName"] = string_or_null(partner.display_name);
  // Additive to design §4: "app" for an app-only run, whose user.mfa is null because MFA does not
  // apply (see notApplicable), not because it is unknown.
  json["signIn"] = partner.app_only ? "app" : "delegated";
  json["user"] = std::move(user);
  return json;
}

Json relationship_json(const model::RelationshipSummary& relationship) {
  Json json = Json::object();
  json["id"] = relationship.id;
  json["displayName"] = string_or_null(relationship.display_name);
  json["status"] = string_or_null(relationship.status);
  json["endDateTime"] = optional_or_null(relationship.end_date_time);
  json["autoExtendDuration"] = string_or_null(relationship.auto_extend_duration);
  // Additive to design §4: whether the rules count that duration as auto-extending (one
  // definition, the engine's), so scripts and `gdapcheck diff` need not judge durations.
  json["autoExtends"] = relationship.auto_extends;
  json["roles"] = string_array(relationship.roles);
  return json;
}

Json customer_json(const model::CustomerResult& customer) {
  Json relationships = Json::array();
  for (const auto& relationship : customer.relationships) {
    relationships.push_back(relationship_json(relationship));
  }
  Json json = Json::object();
  json["tenantId"] = customer.tenant_id;
  json["displayName"] = string_or_null(customer.display_name);
  json["defaultDomain"] = string_or_null(customer.default_domain);
  json["status"] = std::string(model::to_string(customer.status));
  // Additive to design §4: scripts that see "unknown" deserve to know why.
  if (customer.status == model::CustomerStatus::unknown) {
    json["statusReason"] = string_or_null(customer.status_reason);
  }
  json["relationships"] = std::move(relationships);
  json["missingRoles"] = customer.missing_roles ? string_array(*customer.missing_roles) : Json();
  return json;
}

Json finding_json(const model::Finding& finding) {
  Json json = Json::object();
  json["ruleId"] = finding.rule_id;
  json["severity"] = std::string(model::to_string(finding.severity));
  json["tenantId"] = finding.tenant_id;
  json["title"] = finding.title;
  json["detail"] = finding.detail;
  // Evidence is free-form per rule; a rule that recorded nothing still yields an object.
  json["evidence"] = finding.evidence.is_null() ? Json::object() : Json(finding.evidence);
  json["remediation"] = string_array(finding.remediation);
  Json commands = Json::array();
  for (const auto& command : finding.commands) {
    Json entry = Json::object();
    entry["shell"] = command.shell;
    entry["command"] = command.command;
    entry["tenantId"] = command.tenant_id;
    entry["scopes"] = string_array(command.scopes);
    entry["environment"] = command.environment;
    commands.push_back(std::move(entry));
  }
  json["commands"] = std::move(commands);
  json["references"] = string_array(finding.references);
  return json;
}

Json summary_json(const model::Diagnosis& diagnosis) {
  Json by_status = Json::object();
  for (const auto& [status, count] : detail::count_statuses(diagnosis.customers)) {
    by_status[std::string(model::to_string(status))] = count;
  }
  const auto severities = detail::count_severities(diagnosis.findings);
  Json json = Json::object();
  json["customers"] = diagnosis.customers.size();
  json["byStatus"] = std::move(by_status);
  json["error"] = severities.error;
  json["warning"] = severities.warning;
  json["info"] = severities.info;
  json["suppressed"] = diagnosis.suppressed.size();  // additive to design §4
  return json;
}

// Writes the report piece by piece, each piece as nlohmann's dump(2) of the whole document would
// have it: the document is never built whole (a partner's 100,000 customers would hold it in
// memory three times: values, text, escaped text).
class ReportWriter {
 public:
  explicit ReportWriter(const JsonReportSink& sink) : m_sink(sink) { m_sink("{"); }

  void member(std::string_view key, const Json& value) {
    open_member(key);
    write_value(value, 1);
  }

  // An array member whose elements are made one at a time by `element(item)`.
  template <typename Items, typename ToJson>
  void array_member(std::string_view key, const Items& items, ToJson element) {
    open_member(key);
    if (items.empty()) {
      m_sink("[]");
      return;
    }
    m_sink("[");
    bool first = true;
    for (const auto& item : items) {
      m_sink(first ? "\n    " : ",\n    ");
      first = false;
      write_value(element(item), 2);
    }
    m_sink("\n  ]");
  }

  void finish() { m_sink("\n}\n"); }

 private:
  void open_member(std::string_view key) {
    m_sink(m_first ? "\n  " : ",\n  ");
    m_first = false;
    m_sink(Json(std::string(key)).dump());
    m_sink(": ");
  }

  // `value` indented for its `depth` (each level two spaces; JSON strings hold no raw line
  // breaks, so every line break is the indentation's). Invalid UTF-8 from tenant data is
  // replaced rather than thrown on halfway through a report; C1 and bidi controls are escaped.
  void write_value(const Json& value, std::size_t depth) {
    const auto text = value.dump(2, ' ', false, Json::error_handler_t::replace);
    std::string indented;
    indented.reserve(text.size() + text.size() / 8);
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
      indented.append(text, start, end + 1 - start);
      indented.append(depth * 2, ' ');
      start = end + 1;
    }
    indented.append(text, start);
    m_sink(model::escape_invisible_in_json(std::move(indented)));
  }

  const JsonReportSink& m_sink;
  bool m_first = true;
};

Json suppressed_json(const model::SuppressedFinding& accepted) {
  Json json = finding_json(accepted.finding);
  json["suppression"] = Json::object();
  json["suppression"]["tenant"] = accepted.tenant;
  json["suppression"]["reason"] = accepted.reason;
  json["suppression"]["expires"] = accepted.expires;
  return json;
}

Json error_json(const model::ReadError& error) {
  Json json = Json::object();
  json["tenantId"] = string_or_null(error.tenant_id);
  json["operation"] = error.operation;
  json["message"] = error.message;
  // Additive to design §4: what `gdapcheck explain` says about this error, or null.
  json["explanation"] = explanation_or_null(error.explanation);
  return json;
}

Json not_applicable_json(const model::NotApplicable& rule) {
  Json json = Json::object();
  json["ruleId"] = rule.rule_id;
  json["title"] = rule.title;
  json["reason"] = rule.reason;
  return json;
}

Json inconclusive_json(const model::Inconclusive& inconclusive) {
  Json json = Json::object();
  json["ruleId"] = inconclusive.rule_id;
  json["tenantId"] = inconclusive.tenant_id;
  json["reason"] = inconclusive.reason;
  // The finding that explains the gap; such gaps leave the report complete.
  json["blockedBy"] = string_or_null(inconclusive.blocked_by);
  json["explanation"] = explanation_or_null(inconclusive.explanation);
  return json;
}

}  // namespace

void render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options,
                 const JsonReportSink& sink) {
  ReportWriter report(sink);
  report.member("schemaVersion", k_json_schema_version);
  Json tool = Json::object();
  tool["name"] = "gdapcheck";
  tool["version"] = string_or_null(options.tool_version);
  report.member("tool", tool);
  report.member("generatedAt", string_or_null(diagnosis.generated_at));
  // Additive to design §4: the time the rules judged expiry by (the same as generatedAt) and
  // when the facts were read, which differ when an old snapshot is evaluated "now".
  report.member("evaluatedAt", string_or_null(diagnosis.generated_at));
  report.member("collectedAt", string_or_null(diagnosis.collected_at));
  report.member("profile", string_or_null(diagnosis.profile));
  report.member("app", string_or_null(diagnosis.app));
  report.member("complete", diagnosis.complete());
  report.member("partner", partner_json(diagnosis.partner));
  report.array_member("customers", diagnosis.customers, customer_json);
  report.array_member("findings", diagnosis.findings, finding_json);
  // Additive to design §4: findings accepted with a suppression, apart from `findings` (they fail
  // nothing and set no status), each with the suppression's tenant, reason and expiry.
  report.array_member("suppressed", diagnosis.suppressed, suppressed_json);
  // Additive to design §4: about the run rather than the tenants (an old snapshot judged as of
  // now, a suppression that has expired or matches nothing).
  report.array_member("warnings", diagnosis.warnings,
                      [](const std::string& warning) { return Json(warning); });
  report.array_member("errors", diagnosis.errors, error_json);
  // Additive to design §4: which rules could not be decided, so "complete": false has a reason.
  report.array_member("inconclusive", diagnosis.inconclusive, inconclusive_json);
  // Additive to design §4: rules this run cannot ask (an app-only run: MFA; without --user, the
  // account's GDAP path), with why; neither passed nor unknown.
  report.array_member("notApplicable", diagnosis.not_applicable, not_applicable_json);
  report.member("summary", summary_json(diagnosis));
  report.finish();
}

std::string render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options) {
  std::string text;
  render_json(diagnosis, options, [&](std::string_view piece) { text += piece; });
  return text;
}

}  // namespace gdap::report
