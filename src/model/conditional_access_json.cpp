#include "conditional_access_json.hpp"

#include "gdapcheck/model/text.hpp"

namespace gdap::model {

using nlohmann::json;

namespace {

// --- Writing ------------------------------------------------------------------------------

json external_json(const std::optional<CaExternalUsers>& external) {
  if (!external) {
    return nullptr;
  }
  return {{"guestOrExternalUserTypes", external->types},
          {"membershipKind", external->membership_kind},
          {"tenants", external->tenants}};
}

json filter_json(const std::optional<CaFilter>& filter) {
  if (!filter) {
    return nullptr;
  }
  return {{"mode", filter->mode}, {"rule", filter->rule}};
}

json users_json(const std::optional<CaUsers>& users) {
  if (!users) {
    return nullptr;
  }
  return {{"includeUsers", users->include_users},
          {"excludeUsers", users->exclude_users},
          {"includeGroups", users->include_groups},
          {"excludeGroups", users->exclude_groups},
          {"includeRoles", users->include_roles},
          {"excludeRoles", users->exclude_roles},
          {"includeGuestsOrExternalUsers", external_json(users->include_external)},
          {"excludeGuestsOrExternalUsers", external_json(users->exclude_external)}};
}

json client_applications_json(const std::optional<CaClientApplications>& clients) {
  if (!clients) {
    return nullptr;
  }
  return {{"includeServicePrincipals", clients->include_service_principals},
          {"excludeServicePrincipals", clients->exclude_service_principals},
          {"servicePrincipalFilter", filter_json(clients->service_principal_filter)}};
}

json include_exclude_json(const std::optional<std::vector<std::string>>& include,
                          const std::vector<std::string>& exclude, const char* include_key,
                          const char* exclude_key) {
  if (!include) {
    return nullptr;
  }
  return {{include_key, *include}, {exclude_key, exclude}};
}

json grant_json(const CaPolicy& p) {
  if (!p.has_grant_controls) {
    return nullptr;
  }
  json strength = nullptr;
  if (const auto& s = p.authentication_strength) {
    strength = {{"id", s->id},
                {"displayName", s->display_name},
                {"policyType", s->policy_type},
                {"requirementsSatisfied", s->requirements_satisfied},
                {"allowedCombinations", s->allowed_combinations}};
  }
  return {{"operator", p.grant_operator},
          {"builtInControls", p.grant_controls},
          {"customAuthenticationFactors", p.custom_authentication_factors},
          {"termsOfUse", p.terms_of_use},
          {"authenticationStrength", strength}};
}

json session_json(const std::optional<CaSessionControls>& session) {
  if (!session) {
    return nullptr;
  }
  json frequency = nullptr;
  if (const auto& f = session->sign_in_frequency) {
    frequency = {{"isEnabled", f->enabled},
                 {"value", f->value ? json(*f->value) : json(nullptr)},
                 {"type", f->type},
                 {"frequencyInterval", f->frequency_interval},
                 {"authenticationType", f->authentication_type}};
  }
  return {{"signInFrequency", frequency},
          {"secureSignInSession", session->secure_sign_in_session},
          {"others", session->others}};
}

// --- Reading ------------------------------------------------------------------------------

std::optional<CaExternalUsers> parse_external(const JsonNode& parent, std::string_view key) {
  const auto node = parent.child(key);
  if (!node || node->json().is_null() || !node->expect_object()) {
    return std::nullopt;
  }
  node->allow_only({"guestOrExternalUserTypes", "membershipKind", "tenants"});
  CaExternalUsers external;
  // Graph's form (one comma-separated string) is accepted too, for hand-written snapshots.
  if (const auto types = node->child("guestOrExternalUserTypes");
      types && types->json().is_string()) {
    external.types = split_flags(types->json().get<std::string>());
  } else {
    external.types = node->strings("guestOrExternalUserTypes");
  }
  external.membership_kind = node->optional_string("membershipKind").value_or("all");
  if (external.membership_kind != "all" && external.membership_kind != "enumerated") {
    node->problem_at("membershipKind", R"(expected "all" or "enumerated")");
  }
  external.tenants = node->strings("tenants");
  return external;
}

std::optional<JsonNode> object_or_null(const JsonNode& parent, std::string_view key) {
  auto node = parent.child(key);
  if (!node || node->json().is_null() || !node->expect_object()) {
    return std::nullopt;
  }
  return node;
}

std::optional<CaFilter> parse_filter(const JsonNode& parent, std::string_view key) {
  const auto node = object_or_null(parent, key);
  if (!node) {
    return std::nullopt;
  }
  node->allow_only({"mode", "rule"});
  CaFilter filter{node->string("mode"), node->string("rule")};
  if (filter.mode != "include" && filter.mode != "exclude") {
    node->problem_at("mode", R"(expected "include" or "exclude")");
  }
  return filter;
}

CaUsers parse_users(const JsonNode& users) {
  users.allow_only({"includeUsers", "excludeUsers", "includeGroups", "excludeGroups",
                    "includeRoles", "excludeRoles", "includeGuestsOrExternalUsers",
                    "excludeGuestsOrExternalUsers"});
  CaUsers u;
  u.include_users = users.strings("includeUsers");
  u.exclude_users = users.strings("excludeUsers");
  u.include_groups = users.strings("includeGroups");
  u.exclude_groups = users.strings("excludeGroups");
  u.include_roles = users.strings("includeRoles");
  u.exclude_roles = users.strings("excludeRoles");
  u.include_external = parse_external(users, "includeGuestsOrExternalUsers");
  u.exclude_external = parse_external(users, "excludeGuestsOrExternalUsers");
  return u;
}

void parse_applications(const JsonNode& apps, CaPolicy& p) {
  apps.allow_only({"includeApplications", "excludeApplications", "includeUserActions",
                   "includeAuthenticationContextClassReferences", "applicationFilter"});
  p.include_applications = apps.strings("includeApplications");
  p.exclude_applications = apps.strings("excludeApplications");
  p.include_user_actions = apps.strings("includeUserActions");
  p.include_authentication_contexts = apps.strings("includeAuthenticationContextClassReferences");
  p.application_filter = parse_filter(apps, "applicationFilter");
}

void parse_grant(const JsonNode& grant, CaPolicy& p) {
  grant.allow_only({"operator", "builtInControls", "customAuthenticationFactors", "termsOfUse",
                    "authenticationStrength"});
  p.has_grant_controls = true;
  p.grant_operator = grant.optional_string("operator").value_or("OR");
  p.grant_controls = grant.strings("builtInControls");
  p.custom_authentication_factors = grant.strings("customAuthenticationFactors");
  p.terms_of_use = grant.strings("termsOfUse");
  if (const auto s = object_or_null(grant, "authenticationStrength")) {
    s->allow_only(
        {"id", "displayName", "policyType", "requirementsSatisfied", "allowedCombinations"});
    p.authentication_strength = CaAuthenticationStrength{
        s->string("id"), s->optional_string("displayName").value_or(""),
        s->optional_string("policyType").value_or(""), s->strings("requirementsSatisfied"),
        s->strings("allowedCombinations")};
  }
}

CaSessionControls parse_session(const JsonNode& session) {
  session.allow_only({"signInFrequency", "secureSignInSession", "others"});
  CaSessionControls s;
  if (const auto f = object_or_null(session, "signInFrequency")) {
    f->allow_only({"isEnabled", "value", "type", "frequencyInterval", "authenticationType"});
    s.sign_in_frequency =
        CaSignInFrequency{f->boolean("isEnabled", false), f->optional_integer("value"),
                          f->optional_string("type").value_or(""),
                          f->optional_string("frequencyInterval").value_or("timeBased"),
                          f->optional_string("authenticationType").value_or("")};
  }
  s.secure_sign_in_session = session.boolean("secureSignInSession", false);
  s.others = session.strings("others");
  return s;
}

}  // namespace

json ca_policy_json(const CaPolicy& p) {
  return {{"id", p.id},
          {"displayName", p.display_name},
          {"state", p.state},
          {"templateId", p.template_id ? json(*p.template_id) : json(nullptr)},
          {"users", users_json(p.users)},
          {"clientApplications", client_applications_json(p.client_applications)},
          {"applications",
           {{"includeApplications", p.include_applications},
            {"excludeApplications", p.exclude_applications},
            {"includeUserActions", p.include_user_actions},
            {"includeAuthenticationContextClassReferences", p.include_authentication_contexts},
            {"applicationFilter", filter_json(p.application_filter)}}},
          {"clientAppTypes", p.client_app_types},
          {"platforms", include_exclude_json(p.include_platforms, p.exclude_platforms,
                                             "includePlatforms", "excludePlatforms")},
          {"locations", include_exclude_json(p.include_locations, p.exclude_locations,
                                             "includeLocations", "excludeLocations")},
          {"deviceFilter", filter_json(p.device_filter)},
          {"userRiskLevels", p.user_risk_levels},
          {"signInRiskLevels", p.sign_in_risk_levels},
          {"servicePrincipalRiskLevels", p.service_principal_risk_levels},
          {"insiderRiskLevels", p.insider_risk_levels},
          {"authenticationFlows", p.transfer_methods},
          {"grantControls", grant_json(p)},
          {"sessionControls", session_json(p.session_controls)}};
}

CaPolicy parse_ca_policy(const JsonNode& node) {
  CaPolicy p;
  if (!node.expect_object()) {
    return p;
  }
  node.allow_only({"id", "displayName", "state", "templateId", "users", "clientApplications",
                   "applications", "clientAppTypes", "platforms", "locations", "deviceFilter",
                   "userRiskLevels", "signInRiskLevels", "servicePrincipalRiskLevels",
                   "insiderRiskLevels", "authenticationFlows", "grantControls", "sessionControls"});
  p.id = node.string("id");
  p.display_name = node.optional_string("displayName").value_or("");
  p.state = node.string("state");
  p.template_id = node.optional_string("templateId");
  if (const auto users = object_or_null(node, "users")) {
    p.users = parse_users(*users);
  }
  if (const auto clients = object_or_null(node, "clientApplications")) {
    clients->allow_only(
        {"includeServicePrincipals", "excludeServicePrincipals", "servicePrincipalFilter"});
    p.client_applications = CaClientApplications{clients->strings("includeServicePrincipals"),
                                                 clients->strings("excludeServicePrincipals"),
                                                 parse_filter(*clients, "servicePrincipalFilter")};
  }
  if (!p.users && !p.client_applications) {
    node.problem_at("users", "a policy needs users or clientApplications");
  }
  if (const auto apps = object_or_null(node, "applications")) {
    parse_applications(*apps, p);
  } else {
    node.problem_at("applications", "missing required key \"applications\"");
  }
  p.client_app_types = node.strings("clientAppTypes");
  if (p.client_app_types.empty()) {
    p.client_app_types = {"all"};  // not configured: every client app type
  }
  if (const auto platforms = object_or_null(node, "platforms")) {
    platforms->allow_only({"includePlatforms", "excludePlatforms"});
    p.include_platforms = platforms->strings("includePlatforms");
    p.exclude_platforms = platforms->strings("excludePlatforms");
  }
  if (const auto locations = object_or_null(node, "locations")) {
    locations->allow_only({"includeLocations", "excludeLocations"});
    p.include_locations = locations->strings("includeLocations");
    p.exclude_locations = locations->strings("excludeLocations");
  }
  p.device_filter = parse_filter(node, "deviceFilter");
  p.user_risk_levels = node.strings("userRiskLevels");
  p.sign_in_risk_levels = node.strings("signInRiskLevels");
  p.service_principal_risk_levels = node.strings("servicePrincipalRiskLevels");
  p.insider_risk_levels = node.strings("insiderRiskLevels");
  p.transfer_methods = node.strings("authenticationFlows");
  if (const auto grant = object_or_null(node, "grantControls")) {
    parse_grant(*grant, p);
  }
  if (const auto session = object_or_null(node, "sessionControls")) {
    p.session_controls = parse_session(*session);
  }
  return p;
}

}  // namespace gdap::model
