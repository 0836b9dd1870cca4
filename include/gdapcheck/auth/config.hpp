#pragma once

// Where to sign in and with which client: clouds, hosts, tenant, client id, cache folder, and the
// scopes gdapcheck asks for. Resolved once from flags and environment (design §3).

#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/own_client.hpp"
#include "gdapcheck/result.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::auth {

// Looks up an environment variable (injected so tests control the environment).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

using model::k_default_client_id;
using model::k_default_tenant;

using model::cloud_hosts;
using model::CloudHosts;

struct AuthConfig {
  std::string cloud;           // global, usgov, usgovdod or china
  std::string authority_host;  // e.g. https://login.microsoftonline.com (no trailing slash)
  std::string graph_url;       // where Graph requests go (GDAPCHECK_GRAPH_URL may point elsewhere)
  std::string scope_resource;  // the cloud's Graph resource id that scopes are qualified with
  std::string tenant;          // sign-in tenant: organizations, a tenant id or a domain
  std::string client_id;
  std::filesystem::path cache_dir;
  std::string ca_bundle;
  // The cached account to use (account_key()); empty: the one current for host and client.
  std::string account_key;
};

// What the command line can override; unset values fall back to the environment, then defaults.
struct ConfigOverrides {
  std::optional<std::string> tenant;
  std::optional<std::string> client_id;
  std::string cloud = "global";
};

struct ConfigError {
  std::string message;
};

// Resolve flags + environment into a configuration, or say what is wrong with it (bad cloud,
// plain-http non-loopback host, no cache folder could be found).
Result<AuthConfig, ConfigError> resolve_config(const EnvLookup& env,
                                               const ConfigOverrides& overrides);

// True for the multi-tenant aliases (organizations, common, consumers): not a real tenant.
bool is_tenant_alias(std::string_view tenant);

// {authority}/{tenant}/oauth2/v2.0/token and .../devicecode.
std::string token_endpoint(const AuthConfig& config, std::string_view tenant);
std::string devicecode_endpoint(const AuthConfig& config, std::string_view tenant);

// The delegated scopes requested at sign-in, Graph-host-qualified, plus offline_access openid
// profile (roles-and-apps.md §4.1), space-separated. `extra` adds Graph permissions by name
// (GroupMember.ReadWrite.All): incremental consent for what one command needs.
std::string delegated_scopes(const AuthConfig& config, const std::vector<std::string>& extra = {});

// Graph permissions by name, Graph-host-qualified and space-separated.
std::string qualified_scopes(const AuthConfig& config, const std::vector<std::string>& names);

// "{graph resource}/.default": what refresh and client-credentials requests ask for.
std::string default_scope(const AuthConfig& config);

}  // namespace gdap::auth
