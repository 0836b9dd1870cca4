// The snapshot's JSON form of the integration app's consent in a customer: its service
// principal, its tenant-wide delegated grants and app-role assignments, and the resource apps'
// service principals with the permissions they publish.
#include "snapshot_json_parts.hpp"

namespace gdap::model::detail {

using nlohmann::json;

namespace {

json permissions_json(const std::vector<ApiPermission>& permissions) {
  json items = json::array();
  for (const auto& p : permissions) {
    items.push_back({{"id", p.id}, {"value", p.value}});
  }
  return items;
}

std::vector<ApiPermission> parse_permissions(const JsonNode& parent, std::string_view key) {
  std::vector<ApiPermission> permissions;
  parent.for_each(key, [&](const JsonNode& node) {
    if (node.expect_object()) {
      node.allow_only({"id", "value"});
      permissions.push_back({node.string("id"), node.optional_string("value").value_or("")});
    }
  });
  return permissions;
}

json app_json(const AppConsent& app) {
  json v = {{"wanted", app.wanted}, {"servicePrincipal", service_principal_json(app.principal)}};
  put_fact(v, "delegatedGrants", app.delegated_grants, [](const auto& grants) {
    json items = json::array();
    for (const auto& g : grants) {
      items.push_back({{"resourceId", g.resource_id}, {"scopes", g.scopes}});
    }
    return items;
  });
  put_fact(v, "appRoleAssignments", app.app_role_assignments, [](const auto& assignments) {
    json items = json::array();
    for (const auto& a : assignments) {
      items.push_back({{"resourceId", a.resource_id}, {"appRoleId", a.app_role_id}});
    }
    return items;
  });
  return v;
}

DelegatedGrant parse_grant(const JsonNode& node) {
  DelegatedGrant grant;
  if (node.expect_object()) {
    node.allow_only({"resourceId", "scopes"});
    grant.resource_id = node.string("resourceId");
    grant.scopes = node.strings("scopes");
  }
  return grant;
}

AppRoleAssignment parse_assignment(const JsonNode& node) {
  AppRoleAssignment assignment;
  if (node.expect_object()) {
    node.allow_only({"resourceId", "appRoleId"});
    assignment.resource_id = node.string("resourceId");
    assignment.app_role_id = node.string("appRoleId");
  }
  return assignment;
}

AppConsent parse_app(const JsonNode& node) {
  AppConsent app;
  if (!node.expect_object()) {
    return app;
  }
  node.allow_only({"wanted", "servicePrincipal", "delegatedGrants", "appRoleAssignments"});
  app.wanted = node.string("wanted");
  if (const auto principal = node.required("servicePrincipal")) {
    app.principal = parse_service_principal(*principal);
  }
  app.delegated_grants = read_fact<std::vector<DelegatedGrant>>(
      node, "delegatedGrants",
      [](const JsonNode& v) { return list_of<DelegatedGrant>(v, parse_grant); });
  app.app_role_assignments = read_fact<std::vector<AppRoleAssignment>>(
      node, "appRoleAssignments",
      [](const JsonNode& v) { return list_of<AppRoleAssignment>(v, parse_assignment); });
  return app;
}

ResourcePrincipal parse_resource(const JsonNode& node) {
  ResourcePrincipal resource;
  if (!node.expect_object()) {
    return resource;
  }
  node.allow_only({"servicePrincipal", "scopes", "appRoles"});
  if (const auto principal = node.required("servicePrincipal")) {
    resource.principal = parse_service_principal(*principal);
  }
  resource.scopes = parse_permissions(node, "scopes");
  resource.app_roles = parse_permissions(node, "appRoles");
  return resource;
}

}  // namespace

json integration_consent_json(const IntegrationConsent& consent) {
  json apps = json::array();
  for (const auto& app : consent.apps) {
    apps.push_back(app_json(app));
  }
  json v = {{"apps", apps}};
  put_fact(v, "resources", consent.resources, [](const auto& resources) {
    json items = json::array();
    for (const auto& r : resources) {
      items.push_back({{"servicePrincipal", service_principal_json(r.principal)},
                       {"scopes", permissions_json(r.scopes)},
                       {"appRoles", permissions_json(r.app_roles)}});
    }
    return items;
  });
  return v;
}

IntegrationConsent parse_integration_consent(const JsonNode& node) {
  IntegrationConsent consent;
  if (!node.expect_object()) {
    return consent;
  }
  node.allow_only({"apps", "resources"});
  consent.apps = node.has("apps") ? list_of<AppConsent>(*node.child("apps"), parse_app)
                                  : std::vector<AppConsent>{};
  consent.resources = read_fact<std::vector<ResourcePrincipal>>(
      node, "resources",
      [](const JsonNode& v) { return list_of<ResourcePrincipal>(v, parse_resource); });
  return consent;
}

}  // namespace gdap::model::detail
