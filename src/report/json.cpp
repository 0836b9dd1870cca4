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

}  // namespace

std::string render_json(const model::Diagnosis& diagnosis, const JsonReportOptions& options) {
  Json report = Json::object();
  report["schemaVersion"] = k_json_schema_version;
  report["tool"] = Json::object();
  report["tool"]["name"] = "gdapcheck";
  report["tool"]["version"] = string_or_null(options.tool_version);
  report["generatedAt"] = string_or_null(diagnosis.generated_at);
  // Additive to design §4: the time the rules judged expiry by (the same as generatedAt) and
  // when the facts were read, which differ when an old snapshot is evaluated "now".
  report["evaluatedAt"] = string_or_null(diagnosis.generated_at);
  report["collectedAt"] = string_or_null(diagnosis.collected_at);
  report["profile"] = string_or_null(diagnosis.profile);
  report["app"] = string_or_null(diagnosis.app);
  report["complete"] = diagnosis.complete();
  report["partner"] = partner_json(diagnosis.partner);

  report["customers"] = Json::array();
  for (const auto& customer : diagnosis.customers) {
    report["customers"].push_back(customer_json(customer));
  }
  report["findings"] = Json::array();
  for (const auto& finding : diagnosis.findings) {
    report["findings"].push_back(finding_json(finding));
  }
  // Additive to design §4: findings accepted with a suppression, apart from `findings` (they fail
  // nothing and set no status), each with the suppression's tenant, reason and expiry.
  report["suppressed"] = Json::array();
  for (const auto& accepted : diagnosis.suppressed) {
    Json json = finding_json(accepted.finding);
    json["suppression"] = Json::object();
    json["suppression"]["tenant"] = accepted.tenant;
    json["suppression"]["reason"] = accepted.reason;
    json["suppression"]["expires"] = accepted.expires;
    report["suppressed"].push_back(std::move(json));
  }
  // Additive to design §4: about the run rather than the tenants (an old snapshot judged as of
  // now, a suppression that has expired or matches nothing).
  report["warnings"] = Json::array();
  for (const auto& warning : diagnosis.warnings) {
    report["warnings"].push_back(warning);
  }
  report["errors"] = Json::array();
  for (const auto& error : diagnosis.errors) {
    Json json = Json::object();
    json["tenantId"] = string_or_null(error.tenant_id);
    json["operation"] = error.operation;
    json["message"] = error.message;
    // Additive to design §4: what `gdapcheck explain` says about this error, or null.
    json["explanation"] = explanation_or_null(error.explanation);
    report["errors"].push_back(std::move(json));
  }
  // Additive to design §4: which rules could not be decided, so "complete": false has a reason.
  report["inconclusive"] = Json::array();
  for (const auto& inconclusive : diagnosis.inconclusive) {
    Json json = Json::object();
    json["ruleId"] = inconclusive.rule_id;
    json["tenantId"] = inconclusive.tenant_id;
    json["reason"] = inconclusive.reason;
    // The finding that explains the gap; such gaps leave the report complete.
    json["blockedBy"] = string_or_null(inconclusive.blocked_by);
    json["explanation"] = explanation_or_null(inconclusive.explanation);
    report["inconclusive"].push_back(std::move(json));
  }
  report["summary"] = summary_json(diagnosis);

  // Replace invalid UTF-8 from tenant data rather than throwing halfway through a report.
  return model::escape_invisible_in_json(
             report.dump(2, ' ', false, Json::error_handler_t::replace)) +
         "\n";
}

}  // namespace gdap::report
