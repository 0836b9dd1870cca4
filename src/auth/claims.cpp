#include "gdapcheck/auth/claims.hpp"

#include "gdapcheck/input/json.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace gdap::auth {

namespace {

using nlohmann::json;

std::optional<std::string> string_claim(const json& body, const char* name) {
  const auto found = body.find(name);
  if (found != body.end() && found->is_string() && !found->get_ref<const std::string&>().empty()) {
    return found->get<std::string>();
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> string_array_claim(const json& body, const char* name) {
  const auto found = body.find(name);
  if (found == body.end()) {
    return std::nullopt;
  }
  std::vector<std::string> values;
  if (found->is_array()) {
    for (const auto& item : *found) {
      if (item.is_string()) {
        values.push_back(item.get<std::string>());
      }
    }
  } else if (found->is_string()) {
    values.push_back(found->get<std::string>());
  } else {
    return std::nullopt;
  }
  return values;
}

int base64url_value(char ch) {
  if (ch >= 'A' && ch <= 'Z') {
    return ch - 'A';
  }
  if (ch >= 'a' && ch <= 'z') {
    return ch - 'a' + 26;
  }
  if (ch >= '0' && ch <= '9') {
    return ch - '0' + 52;
  }
  if (ch == '-' || ch == '+') {
    return 62;
  }
  if (ch == '_' || ch == '/') {
    return 63;
  }
  return -1;
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char ch : text) {
    const int value = base64url_value(ch);
    if (value < 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6U) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return out;
}

std::optional<Claims> decode_claims(std::string_view token) {
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto payload = base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!payload) {
    return std::nullopt;
  }
  const json body = input::parse_json_or_discarded(*payload);
  if (!body.is_object()) {
    return std::nullopt;
  }
  Claims claims;
  claims.tid = string_claim(body, "tid");
  claims.oid = string_claim(body, "oid");
  claims.upn = string_claim(body, "upn");
  if (!claims.upn) {
    claims.upn = string_claim(body, "unique_name");
  }
  if (!claims.upn) {
    claims.upn = string_claim(body, "preferred_username");
  }
  claims.name = string_claim(body, "name");
  claims.idp = string_claim(body, "idp");
  claims.app_id = string_claim(body, "appid");
  if (!claims.app_id) {
    claims.app_id = string_claim(body, "azp");
  }
  claims.amr = string_array_claim(body, "amr");
  claims.wids = string_array_claim(body, "wids");
  claims.roles = string_array_claim(body, "roles").value_or(std::vector<std::string>{});
  claims.scp = string_claim(body, "scp");
  // Any number is read as a time, however large (1e300, 2^64): never an overflow.
  if (const auto exp = body.find("exp"); exp != body.end()) {
    claims.exp = model::seconds_from_json(*exp);
  }
  return claims;
}

Mfa mfa_from(const Claims& claims) {
  if (!claims.amr) {
    return Mfa::unknown;
  }
  return model::amr_shows_mfa(*claims.amr) ? Mfa::yes : Mfa::no;
}

std::string_view to_string(Mfa mfa) {
  switch (mfa) {
    case Mfa::yes:
      return "yes";
    case Mfa::no:
      return "no";
    case Mfa::unknown:
      return "unknown";
  }
  return "unknown";
}

Identity identity_from_tokens(std::string_view access_token, std::string_view id_token) {
  const auto access = decode_claims(access_token);
  const auto id = decode_claims(id_token);
  const auto pick = [&](auto member) -> std::optional<std::string> {
    if (access && (*access).*member) {
      return (*access).*member;
    }
    if (id && (*id).*member) {
      return (*id).*member;
    }
    return std::nullopt;
  };
  Identity identity;
  identity.tenant_id = pick(&Claims::tid);
  identity.account = pick(&Claims::upn);
  identity.object_id = pick(&Claims::oid);
  identity.display_name = pick(&Claims::name);
  identity.app_id = access ? access->app_id : std::nullopt;
  // amr and wids describe the sign-in and the roles; the id_token carries amr only sometimes.
  if (access && access->amr) {
    identity.mfa = mfa_from(*access);
  } else if (id) {
    identity.mfa = mfa_from(*id);
  }
  if (access && access->wids) {
    identity.role_ids = access->wids;
  } else if (id && id->wids) {
    identity.role_ids = id->wids;
  }
  if (access) {
    identity.app_roles = access->roles;
    if (access->exp) {
      identity.access_token_expires_at = model::to_time_point(*access->exp);
    }
  }
  return identity;
}

}  // namespace gdap::auth
