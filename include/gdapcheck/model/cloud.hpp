#pragma once

// The Microsoft clouds gdapcheck knows, with their login and Graph hosts (identity.md §1.1;
// Microsoft Graph "national cloud deployments"), the name Connect-MgGraph -Environment gives each
// (Get-MgEnvironment), their Azure portal ("National clouds", Microsoft identity platform) and
// their Partner Center API (Partner Center "REST URLs"). One table for sign-in (auth), for the
// links findings print and for the PowerShell they print.

#include <optional>
#include <string_view>

namespace gdap::model {

struct CloudHosts {
  std::string_view name;
  std::string_view login;
  std::string_view graph;
  std::string_view graph_environment;  // Connect-MgGraph -Environment
  std::string_view portal;             // Azure portal, where Entra ID is administered too
  std::string_view partner_center_api;
};

// The hosts of "global", "usgov", "usgovdod" or "china" (any case); nullopt for anything else.
std::optional<CloudHosts> cloud_hosts(std::string_view cloud);

}  // namespace gdap::model
