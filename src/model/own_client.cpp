#include "gdapcheck/model/own_client.hpp"

#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>
#include <array>

namespace gdap::model {

namespace {

// Microsoft's error reference (reference-error-codes): codes that name the client application.
constexpr std::array<long, 9> k_client_refusals = {
    90099,    // the application has not been authorized in the tenant (partner delegated admins)
    65001,    // DelegationDoesNotExist: not consented
    65004,    // UserDeclinedConsent
    90094,    // AdminConsentRequired
    90095,    // AdminConsentRequiredRequestAccess
    700016,   // UnauthorizedClient_DoesNotMatchRequest: the application is not in the tenant
    700011,   // UnauthorizedClientAppNotFoundInOrgIdTenant
    7000112,  // UnauthorizedClientApplicationDisabled
    70001,    // the application is disabled (older code of the same refusal)
};

}  // namespace

bool refusal_concerns_own_client(const std::vector<long>& error_codes) {
  return std::any_of(error_codes.begin(), error_codes.end(), [](long code) {
    return std::find(k_client_refusals.begin(), k_client_refusals.end(), code) !=
           k_client_refusals.end();
  });
}

std::string aadsts_list(const std::vector<long>& error_codes) {
  std::string list;
  for (const long code : error_codes) {
    list += (list.empty() ? "AADSTS" : ", AADSTS") + std::to_string(code);
  }
  return list;
}

std::string admin_consent_url(std::string_view cloud, std::string_view tenant_id,
                              std::string_view client_id) {
  const auto hosts = cloud_hosts(cloud).value_or(*cloud_hosts("global"));
  std::string url(hosts.login);
  url += '/';
  url += tenant_id;
  url += "/adminconsent?client_id=";
  url += client_id;
  return url;
}

std::string login_command(std::string_view cloud, std::string_view tenant,
                          std::string_view client_id, bool app_only) {
  std::string command = "gdapcheck login";
  const auto given = [](std::string_view value, std::string_view default_value) {
    return !value.empty() && !equals_ignoring_case(value, default_value);
  };
  if (given(cloud, "global")) {
    command += " --cloud ";
    command += cloud;
  }
  if (given(tenant, k_default_tenant)) {
    command += " --tenant ";
    command += tenant;
  }
  if (given(client_id, k_default_client_id)) {
    command += " --client-id ";
    command += client_id;
  }
  if (app_only) {
    command += " --client-secret-stdin";
  }
  return command;
}

}  // namespace gdap::model
