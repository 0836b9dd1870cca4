// Conditional access as Entra evaluates it for a GDAP service-provider user whose integration
// calls Microsoft Graph from a server: one verdict per policy (rules/conditional_access.hpp).

#include "rules/conditional_access.hpp"
#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

using rules::detail::CaVerdict;
using rules::detail::judge_policy;

const char* const k_exchange = "00000002-0000-0ff1-ce00-000000000000";
const char* const k_global_admin = "62e90394-69f5-4237-9190-012177145e10";

rules::detail::CaSituation situation() {
  rules::detail::CaSituation s;
  s.partner_tenant_id = k_partner_tenant;
  s.resources = {std::string(model::k_microsoft_graph_app_id)};
  s.unsatisfiable_controls = {"block",
                              "compliantDevice",
                              "domainJoinedDevice",
                              "approvedApplication",
                              "compliantApplication",
                              "passwordChange"};
  return s;
}

CaVerdict verdict(const model::CaPolicy& policy,
                  const rules::detail::CaSituation& s = situation()) {
  return judge_policy(policy, s).verdict;
}

model::CaExternalUsers service_providers(std::vector<std::string> tenants) {
  model::CaExternalUsers external;
  external.types = {"serviceProvider"};
  external.membership_kind = tenants.empty() ? "all" : "enumerated";
  external.tenants = std::move(tenants);
  return external;
}

// Microsoft's "Block legacy authentication" template as a tenant holds it.
model::CaPolicy block_legacy_authentication() {
  auto policy = block_all_policy("ca-legacy", "Block legacy authentication");
  policy.template_id = "0b2282f9-2862-4178-88b5-d79340b36cb8";
  policy.client_app_types = {"exchangeActiveSync", "other"};
  return policy;
}

}  // namespace

TEST_CASE("CA: who a policy reaches", "[rules][ca]") {
  SECTION("All users, all apps, block: blocks") {
    const auto judgement = judge_policy(block_all_policy("ca-1", "Block all"), situation());
    CHECK(judgement.verdict == CaVerdict::blocks);
    CHECK(judgement.unsatisfiable == std::vector<std::string>{"block"});
    CHECK_THAT(judgement.reason, Contains("All users"));
  }
  SECTION("all guests and external users, or service providers of this partner: blocks") {
    auto guests = block_all_policy("ca-1", "Block guests");
    guests.users->include_users = {"GuestsOrExternalUsers"};
    CHECK(verdict(guests) == CaVerdict::blocks);
    auto providers = block_all_policy("ca-2", "Block providers");
    providers.users->include_users.clear();
    providers.users->include_external = service_providers({k_partner_tenant});
    CHECK(verdict(providers) == CaVerdict::blocks);
    providers.users->include_external = service_providers({});
    CHECK(verdict(providers) == CaVerdict::blocks);
  }
  SECTION("external user types without service providers, or another partner: does not apply") {
    auto b2b = block_all_policy("ca-1", "Block B2B");
    b2b.users->include_users.clear();
    b2b.users->include_external = service_providers({});
    b2b.users->include_external->types = {"b2bCollaborationGuest", "otherExternalUser"};
    CHECK(verdict(b2b) == CaVerdict::does_not_apply);
    b2b.users->include_external = service_providers({"99999999-9999-4999-8999-999999999999"});
    CHECK(verdict(b2b) == CaVerdict::does_not_apply);
  }
  SECTION("the customer's own users and groups never reach a partner user") {
    auto own = block_all_policy("ca-1", "Block sales");
    own.users->include_users = {"aaaaaaaa-0000-4000-8000-000000000001"};
    own.users->include_groups = {"bbbbbbbb-0000-4000-8000-000000000001"};
    CHECK(verdict(own) == CaVerdict::does_not_apply);
  }
  SECTION("excluding service providers of this partner, or all guests, lets it through") {
    auto policy = block_all_policy("ca-1", "Block all");
    policy.users->exclude_external = service_providers({k_partner_tenant});
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    policy.users->exclude_external.reset();
    policy.users->exclude_users = {"GuestsOrExternalUsers"};
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    policy.users->exclude_users.clear();
    policy.users->exclude_external = service_providers({"99999999-9999-4999-8999-999999999999"});
    CHECK(verdict(policy) == CaVerdict::blocks);
  }
  SECTION("roles: undocumented for GDAP, so a role the partner holds makes it may block") {
    auto admins = block_all_policy("ca-1", "Block admins");
    admins.users->include_users.clear();
    admins.users->include_roles = {k_global_admin};
    auto s = situation();
    s.partner_roles = std::set<std::string>{k_global_admin};
    const auto judgement = judge_policy(admins, s);
    CHECK(judgement.verdict == CaVerdict::may_block);
    REQUIRE(judgement.doubts.size() == 1);
    CHECK_THAT(judgement.doubts[0].condition, Contains("Global Administrator"));
    CHECK_THAT(judgement.doubts[0].needs, Contains("does not document"));
    s.partner_roles = std::set<std::string>{};  // known, and none of them
    CHECK(verdict(admins, s) == CaVerdict::does_not_apply);
    auto excluded = block_all_policy("ca-2", "Block all but admins");
    excluded.users->exclude_roles = {k_global_admin};
    s.partner_roles = std::set<std::string>{k_global_admin};
    CHECK(verdict(excluded, s) == CaVerdict::may_block);  // an exclusion not to be counted on
  }
  SECTION("report-only, disabled and workload-identity policies never apply") {
    auto policy = block_all_policy("ca-1", "Block all");
    policy.state = "enabledForReportingButNotEnforced";
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    policy.state = "disabled";
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    auto workload = block_all_policy("ca-2", "Block service principals");
    workload.users.reset();
    workload.client_applications = model::CaClientApplications{{"All"}, {}, std::nullopt};
    CHECK(verdict(workload) == CaVerdict::does_not_apply);
    CHECK_THAT(judge_policy(workload, situation()).reason, Contains("workload identities"));
  }
}

TEST_CASE("CA: what a policy targets", "[rules][ca]") {
  SECTION("Microsoft Admin Portals, Azure management and Office 365 do not cover Graph") {
    for (const char* target :
         {"MicrosoftAdminPortals", "797f4846-ba00-4fd7-ba43-dac1f8f63013", "Office365", "None"}) {
      auto policy = block_all_policy("ca-1", "Block portals");
      policy.include_applications = {target};
      INFO(target);
      CHECK(verdict(policy) == CaVerdict::does_not_apply);
    }
  }
  SECTION("Office 365 covers Exchange Online when the integration calls it") {
    auto policy = block_all_policy("ca-1", "Block Office 365");
    policy.include_applications = {"Office365"};
    auto s = situation();
    s.resources.emplace_back(k_exchange);
    CHECK(verdict(policy, s) == CaVerdict::blocks);
  }
  SECTION("Graph itself, or All except Graph") {
    auto graph = block_all_policy("ca-1", "Block Graph");
    graph.include_applications = {std::string(model::k_microsoft_graph_app_id)};
    CHECK(verdict(graph) == CaVerdict::blocks);
    auto all_but = block_all_policy("ca-2", "Block all but Graph");
    all_but.exclude_applications = {std::string(model::k_microsoft_graph_app_id)};
    CHECK(verdict(all_but) == CaVerdict::does_not_apply);
  }
  SECTION("user actions and authentication contexts are not resource access") {
    auto action = block_all_policy("ca-1", "Register security info");
    action.include_applications.clear();
    action.include_user_actions = {"urn:user:registersecurityinfo"};
    CHECK(verdict(action) == CaVerdict::does_not_apply);
    auto context = block_all_policy("ca-2", "Sensitive context");
    context.include_applications.clear();
    context.include_authentication_contexts = {"c1"};
    CHECK(verdict(context) == CaVerdict::does_not_apply);
  }
}

TEST_CASE("CA: conditions of the sign-in", "[rules][ca]") {
  SECTION("Block legacy authentication (Microsoft's template) does not apply") {
    const auto judgement = judge_policy(block_legacy_authentication(), situation());
    CHECK(judgement.verdict == CaVerdict::does_not_apply);
    CHECK_THAT(judgement.reason, Contains("legacy clients only"));
  }
  SECTION("client app types: a confidential client is the browser type") {
    auto browser = block_all_policy("ca-1", "Block browsers");
    browser.client_app_types = {"browser"};
    CHECK(verdict(browser) == CaVerdict::blocks);
    auto desktop = block_all_policy("ca-2", "Block desktop apps");
    desktop.client_app_types = {"mobileAppsAndDesktopClients"};
    CHECK(verdict(desktop) == CaVerdict::does_not_apply);
    auto s = situation();
    s.client_app_type = "mobileAppsAndDesktopClients";
    CHECK(verdict(desktop, s) == CaVerdict::blocks);
    s.client_app_type.clear();
    CHECK(verdict(desktop, s) == CaVerdict::may_block);
  }
  SECTION("mobile platforms only do not apply; all but known platforms may block") {
    auto mobile = block_all_policy("ca-1", "Block phones");
    mobile.include_platforms = std::vector<std::string>{"android", "iOS"};
    CHECK(verdict(mobile) == CaVerdict::does_not_apply);
    auto unknown = block_all_policy("ca-2", "Block unknown platforms");
    unknown.include_platforms = std::vector<std::string>{"all"};
    unknown.exclude_platforms = {"android", "iOS", "windows", "macOS"};
    const auto judgement = judge_policy(unknown, situation());
    CHECK(judgement.verdict == CaVerdict::may_block);
    CHECK_THAT(judgement.doubts.at(0).condition, Contains("device platforms"));
  }
  SECTION("block outside trusted locations: may block, naming the locations") {
    auto policy = block_all_policy("ca-1", "Block outside trusted locations");
    policy.include_locations = std::vector<std::string>{"All"};
    policy.exclude_locations = {"AllTrusted"};
    const auto judgement = judge_policy(policy, situation());
    CHECK(judgement.verdict == CaVerdict::may_block);
    REQUIRE(judgement.doubts.size() == 1);
    CHECK(judgement.doubts[0].condition == "network location: includes All, excludes AllTrusted");
    CHECK_THAT(judgement.doubts[0].needs,
               Contains("outgoing IP addresses must be in the customer's trusted locations"));
    policy.include_locations = std::vector<std::string>{"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"};
    policy.exclude_locations.clear();
    CHECK_THAT(judge_policy(policy, situation()).doubts.at(0).needs,
               Contains("applies only from named location 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d") &&
                   Contains("must be elsewhere"));
  }
  SECTION("device filters: an unknown device has no attributes") {
    auto policy = block_all_policy("ca-1", "Filtered");
    policy.device_filter = model::CaFilter{"include", R"(device.trustType -eq "AzureAD")"};
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    policy.device_filter = model::CaFilter{"include", R"(device.isCompliant -ne True)"};
    CHECK(verdict(policy) == CaVerdict::blocks);
    policy.device_filter = model::CaFilter{"exclude", R"(device.extensionAttribute1 -eq "SAW")"};
    CHECK(verdict(policy) == CaVerdict::blocks);
    policy.device_filter = model::CaFilter{"exclude", R"(device.model -notContains "-eq")"};
    CHECK(verdict(policy) == CaVerdict::does_not_apply);  // "-eq" inside quotes is a value
    policy.device_filter =
        model::CaFilter{"include", R"(device.model -eq "a" -or device.model -ne "b")"};
    CHECK(verdict(policy) == CaVerdict::may_block);
  }
  SECTION("risk and authentication flows may block; service principal risk does not apply") {
    for (int i = 0; i < 4; ++i) {
      auto policy = block_all_policy("ca-1", "Risky");
      (i == 0   ? policy.sign_in_risk_levels
       : i == 1 ? policy.user_risk_levels
       : i == 2 ? policy.insider_risk_levels
                : policy.transfer_methods) = {i == 3 ? "deviceCodeFlow" : "high"};
      INFO(i);
      CHECK(verdict(policy) == CaVerdict::may_block);
    }
    auto workload_risk = block_all_policy("ca-2", "SP risk");
    workload_risk.service_principal_risk_levels = {"high"};
    CHECK(verdict(workload_risk) == CaVerdict::does_not_apply);
  }
}

TEST_CASE("CA: grant and session controls", "[rules][ca]") {
  SECTION("MFA, or MFA OR a device, is satisfied by the partner's own MFA") {
    auto mfa = block_all_policy("ca-1", "Require MFA");
    mfa.grant_controls = {"mfa"};
    CHECK(verdict(mfa) == CaVerdict::does_not_apply);
    mfa.grant_controls = {"mfa", "compliantDevice", "domainJoinedDevice"};
    CHECK(verdict(mfa) == CaVerdict::does_not_apply);
  }
  SECTION("AND with a device, or a device alone, blocks; so do app and password controls") {
    auto device = block_all_policy("ca-1", "MFA and compliant device");
    device.grant_operator = "AND";
    device.grant_controls = {"mfa", "compliantDevice"};
    CHECK(judge_policy(device, situation()).unsatisfiable ==
          std::vector<std::string>{"compliantDevice"});
    CHECK(verdict(device) == CaVerdict::blocks);
    for (const char* control :
         {"compliantDevice", "approvedApplication", "compliantApplication", "passwordChange"}) {
      device.grant_operator = "OR";
      device.grant_controls = {control};
      INFO(control);
      CHECK(verdict(device) == CaVerdict::blocks);
    }
  }
  SECTION("a compliant device OR an authentication strength: the strength decides") {
    auto policy = block_all_policy("ca-1", "Device or strength");
    policy.grant_controls = {"compliantDevice"};
    policy.authentication_strength =
        model::CaAuthenticationStrength{"00000000-0000-0000-0000-000000000002",
                                        "Multifactor authentication",
                                        "builtIn",
                                        {"mfa"},
                                        {"password,microsoftAuthenticatorPush"}};
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    policy.authentication_strength->id = "00000000-0000-0000-0000-000000000004";
    policy.authentication_strength->display_name = "Phishing-resistant MFA";
    policy.authentication_strength->allowed_combinations = {"windowsHelloForBusiness", "fido2"};
    const auto judgement = judge_policy(policy, situation());
    CHECK(judgement.verdict == CaVerdict::may_block);
    REQUIRE(judgement.doubts.size() == 1);
    CHECK_THAT(judgement.doubts[0].needs, Contains("windowsHelloForBusiness, fido2"));
  }
  SECTION("custom controls block (AADSTS50177); terms of use may block") {
    auto custom = block_all_policy("ca-1", "Duo");
    custom.grant_controls.clear();
    custom.custom_authentication_factors = {"Duo"};
    CHECK(verdict(custom) == CaVerdict::blocks);
    auto terms = block_all_policy("ca-2", "Terms");
    terms.grant_controls.clear();
    terms.terms_of_use = {"tou-1"};
    CHECK(verdict(terms) == CaVerdict::may_block);
  }
  SECTION("an unknown grant control may block, never passes silently") {
    auto policy = block_all_policy("ca-1", "Future");
    policy.grant_controls = {"unknownFutureValue"};
    CHECK(verdict(policy) == CaVerdict::may_block);
  }
  SECTION("sign-in frequency: a refresh limit, not a block; every time may block") {
    auto policy = block_all_policy("ca-1", "Sign in every 4 hours");
    policy.has_grant_controls = false;
    policy.grant_controls.clear();
    policy.session_controls = model::CaSessionControls{
        model::CaSignInFrequency{true, 4, "hours", "timeBased", ""}, false, {}};
    const auto judgement = judge_policy(policy, situation());
    CHECK(judgement.verdict == CaVerdict::does_not_apply);
    CHECK(judgement.refresh_every == "4 hours");
    policy.session_controls->sign_in_frequency = model::CaSignInFrequency{
        true, std::nullopt, "", "everyTime", "primaryAndSecondaryAuthentication"};
    CHECK(verdict(policy) == CaVerdict::may_block);
  }
  SECTION("token protection blocks a server calling Exchange, not one calling Graph only") {
    auto policy = block_all_policy("ca-1", "Token protection");
    policy.has_grant_controls = false;
    policy.grant_controls.clear();
    policy.session_controls = model::CaSessionControls{std::nullopt, true, {}};
    CHECK(verdict(policy) == CaVerdict::does_not_apply);
    auto s = situation();
    s.resources.emplace_back(k_exchange);
    CHECK(verdict(policy, s) == CaVerdict::blocks);
  }
}

TEST_CASE("tenant.conditional-access-blocks-partner", "[rules][ca]") {
  SECTION("only the legacy-authentication template: no conditional access finding") {
    const auto diagnosis = diagnose(SnapshotBuilder().ca_policy(block_legacy_authentication()));
    for (const char* rule :
         {"tenant.conditional-access-blocks-partner", "tenant.conditional-access-may-block-partner",
          "tenant.sign-in-frequency-ends-refresh"}) {
      CHECK_FALSE(fires(diagnosis, rule));
    }
    CHECK(diagnosis.complete());
  }
  SECTION("a blocking policy: an error naming the control and how it reaches the partner") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().ca_policy(block_all_policy("ca-1", "Block everyone")));
    const auto finding = the_finding(diagnosis, "tenant.conditional-access-blocks-partner");
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["policies"][0]["control"] == "block");
    CHECK_THAT(all_steps(finding),
               Contains("'Block everyone' (it includes All users, which reaches service provider "
                        "users; requires block) → Users → Exclude → Guest or external users → "
                        "Service provider users → tenant " +
                        std::string(k_partner_tenant)));
    CHECK_FALSE(fires(diagnosis, "tenant.conditional-access-may-block-partner"));
  }
  SECTION("a workload-identity policy leaves the verdict complete") {
    auto workload = block_all_policy("ca-4", "Block risky apps");
    workload.users.reset();
    workload.client_applications = model::CaClientApplications{{"All"}, {}, std::nullopt};
    const auto diagnosis = diagnose(SnapshotBuilder().ca_policy(workload));
    CHECK(diagnosis.complete());
    CHECK_FALSE(fires(diagnosis, "tenant.conditional-access-blocks-partner"));
  }
  SECTION("the healthy example has none") {
    const auto diagnosis = diagnose(SnapshotBuilder());
    CHECK_FALSE(fires(diagnosis, "tenant.conditional-access-blocks-partner"));
    CHECK_FALSE(fires(diagnosis, "tenant.conditional-access-may-block-partner"));
    CHECK_FALSE(fires(diagnosis, "tenant.sign-in-frequency-ends-refresh"));
  }
  SECTION("unknown, with the reason, when the policies were not read") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().ca_policies_unread("403: Policy.Read.All not granted"));
    for (const char* rule :
         {"tenant.conditional-access-blocks-partner", "tenant.conditional-access-may-block-partner",
          "tenant.sign-in-frequency-ends-refresh"}) {
      INFO(rule);
      CHECK_FALSE(fires(diagnosis, rule));
      CHECK_THAT(the_gap(diagnosis, rule).reason, Contains("conditional access policies") &&
                                                      Contains("403: Policy.Read.All not granted"));
    }
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("a profile saying the integration is a public client changes the client type") {
    auto desktop = block_all_policy("ca-5", "Block desktop apps");
    desktop.client_app_types = {"mobileAppsAndDesktopClients"};
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().ca_policy(desktop)),
                      "tenant.conditional-access-blocks-partner"));
    std::vector<model::Problem> problems;
    const auto profile = rules::parse_profile(
        R"({"name": "desktop", "requiredRoles": [], "integrationClient": "public"})",
        "desktop.json", shipped_rules(), problems);
    REQUIRE(profile);
    CHECK(fires(rules::evaluate(SnapshotBuilder().ca_policy(desktop).build(), shipped_rules(),
                                *profile, {k_now, {}, {}}),
                "tenant.conditional-access-blocks-partner"));
    CHECK_FALSE(rules::parse_profile(R"({"name": "x", "integrationClient": "server"})", "x.json",
                                     shipped_rules(), problems));
    CHECK_THAT(model::format_problems("x.json", problems), Contains("/integrationClient"));
  }
}

TEST_CASE("tenant.conditional-access-may-block-partner", "[rules][ca]") {
  SECTION("block outside trusted locations: a warning naming the location condition") {
    auto policy = block_all_policy("ca-2", "Block outside trusted locations");
    policy.include_locations = std::vector<std::string>{"All"};
    policy.exclude_locations = {"AllTrusted"};
    const auto diagnosis = diagnose(SnapshotBuilder().ca_policy(policy));
    CHECK_FALSE(fires(diagnosis, "tenant.conditional-access-blocks-partner"));
    const auto finding = the_finding(diagnosis, "tenant.conditional-access-may-block-partner");
    CHECK(finding.severity == model::Severity::warning);
    CHECK_THAT(all_steps(finding),
               Contains("'Block outside trusted locations' in") &&
                   Contains("depends on network location: includes All, excludes AllTrusted"));
  }
  SECTION("no finding for a policy that blocks outright (that is an error) or not at all") {
    const auto blocks = diagnose(SnapshotBuilder().ca_policy(block_all_policy("ca-1", "Block")));
    CHECK_FALSE(fires(blocks, "tenant.conditional-access-may-block-partner"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "tenant.conditional-access-may-block-partner"));
  }
  SECTION("unknown when the policies were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().ca_policies_unread("429"));
    CHECK_THAT(the_gap(diagnosis, "tenant.conditional-access-may-block-partner").reason,
               Contains("were not read: 429"));
  }
}

TEST_CASE("tenant.sign-in-frequency-ends-refresh", "[rules][ca]") {
  SECTION("a sign-in frequency: a warning with the interval and AADSTS70043") {
    auto policy = block_all_policy("ca-3", "Sign in daily");
    policy.grant_controls = {"mfa"};
    policy.session_controls = model::CaSessionControls{
        model::CaSignInFrequency{true, 1, "days", "timeBased", ""}, false, {}};
    const auto finding = the_finding(diagnose(SnapshotBuilder().ca_policy(policy)),
                                     "tenant.sign-in-frequency-ends-refresh");
    CHECK(finding.evidence["policies"][0]["every"] == "1 day");
    CHECK_THAT(finding.detail, Contains("AADSTS70043") && Contains("(Sign in daily)"));
    CHECK_THAT(all_steps(finding), Contains("again every 1 day"));
  }
  SECTION("no finding without a sign-in frequency, or when the policy blocks anyway") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "tenant.sign-in-frequency-ends-refresh"));
    auto blocking = block_all_policy("ca-1", "Block and sign in hourly");
    blocking.session_controls = model::CaSessionControls{
        model::CaSignInFrequency{true, 1, "hours", "timeBased", ""}, false, {}};
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().ca_policy(blocking)),
                      "tenant.sign-in-frequency-ends-refresh"));
  }
  SECTION("unknown when the policies were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().ca_policies_unread("429"));
    CHECK_THAT(the_gap(diagnosis, "tenant.sign-in-frequency-ends-refresh").reason,
               Contains("were not read: 429"));
  }
}

}  // namespace gdap::test
