// The partner's customers: CSP contracts, GDAP admin relationships and their access assignments.
#include "json_reading.hpp"
#include "reads.hpp"

#include "gdapcheck/graph/path.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/time.hpp"

#include <string_view>

namespace gdap::collect::reads {

namespace {

using model::JsonNode;
using nlohmann::json;

constexpr std::string_view k_reseller_relationship_type =
    "#microsoft.graph.resellerDelegatedAdminRelationship";
constexpr std::string_view k_relationships_path =
    "/tenantRelationships/delegatedAdminRelationships";

// accessDetails.unifiedRoles[].roleDefinitionId (required: a relationship or an assignment
// without roles is not one we can reason about).
model::RoleIds unified_roles(const JsonNode& node) {
  model::RoleIds roles;
  const auto details = required_object(node, "accessDetails");
  if (!details) {
    return roles;
  }
  if (const auto list = details->required("unifiedRoles")) {
    list->for_each_element([&](const JsonNode& role) {
      if (role.expect_object()) {
        roles.emplace_back(role.string("roleDefinitionId"));
      }
    });
  }
  return roles;
}

model::Contract read_contract(const JsonNode& node) {
  model::Contract c;
  if (node.expect_object()) {
    c.customer_tenant_id = node.string("customerId");
    c.display_name = text_or_empty(node, "displayName");
    c.default_domain = text_or_empty(node, "defaultDomainName");
    c.contract_type = text_or_empty(node, "contractType");
  }
  return c;
}

model::Relationship read_relationship(const JsonNode& node) {
  model::Relationship r;
  if (!node.expect_object()) {
    return r;
  }
  r.id = node.string("id");
  r.display_name = text_or_empty(node, "displayName");
  r.status = node.string("status");
  // The customer is set by the partner on creation or by the system on approval: a draft may
  // not have one yet.
  if (const auto customer = optional_object(node, "customer")) {
    r.customer_tenant_id = text_or_empty(*customer, "tenantId");
    r.customer_display_name = text_or_empty(*customer, "displayName");
  }
  r.roles = unified_roles(node);
  r.duration = text_or_empty(node, "duration");
  r.auto_extend_duration = node.optional_string("autoExtendDuration").value_or("PT0S");
  if (!model::duration_days(r.auto_extend_duration)) {
    node.problem_at("autoExtendDuration",
                    "not an ISO-8601 duration: \"" + r.auto_extend_duration + "\"");
  }
  r.created = timestamp(node, "createdDateTime");
  r.activated = timestamp(node, "activatedDateTime");
  r.end_date_time = timestamp(node, "endDateTime");
  r.reseller = has_odata_type(node, k_reseller_relationship_type);
  r.partner_consent_pending = node.optional_boolean("isPartnerConsentPending");
  return r;
}

model::AccessAssignment read_assignment(const JsonNode& node) {
  model::AccessAssignment a;
  if (!node.expect_object()) {
    return a;
  }
  a.id = node.string("id");
  a.status = node.string("status");
  if (const auto container = required_object(node, "accessContainer")) {
    a.group_id = container->string("accessContainerId");
  }
  a.roles = unified_roles(node);
  a.created = timestamp(node, "createdDateTime");
  a.last_modified = timestamp(node, "lastModifiedDateTime");
  return a;
}

template <typename T>
Parsed<std::vector<T>> parse_values(const json& body, T (*read)(const JsonNode&)) {
  return parse_body<std::vector<T>>(
      body, [read](const JsonNode& root) { return read_values(root, read); });
}

}  // namespace

GraphRead<std::vector<model::Contract>> contracts() {
  return {"contracts",
          "/contracts?$select=customerId,displayName,defaultDomainName,contractType&$top=999",
          [](const json& body) { return parse_values(body, read_contract); }};
}

GraphRead<std::vector<model::Relationship>> relationships() {
  return {"relationships", std::string(k_relationships_path) + "?$top=300",
          [](const json& body) { return parse_values(body, read_relationship); }};
}

GraphRead<std::vector<model::AccessAssignment>> access_assignments(
    const std::string& relationship_id) {
  return {"accessAssignments",
          std::string(k_relationships_path) + "/" + graph::percent_encode(relationship_id) +
              "/accessAssignments?$top=300",
          [](const json& body) { return parse_values(body, read_assignment); }};
}

}  // namespace gdap::collect::reads
