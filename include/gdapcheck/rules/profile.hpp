#pragma once

// A profile: the named requirement set one integration needs (design §5). Loaded from
// rules/profiles/<name>.json or a user's own file.

#include "gdapcheck/model/diagnosis.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace gdap::rules {

struct RequiredApp {
  std::string app_id;
  std::string name;
};

// What the integration's multi-tenant app needs consented in every customer on one resource app
// (an API such as Microsoft Graph), by claim value: delegated scopes and application permissions.
struct RequiredResourceAccess {
  std::string resource_app_id;
  std::string name;
  std::vector<std::string> scopes;
  std::vector<std::string> app_roles;
};

// The integration's own multi-tenant app (a vendor's app, or the partner's "secure application
// model" app): which app (a profile may name it; --app names it for one run, replacing the
// profile's) and what it needs per resource.
struct IntegrationAppRequirement {
  std::vector<std::string> apps;  // application ids, or display names as --app takes them
  std::vector<RequiredResourceAccess> resources;
};

struct Profile {
  std::string name;
  std::string description;
  std::string source;  // the file it came from
  // What `--profile` takes to load this profile again, recorded in snapshots: the shipped
  // profile's name, or a user's profile file as an absolute path.
  std::string reference;
  std::vector<std::string> required_roles;  // role template ids
  std::vector<std::string> optional_roles;  // reported as info when missing
  bool global_admin_satisfies_roles = true;
  bool require_admin_agents = true;
  bool require_mfa = true;
  bool require_partner_global_admin = false;
  std::vector<RequiredApp> required_service_principals;
  // How the integration signs in, which decides the client app type conditional access sees:
  // confidential (a server with a secret or certificate: "browser"), public ("mobile apps and
  // desktop clients"), or unknown.
  std::string integration_client = "confidential";
  bool check_app_registration = false;
  std::vector<std::string> required_graph_app_permissions;  // app-role ids on Microsoft Graph
  IntegrationAppRequirement integration_app;
  std::vector<std::string> disabled_rules;
  std::map<std::string, model::Severity> severity_overrides;  // rule id → severity
  std::map<std::string, nlohmann::json> parameter_overrides;  // rule id → {param: value}
};

// The profile with `app` (--app, or the app a snapshot was collected for) as the integration's
// multi-tenant app, replacing the ones the profile names. A profile that checks an app
// registration in each customer (entra-sync) takes --app for that registration instead.
Profile with_integration_app(Profile profile, const std::string& app);

// Whether the integration's multi-tenant app is checked in each customer.
bool checks_integration_consent(const Profile& profile);

}  // namespace gdap::rules
