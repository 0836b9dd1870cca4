#pragma once

// The Microsoft clouds gdapcheck knows, with their login and Graph hosts (identity.md §1.1;
// Microsoft Graph "national cloud deployments"), the name Connect-MgGraph -Environment gives each
// (Get-MgEnvironment), their Azure portal ("National clouds", Microsoft identity platform) and
// their Partner Center API (Partner Center "REST URLs"). One table for sign-in (auth), for the
// links findings print and for the PowerShell they print.

#include <optional>
#include <string>
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

// Where a customer's Global Administrator approves a relationship locked for approval. Microsoft
// publishes the link for the global cloud only (Graph, "GDAP API overview": the customer
// invitation link); for the other clouds this says where else to get it instead of guessing one.
std::string approval_link(std::string_view cloud, std::string_view relationship_id);

}  // namespace gdap::model
