#include "gdapcheck/auth/config.hpp"

#include "gdapcheck/http/url.hpp"
#include "gdapcheck/model/catalog.hpp"

#include <algorithm>
#include <array>

namespace gdap::auth {

namespace {

// Delegated Graph permissions gdapcheck reads with (roles-and-apps.md §4.1). All read-only.
constexpr std::array<std::string_view, 8> k_graph_scopes = {"User.Read",
                                                            "DelegatedAdminRelationship.Read.All",
                                                            "GroupMember.Read.All",
                                                            "RoleManagement.Read.Directory",
                                                            "Application.Read.All",
                                                            "Policy.Read.All",
                                                            "Organization.Read.All",
                                                            "Directory.Read.All"};

std::optional<std::string> non_empty(const EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (value && !value->empty()) {
    return value;
  }
  return std::nullopt;
}

}  // namespace

Result<AuthConfig, ConfigError> resolve_config(const EnvLookup& env,
                                               const ConfigOverrides& overrides) {
  const auto hosts = cloud_hosts(overrides.cloud);
  if (!hosts) {
    return Failure{ConfigError{"unknown cloud '" + overrides.cloud +
                               "' (use global, usgov, usgovdod or china)"}};
  }
  AuthConfig config;
  config.cloud = std::string(hosts->name);
  config.authority_host = http::trim_trailing_slashes(
      non_empty(env, "GDAPCHECK_AUTHORITY_HOST").value_or(std::string(hosts->login)));
  config.graph_url = http::trim_trailing_slashes(
      non_empty(env, "GDAPCHECK_GRAPH_URL").value_or(std::string(hosts->graph)));
  config.scope_resource = std::string(hosts->graph);
  config.tenant = overrides.tenant.value_or(
      non_empty(env, "GDAPCHECK_TENANT").value_or(std::string(k_default_tenant)));
  config.client_id = overrides.client_id.value_or(
      non_empty(env, "GDAPCHECK_CLIENT_ID").value_or(std::string(k_default_client_id)));
  config.ca_bundle = non_empty(env, "GDAPCHECK_CA_BUNDLE").value_or("");

  for (const auto& [name, url] : {std::pair{"GDAPCHECK_AUTHORITY_HOST", config.authority_host},
                                  std::pair{"GDAPCHECK_GRAPH_URL", config.graph_url}}) {
    if (auto problem = http::check_url_allowed(url)) {
      return Failure{ConfigError{std::string(name) + ": " + *problem}};
    }
  }
  if (config.tenant.empty() || config.tenant.find_first_of("/?#% ") != std::string::npos) {
    return Failure{ConfigError{"invalid tenant '" + config.tenant +
                               "' (use a tenant id, a domain or organizations)"}};
  }
  if (config.client_id.empty() || config.client_id.find_first_of("/?#&% ") != std::string::npos) {
    return Failure{ConfigError{"invalid client id '" + config.client_id + "'"}};
  }

  if (auto dir = non_empty(env, "GDAPCHECK_CACHE_DIR")) {
    config.cache_dir = *dir;
  } else if (auto xdg = non_empty(env, "XDG_CACHE_HOME")) {
    config.cache_dir = std::filesystem::path(*xdg) / "gdapcheck";
  } else if (auto home = non_empty(env, "HOME")) {
    config.cache_dir = std::filesystem::path(*home) / ".cache" / "gdapcheck";
  } else {
    return Failure{ConfigError{"no place for the token cache: set GDAPCHECK_CACHE_DIR or HOME"}};
  }
  return config;
}

bool is_tenant_alias(std::string_view tenant) {
  const std::string name = model::lowercase(tenant);
  return name == "organizations" || name == "common" || name == "consumers";
}

std::string token_endpoint(const AuthConfig& config, std::string_view tenant) {
  return config.authority_host + "/" + http::percent_encode(tenant) + "/oauth2/v2.0/token";
}

std::string devicecode_endpoint(const AuthConfig& config, std::string_view tenant) {
  return config.authority_host + "/" + http::percent_encode(tenant) + "/oauth2/v2.0/devicecode";
}

std::string qualified_scopes(const AuthConfig& config, const std::vector<std::string>& names) {
  std::string scopes;
  for (const auto& name : names) {
    scopes += (scopes.empty() ? "" : " ") + config.scope_resource + "/" + name;
  }
  return scopes;
}

std::string delegated_scopes(const AuthConfig& config, const std::vector<std::string>& extra) {
  std::vector<std::string> names(k_graph_scopes.begin(), k_graph_scopes.end());
  for (const auto& scope : extra) {
    if (std::find(names.begin(), names.end(), scope) == names.end()) {
      names.push_back(scope);
    }
  }
  return qualified_scopes(config, names) + " offline_access openid profile";
}

std::string default_scope(const AuthConfig& config) {
  return config.scope_resource + "/.default";
}

}  // namespace gdap::auth
