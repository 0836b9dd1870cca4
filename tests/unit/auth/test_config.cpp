#include "gdapcheck/auth/config.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace gdap::auth;

namespace {
EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

AuthConfig resolved(const EnvLookup& env, const ConfigOverrides& overrides = {}) {
  auto config = resolve_config(env, overrides);
  REQUIRE(config.ok());
  return config.value();
}
}  // namespace

TEST_CASE("auth: defaults: global cloud, organizations, Graph Command Line Tools", "[auth]") {
  const auto config = resolved(env_of({{"HOME", "/home/tech"}}));
  CHECK(config.authority_host == "https://login.microsoftonline.com");
  CHECK(config.graph_url == "https://graph.microsoft.com");
  CHECK(config.tenant == "organizations");
  CHECK(config.client_id == "14d82eec-204b-4c2f-b7e8-296a70dab67e");
  CHECK(config.cache_dir == "/home/tech/.cache/gdapcheck");
  CHECK(token_endpoint(config, "contoso.com") ==
        "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token");
  CHECK(devicecode_endpoint(config, "organizations") ==
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode");
  CHECK(default_scope(config) == "https://graph.microsoft.com/.default");
  CHECK(delegated_scopes(config) ==
        "https://graph.microsoft.com/User.Read "
        "https://graph.microsoft.com/DelegatedAdminRelationship.Read.All "
        "https://graph.microsoft.com/GroupMember.Read.All "
        "https://graph.microsoft.com/RoleManagement.Read.Directory "
        "https://graph.microsoft.com/Application.Read.All "
        "https://graph.microsoft.com/Policy.Read.All "
        "https://graph.microsoft.com/Organization.Read.All "
        "https://graph.microsoft.com/Directory.Read.All offline_access openid profile");
}

TEST_CASE("auth: sovereign clouds pick their login and Graph hosts", "[auth]") {
  const auto [cloud, login, graph] = GENERATE(table<const char*, const char*, const char*>({
      {"global", "https://login.microsoftonline.com", "https://graph.microsoft.com"},
      {"usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
      {"usgovdod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
      {"china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"},
  }));
  ConfigOverrides overrides;
  overrides.cloud = cloud;
  const auto config = resolved(env_of({{"HOME", "/h"}}), overrides);
  CHECK(config.authority_host == login);
  CHECK(config.graph_url == graph);
  CHECK(default_scope(config) == std::string(graph) + "/.default");
  CHECK_FALSE(cloud_hosts("germany"));
}

TEST_CASE("auth: environment and flags override defaults, and flags win", "[auth]") {
  const auto env = env_of({{"GDAPCHECK_AUTHORITY_HOST", "http://127.0.0.1:4000/"},
                           {"GDAPCHECK_GRAPH_URL", "http://localhost:4001"},
                           {"GDAPCHECK_TENANT", "partner.example"},
                           {"GDAPCHECK_CLIENT_ID", "env-client"},
                           {"GDAPCHECK_CACHE_DIR", "/tmp/c"},
                           {"GDAPCHECK_CA_BUNDLE", "/etc/proxy-ca.pem"},
                           {"XDG_CACHE_HOME", "/xdg"}});
  const auto from_env = resolved(env);
  CHECK(from_env.authority_host == "http://127.0.0.1:4000");
  CHECK(from_env.graph_url == "http://localhost:4001");
  CHECK(from_env.scope_resource == "https://graph.microsoft.com");  // a resource id, not a URL
  CHECK(from_env.tenant == "partner.example");
  CHECK(from_env.client_id == "env-client");
  CHECK(from_env.cache_dir == "/tmp/c");
  CHECK(from_env.ca_bundle == "/etc/proxy-ca.pem");

  ConfigOverrides overrides;
  overrides.tenant = "flag-tenant";
  overrides.client_id = "flag-client";
  const auto from_flags = resolved(env, overrides);
  CHECK(from_flags.tenant == "flag-tenant");
  CHECK(from_flags.client_id == "flag-client");

  CHECK(resolved(env_of({{"XDG_CACHE_HOME", "/xdg"}, {"HOME", "/h"}})).cache_dir ==
        "/xdg/gdapcheck");
}

TEST_CASE("auth: bad configuration is a value naming the problem", "[auth]") {
  const auto remote_http = resolve_config(
      env_of({{"HOME", "/h"}, {"GDAPCHECK_AUTHORITY_HOST", "http://login.example.com"}}), {});
  REQUIRE_FALSE(remote_http.ok());
  CHECK_THAT(remote_http.error().message,
             Catch::Contains("GDAPCHECK_AUTHORITY_HOST") && Catch::Contains("loopback"));
  ConfigOverrides cloud;
  cloud.cloud = "mars";
  CHECK_FALSE(resolve_config(env_of({{"HOME", "/h"}}), cloud).ok());
  CHECK_FALSE(resolve_config(env_of({}), {}).ok());
  ConfigOverrides tenant;
  tenant.tenant = "a/b";
  CHECK_FALSE(resolve_config(env_of({{"HOME", "/h"}}), tenant).ok());
  CHECK(is_tenant_alias("Organizations"));
  CHECK(is_tenant_alias("common"));
  CHECK_FALSE(is_tenant_alias("contoso.com"));
}
