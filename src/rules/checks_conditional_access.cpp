// tenant.conditional-access-* checks: each enabled policy of the customer judged as Entra would
// for the integration's sign-ins (conditional_access.hpp), one verdict per policy.
#include "access.hpp"
#include "conditional_access.hpp"

#include "gdapcheck/model/catalog.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace gdap::rules::detail {

using nlohmann::json;

namespace {

std::string client_app_type(const Profile& profile) {
  if (profile.integration_client == "confidential") {
    return "browser";  // Microsoft counts OAuth confidential clients as the browser client type
  }
  if (profile.integration_client == "public") {
    return "mobileAppsAndDesktopClients";
  }
  return {};
}

CaSituation situation_of(const CheckInput& input) {
  CaSituation s;
  s.partner_tenant_id = input.snapshot.partner.tenant_id;
  s.client_app_type = client_app_type(input.profile);
  s.resources.emplace_back(model::k_microsoft_graph_app_id);
  for (const auto& app : input.profile.required_service_principals) {
    s.resources.push_back(app.app_id);
  }
  if (access_unknown_reason(input, input.access).empty()) {
    std::set<std::string> roles;
    for (const auto& role : effective_roles(*input.access)) {
      roles.insert(model::lowercase(role));
    }
    s.partner_roles = roles;
  }
  for (const auto& control : input.params.at("unsatisfiableControls")) {
    s.unsatisfiable_controls.push_back(control.get<std::string>());
  }
  return s;
}

// Every enabled policy's judgement, or the reason the policies are not known.
using Judged = std::vector<std::pair<const model::CaPolicy*, CaJudgement>>;

std::variant<Judged, Unknown> judge_all(const CheckInput& input) {
  const auto& policies = input.customer->conditional_access_policies;
  if (!policies.ok()) {
    return Unknown{"conditional access policies of the customer were not read: " +
                   policies.reason()};
  }
  const auto situation = situation_of(input);
  Judged judged;
  for (const auto& policy : policies.value()) {
    judged.emplace_back(&policy, judge_policy(policy, situation));
  }
  return judged;
}

json doubts_json(const std::vector<CaDoubt>& doubts) {
  std::vector<std::string> conditions;
  std::vector<std::string> needs;
  for (const auto& doubt : doubts) {
    conditions.push_back(doubt.condition);
    needs.push_back(doubt.needs);
  }
  return {{"dependsOn", fmt::format("{}", fmt::join(conditions, "; "))},
          {"needs", fmt::format("{}", fmt::join(needs, "; "))}};
}

// One finding listing the policies with `verdict`, each described by `describe`.
template <typename Describe>
CheckResult policies_judged(const CheckInput& input, CaVerdict verdict, Describe describe) {
  auto judged = judge_all(input);
  if (auto* unknown = std::get_if<Unknown>(&judged)) {
    return *unknown;
  }
  json found = json::array();
  for (const auto& [policy, judgement] : std::get<Judged>(judged)) {
    if (judgement.verdict == verdict) {
      json item = {
          {"id", policy->id}, {"name", policy->display_name}, {"appliesBecause", judgement.reason}};
      describe(*policy, judgement, item);
      found.push_back(item);
    }
  }
  if (found.empty()) {
    return Pass{};
  }
  return Fail{{{"policies", found}}};
}

CheckResult conditional_access_blocks_partner(const CheckInput& input) {
  return policies_judged(input, CaVerdict::blocks,
                         [](const model::CaPolicy&, const CaJudgement& j, json& item) {
                           item["control"] = fmt::format("{}", fmt::join(j.unsatisfiable, ", "));
                         });
}

CheckResult conditional_access_may_block_partner(const CheckInput& input) {
  return policies_judged(
      input, CaVerdict::may_block, [](const model::CaPolicy&, const CaJudgement& j, json& item) {
        item.update(doubts_json(j.doubts));
        item["control"] = j.unsatisfiable.empty()
                              ? std::string("its grant controls")
                              : fmt::format("{}", fmt::join(j.unsatisfiable, ", "));
      });
}

CheckResult sign_in_frequency_ends_refresh(const CheckInput& input) {
  auto judged = judge_all(input);
  if (auto* unknown = std::get_if<Unknown>(&judged)) {
    return *unknown;
  }
  json found = json::array();
  for (const auto& [policy, judgement] : std::get<Judged>(judged)) {
    if (judgement.verdict == CaVerdict::does_not_apply && judgement.refresh_every) {
      found.push_back({{"id", policy->id},
                       {"name", policy->display_name},
                       {"every", *judgement.refresh_every},
                       {"appliesBecause", judgement.reason}});
    }
  }
  if (found.empty()) {
    return Pass{};
  }
  return Fail{{{"policies", found}}};
}

// Each element must be a built-in grant control as Graph v1.0 spells it
// (conditionalAccessGrantControl): a misspelt one would never match a policy, silently.
std::optional<std::string> grant_controls(const json& value) {
  static constexpr std::array<std::string_view, 8> k_controls{"block",
                                                              "mfa",
                                                              "compliantDevice",
                                                              "domainJoinedDevice",
                                                              "approvedApplication",
                                                              "compliantApplication",
                                                              "passwordChange",
                                                              "riskRemediation"};
  for (const auto& element : value) {
    const auto name = element.get<std::string>();
    if (std::find(k_controls.begin(), k_controls.end(), name) == k_controls.end()) {
      return fmt::format("\"{}\" is not a grant control (known: {})", name,
                         fmt::join(k_controls, ", "));
    }
  }
  return std::nullopt;
}

// What a partner user cannot give from its own tenant (concept-conditional-access-grant; the
// external-id page's table of grant controls for external users).
json default_unsatisfiable() {
  return json::array({"block", "compliantDevice", "domainJoinedDevice", "approvedApplication",
                      "compliantApplication", "passwordChange"});
}

}  // namespace

std::vector<CheckSpec> conditional_access_checks() {
  using model::RuleScope;
  const std::vector<ParamSpec> params{
      {"unsatisfiableControls", default_unsatisfiable(), grant_controls}};
  return {
      {"conditional-access-blocks-partner",
       RuleScope::customer,
       always_applies,
       conditional_access_blocks_partner,
       {"policies"},
       params,
       true},
      {"conditional-access-may-block-partner",
       RuleScope::customer,
       always_applies,
       conditional_access_may_block_partner,
       {"policies"},
       params,
       true},
      {"sign-in-frequency-ends-refresh",
       RuleScope::customer,
       always_applies,
       sign_in_frequency_ends_refresh,
       {"policies"},
       params,
       true},
  };
}

}  // namespace gdap::rules::detail
