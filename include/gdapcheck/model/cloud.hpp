#pragma once

// The Microsoft clouds gdapcheck knows, with their login and Graph hosts (identity.md §1.1;
// Microsoft Graph "national cloud deployments"). One table for sign-in (auth) and for the links
// findings print.

#include <optional>
#include <string_view>

namespace gdap::model {

struct CloudHosts {
  std::string_view name;
  std::string_view login;
  std::string_view graph;
};

// The hosts of "global", "usgov", "usgovdod" or "china" (any case); nullopt for anything else.
std::optional<CloudHosts> cloud_hosts(std::string_view cloud);

}  // namespace gdap::model
