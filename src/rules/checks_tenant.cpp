// tenant.* checks: what the customer tenant itself says once we try to reach it.
#include "access.hpp"

#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/own_client.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

CheckResult sign_in_failed(const CheckInput& input) {
  const auto& sign_in = input.customer->sign_in;
  if (!sign_in.ok()) {
    return Unknown{"no sign-in to the customer tenant was attempted: " + sign_in.reason()};
  }
  if (sign_in->succeeded) {
    return Pass{};
  }
  const auto& failure = sign_in.value();
  if (model::refusal_concerns_own_client(failure.error_codes)) {
    // Only gdapcheck's client was refused: nothing is known about the account's access, so no
    // verdict (never access_denied); the partner-level finding on gdapcheck's client says how to
    // get in.
    return Unknown{"the customer tenant refused gdapcheck's own client (" +
                   model::aadsts_list(failure.error_codes) +
                   "), not the partner account's GDAP access, so whether the account can sign in "
                   "there was not tested"};
  }
  // A relationship activated minutes ago may not let the account in yet: say so before any
  // change is made (Microsoft documents no bound; the same grace as pending assignments).
  const long grace = input.params.at("propagationMinutes").get<long>();
  json propagating = json::array();
  for (const auto* relationship : input.access->active) {
    const auto activated =
        relationship->activated ? model::parse_timestamp(*relationship->activated) : std::nullopt;
    constexpr long k_seconds_per_minute = 60;
    const long minutes = activated ? (input.now - *activated) / k_seconds_per_minute : grace;
    if (minutes >= 0 && minutes < grace) {
      propagating.push_back({{"name", relationship_label(*relationship)},
                             {"minutes", minutes},
                             {"checkAgainInMinutes", grace - minutes}});
    }
  }
  json codes = json::array();
  const errors::Entry* entry = nullptr;
  for (const long code : failure.error_codes) {
    codes.push_back("AADSTS" + std::to_string(code));
    if (entry == nullptr) {
      entry = input.catalogue.find_code("AADSTS" + std::to_string(code));
    }
  }
  json evidence = {{"error", failure.error},
                   {"errorCodes", codes},
                   {"explanation", nullptr},
                   {"meaning", ""},
                   {"causes", json::array()},
                   {"fix", json::array()},
                   {"description", failure.description},
                   {"traceId", failure.trace_id},
                   {"correlationId", failure.correlation_id},
                   {"recentlyActivated", propagating}};
  if (entry != nullptr) {
    // The words `gdapcheck explain AADSTS<code>` prints, filled in for this customer.
    auto known =
        known_evidence(input.snapshot, input.customer->tenant_id, input.customer->display_name);
    known.trace_id = failure.trace_id;
    known.correlation_id = failure.correlation_id;
    const auto explained = errors::explain(*entry, known);
    evidence["explanation"] = explained.id.view();
    evidence["meaning"] = explained.meaning.view();
    std::vector<std::string_view> causes(explained.causes.begin(), explained.causes.end());
    evidence["causes"] = causes;
    evidence["fix"] = explained.fix;
  }
  return Fail{std::move(evidence)};
}

// The service principals the profile requires, and those of the resource apps the integration's
// permissions live on (read with its consent), as one list; unread when one of them was not read.
std::variant<std::vector<std::pair<RequiredApp, const model::ServicePrincipal*>>, Unknown>
required_principals(const CheckInput& input) {
  std::vector<std::pair<RequiredApp, const model::ServicePrincipal*>> all;
  const auto add = [&](const RequiredApp& required, const model::ServicePrincipal* found) {
    if (std::none_of(all.begin(), all.end(), [&](const auto& entry) {
          return model::equals_ignoring_case(entry.first.app_id, required.app_id);
        })) {
      all.emplace_back(required, found);
    }
  };
  if (!input.profile.required_service_principals.empty()) {
    const auto& lookup = input.customer->service_principals;
    if (!lookup.ok()) {
      return Unknown{"service principals in the customer tenant were not read: " + lookup.reason()};
    }
    for (const auto& required : input.profile.required_service_principals) {
      const auto found = std::find_if(lookup->begin(), lookup->end(), [&](const auto& sp) {
        return model::equals_ignoring_case(sp.app_id, required.app_id);
      });
      add(required, found == lookup->end() ? nullptr : &*found);
    }
  }
  if (checks_integration_consent(input.profile)) {
    const auto& consent = input.customer->integration_consent;
    if (!input.profile.integration_app.resources.empty() &&
        (!consent.ok() || !consent->resources.ok())) {
      return Unknown{"the service principals of the integration's resource apps were not read: " +
                     (consent.ok() ? consent->resources.reason() : consent.reason())};
    }
    for (const auto& resource : input.profile.integration_app.resources) {
      const auto& list = consent->resources.value();
      const auto found = std::find_if(list.begin(), list.end(), [&](const auto& r) {
        return model::equals_ignoring_case(r.principal.app_id, resource.resource_app_id);
      });
      add({resource.resource_app_id, resource.name},
          found == list.end() ? nullptr : &found->principal);
    }
  }
  return all;
}

CheckResult missing_service_principal(const CheckInput& input) {
  const auto principals = required_principals(input);
  if (const auto* unknown = std::get_if<Unknown>(&principals)) {
    return *unknown;
  }
  json missing = json::array();
  json disabled = json::array();
  std::vector<std::string> not_looked_up;
  for (const auto& [required, found] :
       std::get<std::vector<std::pair<RequiredApp, const model::ServicePrincipal*>>>(principals)) {
    if (found == nullptr) {
      not_looked_up.push_back(required.name);
    } else if (!found->present) {
      missing.push_back({{"appId", required.app_id}, {"name", required.name}});
    } else if (found->account_enabled == false) {
      disabled.push_back({{"appId", required.app_id}, {"name", required.name}, {"id", found->id}});
    }
  }
  if (missing.empty() && disabled.empty()) {
    if (!not_looked_up.empty()) {
      std::string names;
      for (const auto& name : not_looked_up) {
        names += (names.empty() ? "" : ", ") + name;
      }
      return Unknown{"the snapshot does not say whether these service principals exist: " + names};
    }
    return Pass{};
  }
  // One readable line for the detail: each app with what is wrong with it.
  json problems = json::array();
  for (const auto& app : missing) {
    problems.push_back({{"name", app["name"].get<std::string>() + " (" +
                                     app["appId"].get<std::string>() + ") is absent"}});
  }
  for (const auto& app : disabled) {
    problems.push_back({{"name", app["name"].get<std::string>() + " (" +
                                     app["appId"].get<std::string>() + ") is disabled"}});
  }
  return Fail{{{"missingApps", missing}, {"disabledApps", disabled}, {"problems", problems}}};
}

bool requires_service_principals(const Profile& profile) {
  return !profile.required_service_principals.empty() ||
         (checks_integration_consent(profile) && !profile.integration_app.resources.empty());
}

}  // namespace

std::vector<CheckSpec> tenant_checks() {
  using model::RuleScope;
  return {
      {"sign-in-failed",
       RuleScope::customer,
       always_applies,
       sign_in_failed,
       {"error", "errorCodes", "explanation", "meaning", "causes", "fix", "description", "traceId",
        "correlationId", "recentlyActivated"},
       {{"propagationMinutes", 60, minutes_in_a_day}},
       true},
      {"missing-service-principal",
       RuleScope::customer,
       requires_service_principals,
       missing_service_principal,
       {"missingApps", "disabledApps", "problems"},
       {},
       true},
  };
}

}  // namespace gdap::rules::detail
