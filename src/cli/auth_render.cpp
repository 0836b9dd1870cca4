#include "auth_render.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/display_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>

namespace gdap::cli {

namespace {

// Partner Center checks MFA on App+User tokens only; an app-only token is not a person's sign-in.
constexpr std::string_view k_app_only_mfa =
    "not applicable (an app-only token has no user and no MFA claim)";

std::string role_label(const std::string& id) {
  return model::role_name(id);
}

std::string expiry_text(const WhoamiView& view) {
  const auto& expires = view.identity.access_token_expires_at;
  if (!expires) {
    return "unknown";
  }
  const auto left = std::chrono::duration_cast<std::chrono::minutes>(*expires - view.now);
  if (left.count() < 0) {
    return iso_utc(*expires) + " (expired; renewed on next use)";
  }
  return iso_utc(*expires) + fmt::format(" (in {} min)", left.count());
}

}  // namespace

std::string iso_utc(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

std::string render_whoami_text(const WhoamiView& view) {
  const auto& id = view.identity;
  const bool app = view.kind == auth::AccountKind::app;
  std::string out;
  // Every value may come from the token, which another tenant's administrator may have written:
  // one line per field, whatever the value holds.
  const auto field = [&out](std::string_view label, std::string_view value) {
    out += fmt::format("{:<10}{}\n", label, model::display_text(value));
  };
  field("Account:",
        app ? "application " + id.app_id.value_or(view.client_id) : id.account.value_or("unknown"));
  if (id.display_name && !app) {
    field("Name:", *id.display_name);
  }
  field("Tenant:", id.tenant_id.value_or("unknown"));
  field("Sign-in:", fmt::format("{} via client {} at {}", app ? "app-only" : "delegated",
                                view.client_id, view.authority_host));
  field("MFA:", app ? std::string(k_app_only_mfa) : std::string(auth::to_string(id.mfa)));
  std::string roles;
  if (app) {
    for (const auto& role : id.app_roles) {
      roles += (roles.empty() ? "" : ", ") + role;
    }
    field("App roles:", roles.empty() ? "none in the token" : roles);
  } else if (id.role_ids) {
    for (const auto& role : *id.role_ids) {
      roles += (roles.empty() ? "" : ", ") + role_label(role);
    }
    field("Roles:", roles.empty() ? "none" : roles);
  } else {
    field("Roles:", "unknown (the token has no wids claim)");
  }
  field("Token:", "expires " + expiry_text(view));
  return out;
}

std::string render_whoami_json(const WhoamiView& view) {
  using nlohmann::json;
  const auto& id = view.identity;
  const auto optional_string = [](const std::optional<std::string>& value) -> json {
    return value ? json(*value) : json(nullptr);
  };
  json mfa = nullptr;
  if (id.mfa == auth::Mfa::yes) {
    mfa = true;
  } else if (id.mfa == auth::Mfa::no) {
    mfa = false;
  }
  json roles = json::array();
  json role_ids = json::array();
  if (id.role_ids) {
    for (const auto& role : *id.role_ids) {
      roles.push_back(role_label(role));
      role_ids.push_back(role);
    }
  }
  json document = {
      {"signedIn", true},
      {"kind", view.kind == auth::AccountKind::app ? "app" : "delegated"},
      {"tenantId", optional_string(id.tenant_id)},
      {"requestedTenant",
       view.requested_tenant.empty() ? json(nullptr) : json(view.requested_tenant)},
      {"account", optional_string(id.account)},
      {"objectId", optional_string(id.object_id)},
      {"displayName", optional_string(id.display_name)},
      {"appId", optional_string(id.app_id)},
      {"clientId", view.client_id},
      {"authorityHost", view.authority_host},
      {"cloud", view.cloud.empty() ? json(nullptr) : json(view.cloud)},
      {"mfa", mfa},
      {"rolesKnown", id.role_ids.has_value()},
      {"roles", roles},
      {"roleIds", role_ids},
      {"appRoles", id.app_roles},
      {"tokenExpiresAt",
       id.access_token_expires_at ? json(iso_utc(*id.access_token_expires_at)) : json(nullptr)},
      {"tokenExpired",
       id.access_token_expires_at.has_value() && *id.access_token_expires_at <= view.now},
  };
  return model::escape_invisible_in_json(
             document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
         "\n";
}

}  // namespace gdap::cli
