#pragma once

// gdapcheck's own access to a customer, told apart from the customer's GDAP (design §4). gdapcheck
// asks for each customer token with its own OAuth client (Microsoft Graph Command Line Tools unless
// --client-id names another). Some refusals concern only that client — not authorized, not
// consented, disabled or absent in the customer — and say nothing about the partner account's
// GDAP or about the integration, which signs in with its own app.

#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// Microsoft Graph Command Line Tools, the public client Connect-MgGraph uses: gdapcheck's own
// client unless --client-id names another.
inline constexpr std::string_view k_default_client_id = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
// Work and school accounts only; the partner tenant id is learnt from the token.
inline constexpr std::string_view k_default_tenant = "organizations";

// The command that signs an account in again, defaults left out:
// "gdapcheck login --cloud usgov --tenant T --client-id C --client-secret-stdin". Every hint and
// remediation step that sends a technician to sign in uses it, so the command names the cloud,
// tenant and client of the account in use.
std::string login_command(std::string_view cloud, std::string_view tenant,
                          std::string_view client_id, bool app_only);

// Whether a refused customer sign-in concerns only the client that asked for the token: one of its
// AADSTS codes is a client refusal (90099 not authorized for partner delegated administrators,
// 65001 not consented, 65004 consent declined, 90094/90095 admin consent required, 700016/700011
// not found in the tenant, 7000112/70001 disabled). Everything else — no GDAP path (50020), MFA
// (50076, 50079), conditional access (53000, 53003, 530003, 50177, 50178, 70043), risk (530034),
// security defaults (530035), codes not known here — concerns the account or its GDAP.
bool refusal_concerns_own_client(const std::vector<long>& error_codes);

// The codes as Microsoft prints them, comma-separated: "AADSTS90099, AADSTS65001".
std::string aadsts_list(const std::vector<long>& error_codes);

// The tenant-wide admin-consent link (v1 form, no redirect URI needed) that authorizes `client_id`
// in `tenant_id`, on the login host of `cloud` ("global" when the cloud is not known). Opened by an
// administrator of that tenant; a partner's GDAP account cannot grant it (inline consent is not
// supported through GDAP).
std::string admin_consent_url(std::string_view cloud, std::string_view tenant_id,
                              std::string_view client_id);

}  // namespace gdap::model
