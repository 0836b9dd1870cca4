#pragma once

// The tenant behind a domain, without a token: a tenant's OpenID configuration at the sign-in
// host names the tenant id in its issuer ("https://login.microsoftonline.com/{tenant id}/v2.0"),
// for any of its verified domains. A customer's custom domain (contoso.com) appears in none of
// the partner's lists, so this is how it is recognised.

#include "gdapcheck/http/transport.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace gdap::auth {

// GET {authority host}/{domain}/v2.0/.well-known/openid-configuration (nothing is sent here).
http::Request openid_configuration_request(std::string_view authority_host,
                                           std::string_view domain);

// The tenant id the answer's issuer names; nullopt when there is none (an unknown domain is
// answered 400, an outage not at all).
std::optional<std::string> tenant_of_openid_configuration(const http::Result& result);

}  // namespace gdap::auth
