// csp.* checks: the signed-in partner account and the partner tenant.
#include "checks.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/own_client.hpp"
#include "gdapcheck/model/relationship.hpp"

#include <algorithm>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

CheckResult user_not_global_admin(const CheckInput& input) {
  const auto& roles = input.snapshot.partner.directory_roles;
  if (!roles.ok()) {
    return Unknown{"the account's directory roles in the partner tenant were not read: " +
                   roles.reason()};
  }
  if (model::includes_global_administrator(roles.value())) {
    return Pass{};
  }
  json names = json::array();
  for (const auto& role : roles.value()) {
    names.push_back(model::role_name(role));
  }
  return Fail{{{"heldRoles", names}}};
}

CheckResult mfa_not_prompted(const CheckInput& input) {
  const auto& amr = input.snapshot.partner.amr;
  if (!amr.ok()) {
    return Unknown{"the token's authentication methods (amr claim) could not be read: " +
                   amr.reason()};
  }
  if (model::amr_shows_mfa(amr.value())) {
    return Pass{};
  }
  return Fail{{{"amr", amr.value()}}};
}

CheckResult user_not_in_adminagents(const CheckInput& input) {
  if (!input.partner.in_admin_agents) {
    return Unknown{input.partner.in_admin_agents_reason};
  }
  if (*input.partner.in_admin_agents) {
    return Pass{};
  }
  const auto& group = input.snapshot.partner.admin_agents_group.value();
  json evidence = {{"groupExists", group.has_value()}};
  evidence["groupId"] = group ? json(group->id) : json(nullptr);
  evidence["groupName"] = group ? json(group->display_name) : json("AdminAgents");
  return Fail{evidence};
}

CheckResult no_customer_relationships(const CheckInput& input) {
  const auto& partner = input.snapshot.partner;
  if (!partner.relationships.ok()) {
    return Unknown{"admin relationships were not read: " + partner.relationships.reason()};
  }
  if (!partner.relationships->empty()) {
    return Pass{};
  }
  // Graph answers 200 with an empty list when the caller is not in AdminAgents, so an empty
  // list proves nothing unless membership is confirmed.
  if (input.partner.in_admin_agents == false) {
    return Unknown{
        "the relationship list is empty, which is what Graph answers when the account "
        "is not in AdminAgents",
        "user-not-in-adminagents"};
  }
  if (!input.partner.in_admin_agents) {
    return Unknown{
        "the relationship list is empty, which Graph also answers when the account is "
        "not in AdminAgents, and membership could not be checked: " +
        input.partner.in_admin_agents_reason};
  }
  json evidence = json::object();
  evidence["contractCount"] =
      partner.contracts.ok() ? json(partner.contracts->size()) : json(nullptr);
  // Unread contracts are unknown (null), never "none": the advice differs.
  evidence["hasContracts"] =
      partner.contracts.ok() ? json(!partner.contracts->empty()) : json(nullptr);
  evidence["noContracts"] = partner.contracts.ok() && partner.contracts->empty();
  return Fail{evidence};
}

// The customers whose tenant refused gdapcheck's own client (not the account's GDAP), each with
// the admin-consent link that authorizes that client there.
CheckResult gdapcheck_client_not_authorized(const CheckInput& input) {
  const auto& snapshot = input.snapshot;
  const bool client_known = !snapshot.client_id.empty();
  const std::string client_id = client_known ? snapshot.client_id : std::string("CLIENT-ID");
  json refused = json::array();
  for (const auto* customer : input.customers) {
    const auto& sign_in = customer->sign_in;
    if (!sign_in.ok() || sign_in->succeeded ||
        !model::refusal_concerns_own_client(sign_in->error_codes)) {
      continue;
    }
    refused.push_back(
        {{"name", customer->display_name.empty() ? customer->tenant_id : customer->display_name},
         {"tenantId", customer->tenant_id},
         {"errorCodes", model::aadsts_list(sign_in->error_codes)},
         {"consentLink",
          model::admin_consent_url(snapshot.cloud, customer->tenant_id, client_id)}});
  }
  if (refused.empty()) {
    return Pass{};
  }
  json names = json::array();
  for (const auto& customer : refused) {
    names.push_back(customer["name"]);
  }
  std::string client = "gdapcheck's client (its id is not recorded in this snapshot)";
  if (client_known) {
    const auto name = model::find_name(model::known_applications(), client_id);
    client = name ? std::string(*name) + " (" + client_id + ")" : "the app " + client_id;
  }
  return Fail{{{"customers", refused},
               {"customerNames", names},
               {"count", refused.size()},
               {"client", client},
               {"clientId", client_known ? json(client_id) : json(nullptr)},
               {"clientIdUnknown", !client_known},
               // Signing in with another app: in this run's cloud, app-only at the partner tenant.
               {"otherAppSignIn", model::login_command(snapshot.cloud, "", "APP-ID", false)},
               {"otherAppOnlySignIn",
                model::login_command(snapshot.cloud,
                                     snapshot.partner.tenant_id.empty()
                                         ? std::string_view("PARTNER-TENANT-ID")
                                         : std::string_view(snapshot.partner.tenant_id),
                                     "APP-ID", true)}}};
}

bool requires_partner_global_admin(const Profile& profile) {
  return profile.require_partner_global_admin;
}
bool requires_mfa(const Profile& profile) {
  return profile.require_mfa;
}
bool requires_admin_agents(const Profile& profile) {
  return profile.require_admin_agents;
}

}  // namespace

std::vector<CheckSpec> csp_checks() {
  return {
      {"user-not-global-admin",
       model::RuleScope::partner,
       requires_partner_global_admin,
       user_not_global_admin,
       {"heldRoles"},
       {},
       false},
      {"mfa-not-prompted",
       model::RuleScope::partner,
       requires_mfa,
       mfa_not_prompted,
       {"amr"},
       {},
       false},
      {"user-not-in-adminagents",
       model::RuleScope::partner,
       requires_admin_agents,
       user_not_in_adminagents,
       {"groupExists", "groupId", "groupName"},
       {},
       false},
      {"gdapcheck-client-not-authorized",
       model::RuleScope::partner,
       always_applies,
       gdapcheck_client_not_authorized,
       {"customers", "customerNames", "count", "client", "clientId", "clientIdUnknown",
        "otherAppSignIn", "otherAppOnlySignIn"},
       {},
       false},
      {"no-customer-relationships",
       model::RuleScope::partner,
       always_applies,
       no_customer_relationships,
       {"contractCount", "hasContracts", "noContracts"},
       {},
       false},
  };
}

}  // namespace gdap::rules::detail
