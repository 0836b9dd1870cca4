#pragma once

// Private to rules: what the integration's multi-tenant app lacks in one customer, compared with
// what its profile requires (pure: facts in, gaps out). Scopes and app roles are compared by
// claim value, case-insensitively; a resource whose service principal is absent is left to
// tenant.missing-service-principal, since nothing can be consented on it until it exists.

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/rules/profile.hpp"

#include <string>
#include <variant>
#include <vector>

namespace gdap::rules::detail {

// What is not granted on one resource app.
struct MissingOnResource {
  std::string resource_app_id;
  std::string name;
  std::vector<std::string> scopes;     // delegated, no tenant-wide (AllPrincipals) grant
  std::vector<std::string> app_roles;  // application permissions, not assigned
};

struct ConsentGaps {
  bool principal_missing = false;
  bool principal_disabled = false;
  std::vector<MissingOnResource> missing;

  bool empty() const { return !principal_missing && !principal_disabled && missing.empty(); }
};

// A fact the comparison needs was not read, and why.
struct ConsentUnread {
  std::string reason;
};

// The gaps of `app` against `required`, given the resource apps' service principals in the
// customer (one per required resource app, present or not).
std::variant<ConsentGaps, ConsentUnread> consent_gaps(
    const IntegrationAppRequirement& required, const model::AppConsent& app,
    const model::Fact<std::vector<model::ResourcePrincipal>>& resources);

}  // namespace gdap::rules::detail
