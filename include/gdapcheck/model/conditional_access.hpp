#pragma once

// A conditional access policy of a customer tenant, with every condition and control Microsoft
// Graph v1.0 returns for it (conditionalAccessPolicy), so a verdict never rests on a condition
// that was dropped while reading. Flags enums (one comma-separated string in Graph) are stored as
// lists; a condition Graph sends as null is an empty optional or an empty list, as noted.

#include <optional>
#include <string>
#include <vector>

namespace gdap::model {

// Guests or external users a policy includes or excludes (conditionalAccessGuestsOrExternalUsers).
struct CaExternalUsers {
  std::vector<std::string> types;  // guestOrExternalUserTypes split on ',' (serviceProvider, ...)
  std::string membership_kind = "all";  // all | enumerated
  std::vector<std::string> tenants;     // enumerated external tenant ids
};

// conditionalAccessUsers.
struct CaUsers {
  std::vector<std::string> include_users;  // object ids, All, None, GuestsOrExternalUsers
  std::vector<std::string> exclude_users;
  std::vector<std::string> include_groups;
  std::vector<std::string> exclude_groups;
  std::vector<std::string> include_roles;  // role template ids
  std::vector<std::string> exclude_roles;
  std::optional<CaExternalUsers> include_external;
  std::optional<CaExternalUsers> exclude_external;
};

// conditionalAccessFilter: a rule over device, application or service principal attributes.
struct CaFilter {
  std::string mode;  // include | exclude
  std::string rule;  // e.g. device.trustType -eq "ServerAD"
};

// conditionalAccessClientApplications: the policy is about workload identities (service
// principals signing in as themselves), not users.
struct CaClientApplications {
  std::vector<std::string> include_service_principals;
  std::vector<std::string> exclude_service_principals;
  std::optional<CaFilter> service_principal_filter;
};

// authenticationStrengthPolicy as a grant control carries it.
struct CaAuthenticationStrength {
  std::string id;
  std::string display_name;
  std::string policy_type;                          // builtIn | custom
  std::vector<std::string> requirements_satisfied;  // mfa
  std::vector<std::string> allowed_combinations;    // e.g. "password,microsoftAuthenticatorPush"
};

// signInFrequencySessionControl.
struct CaSignInFrequency {
  bool enabled = false;
  std::optional<long> value;
  std::string type;                 // hours | days (null with everyTime)
  std::string frequency_interval;   // timeBased | everyTime (null read as timeBased)
  std::string authentication_type;  // primaryAndSecondaryAuthentication | secondaryAuthentication
};

// conditionalAccessSessionControls: the ones that can matter to an API client in detail, the
// others by name (enabled ones only).
struct CaSessionControls {
  std::optional<CaSignInFrequency> sign_in_frequency;
  bool secure_sign_in_session = false;  // token protection
  // persistentBrowser, cloudAppSecurity, applicationEnforcedRestrictions,
  // disableResilienceDefaults: browser and outage behaviour, named for the evidence.
  std::vector<std::string> others;
};

struct CaPolicy {
  std::string id;
  std::string display_name;
  std::string state;  // enabled, disabled, enabledForReportingButNotEnforced
  std::optional<std::string> template_id;

  // Null in Graph for a policy about workload identities only.
  std::optional<CaUsers> users;
  std::optional<CaClientApplications> client_applications;

  std::vector<std::string> include_applications;  // app ids, All, None, Office365, ...
  std::vector<std::string> exclude_applications;
  std::vector<std::string> include_user_actions;             // urn:user:registersecurityinfo, ...
  std::vector<std::string> include_authentication_contexts;  // c1, c2, ...
  std::optional<CaFilter> application_filter;

  std::vector<std::string> client_app_types;  // all, browser, mobileAppsAndDesktopClients, ...
  // Null in Graph when the condition is not configured (then it covers every platform/place).
  std::optional<std::vector<std::string>> include_platforms;
  std::vector<std::string> exclude_platforms;
  std::optional<std::vector<std::string>> include_locations;  // ids, All, AllTrusted
  std::vector<std::string> exclude_locations;
  std::optional<CaFilter> device_filter;
  std::vector<std::string> user_risk_levels;
  std::vector<std::string> sign_in_risk_levels;
  std::vector<std::string> service_principal_risk_levels;
  std::vector<std::string> insider_risk_levels;  // flags; empty when null
  std::vector<std::string> transfer_methods;     // authenticationFlows; empty when null

  // Null in Graph for a policy with session controls only.
  bool has_grant_controls = false;
  std::string grant_operator;               // OR | AND
  std::vector<std::string> grant_controls;  // block, mfa, compliantDevice, ...
  std::vector<std::string> custom_authentication_factors;
  std::vector<std::string> terms_of_use;
  std::optional<CaAuthenticationStrength> authentication_strength;

  std::optional<CaSessionControls> session_controls;
};

}  // namespace gdap::model
