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
  bool check_app_registration = false;
  std::vector<std::string> required_graph_app_permissions;  // app-role ids on Microsoft Graph
  std::vector<std::string> disabled_rules;
  std::map<std::string, model::Severity> severity_overrides;  // rule id → severity
  std::map<std::string, nlohmann::json> parameter_overrides;  // rule id → {param: value}
};

}  // namespace gdap::rules
