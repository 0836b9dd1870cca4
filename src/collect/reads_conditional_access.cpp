// Conditional access policies, with every condition and control Graph v1.0 returns
// (conditionalAccessPolicy and its complex types), so a verdict never rests on a dropped condition.
#include "json_reading.hpp"
#include "reads.hpp"

#include "gdapcheck/model/text.hpp"

#include <string_view>

namespace gdap::collect::reads {

namespace {

using model::JsonNode;
using nlohmann::json;

constexpr std::string_view k_enumerated_tenants_type =
    "#microsoft.graph.conditionalAccessEnumeratedExternalTenants";

// A flags enum (one comma-separated string), null or absent → none.
std::vector<std::string> flags(const JsonNode& node, std::string_view key) {
  const auto text = node.optional_string(key);
  return text ? model::split_flags(*text) : std::vector<std::string>{};
}

// includeGuestsOrExternalUsers / excludeGuestsOrExternalUsers (null when not configured).
std::optional<model::CaExternalUsers> read_external_users(const JsonNode& users,
                                                          std::string_view key) {
  const auto node = optional_object(users, key);
  if (!node) {
    return std::nullopt;
  }
  model::CaExternalUsers external;
  external.types = flags(*node, "guestOrExternalUserTypes");
  // No externalTenants: the types apply to every external tenant (the model's default, "all").
  if (const auto tenants = optional_object(*node, "externalTenants")) {
    const auto kind = tenants->optional_string("membershipKind");
    if (kind) {
      external.membership_kind = *kind;
    } else if (has_odata_type(*tenants, k_enumerated_tenants_type)) {
      external.membership_kind = "enumerated";
    }
    external.tenants = string_list(*tenants, "members");
  }
  return external;
}

std::optional<model::CaFilter> read_filter(const JsonNode& parent, std::string_view key) {
  const auto node = optional_object(parent, key);
  if (!node) {
    return std::nullopt;
  }
  return model::CaFilter{node->string("mode"), node->string("rule")};
}

model::CaUsers read_users(const JsonNode& users) {
  model::CaUsers u;
  u.include_users = string_list(users, "includeUsers");
  u.exclude_users = string_list(users, "excludeUsers");
  u.include_groups = string_list(users, "includeGroups");
  u.exclude_groups = string_list(users, "excludeGroups");
  u.include_roles = string_list(users, "includeRoles");
  u.exclude_roles = string_list(users, "excludeRoles");
  u.include_external = read_external_users(users, "includeGuestsOrExternalUsers");
  u.exclude_external = read_external_users(users, "excludeGuestsOrExternalUsers");
  return u;
}

void read_applications(const JsonNode& apps, model::CaPolicy& p) {
  p.include_applications = string_list(apps, "includeApplications");
  p.exclude_applications = string_list(apps, "excludeApplications");
  p.include_user_actions = string_list(apps, "includeUserActions");
  p.include_authentication_contexts =
      string_list(apps, "includeAuthenticationContextClassReferences");
  p.application_filter = read_filter(apps, "applicationFilter");
}

void read_conditions(const JsonNode& conditions, model::CaPolicy& p) {
  // users is null for a policy about workload identities (clientApplications set instead).
  if (const auto users = optional_object(conditions, "users")) {
    p.users = read_users(*users);
  }
  if (const auto clients = optional_object(conditions, "clientApplications")) {
    p.client_applications =
        model::CaClientApplications{string_list(*clients, "includeServicePrincipals"),
                                    string_list(*clients, "excludeServicePrincipals"),
                                    read_filter(*clients, "servicePrincipalFilter")};
  }
  if (!p.users && !p.client_applications) {
    conditions.problem_at("users", "neither users nor clientApplications is set");
  }
  // Who and what a policy covers are required: reading a missing scope as "nothing" would let a
  // blocking policy pass unseen.
  if (const auto apps = required_object(conditions, "applications")) {
    read_applications(*apps, p);
  }
  p.client_app_types = string_list(conditions, "clientAppTypes");
  if (p.client_app_types.empty()) {
    p.client_app_types = {"all"};  // not configured: every client app type (Entra since 2020)
  }
  if (const auto platforms = optional_object(conditions, "platforms")) {
    p.include_platforms = string_list(*platforms, "includePlatforms");
    p.exclude_platforms = string_list(*platforms, "excludePlatforms");
  }
  if (const auto locations = optional_object(conditions, "locations")) {
    p.include_locations = string_list(*locations, "includeLocations");
    p.exclude_locations = string_list(*locations, "excludeLocations");
  }
  if (const auto devices = optional_object(conditions, "devices")) {
    p.device_filter = read_filter(*devices, "deviceFilter");
  }
  p.user_risk_levels = string_list(conditions, "userRiskLevels");
  p.sign_in_risk_levels = string_list(conditions, "signInRiskLevels");
  p.service_principal_risk_levels = string_list(conditions, "servicePrincipalRiskLevels");
  p.insider_risk_levels = flags(conditions, "insiderRiskLevels");
  if (const auto authentication_flows = optional_object(conditions, "authenticationFlows")) {
    p.transfer_methods = flags(*authentication_flows, "transferMethods");
  }
}

std::optional<model::CaAuthenticationStrength> read_strength(const JsonNode& grant) {
  const auto node = optional_object(grant, "authenticationStrength");
  if (!node) {
    return std::nullopt;
  }
  model::CaAuthenticationStrength strength;
  strength.id = node->string("id");
  strength.display_name = text_or_empty(*node, "displayName");
  strength.policy_type = text_or_empty(*node, "policyType");
  strength.requirements_satisfied = flags(*node, "requirementsSatisfied");
  strength.allowed_combinations = string_list(*node, "allowedCombinations");
  return strength;
}

void read_grant(const JsonNode& grant, model::CaPolicy& p) {
  p.has_grant_controls = true;
  p.grant_operator = grant.optional_string("operator").value_or("OR");
  p.grant_controls = string_list(grant, "builtInControls");
  p.custom_authentication_factors = string_list(grant, "customAuthenticationFactors");
  p.terms_of_use = string_list(grant, "termsOfUse");
  p.authentication_strength = read_strength(grant);
}

bool enabled(const JsonNode& session, std::string_view key) {
  const auto control = optional_object(session, key);
  return control && control->optional_boolean("isEnabled").value_or(false);
}

model::CaSessionControls read_session(const JsonNode& session) {
  model::CaSessionControls s;
  if (const auto frequency = optional_object(session, "signInFrequency")) {
    model::CaSignInFrequency f;
    f.enabled = frequency->optional_boolean("isEnabled").value_or(false);
    f.value = frequency->optional_integer("value");
    f.type = text_or_empty(*frequency, "type");
    f.frequency_interval = frequency->optional_string("frequencyInterval").value_or("timeBased");
    f.authentication_type = text_or_empty(*frequency, "authenticationType");
    s.sign_in_frequency = f;
  }
  s.secure_sign_in_session = enabled(session, "secureSignInSession");
  for (const std::string_view other :
       {"persistentBrowser", "cloudAppSecurity", "applicationEnforcedRestrictions"}) {
    if (enabled(session, other)) {
      s.others.emplace_back(other);
    }
  }
  if (session.optional_boolean("disableResilienceDefaults").value_or(false)) {
    s.others.emplace_back("disableResilienceDefaults");
  }
  return s;
}

model::CaPolicy read_ca_policy(const JsonNode& node) {
  model::CaPolicy p;
  if (!node.expect_object()) {
    return p;
  }
  p.id = node.string("id");
  p.display_name = text_or_empty(node, "displayName");
  p.state = node.string("state");
  p.template_id = node.optional_string("templateId");
  if (const auto conditions = required_object(node, "conditions")) {
    read_conditions(*conditions, p);
  }
  // Null when the policy only has session controls: nothing to grant, nothing blocked here.
  if (const auto grant = optional_object(node, "grantControls")) {
    read_grant(*grant, p);
  }
  if (const auto session = optional_object(node, "sessionControls")) {
    p.session_controls = read_session(*session);
  }
  return p;
}

}  // namespace

GraphRead<std::vector<model::CaPolicy>> ca_policies() {
  return {"conditionalAccess", "/identity/conditionalAccess/policies", [](const json& body) {
            return parse_body<std::vector<model::CaPolicy>>(
                body, [](const JsonNode& root) { return read_values(root, read_ca_policy); });
          }};
}

}  // namespace gdap::collect::reads
