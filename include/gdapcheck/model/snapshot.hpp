#pragma once

// The snapshot: the facts about a partner tenant and its customers, as read (normalised, not raw
// Graph pages), with, for every read, whether it succeeded (design §6). The collector writes it,
// `--snapshot FILE` reads it, the rule engine evaluates it. It never holds tokens.

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/conditional_access.hpp"
#include "gdapcheck/model/fact.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// 2: conditional access policies keep every condition and control Graph returns. Schema 1
// snapshots are still read, their policies as not read (they lack the conditions a verdict needs).
inline constexpr int k_snapshot_schema_version = 2;

// Role template ids as read, each held once for the run (model::InternedText): a large
// partner's relationships and assignments name the same few dozen roles millions of times, and
// 36 characters do not fit a string's own buffer.
using RoleId = InternedText;
using RoleIds = std::vector<RoleId>;

struct Group {
  std::string id;
  std::string display_name;
};

// A security group in the partner tenant that holds roles in one customer.
struct AccessAssignment {
  std::string id;
  std::string status;    // Graph: pending, active, deleting, deleted, error, unknownFutureValue
  std::string group_id;  // accessContainer.accessContainerId
  std::string group_display_name;      // resolved in the partner tenant when readable, else empty
  RoleIds roles;                       // role template ids
  std::optional<std::string> created;  // ISO-8601 UTC
  std::optional<std::string> last_modified;  // ISO-8601 UTC
};

// A GDAP admin relationship (delegatedAdminRelationship or its reseller subtype).
struct Relationship {
  std::string id;  // two GUIDs joined by '-'
  std::string display_name;
  std::string status;  // Graph: active, expired, expiring (past end date), approvalPending, ...
  std::string customer_tenant_id;
  std::string customer_display_name;
  RoleIds roles;                              // role template ids granted by the relationship
  std::string duration;                       // ISO-8601 duration, e.g. P730D
  std::string auto_extend_duration = "PT0S";  // PT0S or P0D: no auto-extend; P180D: extends
  std::optional<std::string> created;         // ISO-8601 UTC
  std::optional<std::string> activated;       // null until active
  std::optional<std::string> end_date_time;   // null until active
  bool reseller = false;                      // #microsoft.graph.resellerDelegatedAdminRelationship
  std::optional<bool> partner_consent_pending;  // reseller subtype only
  Fact<std::vector<AccessAssignment>> access_assignments;
};

// A CSP contract: a customer the partner resells to, with or without GDAP.
struct Contract {
  std::string customer_tenant_id;
  std::string display_name;
  std::string default_domain;
  std::string contract_type;  // ResellerPartner, SyndicationPartner, BreadthPartner
};

struct PartnerUser {
  std::string id;  // object id in the partner tenant
  std::string upn;
  std::string display_name;
};

// How the run signed in to the partner tenant: as a person (delegated), or as an application
// (client credentials), whose token has no user and no MFA claim.
enum class SignInKind { delegated, app };

struct Partner {
  std::string tenant_id;
  std::string display_name;
  SignInKind sign_in = SignInKind::delegated;
  // The account whose GDAP path is checked: the signed-in person, or the one `--user` names.
  // Empty for an app-only run that names none.
  PartnerUser user;
  Fact<std::vector<std::string>> amr;              // the partner access token's amr claim
  Fact<std::vector<std::string>> directory_roles;  // active role template ids in the partner tenant
  Fact<std::vector<Group>> group_memberships;      // transitive
  Fact<std::optional<Group>> admin_agents_group;   // read, but may not exist (null)
  Fact<std::vector<Contract>> contracts;
  Fact<std::vector<Relationship>> relationships;
};

// The outcome of getting a Graph token for the customer tenant through GDAP.
struct SignIn {
  bool succeeded = false;
  std::string error;              // OAuth error, e.g. invalid_grant
  std::vector<long> error_codes;  // AADSTS numbers
  std::string description;        // error_description, shown verbatim, never parsed
  std::string trace_id;
  std::string correlation_id;
};

// Whether a first-party (or integration) application has a service principal in the customer.
struct ServicePrincipal {
  std::string app_id;
  bool present = false;
  std::string id;
  std::string display_name;
  std::optional<bool> account_enabled;
};

struct Credential {
  std::string key_id;
  std::string display_name;
  std::optional<std::string> end_date_time;  // ISO-8601 UTC
};

// The integration's own app registration in the customer tenant (entra-sync style apps that
// authenticate with a client secret and need application permissions with admin consent).
struct IntegrationApp {
  std::string app_id;
  std::string display_name;
  bool registration_found = false;
  std::vector<Credential> password_credentials;
  std::vector<Credential> key_credentials;
  // App-role ids granted to the app's service principal on Microsoft Graph (admin consent).
  Fact<std::vector<std::string>> granted_graph_app_roles;
};

// A permission an API (resource) app publishes in a tenant: a delegated scope
// (oauth2PermissionScopes) or an app role (appRoles), by id and by its claim value.
struct ApiPermission {
  std::string id;
  std::string value;  // e.g. User.Read.All
};

// A resource app the integration needs, as its service principal in the customer stands: absent
// (the customer lacks the workload or licence), or present with the permissions it publishes.
struct ResourcePrincipal {
  ServicePrincipal principal;
  std::vector<ApiPermission> scopes;
  std::vector<ApiPermission> app_roles;
};

// A tenant-wide delegated grant (oauth2PermissionGrant with consentType AllPrincipals) of the
// integration's app on one resource.
struct DelegatedGrant {
  std::string resource_id;          // the resource's service principal object id in the tenant
  std::vector<std::string> scopes;  // the grant's space-separated scope, split
};

// An application permission granted to the integration's app (appRoleAssignment).
struct AppRoleAssignment {
  std::string resource_id;  // the resource's service principal object id in the tenant
  std::string app_role_id;
};

// The integration's multi-tenant app in a customer (`--app`, or a profile's integrationApp):
// its service principal and what is consented to it tenant-wide. The grants are not collected
// when the app has no service principal here (there is nothing to grant to).
struct AppConsent {
  std::string wanted;          // as asked: an application id or a display name
  ServicePrincipal principal;  // app_id is the found app's id, else `wanted` when it is an id
  Fact<std::vector<DelegatedGrant>> delegated_grants;
  Fact<std::vector<AppRoleAssignment>> app_role_assignments;
};

struct IntegrationConsent {
  std::vector<AppConsent> apps;
  // One entry per resource app the integration needs, present or not.
  Fact<std::vector<ResourcePrincipal>> resources;
};

struct Customer {
  std::string tenant_id;
  std::string display_name;
  std::string default_domain;
  std::vector<std::string> domains;
  Fact<SignIn> sign_in;
  Fact<std::vector<ServicePrincipal>> service_principals;
  Fact<std::vector<CaPolicy>> conditional_access_policies;
  Fact<IntegrationApp> integration_app;
  Fact<IntegrationConsent> integration_consent;
};

struct Snapshot {
  int schema_version = k_snapshot_schema_version;
  std::string collected_at;  // ISO-8601 UTC
  std::string tool_version;
  std::string cloud = "global";
  // What the facts were collected for, so an offline run checks them against the same
  // requirements: the profile as `--profile` takes it (a shipped name, or a profile file's
  // absolute path), and the integration app as `--app` took it. Empty: not recorded (snapshots
  // from before these keys) or, for the app, none was given.
  std::string profile;
  std::string app;
  // The OAuth client every token of the collection was asked for with (--client-id, or Microsoft
  // Graph Command Line Tools by default), so a customer that refused only that client can be told
  // how to authorize it. Empty: not recorded (snapshots from before this key).
  std::string client_id;
  Partner partner;
  std::vector<Customer> customers;
};

}  // namespace gdap::model
