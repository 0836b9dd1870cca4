#include "consent.hpp"

#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace gdap::rules::detail {

namespace {

// OpenID Connect scopes: sign-in asks for them itself, and an admin-consent grant need not name
// them (research: consent-and-signin.md §a.2), so their absence is no gap.
constexpr std::array<std::string_view, 4> k_sign_in_scopes = {"openid", "profile", "email",
                                                              "offline_access"};

bool is_sign_in_scope(const std::string& scope) {
  return std::any_of(k_sign_in_scopes.begin(), k_sign_in_scopes.end(),
                     [&](std::string_view s) { return model::equals_ignoring_case(s, scope); });
}

const model::ResourcePrincipal* find_resource(const std::vector<model::ResourcePrincipal>& list,
                                              const std::string& app_id) {
  const auto found = std::find_if(list.begin(), list.end(), [&](const auto& r) {
    return model::equals_ignoring_case(r.principal.app_id, app_id);
  });
  return found == list.end() ? nullptr : &*found;
}

std::vector<std::string> missing_scopes(const RequiredResourceAccess& required,
                                        const model::ResourcePrincipal& resource,
                                        const std::vector<model::DelegatedGrant>& grants) {
  std::vector<std::string> missing;
  for (const auto& scope : required.scopes) {
    const bool granted = std::any_of(grants.begin(), grants.end(), [&](const auto& grant) {
      return model::equals_ignoring_case(grant.resource_id, resource.principal.id) &&
             std::any_of(grant.scopes.begin(), grant.scopes.end(), [&](const std::string& s) {
               return model::equals_ignoring_case(s, scope);
             });
    });
    if (!granted && !is_sign_in_scope(scope)) {
      missing.push_back(scope);
    }
  }
  return missing;
}

std::vector<std::string> missing_app_roles(const RequiredResourceAccess& required,
                                           const model::ResourcePrincipal& resource,
                                           const std::vector<model::AppRoleAssignment>& assigned) {
  std::vector<std::string> missing;
  for (const auto& value : required.app_roles) {
    // The resource publishes its app roles with ids; a role it does not publish here cannot
    // have been granted either.
    const auto role =
        std::find_if(resource.app_roles.begin(), resource.app_roles.end(),
                     [&](const auto& r) { return model::equals_ignoring_case(r.value, value); });
    const bool granted =
        role != resource.app_roles.end() &&
        std::any_of(assigned.begin(), assigned.end(), [&](const auto& a) {
          return model::equals_ignoring_case(a.resource_id, resource.principal.id) &&
                 model::equals_ignoring_case(a.app_role_id, role->id);
        });
    if (!granted) {
      missing.push_back(value);
    }
  }
  return missing;
}

}  // namespace

std::variant<ConsentGaps, ConsentUnread> consent_gaps(
    const IntegrationAppRequirement& required, const model::AppConsent& app,
    const model::Fact<std::vector<model::ResourcePrincipal>>& resources) {
  ConsentGaps gaps;
  if (!app.principal.present) {
    gaps.principal_missing = true;
    return gaps;  // nothing can be granted to an app that is not there
  }
  gaps.principal_disabled = app.principal.account_enabled == false;
  const bool needs_scopes = std::any_of(required.resources.begin(), required.resources.end(),
                                        [](const auto& r) { return !r.scopes.empty(); });
  const bool needs_roles = std::any_of(required.resources.begin(), required.resources.end(),
                                       [](const auto& r) { return !r.app_roles.empty(); });
  if (!required.resources.empty() && !resources.ok()) {
    return ConsentUnread{"the resource apps' service principals were not read: " +
                         resources.reason()};
  }
  if (needs_scopes && !app.delegated_grants.ok()) {
    return ConsentUnread{"the app's delegated permission grants were not read: " +
                         app.delegated_grants.reason()};
  }
  if (needs_roles && !app.app_role_assignments.ok()) {
    return ConsentUnread{"the app's app role assignments were not read: " +
                         app.app_role_assignments.reason()};
  }
  for (const auto& resource_required : required.resources) {
    const auto* resource = find_resource(resources.value(), resource_required.resource_app_id);
    if (resource == nullptr) {
      return ConsentUnread{"the snapshot does not say whether " + resource_required.name +
                           " has a service principal"};
    }
    if (!resource->principal.present) {
      continue;  // tenant.missing-service-principal
    }
    MissingOnResource missing{resource_required.resource_app_id, resource_required.name, {}, {}};
    if (!resource_required.scopes.empty()) {
      missing.scopes = missing_scopes(resource_required, *resource, app.delegated_grants.value());
    }
    if (!resource_required.app_roles.empty()) {
      missing.app_roles =
          missing_app_roles(resource_required, *resource, app.app_role_assignments.value());
    }
    if (!missing.scopes.empty() || !missing.app_roles.empty()) {
      gaps.missing.push_back(std::move(missing));
    }
  }
  return gaps;
}

}  // namespace gdap::rules::detail
