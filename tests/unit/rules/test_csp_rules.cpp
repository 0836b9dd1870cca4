// csp.* rules: the signed-in partner account and the partner tenant. Snapshot in, findings out.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

bool was_evaluated(const model::Diagnosis& diagnosis, std::string_view rule_id) {
  return std::any_of(diagnosis.evaluated_rules.begin(), diagnosis.evaluated_rules.end(),
                     [&](const model::EvaluatedRule& rule) { return rule.rule_id == rule_id; });
}

bool has_error(const model::Diagnosis& diagnosis, std::string_view operation) {
  return std::any_of(diagnosis.errors.begin(), diagnosis.errors.end(),
                     [&](const model::ReadError& error) { return error.operation == operation; });
}

}  // namespace

TEST_CASE("csp.user-not-global-admin", "[rules]") {
  SECTION("fires when the account holds roles in the partner tenant but not Global Administrator") {
    const auto diagnosis = diagnose(SnapshotBuilder().not_partner_global_admin(), "syncro");
    const auto finding = the_finding(diagnosis, "csp.user-not-global-admin");
    CHECK(finding.tenant_id == k_partner_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["heldRoles"] ==
          nlohmann::json::array({"Global Reader", "User Administrator"}));
    CHECK_THAT(finding.detail, Contains(k_upn) && Contains("Global Reader, User Administrator") &&
                                   Contains("Contoso Partner"));
    CHECK_THAT(all_steps(finding),
               Contains("add " + std::string(k_upn) + " as an active, permanent assignment"));
    CHECK(all_commands(finding) ==
          std::string(k_partner_tenant) +
              ": New-MgRoleManagementDirectoryRoleAssignment -PrincipalId " + k_user_id +
              " -RoleDefinitionId 62e90394-69f5-4237-9190-012177145e10 -DirectoryScopeId '/'\n");
    CHECK(diagnosis.partner.global_admin == false);
    CHECK(status_of(diagnosis) == "active");  // a partner rule implies no customer status
  }
  SECTION("the sign-in step names the run's cloud and client, and an app's tenant") {
    SnapshotBuilder builder;
    builder.not_partner_global_admin();
    CHECK_THAT(all_steps(the_finding(diagnose(builder, "syncro"), "csp.user-not-global-admin")),
               Contains("Sign in again (gdapcheck login) and"));
    builder.snapshot().cloud = "usgov";
    builder.snapshot().client_id = "99999999-8888-7777-6666-555555555555";
    CHECK_THAT(all_steps(the_finding(diagnose(builder, "syncro"), "csp.user-not-global-admin")),
               Contains("Sign in again (gdapcheck login --cloud usgov --client-id "
                        "99999999-8888-7777-6666-555555555555) and"));
    builder.partner().sign_in = model::SignInKind::app;
    CHECK_THAT(all_steps(the_finding(diagnose(builder, "syncro"), "csp.user-not-global-admin")),
               Contains("gdapcheck login --cloud usgov --tenant " + std::string(k_partner_tenant) +
                        " --client-id 99999999-8888-7777-6666-555555555555 "
                        "--client-secret-stdin"));
  }
  SECTION("does not fire for a Global Administrator") {
    const auto diagnosis = diagnose(SnapshotBuilder(), "syncro");
    CHECK_FALSE(fires(diagnosis, "csp.user-not-global-admin"));
    CHECK(was_evaluated(diagnosis, "csp.user-not-global-admin"));
    CHECK(diagnosis.partner.global_admin == true);
  }
  SECTION("is not evaluated when the profile does not require it") {
    const auto diagnosis = diagnose(SnapshotBuilder().not_partner_global_admin(), "default");
    CHECK_FALSE(fires(diagnosis, "csp.user-not-global-admin"));
    CHECK_FALSE(was_evaluated(diagnosis, "csp.user-not-global-admin"));
  }
  SECTION("unknown when the directory roles were not read") {
    const auto diagnosis = diagnose(
        SnapshotBuilder().partner_directory_roles_unread("403 Forbidden: RoleManagement.Read"),
        "syncro");
    CHECK_FALSE(fires(diagnosis, "csp.user-not-global-admin"));
    const auto gap = the_gap(diagnosis, "csp.user-not-global-admin");
    CHECK(gap.tenant_id == k_partner_tenant);
    CHECK_THAT(gap.reason,
               Contains("directory roles") && Contains("403 Forbidden: RoleManagement.Read"));
    CHECK(gap.blocked_by.empty());
    CHECK(has_error(diagnosis, "directoryRoles"));
    CHECK_FALSE(diagnosis.partner.global_admin.has_value());
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("csp.mfa-not-prompted", "[rules]") {
  SECTION("fires when amr has no mfa, naming the methods that were used") {
    const auto diagnosis = diagnose(SnapshotBuilder().without_mfa());
    const auto finding = the_finding(diagnosis, "csp.mfa-not-prompted");
    CHECK(finding.tenant_id == k_partner_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["amr"] == nlohmann::json::array({"pwd", "rsa"}));
    CHECK_THAT(finding.detail, Contains("pwd, rsa") && Contains(k_upn));
    CHECK_THAT(all_steps(finding),
               Contains("Require Microsoft Entra MFA for " + std::string(k_upn)));
    CHECK(diagnosis.partner.mfa == false);
  }
  SECTION("does not fire with mfa, or with Windows Hello's ngcmfa") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "csp.mfa-not-prompted"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().amr({"ngcmfa"})), "csp.mfa-not-prompted"));
    CHECK(diagnose(SnapshotBuilder()).partner.mfa == true);
  }
  SECTION("unknown when the token's amr claim was not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().amr_unread("the access token is not a JWT"));
    CHECK_FALSE(fires(diagnosis, "csp.mfa-not-prompted"));
    CHECK_THAT(the_gap(diagnosis, "csp.mfa-not-prompted").reason,
               Contains("amr") && Contains("the access token is not a JWT"));
    CHECK_FALSE(diagnosis.partner.mfa.has_value());
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("csp.user-not-in-adminagents", "[rules]") {
  SECTION("fires when the group exists but the account is not in it") {
    const auto diagnosis = diagnose(SnapshotBuilder().not_in_admin_agents());
    const auto finding = the_finding(diagnosis, "csp.user-not-in-adminagents");
    CHECK(finding.tenant_id == k_partner_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["groupExists"] == true);
    CHECK(finding.evidence["groupId"] == k_admin_agents_group);
    CHECK_THAT(all_steps(finding),
               Contains("Groups → AdminAgents (" + std::string(k_admin_agents_group) + ")"));
    // Complete: the group's id and the account's object id, run in the partner tenant.
    CHECK(all_commands(finding) == std::string(k_partner_tenant) + ": New-MgGroupMember -GroupId " +
                                       k_admin_agents_group + " -DirectoryObjectId " + k_user_id +
                                       "\n");
    CHECK(finding.commands.at(0).scopes == std::vector<std::string>{"GroupMember.ReadWrite.All"});
    // gdapcheck fix --apply makes the same change: the account into AdminAgents.
    const auto& action = finding.commands.at(0).action;
    REQUIRE(action);
    CHECK(action->kind == model::ActionKind::add_group_member);
    CHECK(action->group_id == k_admin_agents_group);
    CHECK(action->member_id == k_user_id);
    CHECK(action->what == "add " + std::string(k_upn) + " to AdminAgents (" + k_admin_agents_group +
                              ") in Contoso Partner");
    CHECK_THAT(all_steps(finding), !Contains("has no AdminAgents group"));
    CHECK(diagnosis.partner.in_admin_agents == false);
  }
  SECTION("fires when the tenant has no AdminAgents group at all, with other advice") {
    const auto diagnosis = diagnose(SnapshotBuilder().no_admin_agents_group());
    const auto finding = the_finding(diagnosis, "csp.user-not-in-adminagents");
    CHECK(finding.evidence["groupExists"] == false);
    CHECK(finding.evidence["groupId"].is_null());
    CHECK_THAT(all_steps(finding),
               Contains("Contoso Partner has no AdminAgents group") && Contains(k_partner_tenant));
    CHECK(finding.commands.empty());  // no group to add the account to
  }
  SECTION("an account whose object id is unknown is looked up by UPN, with the scope for it") {
    auto builder = SnapshotBuilder().not_in_admin_agents();
    builder.partner().user.id.clear();
    builder.snapshot().cloud = "usgov";
    const auto finding = the_finding(diagnose(builder), "csp.user-not-in-adminagents");
    REQUIRE(finding.commands.size() == 1);
    CHECK(finding.commands[0].command ==
          "New-MgGroupMember -GroupId " + std::string(k_admin_agents_group) +
              " -DirectoryObjectId (Get-MgUser -UserId " + k_upn + ").Id");
    CHECK(finding.commands[0].scopes ==
          std::vector<std::string>{"GroupMember.ReadWrite.All", "User.ReadBasic.All"});
    CHECK(finding.commands[0].environment == "USGov");
  }
  SECTION("membership through a nested group counts (memberships are transitive)") {
    SnapshotBuilder builder;
    builder.partner().group_memberships = model::Fact<std::vector<model::Group>>::of(
        {{"f0000000-0000-4000-8000-00000000000f", "Helpdesk Tier 2"},
         {k_admin_agents_group, "AdminAgents"},  // reached through Helpdesk Tier 2
         {k_gdap_group, k_gdap_group_name}});
    const auto diagnosis = diagnose(builder);
    CHECK_FALSE(fires(diagnosis, "csp.user-not-in-adminagents"));
    CHECK(diagnosis.partner.in_admin_agents == true);
  }
  SECTION("unknown when the AdminAgents group was not read") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().admin_agents_group_unread("429 Too Many Requests"));
    CHECK_FALSE(fires(diagnosis, "csp.user-not-in-adminagents"));
    CHECK_THAT(the_gap(diagnosis, "csp.user-not-in-adminagents").reason,
               Contains("AdminAgents group was not read") && Contains("429 Too Many Requests"));
    CHECK_FALSE(diagnosis.partner.in_admin_agents.has_value());
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("unknown when the account's memberships were not read") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().group_memberships_unread("transitiveMemberOf: 503"));
    CHECK_FALSE(fires(diagnosis, "csp.user-not-in-adminagents"));
    CHECK_THAT(the_gap(diagnosis, "csp.user-not-in-adminagents").reason,
               Contains("group memberships were not read") && Contains("transitiveMemberOf: 503"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("csp.no-customer-relationships", "[rules]") {
  SECTION("fires when an AdminAgents member sees no relationship, pointing at the contracts") {
    const auto diagnosis = diagnose(SnapshotBuilder().no_relationships());
    const auto finding = the_finding(diagnosis, "csp.no-customer-relationships");
    CHECK(finding.tenant_id == k_partner_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["contractCount"] == 1);
    CHECK(finding.evidence["hasContracts"] == true);
    CHECK_THAT(finding.detail, Contains("Contracts found: 1"));
    CHECK_THAT(all_steps(finding), Contains("Request admin relationship") &&
                                       !Contains("has no customer contracts either"));
    // The customer itself then has no relationship.
    CHECK(fires(diagnosis, "gdap.missing-admin-relationship"));
    CHECK(status_of(diagnosis) == "missing_admin_relationship");
    CHECK(diagnosis.complete());
  }
  SECTION("without contracts either, it asks whether this is the partner tenant") {
    const auto diagnosis = diagnose(SnapshotBuilder().no_relationships().no_contracts());
    const auto finding = the_finding(diagnosis, "csp.no-customer-relationships");
    CHECK(finding.evidence["hasContracts"] == false);
    CHECK_THAT(all_steps(finding), Contains("has no customer contracts either") &&
                                       Contains(k_partner_tenant) &&
                                       !Contains("Request admin relationship;"));
  }
  SECTION("contracts that were not read are not called absent") {
    SnapshotBuilder builder;
    builder.no_relationships().partner().contracts =
        model::Fact<std::vector<model::Contract>>::failed("403 on /contracts");
    const auto finding = the_finding(diagnose(builder), "csp.no-customer-relationships");
    CHECK(finding.evidence["contractCount"].is_null());
    CHECK(finding.evidence["hasContracts"].is_null());
    CHECK_THAT(finding.detail, Contains("Contracts found: (unknown)"));
    CHECK_THAT(all_steps(finding), Contains("Request admin relationship") &&
                                       !Contains("has no customer contracts either"));
  }
  SECTION("does not fire when there is a relationship") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "csp.no-customer-relationships"));
  }
  SECTION("unknown when the relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("403 Forbidden"));
    CHECK_FALSE(fires(diagnosis, "csp.no-customer-relationships"));
    const auto gap = the_gap(diagnosis, "csp.no-customer-relationships");
    CHECK_THAT(gap.reason, Contains("admin relationships were not read: 403 Forbidden"));
    CHECK(gap.blocked_by.empty());
    CHECK(has_error(diagnosis, "relationships"));
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("unknown when the list is empty and AdminAgents membership could not be checked") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().no_relationships().admin_agents_group_unread("timeout"));
    CHECK_FALSE(fires(diagnosis, "csp.no-customer-relationships"));
    CHECK_FALSE(fires(diagnosis, "gdap.missing-admin-relationship"));
    CHECK_THAT(the_gap(diagnosis, "csp.no-customer-relationships").reason,
               Contains("not in AdminAgents") && Contains("timeout"));
    CHECK(status_of(diagnosis) == "unknown");
    CHECK_FALSE(diagnosis.complete());
  }
}

}  // namespace gdap::test
