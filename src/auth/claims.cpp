#include "gdapcheck/auth/claims.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace gdap::auth {

namespace {

using nlohmann::json;

// Built-in Entra role template ids (roles-and-apps.md §1). Private to auth until the model
// module's canonical role table exists; the two should then be merged.
constexpr std::array<std::pair<std::string_view, std::string_view>, 35> k_role_names = {{
    {"62e90394-69f5-4237-9190-012177145e10", "Global Administrator"},
    {"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"},
    {"0526716b-113d-4c15-b2c8-68e3c22b9f80", "Authentication Policy Administrator"},
    {"892c5842-a9a6-463a-8041-72aa08ca3cf6", "Cloud App Security Administrator"},
    {"7698a772-787b-4ac8-901f-60d6b08affd2", "Cloud Device Administrator"},
    {"29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"},
    {"3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator"},
    {"7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"},
    {"e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"},
    {"194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"},
    {"f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"},
    {"69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator"},
    {"fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"},
    {"b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator"},
    {"f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"},
    {"8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator"},
    {"88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"},
    {"9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers"},
    {"4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator"},
    {"f023fd81-a637-4b56-95fd-791ac0226033", "Service Support Administrator"},
    {"729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"},
    {"158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"},
    {"be2f45a1-457d-42af-a067-6ec1fa63bc45", "External Identity Provider Administrator"},
    {"c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"},
    {"966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"},
    {"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"},
    {"5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"},
    {"4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader"},
    {"17315797-102d-40b4-93e0-432062caca18", "Compliance Administrator"},
    {"e6d1a23a-da11-4be4-9570-befc86d067a7", "Compliance Data Administrator"},
    {"44367163-eba1-44c3-98af-f5787879f96a", "Dynamics 365 Administrator"},
    {"11648597-926c-4cf3-9c36-bcebb0ba8dcc", "Power Platform Administrator"},
    {"fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator"},
    {"4ba39ca4-527c-499a-b93d-d9b492c50246", "Partner Tier1 Support"},
    {"e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support"},
}};

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
  const json body = json::parse(*payload, nullptr, /*allow_exceptions=*/false);
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
  if (const auto exp = body.find("exp"); exp != body.end() && exp->is_number()) {
    claims.exp = exp->get<std::int64_t>();
  }
  return claims;
}

Mfa mfa_from(const Claims& claims) {
  if (!claims.amr) {
    return Mfa::unknown;
  }
  const bool mfa = std::any_of(claims.amr->begin(), claims.amr->end(),
                               [](const std::string& m) { return m == "mfa" || m == "ngcmfa"; });
  return mfa ? Mfa::yes : Mfa::no;
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
      identity.access_token_expires_at =
          std::chrono::system_clock::time_point(std::chrono::seconds(*access->exp));
    }
  }
  return identity;
}

std::optional<std::string_view> directory_role_name(std::string_view template_id) {
  for (const auto& [id, name] : k_role_names) {
    if (id.size() == template_id.size() &&
        std::equal(id.begin(), id.end(), template_id.begin(), [](char a, char b) {
          return a == static_cast<char>(std::tolower(static_cast<unsigned char>(b)));
        })) {
      return name;
    }
  }
  return std::nullopt;
}

}  // namespace gdap::auth
