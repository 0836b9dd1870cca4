// The integration's multi-tenant app in each customer: its service principal, and the
// tenant-wide consent to the scopes and app roles its profile requires (tenant.app-not-consented).
#include "checks.hpp"
#include "consent.hpp"

#include "gdapcheck/model/own_client.hpp"
#include "gdapcheck/model/text.hpp"

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

std::string joined(const std::vector<std::string>& words, std::string_view separator = ", ") {
  std::string text;
  for (const auto& word : words) {
    text += (text.empty() ? "" : std::string(separator)) + word;
  }
  return text;
}

std::string app_label(const model::AppConsent& app) {
  const auto& sp = app.principal;
  if (!sp.present) {
    return sp.app_id.empty() ? "'" + app.wanted + "'" : sp.app_id;
  }
  return (sp.display_name.empty() ? sp.app_id : sp.display_name) + " (" + sp.app_id + ")";
}

// One line per thing wrong, each naming what is missing one by one.
void describe(const model::AppConsent& app, const ConsentGaps& gaps, json& problems) {
  const auto label = app_label(app);
  if (gaps.principal_missing) {
    problems.push_back({{"name", "the app " + label + " has no service principal"}});
  }
  if (gaps.principal_disabled) {
    problems.push_back({{"name", "the app " + label + " is disabled"}});
  }
  for (const auto& missing : gaps.missing) {
    if (!missing.scopes.empty()) {
      problems.push_back(
          {{"name", label + " lacks admin consent on " + missing.name +
                        " for the delegated permissions " + joined(missing.scopes)}});
    }
    if (!missing.app_roles.empty()) {
      problems.push_back(
          {{"name", label + " lacks admin consent on " + missing.name +
                        " for the application permissions " + joined(missing.app_roles)}});
    }
  }
}

// The Partner Center consent request body's grants: per resource, the scopes comma-separated.
json partner_center_grants(const IntegrationAppRequirement& required) {
  json grants = json::array();
  for (const auto& resource : required.resources) {
    if (!resource.scopes.empty()) {
      grants.push_back({{"name", resource.name},
                        {"enterpriseApplicationId", resource.resource_app_id},
                        {"scope", joined(resource.scopes, ",")}});
    }
  }
  return grants;
}

CheckResult app_not_consented(const CheckInput& input) {
  const auto& consent = input.customer->integration_consent;
  if (!consent.ok()) {
    return Unknown{"the integration app's consent in the customer was not read: " +
                   consent.reason()};
  }
  const auto& required = input.profile.integration_app;
  json problems = json::array();
  json links = json::array();
  json disabled = json::array();
  std::optional<std::string> unread;
  for (const auto& app : consent->apps) {
    const auto result = consent_gaps(required, app, consent->resources);
    if (const auto* gap = std::get_if<ConsentUnread>(&result)) {
      unread = unread.value_or(gap->reason);
      continue;
    }
    const auto& gaps = std::get<ConsentGaps>(result);
    if (gaps.empty()) {
      continue;
    }
    describe(app, gaps, problems);
    if (model::is_guid(app.principal.app_id)) {
      links.push_back(
          {{"name", app_label(app)},
           {"appId", app.principal.app_id},
           {"link", model::admin_consent_url(input.snapshot.cloud, input.customer->tenant_id,
                                             app.principal.app_id)}});
    }
    if (gaps.principal_disabled) {
      disabled.push_back({{"name", app_label(app)}, {"id", app.principal.id}});
    }
  }
  if (problems.empty()) {
    if (unread) {
      return Unknown{*unread};
    }
    return Pass{};
  }
  return Fail{{{"problems", problems},
               {"consentLinks", links},
               {"noConsentLink", links.empty()},
               {"disabledApps", disabled},
               {"partnerCenterGrants", partner_center_grants(required)}}};
}

bool checks_consent(const Profile& profile) {
  return checks_integration_consent(profile);
}

}  // namespace

std::vector<CheckSpec> consent_checks() {
  return {
      {"app-not-consented",
       model::RuleScope::customer,
       checks_consent,
       app_not_consented,
       {"problems", "consentLinks", "noConsentLink", "disabledApps", "partnerCenterGrants"},
       {},
       true},
  };
}

}  // namespace gdap::rules::detail
