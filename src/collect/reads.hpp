#pragma once

// Private to collect: every Graph v1.0 read the collector makes, each one path (with its query)
// beside the parser of its answer. Parsers are pure: they take the answer (already paged:
// "value" holds every element) and give the snapshot's normalised facts. Unknown keys and unknown
// enum members are accepted (Graph adds them all the time); a wrong type where a fact is needed
// fails the whole read with a message naming the JSON path, never a crash and never a guess.

#include "graph_read.hpp"

#include "gdapcheck/model/json_reader.hpp"
#include "gdapcheck/model/snapshot.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gdap::collect::reads {

// --- The signed-in account and its tenant ------------------------------------------------

// GET /me: id, userPrincipalName, displayName. With `user` (an object id or UPN), GET
// /users/{user} instead: the account --user names, read with the caller's permissions (an
// app-only token has no /me; its application permission is User.Read.All).
GraphRead<model::PartnerUser> me(const std::string& user = "");

// GET /organization (a one-element collection): the tenant's id, name and domains.
struct Organization {
  std::string tenant_id;
  std::string display_name;
  std::string default_domain;        // verifiedDomains[isDefault]
  std::vector<std::string> domains;  // every verified domain name
};
GraphRead<Organization> partner_organization();
GraphRead<Organization> customer_organization();

// GET /me/transitiveMemberOf: the groups (id + name) and the directory roles' template ids.
// Administrative units and other object types are skipped.
struct Memberships {
  std::vector<model::Group> groups;
  std::vector<std::string> role_template_ids;
};
// With `user`, GET /users/{user}/transitiveMemberOf (application permission User.Read.All; /me
// supports delegated permissions only).
GraphRead<Memberships> memberships(const std::string& user = "");

// GET /groups?$filter=displayName eq 'AdminAgents': the group, or nullopt when there is none.
// The name is not unique-enforced: a security-enabled exact (case-insensitive) match wins.
GraphRead<std::optional<model::Group>> admin_agents();

// POST /directoryObjects/getByIds: the names of groups, one read per 1,000 ids.
std::vector<GraphRead<std::vector<model::Group>>> group_names(const std::vector<std::string>& ids);

// --- The partner's customers --------------------------------------------------------------

// GET /contracts: customers the partner resells to.
GraphRead<std::vector<model::Contract>> contracts();

// GET /tenantRelationships/delegatedAdminRelationships (parsed page by page). Both the plain and
// the reseller subtype are accepted; access_assignments is left not collected.
GraphRead<std::vector<model::Relationship>> relationships();

// GET .../delegatedAdminRelationships/{id}/accessAssignments. group_display_name stays empty.
GraphRead<std::vector<model::AccessAssignment>> access_assignments(
    const std::string& relationship_id);

// --- A customer's tenant ------------------------------------------------------------------

// GET /servicePrincipals?$filter=appId in (...): one entry per wanted app id, present or not,
// in the order asked; one read per 15 app ids (the most the `in` operator takes). Matching of
// app ids is case-insensitive.
std::vector<GraphRead<std::vector<model::ServicePrincipal>>> service_principals(
    const std::vector<std::string>& app_ids);

// GET /servicePrincipals?$filter=appId in (...) with appRoles and oauth2PermissionScopes: the
// resource apps an integration needs, one entry per wanted app id, present or not, in the order
// asked; one read per 15 app ids.
std::vector<GraphRead<std::vector<model::ResourcePrincipal>>> resource_principals(
    const std::vector<std::string>& app_ids);

// --- The integration's multi-tenant app in a customer (reads_consent.cpp) -------------------

// The GDAP roles whose holders may make the consent reads (each read's Learn page lists them);
// a 403 on one of them names these.
inline constexpr const char* k_consent_read_roles =
    "Directory Readers, Application Administrator or Cloud Application Administrator";

// GET /servicePrincipals?$filter=appId eq '…' (or displayName eq '…' when `wanted` is not an
// application id): the app's service principal, present false when it has none here. Only a
// principal whose appId (or name) is `wanted` counts, in case Graph ignored the filter.
GraphRead<model::ServicePrincipal> integration_principal(const std::string& wanted);

// GET /oauth2PermissionGrants?$filter=clientId eq '{id}' and consentType eq 'AllPrincipals': the
// tenant-wide delegated grants of the service principal `principal_id`, scopes split.
GraphRead<std::vector<model::DelegatedGrant>> delegated_grants(const std::string& principal_id);

// GET /servicePrincipals/{id}/appRoleAssignments: the application permissions granted to it.
GraphRead<std::vector<model::AppRoleAssignment>> assigned_app_roles(
    const std::string& principal_id);

// Microsoft Graph's own service principal (its object id is what app-role assignments point at).
GraphRead<model::ServicePrincipal> graph_service_principal();

// GET /identity/conditionalAccess/policies.
GraphRead<std::vector<model::CaPolicy>> ca_policies();

// GET /applications?$filter=...: the integration's registration, asked for by application id
// when `wanted` is a GUID, else by display name (registration_found false when there is none).
// Graph may ignore a $filter it does not support, so only an application whose id (or name) is
// `wanted` counts. granted_graph_app_roles is left not collected.
GraphRead<model::IntegrationApp> application(const std::string& wanted);

// GET /servicePrincipals(appId='{id}')/appRoleAssignments: the app roles granted to the app's
// service principal, on any resource. A 404 means the app has no service principal here.
struct AppRoleGrants {
  bool service_principal_exists = true;
  std::vector<model::AppRoleAssignment> grants;
};
GraphRead<AppRoleGrants> app_role_assignments(const std::string& app_id);

// One element of an appRoleAssignments answer: the resource's service principal object id and
// the app role's id.
model::AppRoleAssignment read_app_role_assignment(const model::JsonNode& node);

// The app-role ids granted on the resource whose service principal object id is `resource_id`.
std::vector<std::string> roles_granted_on(const AppRoleGrants& grants,
                                          const std::string& resource_id);

}  // namespace gdap::collect::reads
