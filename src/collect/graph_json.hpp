#pragma once

// Private to collect: Graph v1.0 answers (already paged: "value" holds every element) turned
// into the snapshot's normalised facts. Pure functions. Unknown keys and unknown enum members
// are accepted (Graph adds them all the time); a wrong type where a fact is needed makes the
// whole read fail with a message naming the JSON path, never a crash and never a guess.

#include "gdapcheck/model/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gdap::collect {

// A parsed fact, or what is wrong with the answer ("/value/3/status: expected a string").
template <typename T>
using Parsed = std::variant<T, std::string>;

// GET /me → id, userPrincipalName, displayName.
Parsed<model::PartnerUser> user_from_graph(const nlohmann::json& body);

// GET /organization (a one-element collection) → tenant id, name and domains.
struct Organization {
  std::string tenant_id;
  std::string display_name;
  std::string default_domain;        // verifiedDomains[isDefault]
  std::vector<std::string> domains;  // every verified domain name
};
Parsed<Organization> organization_from_graph(const nlohmann::json& body);

// GET /me/transitiveMemberOf → the groups (id + name) and the directory roles' template ids.
// Administrative units and other object types are skipped.
struct Memberships {
  std::vector<model::Group> groups;
  std::vector<std::string> role_template_ids;
};
Parsed<Memberships> memberships_from_graph(const nlohmann::json& body);

// GET /groups?$filter=displayName eq 'AdminAgents' → the group, or nullopt when there is none.
// The name is not unique-enforced: prefer a security-enabled exact (case-insensitive) match.
Parsed<std::optional<model::Group>> admin_agents_from_graph(const nlohmann::json& body);

// GET /contracts → customers the partner resells to.
Parsed<std::vector<model::Contract>> contracts_from_graph(const nlohmann::json& body);

// One page (or all) of GET /tenantRelationships/delegatedAdminRelationships. Both the plain and
// the reseller subtype are accepted. access_assignments is left unread (not collected).
Parsed<std::vector<model::Relationship>> relationships_from_graph(const nlohmann::json& body);

// GET .../delegatedAdminRelationships/{id}/accessAssignments. group_display_name stays empty.
Parsed<std::vector<model::AccessAssignment>> assignments_from_graph(const nlohmann::json& body);

// POST /directoryObjects/getByIds → object id → display name.
Parsed<std::vector<model::Group>> groups_from_graph(const nlohmann::json& body);

// GET /servicePrincipals?$filter=appId in (...) → one entry per wanted app id, present or not
// (order of `wanted`). Matching of app ids is case-insensitive.
Parsed<std::vector<model::ServicePrincipal>> service_principals_from_graph(
    const nlohmann::json& body, const std::vector<std::string>& wanted_app_ids);

// GET /identity/conditionalAccess/policies.
Parsed<std::vector<model::CaPolicy>> ca_policies_from_graph(const nlohmann::json& body);

// GET /applications?$filter=appId eq '{id}' → the registration (registration_found false when
// the list is empty); granted_graph_app_roles is left unread.
Parsed<model::IntegrationApp> application_from_graph(const nlohmann::json& body,
                                                     const std::string& app_id);

// GET /servicePrincipals(appId='{id}')/appRoleAssignments → the app-role ids granted on the
// resource whose service principal object id is `graph_sp_id` (Microsoft Graph in that tenant).
Parsed<std::vector<std::string>> graph_app_roles_from_graph(const nlohmann::json& body,
                                                            const std::string& graph_sp_id);

}  // namespace gdap::collect
