// The integration's multi-tenant app in a customer tenant: its service principal, its
// tenant-wide delegated grants and the application permissions assigned to it.
#include "json_reading.hpp"
#include "reads.hpp"

#include "gdapcheck/graph/path.hpp"
#include "gdapcheck/model/text.hpp"

#include <sstream>

namespace gdap::collect::reads {

namespace {

using model::JsonNode;
using nlohmann::json;

std::string forbidden_hint(std::string_view read) {
  return "the GDAP roles in this customer do not allow reading " + std::string(read) +
         " (a relationship with " + k_consent_read_roles + " does)";
}

std::vector<std::string> split_scope(const std::string& scope) {
  std::vector<std::string> scopes;
  std::istringstream words(scope);
  for (std::string word; words >> word;) {
    scopes.push_back(word);
  }
  return scopes;
}

// A string member compared case-insensitively; false when absent or not a string.
bool member_equals(const JsonNode& element, const char* key, std::string_view wanted) {
  const auto& value = element.json();
  return value.is_object() && value.contains(key) && value[key].is_string() &&
         model::equals_ignoring_case(value[key].get<std::string>(), wanted);
}

}  // namespace

GraphRead<model::ServicePrincipal> integration_principal(const std::string& wanted) {
  const bool by_id = model::is_guid(wanted);
  const std::string filter =
      by_id ? "appId eq '" + wanted + "'" : "displayName eq '" + odata_string(wanted) + "'";
  return {
      "servicePrincipals",
      "/servicePrincipals?$filter=" + graph::percent_encode(filter) +
          "&$select=id,appId,displayName,accountEnabled",
      [wanted, by_id](const json& body) {
        return parse_body<model::ServicePrincipal>(body, [&](const JsonNode& root) {
          model::ServicePrincipal found;
          found.app_id = by_id ? wanted : std::string();
          const char* key = by_id ? "appId" : "displayName";
          for_each_value(root, [&](const JsonNode& element) {
            if (found.present || !member_equals(element, key, wanted) || !element.expect_object()) {
              return;
            }
            found.present = true;
            found.app_id = element.string("appId");
            found.id = element.string("id");
            found.display_name = text_or_empty(element, "displayName");
            found.account_enabled = element.optional_boolean("accountEnabled");
          });
          return found;
        });
      },
      std::nullopt,
      std::nullopt,
      forbidden_hint("service principals")};
}

GraphRead<std::vector<model::DelegatedGrant>> delegated_grants(const std::string& principal_id) {
  const std::string filter =
      "clientId eq '" + odata_string(principal_id) + "' and consentType eq 'AllPrincipals'";
  return {"oauth2PermissionGrants",
          "/oauth2PermissionGrants?$filter=" + graph::percent_encode(filter),
          [principal_id](const json& body) {
            return parse_body<std::vector<model::DelegatedGrant>>(body, [&](const JsonNode& root) {
              std::vector<model::DelegatedGrant> grants;
              for_each_value(root, [&](const JsonNode& element) {
                // A grant to one user (consentType Principal) is no tenant-wide consent.
                if (!element.expect_object() || !member_equals(element, "clientId", principal_id) ||
                    !member_equals(element, "consentType", "AllPrincipals")) {
                  return;
                }
                grants.push_back(
                    {element.string("resourceId"), split_scope(text_or_empty(element, "scope"))});
              });
              return grants;
            });
          },
          std::nullopt,
          std::nullopt,
          forbidden_hint("delegated permission grants")};
}

GraphRead<std::vector<model::AppRoleAssignment>> assigned_app_roles(
    const std::string& principal_id) {
  return {"appRoleAssignments",
          "/servicePrincipals/" + graph::percent_encode(principal_id) + "/appRoleAssignments",
          [](const json& body) {
            return parse_body<std::vector<model::AppRoleAssignment>>(
                body,
                [](const JsonNode& root) { return read_values(root, read_app_role_assignment); });
          },
          std::nullopt,
          std::nullopt,
          forbidden_hint("app role assignments")};
}

}  // namespace gdap::collect::reads
