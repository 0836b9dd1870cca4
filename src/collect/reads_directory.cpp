// Directory objects: the signed-in user, the organization, groups, service principals and app
// registrations.
#include "json_reading.hpp"
#include "reads.hpp"

#include "gdapcheck/graph/path.hpp"
#include "gdapcheck/model/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>

namespace gdap::collect::reads {

namespace {

using model::JsonNode;
using nlohmann::json;

constexpr std::string_view k_group_type = "#microsoft.graph.group";
constexpr std::string_view k_directory_role_type = "#microsoft.graph.directoryRole";
constexpr std::string_view k_graph_app_id = "00000003-0000-0000-c000-000000000000";
constexpr std::string_view k_organization_path =
    "/organization?$select=id,displayName,verifiedDomains";
// The `in` operator takes at most 15 values (graph-api.md §14).
constexpr std::size_t k_max_in_values = 15;
// directoryObjects/getByIds takes at most 1,000 ids per call.
constexpr std::size_t k_max_ids_per_lookup = 1000;

// `values` in slices of at most `size`, in order.
std::vector<std::vector<std::string>> slices(const std::vector<std::string>& values,
                                             std::size_t size) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t first = 0; first < values.size(); first += size) {
    const auto last = std::min(values.size(), first + size);
    out.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(first),
                     values.begin() + static_cast<std::ptrdiff_t>(last));
  }
  return out;
}

model::Group read_group(const JsonNode& node) {
  model::Group group;
  if (node.expect_object()) {
    group.id = node.string("id");
    // Objects the caller may not read come back as @odata.type + id only.
    group.display_name = text_or_empty(node, "displayName");
  }
  return group;
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

Parsed<Organization> parse_organization(const json& body) {
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

// One entry per wanted app id, present or not, in the order asked.
Parsed<std::vector<model::ServicePrincipal>> parse_service_principals(
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

constexpr std::string_view k_principal_properties = "id,appId,displayName,accountEnabled";

std::string principals_path(const std::vector<std::string>& app_ids,
                            std::string_view properties = k_principal_properties) {
  std::string quoted;
  for (const auto& app_id : app_ids) {
    quoted += (quoted.empty() ? "'" : ",'") + app_id + "'";
  }
  return "/servicePrincipals?$filter=" + graph::percent_encode("appId in (" + quoted + ")") +
         "&$select=" + std::string(properties) + "&$top=999";
}

std::vector<model::ApiPermission> read_permissions(const JsonNode& node, std::string_view key) {
  std::vector<model::ApiPermission> permissions;
  if (node.has(key) && !node.is_null(key)) {
    node.for_each(key, [&](const JsonNode& p) {
      if (p.expect_object()) {
        permissions.push_back({p.string("id"), text_or_empty(p, "value")});
      }
    });
  }
  return permissions;
}

model::ResourcePrincipal read_resource_principal(const JsonNode& node) {
  model::ResourcePrincipal resource;
  resource.principal = read_service_principal(node);
  if (node.is_object()) {
    resource.scopes = read_permissions(node, "oauth2PermissionScopes");
    resource.app_roles = read_permissions(node, "appRoles");
  }
  return resource;
}

// "/me", or "/users/{id or UPN}" for a named account (a UPN may hold characters a path may not).
std::string subject_path(const std::string& user) {
  return user.empty() ? std::string("/me") : "/users/" + graph::percent_encode(user);
}

}  // namespace

GraphRead<model::PartnerUser> me(const std::string& user) {
  return {user.empty() ? "me" : "user",
          subject_path(user) + "?$select=id,userPrincipalName,displayName", [](const json& body) {
            return parse_body<model::PartnerUser>(body, [](const JsonNode& root) {
              model::PartnerUser found;
              found.id = root.string("id");
              found.upn = root.string("userPrincipalName");
              found.display_name = text_or_empty(root, "displayName");
              return found;
            });
          }};
}

GraphRead<Organization> partner_organization() {
  return {"organization", std::string(k_organization_path), parse_organization};
}

GraphRead<Organization> customer_organization() {
  return {"customerOrganization", std::string(k_organization_path), parse_organization};
}

GraphRead<Memberships> memberships(const std::string& user) {
  return {"memberships",
          subject_path(user) + "/transitiveMemberOf?$select=id,displayName,roleTemplateId&$top=999",
          [](const json& body) {
            return parse_body<Memberships>(body, [](const JsonNode& root) {
              Memberships memberships;
              for_each_value(root, [&](const JsonNode& element) {
                if (!element.expect_object()) {
                  return;
                }
                // Needed to tell groups from roles: skipping an untyped object could hide a
                // membership.
                const auto type = element.string("@odata.type");
                if (model::equals_ignoring_case(type, k_group_type)) {
                  memberships.groups.push_back(read_group(element));
                } else if (model::equals_ignoring_case(type, k_directory_role_type)) {
                  memberships.role_template_ids.push_back(element.string("roleTemplateId"));
                }
              });
              return memberships;
            });
          }};
}

GraphRead<std::optional<model::Group>> admin_agents() {
  return {"adminAgents",
          "/groups?$filter=" + graph::percent_encode("displayName eq 'AdminAgents'") +
              "&$select=id,displayName,securityEnabled",
          [](const json& body) {
            return parse_body<std::optional<model::Group>>(body, [](const JsonNode& root) {
              std::optional<model::Group> exact;
              std::optional<model::Group> security_enabled;
              for_each_value(root, [&](const JsonNode& element) {
                const auto group = read_group(element);
                // Graph's eq is case-insensitive; an ignored $filter would list other groups.
                if (!element.is_object() ||
                    !model::equals_ignoring_case(group.display_name, "AdminAgents")) {
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
          }};
}

std::vector<GraphRead<std::vector<model::Group>>> group_names(const std::vector<std::string>& ids) {
  std::vector<GraphRead<std::vector<model::Group>>> reads;
  for (auto& slice : slices(ids, k_max_ids_per_lookup)) {
    reads.push_back({"groupNames", "/directoryObjects/getByIds",
                     [](const json& body) {
                       return parse_body<std::vector<model::Group>>(body, [](const JsonNode& root) {
                         return read_values(root, read_group);
                       });
                     },
                     json{{"ids", std::move(slice)}, {"types", {"group"}}}});
  }
  return reads;
}

std::vector<GraphRead<std::vector<model::ServicePrincipal>>> service_principals(
    const std::vector<std::string>& app_ids) {
  std::vector<GraphRead<std::vector<model::ServicePrincipal>>> reads;
  for (auto& slice : slices(app_ids, k_max_in_values)) {
    std::string path = principals_path(slice);
    reads.push_back(
        {"servicePrincipals", std::move(path), [wanted = std::move(slice)](const json& body) {
           return parse_service_principals(body, wanted);
         }});
  }
  return reads;
}

std::vector<GraphRead<std::vector<model::ResourcePrincipal>>> resource_principals(
    const std::vector<std::string>& app_ids) {
  std::vector<GraphRead<std::vector<model::ResourcePrincipal>>> reads;
  for (auto& slice : slices(app_ids, k_max_in_values)) {
    std::string path = principals_path(
        slice, "id,appId,displayName,accountEnabled,appRoles,oauth2PermissionScopes");
    reads.push_back(
        {"servicePrincipals", std::move(path), [wanted = std::move(slice)](const json& body) {
           return parse_body<std::vector<model::ResourcePrincipal>>(
               body, [&](const JsonNode& root) {
                 const auto found = read_values(root, read_resource_principal);
                 std::vector<model::ResourcePrincipal> result;
                 for (const auto& app_id : wanted) {
                   model::ResourcePrincipal entry;
                   for (const auto& resource : found) {
                     if (model::equals_ignoring_case(resource.principal.app_id, app_id)) {
                       entry = resource;
                       break;
                     }
                   }
                   entry.principal.app_id = app_id;
                   result.push_back(std::move(entry));
                 }
                 return result;
               });
         }});
  }
  return reads;
}

GraphRead<model::ServicePrincipal> graph_service_principal() {
  const std::vector<std::string> graph_app{std::string(k_graph_app_id)};
  return {"servicePrincipals", principals_path(graph_app),
          [graph_app](const json& body) -> Parsed<model::ServicePrincipal> {
            auto found = parse_service_principals(body, graph_app);
            if (!found.ok()) {
              return Failure{std::move(found).error()};
            }
            return std::move(found.value().front());
          }};
}

GraphRead<model::IntegrationApp> application(const std::string& wanted) {
  const bool by_id = model::is_guid(wanted);
  const std::string filter =
      by_id ? "appId eq '" + wanted + "'" : "displayName eq '" + odata_string(wanted) + "'";
  return {"application",
          "/applications?$filter=" + graph::percent_encode(filter) +
              "&$select=id,appId,displayName,passwordCredentials,keyCredentials",
          [wanted, by_id](const json& body) {
            return parse_body<model::IntegrationApp>(body, [&](const JsonNode& root) {
              model::IntegrationApp app;
              app.app_id = by_id ? wanted : std::string();
              const char* key = by_id ? "appId" : "displayName";
              for_each_value(root, [&](const JsonNode& element) {
                const auto& value = element.json();
                const bool matching =
                    value.is_object() && value.contains(key) && value[key].is_string() &&
                    model::equals_ignoring_case(value[key].get<std::string>(), wanted);
                if (app.registration_found || !matching) {
                  return;
                }
                app.registration_found = true;
                if (!by_id) {
                  app.app_id = text_or_empty(element, "appId");
                }
                app.display_name = text_or_empty(element, "displayName");
                app.password_credentials = read_credentials(element, "passwordCredentials");
                app.key_credentials = read_credentials(element, "keyCredentials");
              });
              return app;
            });
          }};
}

GraphRead<AppRoleGrants> app_role_assignments(const std::string& app_id) {
  return {"appRoleAssignments",
          "/servicePrincipals(appId=" + graph::percent_encode("'" + app_id + "'") +
              ")/appRoleAssignments",
          [](const json& body) {
            return parse_body<AppRoleGrants>(body, [](const JsonNode& root) {
              return AppRoleGrants{true, read_values(root, read_app_role_assignment)};
            });
          },
          std::nullopt, AppRoleGrants{false, {}}};
}

model::AppRoleAssignment read_app_role_assignment(const JsonNode& node) {
  model::AppRoleAssignment assignment;
  if (node.expect_object()) {
    assignment.resource_id = node.string("resourceId");
    assignment.app_role_id = node.string("appRoleId");
  }
  return assignment;
}

std::vector<std::string> roles_granted_on(const AppRoleGrants& grants,
                                          const std::string& resource_id) {
  std::vector<std::string> roles;
  for (const auto& grant : grants.grants) {
    if (model::equals_ignoring_case(grant.resource_id, resource_id)) {
      roles.push_back(grant.app_role_id);
    }
  }
  return roles;
}

}  // namespace gdap::collect::reads
