#include "graph_json.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/time.hpp"

#include <functional>
#include <string_view>
#include <utility>

namespace gdap::collect {

using model::JsonNode;
using nlohmann::json;

namespace {

constexpr std::string_view k_reseller_relationship_type =
    "#microsoft.graph.resellerDelegatedAdminRelationship";
constexpr std::string_view k_group_type = "#microsoft.graph.group";
constexpr std::string_view k_directory_role_type = "#microsoft.graph.directoryRole";
constexpr std::string_view k_enumerated_tenants_type =
    "#microsoft.graph.conditionalAccessEnumeratedExternalTenants";

// --- Reading helpers ----------------------------------------------------------------------

// The first problem, naming its path, and how many more there were.
std::string describe(const std::vector<model::Problem>& problems) {
  const auto& first = problems.front();
  std::string message = (first.path.empty() ? "/" : first.path) + ": " + first.message;
  if (problems.size() > 1) {
    message += " (and " + std::to_string(problems.size() - 1) + " more problem(s))";
  }
  return message;
}

// Reads the body (which must be an object) with `read`; any recorded problem fails the whole read.
template <typename T>
Parsed<T> parse_body(const json& body, const std::function<T(const JsonNode&)>& read) {
  std::vector<model::Problem> problems;
  const JsonNode root(body, "", problems);
  if (!root.expect_object()) {
    return describe(problems);
  }
  T value = read(root);
  if (!problems.empty()) {
    return describe(problems);
  }
  return value;
}

// Visits every element of the collection's "value" array (required).
void for_each_value(const JsonNode& root, const std::function<void(const JsonNode&)>& visit) {
  if (const auto list = root.required("value")) {
    list->for_each_element(visit);
  }
}

// An optional string where Graph may send null: absent or null → "".
std::string text_or_empty(const JsonNode& node, std::string_view key) {
  return node.optional_string(key).value_or("");
}

// A collection of strings: absent or null → empty (OData collections are never null in practice,
// but an empty reading is what null would mean).
std::vector<std::string> string_list(const JsonNode& node, std::string_view key) {
  if (!node.has(key) || node.is_null(key)) {
    return {};
  }
  return node.strings(key);
}

// A required member that must be an object.
std::optional<JsonNode> required_object(const JsonNode& node, std::string_view key) {
  auto child = node.required(key);
  if (!child || !child->expect_object()) {
    return std::nullopt;
  }
  return child;
}

// An optional member that may be null; when present it must be an object.
std::optional<JsonNode> optional_object(const JsonNode& node, std::string_view key) {
  auto child = node.child(key);
  if (!child || child->json().is_null() || !child->expect_object()) {
    return std::nullopt;
  }
  return child;
}

// An ISO-8601 UTC timestamp or null: anything else would make a snapshot that cannot be read back.
std::optional<std::string> timestamp(const JsonNode& node, std::string_view key) {
  auto value = node.optional_string(key);
  if (value && !model::parse_timestamp(*value)) {
    node.problem_at(key, "not an ISO-8601 timestamp: \"" + *value + "\"");
    return std::nullopt;
  }
  return value;
}

bool has_odata_type(const JsonNode& node, std::string_view type) {
  const auto value = node.optional_string("@odata.type");
  return value && model::equals_ignoring_case(*value, type);
}

// accessDetails.unifiedRoles[].roleDefinitionId (required: a relationship or an assignment
// without roles is not one we can reason about).
std::vector<std::string> unified_roles(const JsonNode& node) {
  std::vector<std::string> roles;
  const auto details = required_object(node, "accessDetails");
  if (!details) {
    return roles;
  }
  if (const auto list = details->required("unifiedRoles")) {
    list->for_each_element([&](const JsonNode& role) {
      if (role.expect_object()) {
        roles.push_back(role.string("roleDefinitionId"));
      }
    });
  }
  return roles;
}

// "internalGuest, serviceProvider" → {"internalGuest", "serviceProvider"}.
std::vector<std::string> split_flags(std::string_view text) {
  constexpr std::string_view k_blanks = " \t\r\n";
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    const auto item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(k_blanks);
    if (first != std::string_view::npos) {
      const auto last = item.find_last_not_of(k_blanks);
      items.emplace_back(item.substr(first, last - first + 1));
    }
    start = end + 1;
  }
  return items;
}

// --- One element of each collection -------------------------------------------------------

model::Group read_group(const JsonNode& node) {
  model::Group group;
  if (node.expect_object()) {
    group.id = node.string("id");
    // Objects the caller may not read come back as @odata.type + id only.
    group.display_name = text_or_empty(node, "displayName");
  }
  return group;
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

model::ServicePrincipal read_service_principal(const JsonNode& node) {
  model::ServicePrincipal sp;
  if (node.expect_object()) {
    sp.app_id = node.string("appId");
    sp.present = true;
    sp.id = node.string("id");
    sp.display_name = text_or_empty(node, "displayName");
    sp.account_enabled = node.optional_boolean("accountEnabled");
  }
  return sp;
}

// includeGuestsOrExternalUsers / excludeGuestsOrExternalUsers (null when not configured).
std::optional<model::CaExternalUsers> read_external_users(const JsonNode& users,
                                                          std::string_view key) {
  const auto node = optional_object(users, key);
  if (!node) {
    return std::nullopt;
  }
  model::CaExternalUsers external;
  // A flags enum serialised as one comma-separated string.
  if (const auto types = node->optional_string("guestOrExternalUserTypes")) {
    external.types = split_flags(*types);
  }
  // No externalTenants: the types apply to every external tenant (the model's default, "all").
  if (const auto tenants = optional_object(*node, "externalTenants")) {
    const auto kind = tenants->optional_string("membershipKind");
    if (kind) {
      external.membership_kind = *kind;
    } else if (has_odata_type(*tenants, k_enumerated_tenants_type)) {
      external.membership_kind = "enumerated";
    }
    external.tenants = string_list(*tenants, "members");
  }
  return external;
}

model::CaPolicy read_ca_policy(const JsonNode& node) {
  model::CaPolicy p;
  if (!node.expect_object()) {
    return p;
  }
  p.id = node.string("id");
  p.display_name = text_or_empty(node, "displayName");
  p.state = node.string("state");
  // Who and what a policy covers are required: reading a missing scope as "nobody" would let a
  // blocking policy pass unseen.
  const auto conditions = required_object(node, "conditions");
  if (!conditions) {
    return p;
  }
  if (const auto users = required_object(*conditions, "users")) {
    p.include_users = string_list(*users, "includeUsers");
    p.exclude_users = string_list(*users, "excludeUsers");
    p.include_groups = string_list(*users, "includeGroups");
    p.exclude_groups = string_list(*users, "excludeGroups");
    p.include_roles = string_list(*users, "includeRoles");
    p.exclude_roles = string_list(*users, "excludeRoles");
    p.include_external = read_external_users(*users, "includeGuestsOrExternalUsers");
    p.exclude_external = read_external_users(*users, "excludeGuestsOrExternalUsers");
  }
  if (const auto apps = required_object(*conditions, "applications")) {
    p.include_applications = string_list(*apps, "includeApplications");
    p.exclude_applications = string_list(*apps, "excludeApplications");
  }
  // Null when the policy only has session controls: nothing to grant, nothing blocked here.
  if (const auto grant = optional_object(node, "grantControls")) {
    p.grant_operator = grant->optional_string("operator").value_or("OR");
    p.grant_controls = string_list(*grant, "builtInControls");
  }
  return p;
}

model::Credential read_credential(const JsonNode& node) {
  model::Credential c;
  if (node.expect_object()) {
    c.key_id = text_or_empty(node, "keyId");
    c.display_name = text_or_empty(node, "displayName");
    c.end_date_time = timestamp(node, "endDateTime");
  }
  return c;
}

std::vector<model::Credential> read_credentials(const JsonNode& node, std::string_view key) {
  std::vector<model::Credential> credentials;
  if (node.has(key) && !node.is_null(key)) {
    node.for_each(key, [&](const JsonNode& c) { credentials.push_back(read_credential(c)); });
  }
  return credentials;
}

template <typename T>
std::vector<T> read_values(const JsonNode& root, T (*read)(const JsonNode&)) {
  std::vector<T> items;
  for_each_value(root, [&](const JsonNode& element) { items.push_back(read(element)); });
  return items;
}

}  // namespace

Parsed<model::PartnerUser> user_from_graph(const json& body) {
  return parse_body<model::PartnerUser>(body, [](const JsonNode& root) {
    model::PartnerUser user;
    user.id = root.string("id");
    user.upn = root.string("userPrincipalName");
    user.display_name = text_or_empty(root, "displayName");
    return user;
  });
}

Parsed<Organization> organization_from_graph(const json& body) {
  return parse_body<Organization>(body, [](const JsonNode& root) {
    Organization org;
    std::size_t count = 0;
    for_each_value(root, [&](const JsonNode& element) {
      if (count++ > 0 || !element.expect_object()) {
        return;  // the token's own tenant comes first; there is only ever one
      }
      org.tenant_id = element.string("id");
      org.display_name = text_or_empty(element, "displayName");
      if (element.has("verifiedDomains") && !element.is_null("verifiedDomains")) {
        element.for_each("verifiedDomains", [&](const JsonNode& domain) {
          if (!domain.expect_object()) {
            return;
          }
          auto name = domain.string("name");
          if (domain.boolean("isDefault", false) && org.default_domain.empty()) {
            org.default_domain = name;
          }
          org.domains.push_back(std::move(name));
        });
      }
    });
    if (count == 0 && root.has("value") && root.json().at("value").is_array()) {
      root.problem_at("value", "expected the organization, got an empty list");
    }
    return org;
  });
}

Parsed<Memberships> memberships_from_graph(const json& body) {
  return parse_body<Memberships>(body, [](const JsonNode& root) {
    Memberships memberships;
    for_each_value(root, [&](const JsonNode& element) {
      if (!element.expect_object()) {
        return;
      }
      // Needed to tell groups from roles: skipping an untyped object could hide a membership.
      const auto type = element.string("@odata.type");
      if (model::equals_ignoring_case(type, k_group_type)) {
        memberships.groups.push_back(read_group(element));
      } else if (model::equals_ignoring_case(type, k_directory_role_type)) {
        memberships.role_template_ids.push_back(element.string("roleTemplateId"));
      }
    });
    return memberships;
  });
}

Parsed<std::optional<model::Group>> admin_agents_from_graph(const json& body) {
  return parse_body<std::optional<model::Group>>(body, [](const JsonNode& root) {
    std::optional<model::Group> exact;
    std::optional<model::Group> security_enabled;
    for_each_value(root, [&](const JsonNode& element) {
      const auto group = read_group(element);
      // Graph's eq is case-insensitive; an ignored $filter would list other groups too.
      if (!element.is_object() || !model::equals_ignoring_case(group.display_name, "AdminAgents")) {
        return;
      }
      if (!exact) {
        exact = group;
      }
      if (!security_enabled && element.boolean("securityEnabled", false)) {
        security_enabled = group;
      }
    });
    return security_enabled ? security_enabled : exact;
  });
}

Parsed<std::vector<model::Contract>> contracts_from_graph(const json& body) {
  return parse_body<std::vector<model::Contract>>(
      body, [](const JsonNode& root) { return read_values(root, read_contract); });
}

Parsed<std::vector<model::Relationship>> relationships_from_graph(const json& body) {
  return parse_body<std::vector<model::Relationship>>(
      body, [](const JsonNode& root) { return read_values(root, read_relationship); });
}

Parsed<std::vector<model::AccessAssignment>> assignments_from_graph(const json& body) {
  return parse_body<std::vector<model::AccessAssignment>>(
      body, [](const JsonNode& root) { return read_values(root, read_assignment); });
}

Parsed<std::vector<model::Group>> groups_from_graph(const json& body) {
  return parse_body<std::vector<model::Group>>(
      body, [](const JsonNode& root) { return read_values(root, read_group); });
}

Parsed<std::vector<model::ServicePrincipal>> service_principals_from_graph(
    const json& body, const std::vector<std::string>& wanted_app_ids) {
  return parse_body<std::vector<model::ServicePrincipal>>(body, [&](const JsonNode& root) {
    const auto found = read_values(root, read_service_principal);
    std::vector<model::ServicePrincipal> result;
    result.reserve(wanted_app_ids.size());
    for (const auto& app_id : wanted_app_ids) {
      model::ServicePrincipal entry;
      for (const auto& sp : found) {
        if (model::equals_ignoring_case(sp.app_id, app_id)) {
          entry = sp;
          break;
        }
      }
      entry.app_id = app_id;
      result.push_back(std::move(entry));
    }
    return result;
  });
}

Parsed<std::vector<model::CaPolicy>> ca_policies_from_graph(const json& body) {
  return parse_body<std::vector<model::CaPolicy>>(
      body, [](const JsonNode& root) { return read_values(root, read_ca_policy); });
}

Parsed<model::IntegrationApp> application_from_graph(const json& body, const std::string& app_id) {
  return parse_body<model::IntegrationApp>(body, [&](const JsonNode& root) {
    model::IntegrationApp app;
    app.app_id = app_id;
    for_each_value(root, [&](const JsonNode& element) {
      if (app.registration_found || !element.expect_object()) {
        return;
      }
      app.registration_found = true;
      app.display_name = text_or_empty(element, "displayName");
      app.password_credentials = read_credentials(element, "passwordCredentials");
      app.key_credentials = read_credentials(element, "keyCredentials");
    });
    return app;
  });
}

Parsed<std::vector<std::string>> graph_app_roles_from_graph(const json& body,
                                                            const std::string& graph_sp_id) {
  return parse_body<std::vector<std::string>>(body, [&](const JsonNode& root) {
    std::vector<std::string> roles;
    for_each_value(root, [&](const JsonNode& element) {
      if (!element.expect_object()) {
        return;
      }
      const auto resource = element.string("resourceId");
      auto role = element.string("appRoleId");
      if (model::equals_ignoring_case(resource, graph_sp_id)) {
        roles.push_back(std::move(role));
      }
    });
    return roles;
  });
}

}  // namespace gdap::collect
