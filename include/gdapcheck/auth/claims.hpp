#pragma once

// Best-effort reading of JWT claims (no signature check: we only describe our own tokens).
// Graph tokens may be opaque, so everything is optional and the id_token is the fallback.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::auth {

struct Claims {
  std::optional<std::string> tid;
  std::optional<std::string> oid;
  std::optional<std::string> upn;  // upn, else unique_name, else preferred_username
  std::optional<std::string> name;
  std::optional<std::string> idp;
  std::optional<std::string> app_id;             // appid (v1) or azp (v2)
  std::optional<std::vector<std::string>> amr;   // absent when the token has none
  std::optional<std::vector<std::string>> wids;  // role template ids
  std::vector<std::string> roles;                // app roles (application permissions)
  std::optional<std::string> scp;
  std::optional<std::int64_t> exp;  // epoch seconds
};

// Decode the payload of a compact JWT; nullopt when it is not one (opaque token, bad base64/JSON).
std::optional<Claims> decode_claims(std::string_view token);

// Decode base64url without padding (also accepts padding); nullopt on a bad character.
std::optional<std::string> base64url_decode(std::string_view text);

enum class Mfa { yes, no, unknown };

// MFA is satisfied when amr holds "mfa" or "ngcmfa"; unknown when there is no amr claim at all.
Mfa mfa_from(const Claims& claims);

// "yes", "no", "unknown".
std::string_view to_string(Mfa mfa);

// What we can say about who a token belongs to. Access-token claims win; the id_token fills gaps.
struct Identity {
  std::optional<std::string> tenant_id;
  std::optional<std::string> account;  // UPN or equivalent
  std::optional<std::string> object_id;
  std::optional<std::string> display_name;
  std::optional<std::string> app_id;
  Mfa mfa = Mfa::unknown;
  std::optional<std::vector<std::string>> role_ids;  // nullopt: the token says nothing about roles
  std::vector<std::string> app_roles;
  std::optional<std::chrono::system_clock::time_point> access_token_expires_at;
};

// Combine what the access token and the id_token say.
Identity identity_from_tokens(std::string_view access_token, std::string_view id_token);

}  // namespace gdap::auth
