// app.* checks: the integration's own app registration in the customer tenant (entra-sync).
#include "access.hpp"

#include "gdapcheck/model/catalog.hpp"

#include <algorithm>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

// The app registration, or the reason the check cannot go on.
std::variant<const model::IntegrationApp*, Unknown> registration(const CheckInput& input) {
  const auto& app = input.customer->integration_app;
  if (!app.ok()) {
    return Unknown{"the integration's app registration was not read: " + app.reason()};
  }
  return &app.value();
}

CheckResult registration_missing(const CheckInput& input) {
  const auto found = registration(input);
  if (const auto* unknown = std::get_if<Unknown>(&found)) {
    return *unknown;
  }
  const auto* app = std::get<const model::IntegrationApp*>(found);
  if (app->registration_found) {
    return Pass{};
  }
  return Fail{{{"appId", app->app_id}}};
}

struct CredentialState {
  json valid = json::array();
  json expired = json::array();
  std::optional<model::UnixTime> latest_end;  // of the valid ones
};

CredentialState credential_state(const model::IntegrationApp& app, model::UnixTime now) {
  CredentialState state;
  const auto visit = [&](const model::Credential& credential, std::string_view kind) {
    const auto end =
        credential.end_date_time ? model::parse_timestamp(*credential.end_date_time) : std::nullopt;
    json item = {
        {"name", credential.display_name.empty() ? credential.key_id : credential.display_name},
        {"kind", kind},
        {"endDate", end ? model::format_date(*end) : std::string("(no end date)")}};
    if (end && *end <= now) {
      state.expired.push_back(item);
      return;
    }
    item["daysLeft"] = end ? json(model::days_between(now, *end)) : json(nullptr);
    state.valid.push_back(item);
    if (end && (!state.latest_end || *end > *state.latest_end)) {
      state.latest_end = end;
    }
  };
  for (const auto& credential : app.password_credentials) {
    visit(credential, "client secret");
  }
  for (const auto& credential : app.key_credentials) {
    visit(credential, "certificate");
  }
  return state;
}

CheckResult secret_expired(const CheckInput& input) {
  const auto found = registration(input);
  if (const auto* unknown = std::get_if<Unknown>(&found)) {
    return *unknown;
  }
  const auto* app = std::get<const model::IntegrationApp*>(found);
  if (!app->registration_found) {
    return Pass{};  // app.registration-missing
  }
  const auto state = credential_state(*app, input.now);
  if (!state.valid.empty()) {
    return Pass{};
  }
  return Fail{{{"appId", app->app_id},
               {"appName", app->display_name},
               {"expiredCredentials", state.expired},
               {"hasCredentials", !state.expired.empty()}}};
}

CheckResult secret_expiring(const CheckInput& input) {
  const auto found = registration(input);
  if (const auto* unknown = std::get_if<Unknown>(&found)) {
    return *unknown;
  }
  const auto* app = std::get<const model::IntegrationApp*>(found);
  const auto state = credential_state(*app, input.now);
  // A credential without an end date never expires; the latest one decides.
  const bool any_unbounded = std::any_of(state.valid.begin(), state.valid.end(),
                                         [](const json& c) { return c["daysLeft"].is_null(); });
  if (!app->registration_found || state.valid.empty() || any_unbounded || !state.latest_end) {
    return Pass{};
  }
  const long within = input.params.at("withinDays").get<long>();
  const auto days_left = model::days_between(input.now, *state.latest_end);
  if (*state.latest_end - input.now > within * model::k_seconds_per_day) {
    return Pass{};
  }
  return Fail{{{"appId", app->app_id},
               {"appName", app->display_name},
               {"credentials", state.valid},
               {"daysLeft", days_left},
               {"endDate", model::format_date(*state.latest_end)}}};
}

CheckResult missing_admin_consent(const CheckInput& input) {
  const auto found = registration(input);
  if (const auto* unknown = std::get_if<Unknown>(&found)) {
    return *unknown;
  }
  const auto* app = std::get<const model::IntegrationApp*>(found);
  if (!app->registration_found) {
    return Pass{};
  }
  if (!app->granted_graph_app_roles.ok()) {
    return Unknown{"the app's granted Microsoft Graph permissions were not read: " +
                   app->granted_graph_app_roles.reason()};
  }
  json missing = json::array();
  for (const auto& permission : input.profile.required_graph_app_permissions) {
    if (!contains_id(app->granted_graph_app_roles.value(), permission)) {
      const auto name = model::find_name(model::graph_application_permissions(), permission);
      missing.push_back({{"id", permission}, {"name", std::string(name.value_or(permission))}});
    }
  }
  if (missing.empty()) {
    return Pass{};
  }
  return Fail{
      {{"appId", app->app_id}, {"appName", app->display_name}, {"missingPermissions", missing}}};
}

bool checks_app_registration(const Profile& profile) {
  return profile.check_app_registration;
}

}  // namespace

std::vector<CheckSpec> app_checks() {
  using model::RuleScope;
  return {
      {"registration-missing",
       RuleScope::customer,
       checks_app_registration,
       registration_missing,
       {"appId"},
       {},
       true},
      {"secret-expired",
       RuleScope::customer,
       checks_app_registration,
       secret_expired,
       {"appId", "appName", "expiredCredentials", "hasCredentials"},
       {},
       true},
      {"secret-expiring",
       RuleScope::customer,
       checks_app_registration,
       secret_expiring,
       {"appId", "appName", "credentials", "daysLeft", "endDate"},
       {{"withinDays", 30, whole_days_ahead}},
       true},
      {"missing-admin-consent",
       RuleScope::customer,
       checks_app_registration,
       missing_admin_consent,
       {"appId", "appName", "missingPermissions"},
       {},
       true},
  };
}

}  // namespace gdap::rules::detail
