// Profiles (rules/profiles/<name>.json or a file of one's own): parsed strictly, found by name or
// path across the rule folders.
#include "checks.hpp"
#include "params.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/rules/loader.hpp"
#include "gdapcheck/rules/rule_selection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace gdap::rules {

using detail::CheckSpec;
using detail::merge_params;
using model::JsonNode;
using model::Problem;
using nlohmann::json;

namespace {

std::vector<std::string> parse_role_list(const JsonNode& root, std::string_view key) {
  std::vector<std::string> ids;
  root.for_each(key, [&](const JsonNode& element) {
    if (!element.json().is_string()) {
      element.problem("expected a role name or template id, got " +
                      std::string(model::describe_type(element.json())));
      return;
    }
    const auto text = element.json().get<std::string>();
    if (const auto id = model::find_id(model::known_roles(), text)) {
      ids.emplace_back(*id);
    } else if (model::find_name(model::known_roles(), text)) {
      ids.push_back(text);
    } else {
      element.problem("unknown role \"" + text +
                      "\": GDAP grants built-in Entra roles only; use a name such as "
                      "\"Exchange Administrator\" or its template id");
    }
  });
  return ids;
}

// A GUID given where an application id is needed, or a problem at `key`.
std::string application_id(const JsonNode& node, std::string_view key) {
  auto id = node.string(key);
  if (!id.empty() && !model::is_guid(id)) {
    // fmt, not "literal" + temporary: GCC 12 at -O3 misreads that under -Wrestrict.
    node.problem_at(key,
                    fmt::format("\"{}\" is not an application id (a GUID)", model::echoed(id)));
  }
  return id;
}

std::vector<std::string> permission_values(const JsonNode& node, std::string_view key) {
  std::vector<std::string> values;
  node.for_each(key, [&](const JsonNode& element) {
    if (element.json().is_string() && !element.json().get<std::string>().empty()) {
      values.push_back(element.json().get<std::string>());
    } else {
      element.problem("expected a permission's claim value, such as \"User.Read.All\"");
    }
  });
  return values;
}

IntegrationAppRequirement parse_integration_app(const JsonNode& app) {
  app.allow_only({"appIds", "requiredResourceAccess"});
  IntegrationAppRequirement requirement;
  app.for_each("appIds", [&](const JsonNode& element) {
    const auto id = element.json().is_string() ? element.json().get<std::string>() : "";
    if (!model::is_guid(id)) {
      element.problem("expected the integration's application id (a GUID)");
      return;
    }
    requirement.apps.push_back(id);
  });
  app.for_each("requiredResourceAccess", [&](const JsonNode& element) {
    if (!element.expect_object()) {
      return;
    }
    element.allow_only({"resourceAppId", "name", "scopes", "appRoles"});
    RequiredResourceAccess resource;
    resource.resource_app_id = application_id(element, "resourceAppId");
    resource.name =
        element.optional_string("name").value_or(model::application_name(resource.resource_app_id));
    resource.scopes = permission_values(element, "scopes");
    resource.app_roles = permission_values(element, "appRoles");
    requirement.resources.push_back(std::move(resource));
  });
  return requirement;
}

}  // namespace

Profile with_integration_app(Profile profile, const std::string& app) {
  if (!app.empty() && !profile.check_app_registration) {
    profile.integration_app.apps = {app};
  }
  return profile;
}

bool checks_integration_consent(const Profile& profile) {
  return !profile.check_app_registration && !profile.integration_app.apps.empty();
}

std::optional<Profile> parse_profile(std::string_view text, std::string_view source,
                                     const RuleSet& rules, std::vector<Problem>& problems) {
  const std::size_t before = problems.size();
  const auto document = model::parse_json_object(text, problems);
  if (!document) {
    return std::nullopt;
  }
  const JsonNode root(*document, "", problems);
  root.allow_only({"$schema", "name", "description", "requiredRoles", "optionalRoles",
                   "globalAdministratorSatisfiesRoles", "requireAdminAgents", "requireMfa",
                   "requirePartnerGlobalAdministrator", "requiredServicePrincipals",
                   "appRegistration", "integrationApp", "integrationClient", "disabledRules",
                   "severity", "params"});
  Profile profile;
  profile.source = std::string(source);
  profile.name = root.string("name");
  profile.description = root.optional_string("description").value_or("");
  profile.required_roles = parse_role_list(root, "requiredRoles");
  profile.optional_roles = parse_role_list(root, "optionalRoles");
  profile.global_admin_satisfies_roles = root.boolean("globalAdministratorSatisfiesRoles", true);
  profile.require_admin_agents = root.boolean("requireAdminAgents", true);
  profile.require_mfa = root.boolean("requireMfa", true);
  profile.require_partner_global_admin = root.boolean("requirePartnerGlobalAdministrator", false);
  profile.integration_client = root.optional_string("integrationClient").value_or("confidential");
  if (profile.integration_client != "confidential" && profile.integration_client != "public" &&
      profile.integration_client != "unknown") {
    root.problem_at("integrationClient", R"(expected "confidential", "public" or "unknown")");
  }
  root.for_each("requiredServicePrincipals", [&](const JsonNode& element) {
    if (!element.expect_object()) {
      return;
    }
    element.allow_only({"appId", "name"});
    RequiredApp app;
    app.app_id = application_id(element, "appId");
    app.name = element.optional_string("name").value_or(model::application_name(app.app_id));
    profile.required_service_principals.push_back(app);
  });
  if (const auto app = root.child("appRegistration"); app && app->expect_object()) {
    app->allow_only({"requiredGraphApplicationPermissions"});
    profile.check_app_registration = true;
    app->for_each("requiredGraphApplicationPermissions", [&](const JsonNode& element) {
      const auto permission = element.json().is_string() ? element.json().get<std::string>() : "";
      if (const auto id = model::find_id(model::graph_application_permissions(), permission)) {
        profile.required_graph_app_permissions.emplace_back(*id);
      } else if (model::find_name(model::graph_application_permissions(), permission)) {
        profile.required_graph_app_permissions.push_back(permission);
      } else {
        element.problem("unknown Microsoft Graph application permission \"" + permission + "\"");
      }
    });
  }
  if (const auto app = root.child("integrationApp"); app && app->expect_object()) {
    if (profile.check_app_registration) {
      app->problem(
          "a profile checks either an app registration in each customer (appRegistration) or "
          "the integration's multi-tenant app (integrationApp), not both");
    }
    profile.integration_app = parse_integration_app(*app);
  }
  const auto rule_exists = [&](const JsonNode& node, const std::string& id) {
    if (rules.find(id) == nullptr) {
      node.problem(unknown_rule_message(id, rules));
      return false;
    }
    return true;
  };
  root.for_each("disabledRules", [&](const JsonNode& element) {
    if (element.json().is_string() && rule_exists(element, element.json().get<std::string>())) {
      profile.disabled_rules.push_back(element.json().get<std::string>());
    } else if (!element.json().is_string()) {
      element.problem("expected a rule id");
    }
  });
  if (const auto severity = root.child("severity"); severity && severity->expect_object()) {
    for (const auto& item : severity->json().items()) {
      const JsonNode entry(item.value(), severity->path() + "/" + item.key(), problems);
      if (!rule_exists(entry, item.key())) {
        continue;
      }
      const auto parsed = item.value().is_string()
                              ? model::severity_from_string(item.value().get<std::string>())
                              : std::nullopt;
      if (!parsed) {
        entry.problem("expected error, warning or info");
        continue;
      }
      profile.severity_overrides[item.key()] = *parsed;
    }
  }
  if (const auto params = root.child("params"); params && params->expect_object()) {
    for (const auto& item : params->json().items()) {
      const JsonNode entry(item.value(), params->path() + "/" + item.key(), problems);
      if (!rule_exists(entry, item.key())) {
        continue;
      }
      const Rule& rule = *rules.find(item.key());
      const CheckSpec* check = detail::find_check(rule.check);
      json merged = merge_params(entry, *check);
      // Start from the rule's own values, then apply the profile's.
      json effective = rule.params;
      if (item.value().is_object()) {
        for (const auto& override_item : item.value().items()) {
          if (merged.contains(override_item.key())) {
            effective[override_item.key()] = merged[override_item.key()];
          }
        }
      }
      profile.parameter_overrides[item.key()] = effective;
    }
  }
  if (problems.size() != before) {
    return std::nullopt;
  }
  return profile;
}

std::vector<std::string> profile_names(const RuleFolders& folders) {
  std::set<std::string> names;
  for (const auto& folder : {folders.shipped, folders.custom}) {
    if (!folder.empty()) {
      for (const auto& file : model::json_files_in(folder / "profiles")) {
        names.insert(file.stem().string());
      }
    }
  }
  return {names.begin(), names.end()};
}

bool names_profile_file(std::string_view name_or_path) {
  return name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".json");
}

Profile load_profile(const std::string& name_or_path, const RuleFolders& folders,
                     const RuleSet& rules) {
  std::filesystem::path path = name_or_path;
  std::string listed_name;
  if (!names_profile_file(name_or_path)) {
    const auto names = profile_names(folders);
    const auto listed = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
      return model::equals_ignoring_case(name, name_or_path);
    });
    std::error_code ec;
    if (listed != names.end()) {
      // A profile of one's own comes first: it may replace a shipped one of the same name.
      const auto own = folders.custom / "profiles" / (*listed + ".json");
      path = !folders.custom.empty() && std::filesystem::is_regular_file(own, ec)
                 ? own
                 : folders.shipped / "profiles" / (*listed + ".json");
      listed_name = *listed;
    } else if (!std::filesystem::is_regular_file(path, ec)) {
      std::string known;
      for (const auto& name : names) {
        known += (known.empty() ? "" : ", ") + name;
      }
      throw UsageError("unknown profile '" + name_or_path + "': not one of " + known +
                       ", nor a profile file");
    }
  }
  std::vector<Problem> problems;
  const std::string source = path.string();
  auto profile = parse_profile(model::read_text_file(source), source, rules, problems);
  if (!profile) {
    auto report = model::format_problems(source, problems);
    report.pop_back();
    throw InputError("invalid profile\n" + report);
  }
  // A file as it will be found again from any folder (symbolic links resolved, so a ".." cannot
  // lead somewhere else).
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  profile->reference = !listed_name.empty() ? listed_name : (ec ? path : canonical).string();
  return *profile;
}

}  // namespace gdap::rules
