// gdap.* rules: relationship → access assignment → group membership → roles, per customer.
// Snapshot in, findings out.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

namespace gdap::test {

namespace {

const char* const k_other_group = "bbbbbbbb-0000-4000-8000-0000000000b2";
const char* const k_other_relationship_id =
    "dddddddd-0000-4000-8000-0000000000d2-cccccccc-0000-4000-8000-000000000003";

bool has_error(const model::Diagnosis& diagnosis, std::string_view operation) {
  return std::any_of(diagnosis.errors.begin(), diagnosis.errors.end(),
                     [&](const model::ReadError& error) { return error.operation == operation; });
}

// The default 12 roles without the named ones.
std::vector<std::string> names(const json& list) {
  std::vector<std::string> out;
  for (const auto& item : list) {
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Whether fix --apply could make one of the finding's changes itself.
bool applies_a_change(const model::Finding& finding) {
  return std::any_of(finding.commands.begin(), finding.commands.end(),
                     [](const auto& command) { return command.action.has_value(); });
}

// The default roles but `names` on the active relationship; `names` are in a second one, "new-id",
// that is on its way to active (`status`: created, approvalPending…).
model::Diagnosis diagnose_with_roles_on_the_way(const std::string& status,
                                                std::initializer_list<std::string_view> names) {
  auto on_the_way = make_relationship("new-id", "Fabrikam new", roles(names));
  on_the_way.status = status;
  on_the_way.activated.reset();
  on_the_way.end_date_time.reset();
  const auto without = default_roles_without(names);
  return diagnose(
      SnapshotBuilder().relationship_roles(without).assignment_roles(without).add_relationship(
          on_the_way));
}

}  // namespace

TEST_CASE("gdap.missing-admin-relationship", "[rules]") {
  SECTION("fires when the only relationship was terminated") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_status("terminated"));
    const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["relationships"][0]["name"] == k_relationship_name);
    CHECK(finding.evidence["relationships"][0]["status"] == "terminated");
    CHECK(finding.evidence["pendingRelationships"].empty());
    CHECK_THAT(finding.detail, Contains("Fabrikam has no active GDAP admin relationship") &&
                                   Contains(k_relationship_name));
    CHECK_THAT(
        all_steps(finding),
        Contains("Customers → Fabrikam → Admin relationships → Request admin relationship") &&
            !Contains("approve the pending relationship"));
    CHECK(status_of(diagnosis) == "missing_admin_relationship");
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expired"));
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    CHECK(diagnosis.complete());
  }
  SECTION("a relationship waiting for approval: the step is the customer's approval link") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_status("approvalPending"));
    const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
    CHECK_THAT(all_steps(finding),
               Contains("approve the pending relationship 'Fabrikam GDAP': "
                        "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
                        "granularAdminRelationships/" +
                        std::string(k_relationship_id)) &&
                   !Contains("Request admin relationship;"));
    CHECK(status_of(diagnosis) == "missing_admin_relationship");
  }
  SECTION("a relationship created but never locked: lock it, do not request another") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_status("created"));
    const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
    const auto link =
        "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
        "granularAdminRelationships/" +
        std::string(k_relationship_id);
    CHECK(finding.evidence["unlockedRelationships"][0]["approvalLink"] == link);
    CHECK(finding.evidence["onItsWay"] == true);
    CHECK_THAT(all_steps(finding),
               Contains("Relationship 'Fabrikam GDAP' (" + std::string(k_relationship_id) +
                        ") was created but never locked for approval") &&
                   Contains("then send " + link) && !Contains("Request admin relationship;"));
    REQUIRE(finding.commands.size() == 1);
    const auto& command = finding.commands[0];
    CHECK(command.command ==
          "New-MgTenantRelationshipDelegatedAdminRelationshipRequest "
          "-DelegatedAdminRelationshipId " +
              std::string(k_relationship_id) + " -Action 'lockForApproval'");
    CHECK(command.scopes == std::vector<std::string>{"DelegatedAdminRelationship.ReadWrite.All"});
    REQUIRE(command.action);
    CHECK(command.action->kind == model::ActionKind::lock_for_approval);
    CHECK(command.action->relationship_id == k_relationship_id);
    CHECK(status_of(diagnosis) == "missing_admin_relationship");
  }
  SECTION("an expired relationship and a new one on its way: the new one's next step") {
    SnapshotBuilder builder;
    builder.relationship_status("expired");
    auto unlocked = make_relationship("new-id", "Fabrikam 2027", default_roles());
    unlocked.status = "created";
    unlocked.activated.reset();
    unlocked.end_date_time.reset();
    const auto diagnosis = diagnose(builder.add_relationship(unlocked));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expired"));  // it would say "request"
    const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
    CHECK(finding.evidence["unlockedRelationships"][0]["id"] == "new-id");
    CHECK_THAT(all_steps(finding), !Contains("Request admin relationship;"));
    REQUIRE(finding.commands.size() == 1);
    CHECK(finding.commands[0].action->relationship_id == "new-id");
  }
  SECTION("a created relationship beside a pending one is not locked: a second request") {
    SnapshotBuilder builder;
    builder.relationship_status("approvalPending");
    auto draft = make_relationship("draft-id", "Fabrikam draft", default_roles());
    draft.status = "created";
    const auto diagnosis = diagnose(builder.add_relationship(draft));
    const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
    CHECK(finding.evidence["unlockedRelationships"].empty());
    CHECK(finding.evidence["pendingRelationships"].size() == 1);
    CHECK(finding.commands.empty());
  }
  SECTION("approved and being activated: wait, nothing to request") {
    for (const char* status : {"approved", "activating"}) {
      const auto diagnosis = diagnose(SnapshotBuilder().relationship_status(status));
      const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
      CHECK_THAT(all_steps(finding),
                 Contains(std::string("'Fabrikam GDAP' is '") + status +
                          "': Fabrikam has approved it and Microsoft is activating it") &&
                     !Contains("Request admin relationship;") && !Contains("locked for approval"));
      CHECK(finding.commands.empty());
    }
  }
  SECTION("a customer with a contract but no relationship at all") {
    SnapshotBuilder builder;
    builder.relationship().customer_tenant_id = "0ther000-0000-4000-8000-000000000000";
    const auto diagnosis = diagnose(builder);
    const auto finding = the_finding(diagnosis, "gdap.missing-admin-relationship");
    CHECK(finding.evidence["relationships"].empty());
    CHECK_THAT(finding.detail, Contains("Relationships found: none"));
    CHECK(status_of(diagnosis) == "missing_admin_relationship");
  }
  SECTION("does not fire with an active relationship") {
    const auto diagnosis = diagnose(SnapshotBuilder());
    CHECK_FALSE(fires(diagnosis, "gdap.missing-admin-relationship"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("unknown when the relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("403 Forbidden"));
    CHECK_FALSE(fires(diagnosis, "gdap.missing-admin-relationship"));
    const auto gap = the_gap(diagnosis, "gdap.missing-admin-relationship");
    CHECK(gap.tenant_id == k_customer_tenant);
    CHECK_THAT(gap.reason, Contains("admin relationships were not read: 403 Forbidden"));
    const auto& customer = the_customer(diagnosis);
    CHECK(customer.status == model::CustomerStatus::unknown);
    CHECK_THAT(customer.status_reason,
               Contains("gdap.missing-admin-relationship") && Contains("403 Forbidden"));
    CHECK_FALSE(customer.missing_roles.has_value());
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("gdap.relationship-expired", "[rules]") {
  SECTION("fires when the relationship has expired, naming the roles it carried") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_status("expired"));
    const auto finding = the_finding(diagnosis, "gdap.relationship-expired");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    const auto& expired = finding.evidence["expiredRelationships"];
    REQUIRE(expired.size() == 1);
    CHECK(expired[0]["name"] == k_relationship_name);
    CHECK(expired[0]["roles"].size() == 12);
    CHECK_THAT(all_steps(finding), Contains("(Fabrikam GDAP carried: Application Administrator, "
                                            "Authentication Policy Administrator"));
    CHECK(status_of(diagnosis) == "expired");
    CHECK_FALSE(fires(diagnosis, "gdap.missing-admin-relationship"));
  }
  SECTION("Graph's 'expiring' (already past its end date) counts as expired") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_status("expiring"));
    CHECK(fires(diagnosis, "gdap.relationship-expired"));
    CHECK(status_of(diagnosis) == "expired");
  }
  SECTION("a relationship still 'active' whose end date is before now counts as expired") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().without_auto_extend().relationship_ends_in_days(-2));
    const auto finding = the_finding(diagnosis, "gdap.relationship-expired");
    CHECK(finding.evidence["expiredRelationships"][0]["status"] == "active");
    CHECK(finding.evidence["expiredRelationships"][0]["endDate"] ==
          days_from_now(-2).substr(0, 10));
    CHECK(status_of(diagnosis) == "expired");
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expiring"));
  }
  SECTION("does not fire while another relationship is active") {
    auto fresh = make_relationship(k_other_relationship_id, "Fabrikam GDAP 2027", default_roles());
    fresh.access_assignments->push_back(
        make_assignment("a2", k_gdap_group, k_gdap_group_name, default_roles()));
    const auto diagnosis =
        diagnose(SnapshotBuilder().relationship_status("expired").add_relationship(fresh));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expired"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("does not fire on the healthy snapshot") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.relationship-expired"));
  }
  SECTION("unknown when the relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("503"));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expired"));
    CHECK_THAT(the_gap(diagnosis, "gdap.relationship-expired").reason,
               Contains("admin relationships were not read: 503"));
    CHECK(status_of(diagnosis) == "unknown");
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("gdap.relationship-expiring", "[rules]") {
  SECTION("fires when the only relationship ends in 5 days without auto-extend") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().without_auto_extend().relationship_ends_in_days(5));
    const auto finding = the_finding(diagnosis, "gdap.relationship-expiring");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::warning);
    CHECK(finding.evidence["expiringRelationships"][0]["daysLeft"] == 5);
    CHECK(finding.evidence["rolesLost"].size() == 12);
    CHECK_THAT(finding.detail, Contains("within 7 days"));
    CHECK_THAT(all_steps(finding), Contains("Relationship 'Fabrikam GDAP' ends on " +
                                            days_from_now(5).substr(0, 10) + " (5 days left)."));
    CHECK(status_of(diagnosis) == "expiring");
    // Without Global Administrator it can simply auto-extend: the command (and fix --apply) turns
    // it on, reading the relationship's ETag first.
    CHECK(finding.evidence["autoExtendable"] ==
          json::array({{{"id", k_relationship_id}, {"name", "Fabrikam GDAP"}}}));
    REQUIRE(finding.commands.size() == 1);
    // Values in a command that builds hashtables are expressions, so each is a quoted string.
    const std::string quoted = "'" + std::string(k_relationship_id) + "'";
    CHECK(finding.commands[0].command ==
          "Update-MgTenantRelationshipDelegatedAdminRelationship -DelegatedAdminRelationshipId " +
              quoted +
              " -BodyParameter @{autoExtendDuration = 'P180D'} -Headers @{'If-Match' = "
              "(Invoke-MgGraphRequest -Method GET -Uri "
              "('v1.0/tenantRelationships/delegatedAdminRelationships/' + " +
              quoted + "))['@odata.etag']}");
    REQUIRE(finding.commands[0].action);
    CHECK(finding.commands[0].action->kind == model::ActionKind::enable_auto_extend);
    CHECK(finding.commands[0].action->relationship_id == k_relationship_id);
  }
  SECTION("a relationship with Global Administrator is not offered auto-extend") {
    auto roles = default_roles();
    roles.push_back(role("Global Administrator"));
    const auto diagnosis = diagnose(
        SnapshotBuilder().relationship_roles(roles).without_auto_extend().relationship_ends_in_days(
            5));
    const auto finding = the_finding(diagnosis, "gdap.relationship-expiring");
    CHECK(finding.evidence["autoExtendable"] == json::array());
    CHECK(finding.commands.empty());
    CHECK(finding.evidence["withGlobalAdmin"][0]["name"] == "Fabrikam GDAP");
    CHECK_THAT(all_steps(finding),
               Contains("'Fabrikam GDAP' holds Global Administrator, which Microsoft never "
                        "auto-extends: request a new admin relationship now"));
    CHECK_THAT(all_steps(finding), !Contains("so it can auto-extend"));
  }
  SECTION("does not fire when the relationship auto-extends") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_ends_in_days(5));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expiring"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("does not fire when the end is further away than the threshold") {
    const auto diagnosis =
        diagnose(SnapshotBuilder().without_auto_extend().relationship_ends_in_days(8));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expiring"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("does not fire when a relationship that stays covers the same roles") {
    auto staying =
        make_relationship(k_other_relationship_id, "Fabrikam GDAP 2027", default_roles());
    staying.access_assignments->push_back(
        make_assignment("a2", k_other_group, "M365 GDAP 2027", default_roles()));
    const auto diagnosis = diagnose(SnapshotBuilder()
                                        .without_auto_extend()
                                        .relationship_ends_in_days(3)
                                        .add_relationship(staying)
                                        .with_membership(k_other_group, "M365 GDAP 2027"));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expiring"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("fires for the roles that a staying relationship does not cover") {
    auto staying = make_relationship(k_other_relationship_id, "Fabrikam GDAP 2027",
                                     default_roles_without({"Teams Administrator"}));
    staying.access_assignments->push_back(make_assignment(
        "a2", k_other_group, "M365 GDAP 2027", default_roles_without({"Teams Administrator"})));
    const auto diagnosis = diagnose(SnapshotBuilder()
                                        .without_auto_extend()
                                        .relationship_ends_in_days(3)
                                        .add_relationship(staying)
                                        .with_membership(k_other_group, "M365 GDAP 2027"));
    const auto finding = the_finding(diagnosis, "gdap.relationship-expiring");
    CHECK(finding.evidence["rolesLost"] == json::array({"Teams Administrator"}));
    CHECK(finding.evidence["expiringRelationships"].size() == 1);
    // It holds no Global Administrator: auto-extend keeps the roles, no new relationship needed.
    CHECK_THAT(all_steps(finding), Contains("so it can auto-extend"));
    CHECK_THAT(all_steps(finding), !Contains("request a new admin relationship"));
    CHECK(status_of(diagnosis) == "expiring");
  }
  SECTION("a staying Global Administrator relationship covers them, except under cipp") {
    auto staying =
        make_relationship(k_other_relationship_id, "Fabrikam GA", {role("Global Administrator")});
    staying.access_assignments->push_back(
        make_assignment("a2", k_gdap_group, k_gdap_group_name, {role("Global Administrator")}));
    SnapshotBuilder builder;
    builder.without_auto_extend().relationship_ends_in_days(3).add_relationship(staying);
    CHECK_FALSE(fires(diagnose(builder), "gdap.relationship-expiring"));
    CHECK(the_finding(diagnose(builder, "cipp"), "gdap.relationship-expiring")
              .evidence["rolesLost"]
              .size() == 12);
  }
  SECTION("a staying relationship whose group the account is not in does not count") {
    auto staying =
        make_relationship(k_other_relationship_id, "Fabrikam GDAP 2027", default_roles());
    staying.access_assignments->push_back(
        make_assignment("a2", k_other_group, "M365 GDAP 2027", default_roles()));
    const auto diagnosis = diagnose(
        SnapshotBuilder().without_auto_extend().relationship_ends_in_days(3).add_relationship(
            staying));
    CHECK(the_finding(diagnosis, "gdap.relationship-expiring").evidence["rolesLost"].size() == 12);
  }
  SECTION("the threshold is a parameter a profile can override") {
    std::vector<model::Problem> problems;
    const auto profile = rules::parse_profile(
        R"({"name": "early-warning", "requiredRoles": ["Exchange Administrator"],
            "params": {"gdap.relationship-expiring": {"withinDays": 30}}})",
        "early-warning.json", shipped_rules(), problems);
    REQUIRE(problems.empty());
    REQUIRE(profile);
    const auto snapshot =
        SnapshotBuilder().without_auto_extend().relationship_ends_in_days(20).build();
    const auto diagnosis = rules::evaluate(snapshot, shipped_rules(), *profile, {k_now, {}, {}});
    const auto finding = the_finding(diagnosis, "gdap.relationship-expiring");
    CHECK_THAT(finding.detail, Contains("within 30 days"));
    CHECK(finding.evidence["rolesLost"] == json::array({"Exchange Administrator"}));
    CHECK_FALSE(fires(diagnose(snapshot), "gdap.relationship-expiring"));  // default: 7 days
  }
  SECTION("unknown when the account's memberships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder()
                                        .without_auto_extend()
                                        .relationship_ends_in_days(5)
                                        .group_memberships_unread("transitiveMemberOf: 500"));
    CHECK_FALSE(fires(diagnosis, "gdap.relationship-expiring"));
    CHECK_THAT(the_gap(diagnosis, "gdap.relationship-expiring").reason,
               Contains("group memberships were not read: transitiveMemberOf: 500"));
    CHECK(status_of(diagnosis) == "unknown");
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("unknown when the relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("403"));
    CHECK_THAT(the_gap(diagnosis, "gdap.relationship-expiring").reason,
               Contains("admin relationships were not read"));
  }
}

TEST_CASE("gdap.global-admin-blocks-auto-extend", "[rules]") {
  SECTION("fires when an active relationship contains Global Administrator") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_roles(
        {role("Global Administrator"), role("Exchange Administrator")}));
    const auto finding = the_finding(diagnosis, "gdap.global-admin-blocks-auto-extend");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::warning);
    CHECK(finding.evidence["relationships"][0]["name"] == k_relationship_name);
    CHECK_THAT(all_steps(finding), Contains("terminate 'Fabrikam GDAP' (ends " +
                                            days_from_now(180).substr(0, 10) + ")"));
    CHECK_THAT(finding.detail, Contains("Fabrikam GDAP with Fabrikam"));
  }
  SECTION("also for a relationship still waiting for approval") {
    auto pending = make_relationship(k_other_relationship_id, "Fabrikam GA request",
                                     {role("Global Administrator")});
    pending.status = "approvalPending";
    const auto diagnosis = diagnose(SnapshotBuilder().add_relationship(pending));
    const auto finding = the_finding(diagnosis, "gdap.global-admin-blocks-auto-extend");
    CHECK(finding.evidence["relationships"].size() == 1);
    CHECK(finding.evidence["relationships"][0]["name"] == "Fabrikam GA request");
  }
  SECTION("not for an expired one, nor the healthy snapshot") {
    auto old = make_relationship(k_other_relationship_id, "Fabrikam DAP migration",
                                 {role("Global Administrator")});
    old.status = "expired";
    CHECK_FALSE(fires(diagnose(SnapshotBuilder().add_relationship(old)),
                      "gdap.global-admin-blocks-auto-extend"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.global-admin-blocks-auto-extend"));
  }
  SECTION("unknown when the relationships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().relationships_unread("403"));
    CHECK_FALSE(fires(diagnosis, "gdap.global-admin-blocks-auto-extend"));
    CHECK_THAT(the_gap(diagnosis, "gdap.global-admin-blocks-auto-extend").reason,
               Contains("admin relationships were not read: 403"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("gdap.missing-security-group", "[rules]") {
  SECTION("fires when the active relationship has no access assignment") {
    const auto diagnosis = diagnose(SnapshotBuilder().no_assignments());
    const auto finding = the_finding(diagnosis, "gdap.missing-security-group");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["relationships"][0]["name"] == k_relationship_name);
    CHECK(finding.evidence["inactiveAssignments"].empty());
    CHECK_THAT(all_steps(finding),
               Contains("Admin relationships → 'Fabrikam GDAP' → Add security groups") &&
                   Contains("Make sure " + std::string(k_upn) + " is a member") &&
                   !Contains("pending assignments usually finish"));
    CHECK(status_of(diagnosis) == "missing_security_group");
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    CHECK_FALSE(fires(diagnosis, "gdap.user-not-in-security-group"));
  }
  SECTION("an assignment that is only pending or failed gives no group") {
    const auto diagnosis = diagnose(SnapshotBuilder().assignment_status("error"));
    const auto finding = the_finding(diagnosis, "gdap.missing-security-group");
    CHECK(finding.evidence["inactiveAssignments"][0]["status"] == "error");
    CHECK_THAT(all_steps(finding),
               Contains("The assignment for group 'M365 GDAP Integration' is 'error'"));
    CHECK(status_of(diagnosis) == "missing_security_group");
  }
  SECTION("does not fire on the healthy snapshot") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.missing-security-group"));
  }
  SECTION(
      "a group the partner gives roles through, whose assignment was removed, can get them "
      "again") {
    const auto diagnosis = diagnose(SnapshotBuilder().assignment_status("deleted").add_assignment(
        make_assignment("a-2", k_admin_agents_group, "AdminAgents", default_roles(), "deleted")));
    const auto finding = the_finding(diagnosis, "gdap.missing-security-group");
    const auto& offered = finding.evidence["newAssignments"];
    REQUIRE(offered.size() == 1);  // never AdminAgents: its roles reach every admin agent
    CHECK(offered[0]["groupId"] == k_gdap_group);
    CHECK(offered[0]["relationshipId"] == k_relationship_id);
    CHECK(offered[0]["roleIds"].size() == 12);
    REQUIRE(finding.commands.size() == 1);
    CHECK_THAT(finding.commands[0].command,
               Contains("New-MgTenantRelationshipDelegatedAdminRelationshipAccessAssignment") &&
                   Contains(std::string("accessContainerId = '") + k_gdap_group + "'"));
    REQUIRE(finding.commands[0].action);
    const auto& action = *finding.commands[0].action;
    CHECK(action.kind == model::ActionKind::create_access_assignment);
    CHECK(action.group_id == k_gdap_group);
    CHECK(action.relationship_id == k_relationship_id);
    CHECK(action.role_ids == default_roles());
    CHECK(action.one_of);
  }
  SECTION("no assignment is offered to a group that has one there, or that GDAP never used") {
    const auto pending = the_finding(diagnose(SnapshotBuilder().assignment_status("pending")),
                                     "gdap.missing-security-group");
    CHECK(pending.evidence["newAssignments"].empty());
    CHECK(pending.commands.empty());
    const auto unused =
        the_finding(diagnose(SnapshotBuilder().no_assignments()), "gdap.missing-security-group");
    CHECK(unused.evidence["newAssignments"].empty());
    // Another group GDAP uses, while this relationship's assignment is still pending: wait.
    auto elsewhere = make_relationship("other-id", "Adatum GDAP", default_roles());
    elsewhere.customer_tenant_id = "dddddddd-0000-4000-8000-00000000000d";
    elsewhere.access_assignments.value().push_back(make_assignment(
        "a-9", "99999999-0000-4000-8000-000000000009", "GDAP Other", default_roles()));
    const auto waiting = the_finding(
        diagnose(SnapshotBuilder()
                     .assignment_status("pending")
                     .with_membership("99999999-0000-4000-8000-000000000009", "GDAP Other")
                     .add_relationship(elsewhere)),
        "gdap.missing-security-group");
    CHECK(waiting.evidence["newAssignments"].empty());
    const auto failed = the_finding(
        diagnose(SnapshotBuilder()
                     .assignment_status("error")
                     .with_membership("99999999-0000-4000-8000-000000000009", "GDAP Other")
                     .add_relationship(elsewhere)),
        "gdap.missing-security-group");
    REQUIRE(failed.evidence["newAssignments"].size() == 1);
    CHECK(failed.evidence["newAssignments"][0]["group"] == "GDAP Other");
  }
  SECTION("unknown when the assignments were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().assignments_unread("404 Not Found"));
    CHECK_FALSE(fires(diagnosis, "gdap.missing-security-group"));
    CHECK_THAT(the_gap(diagnosis, "gdap.missing-security-group").reason,
               Contains("access assignments of relationship 'Fabrikam GDAP' were not read: "
                        "404 Not Found"));
    CHECK(has_error(diagnosis, "accessAssignments(Fabrikam GDAP)"));
    CHECK(status_of(diagnosis) == "unknown");
    CHECK_FALSE(the_customer(diagnosis).missing_roles.has_value());
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("gdap.user-not-in-security-group", "[rules]") {
  SECTION("fires when the account is in none of the assigned groups") {
    const auto diagnosis = diagnose(SnapshotBuilder().not_in_gdap_group());
    const auto finding = the_finding(diagnosis, "gdap.user-not-in-security-group");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.evidence["groups"][0]["group"] == k_gdap_group_name);
    CHECK(finding.evidence["groups"][0]["groupId"] == k_gdap_group);
    CHECK_THAT(all_steps(finding),
               Contains("Add " + std::string(k_upn) + " to 'M365 GDAP Integration' (" +
                        k_gdap_group + "), which holds Application Administrator"));
    // The group lives in the partner tenant: the command runs there, not in the customer.
    CHECK(all_commands(finding) == std::string(k_partner_tenant) + ": New-MgGroupMember -GroupId " +
                                       k_gdap_group + " -DirectoryObjectId " + k_user_id + "\n");
    // Any one of the groups is enough: gdapcheck fix --apply adds the account to one of them.
    const auto& action = finding.commands.at(0).action;
    REQUIRE(action);
    CHECK((action->kind == model::ActionKind::add_group_member && action->one_of));
    CHECK(action->group_id == k_gdap_group);
    CHECK(finding.detail ==
          "Fabrikam's relationships give roles to the groups M365 GDAP Integration, but " +
              std::string(k_upn) + " is in none of them, directly or through nested groups.");
    CHECK(status_of(diagnosis) == "missing_security_group");
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
  }
  SECTION("a group without a resolved name is shown by its id") {
    SnapshotBuilder builder;
    builder.not_in_gdap_group().assignment().group_display_name.clear();
    const auto finding = the_finding(diagnose(builder), "gdap.user-not-in-security-group");
    CHECK(finding.evidence["groups"][0]["group"] == k_gdap_group);
  }
  SECTION("nested membership counts: the transitive list holds the assigned parent group") {
    SnapshotBuilder builder;
    builder.partner().group_memberships = model::Fact<std::vector<model::Group>>::of(
        {{k_admin_agents_group, "AdminAgents"},
         {"c0000000-0000-4000-8000-00000000000c", "Service accounts"},
         {k_gdap_group, k_gdap_group_name}});  // only through "Service accounts"
    const auto diagnosis = diagnose(builder);
    CHECK_FALSE(fires(diagnosis, "gdap.user-not-in-security-group"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("unknown when the account's memberships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().group_memberships_unread("403"));
    CHECK_FALSE(fires(diagnosis, "gdap.user-not-in-security-group"));
    CHECK_THAT(the_gap(diagnosis, "gdap.user-not-in-security-group").reason,
               Contains("group memberships were not read: 403"));
    CHECK(status_of(diagnosis) == "unknown");
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("gdap.missing-roles", "[rules]") {
  SECTION("the relationship lacks roles: a new relationship is needed") {
    const auto without = default_roles_without({"Teams Administrator", "Exchange Administrator"});
    const auto diagnosis =
        diagnose(SnapshotBuilder().relationship_roles(without).assignment_roles(without));
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::error);
    CHECK(names(finding.evidence["missingRoles"]) ==
          std::vector<std::string>{"Exchange Administrator", "Teams Administrator"});
    CHECK(finding.evidence["notInRelationship"] ==
          json::array({"Exchange Administrator", "Teams Administrator"}));
    CHECK(finding.evidence["notAssigned"].empty());
    CHECK(finding.evidence["notMember"].empty());
    CHECK_THAT(finding.detail, Contains("holds 10 of the 12 roles the default profile requires"));
    CHECK_THAT(all_steps(finding),
               Contains("No active relationship with Fabrikam contains Exchange Administrator, "
                        "Teams Administrator") &&
                   Contains("request a new admin relationship") && !Contains("tick"));
    const auto& customer = the_customer(diagnosis);
    CHECK(customer.status == model::CustomerStatus::missing_roles);
    REQUIRE(customer.missing_roles);
    CHECK(*customer.missing_roles ==
          std::vector<std::string>{"Exchange Administrator", "Teams Administrator"});
  }
  SECTION("a new relationship is offered for them, named uniquely, locked for approval") {
    const auto without = default_roles_without({"Teams Administrator", "Exchange Administrator"});
    auto taken = make_relationship("old-id", "gdapcheck_cccccccc000040008000000000000003",
                                   {role("Exchange Administrator")}, -30);
    taken.status = "expired";
    const auto diagnosis = diagnose(
        SnapshotBuilder().relationship_roles(without).assignment_roles(without).add_relationship(
            taken));
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    const auto& offered = finding.evidence["newRelationship"];
    REQUIRE(offered.size() == 1);
    CHECK(offered[0]["name"] == "gdapcheck_cccccccc000040008000000000000003_2");
    CHECK(offered[0]["customerTenantId"] == k_customer_tenant);
    CHECK(offered[0]["autoExtendDuration"] == "P180D");
    const auto command =
        std::find_if(finding.commands.begin(), finding.commands.end(), [](const auto& c) {
          return c.action && c.action->kind == model::ActionKind::create_relationship;
        });
    REQUIRE(command != finding.commands.end());
    CHECK_THAT(command->command,
               StartsWith("$relationship = New-MgTenantRelationshipDelegatedAdminRelationship") &&
                   Contains("-Action 'lockForApproval'"));
    CHECK(command->action->display_name == "gdapcheck_cccccccc000040008000000000000003_2");
    CHECK(command->action->customer_tenant_id == k_customer_tenant);
    CHECK(command->action->role_ids.size() == 2);
  }
  SECTION("roles in a relationship awaiting approval are not requested again") {
    const auto diagnosis = diagnose_with_roles_on_the_way(
        "approvalPending", {"Teams Administrator", "Exchange Administrator"});
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["notInRelationship"].empty());
    CHECK(finding.evidence["newRelationship"].empty());
    const auto& awaiting = finding.evidence["awaitingApproval"];
    REQUIRE(awaiting.size() == 1);
    CHECK(awaiting[0]["id"] == "new-id");
    CHECK(names(awaiting[0]["roles"]) ==
          std::vector<std::string>{"Exchange Administrator", "Teams Administrator"});
    CHECK(awaiting[0]["approvalLink"] ==
          "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
          "granularAdminRelationships/new-id");
    CHECK_THAT(all_steps(finding),
               Contains("in relationship 'Fabrikam new', which awaits the approval of a Global "
                        "Administrator of Fabrikam at https://admin.microsoft.com/") &&
                   !Contains("never locked"));
    CHECK_FALSE(applies_a_change(finding));
  }
  SECTION("roles in a relationship never locked for approval: lock it, request nothing new") {
    const auto diagnosis = diagnose_with_roles_on_the_way("created", {"Teams Administrator"});
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["newRelationship"].empty());
    REQUIRE(finding.evidence["unlockedRelationships"].size() == 1);
    CHECK(finding.evidence["unlockedRelationships"][0]["id"] == "new-id");
    const auto locks =
        std::count_if(finding.commands.begin(), finding.commands.end(), [](const auto& c) {
          return c.action && c.action->kind == model::ActionKind::lock_for_approval;
        });
    REQUIRE(locks == 1);
    CHECK(finding.commands.back().action->relationship_id == "new-id");
    CHECK_THAT(finding.commands.back().action->what,
               Contains("lock relationship 'Fabrikam new' (new-id) with Fabrikam, which holds "
                        "Teams Administrator, for approval"));
  }
  SECTION("the relationship furthest along is the one to wait for, never a second request") {
    const auto without = default_roles_without({"Teams Administrator"});
    auto stale = make_relationship("stale-id", "Fabrikam draft", roles({"Teams Administrator"}));
    stale.status = "created";
    auto approved = make_relationship("new-id", "Fabrikam new", roles({"Teams Administrator"}));
    approved.status = "approved";
    for (auto* relationship : {&stale, &approved}) {
      relationship->activated.reset();
      relationship->end_date_time.reset();
    }
    const auto diagnosis = diagnose(SnapshotBuilder()
                                        .relationship_roles(without)
                                        .assignment_roles(without)
                                        .add_relationship(stale)
                                        .add_relationship(approved));
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["unlockedRelationships"].empty());
    REQUIRE(finding.evidence["activatingRelationships"].size() == 1);
    CHECK(finding.evidence["activatingRelationships"][0]["id"] == "new-id");
    CHECK_THAT(all_steps(finding),
               Contains("Teams Administrator are in relationship 'Fabrikam new' ('approved'): "
                        "Fabrikam has approved it") &&
                   !Contains("lock it"));
    CHECK_FALSE(applies_a_change(finding));
  }
  SECTION("roles on no assignment go to another group the account is in, when GDAP uses it") {
    const auto without = default_roles_without({"Exchange Administrator"});
    auto elsewhere = make_relationship("other-id", "Adatum GDAP", default_roles());
    elsewhere.customer_tenant_id = "dddddddd-0000-4000-8000-00000000000d";
    elsewhere.access_assignments.value().push_back(
        make_assignment("a-9", "99999999-0000-4000-8000-000000000009", "GDAP Exchange",
                        {role("Exchange Administrator")}));
    const auto diagnosis =
        diagnose(SnapshotBuilder()
                     .assignment_roles(without)
                     .with_membership("99999999-0000-4000-8000-000000000009", "GDAP Exchange")
                     .add_relationship(elsewhere));
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    const auto& offered = finding.evidence["newAssignments"];
    REQUIRE(offered.size() == 1);
    CHECK(offered[0]["group"] == "GDAP Exchange");
    CHECK(offered[0]["relationshipId"] == k_relationship_id);
    CHECK(offered[0]["roleIds"].size() == 12);  // the profile's roles the relationship has
    CHECK_THAT(all_steps(finding), Contains("Group 'GDAP Exchange'"));
  }
  SECTION("only the assignment lacks them: edit the group's roles, one step per role") {
    const auto diagnosis = diagnose(SnapshotBuilder().assignment_roles(
        default_roles_without({"Teams Administrator", "Exchange Administrator"})));
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["notInRelationship"].empty());
    CHECK(finding.evidence["notAssigned"].size() == 2);
    CHECK(finding.remediation ==
          std::vector<std::string>{
              "Partner Center → Customers → Fabrikam → Admin relationships → 'Fabrikam GDAP' → "
              "edit the security group's roles and tick Exchange Administrator.",
              "Partner Center → Customers → Fabrikam → Admin relationships → 'Fabrikam GDAP' → "
              "edit the security group's roles and tick Teams Administrator.",
              "Sign in again and re-authorise the integration once the roles are in place."});
    CHECK(status_of(diagnosis) == "missing_roles");
  }
  SECTION("the role sits on a group the account is not in: join that group") {
    SnapshotBuilder builder;
    builder.assignment_roles(default_roles_without({"Teams Administrator"}))
        .add_assignment(make_assignment("a2", k_other_group, "M365 GDAP Teams Administrator",
                                        {role("Teams Administrator")}));
    const auto diagnosis = diagnose(builder);
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["notMember"][0]["group"] == "M365 GDAP Teams Administrator");
    CHECK(finding.evidence["notMember"][0]["groupId"] == k_other_group);
    CHECK_THAT(
        all_steps(finding),
        Contains("Teams Administrator is assigned to group 'M365 GDAP Teams Administrator' (" +
                 std::string(k_other_group) + "), which " + k_upn + " is not in: add " + k_upn +
                 " to it"));
    CHECK(all_commands(finding) == std::string(k_partner_tenant) + ": New-MgGroupMember -GroupId " +
                                       k_other_group + " -DirectoryObjectId " + k_user_id + "\n");
    CHECK_THAT(all_steps(finding), !Contains("tick") && !Contains("new admin relationship"));
  }
  SECTION("roles from several groups add up when the account is in all of them") {
    SnapshotBuilder builder;
    builder.assignment_roles(default_roles_without({"Teams Administrator"}))
        .add_assignment(make_assignment("a2", k_other_group, "M365 GDAP Teams Administrator",
                                        {role("Teams Administrator")}))
        .with_membership(k_other_group, "M365 GDAP Teams Administrator");
    const auto diagnosis = diagnose(builder);
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    CHECK(status_of(diagnosis) == "active");
  }
  SECTION("an assignment's role the relationship does not grant counts for nothing") {
    const auto diagnosis = diagnose(
        SnapshotBuilder().relationship_roles(default_roles_without({"Intune Administrator"})));
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["notInRelationship"] == json::array({"Intune Administrator"}));
  }
  SECTION("pending and failed assignments give no roles") {
    for (const char* status : {"pending", "error"}) {
      CAPTURE(status);
      SnapshotBuilder builder;
      builder.assignment_roles(default_roles_without({"Security Administrator"}))
          .add_assignment(make_assignment("a2", k_gdap_group, k_gdap_group_name,
                                          {role("Security Administrator")}, status));
      const auto diagnosis = diagnose(builder);
      const auto finding = the_finding(diagnosis, "gdap.missing-roles");
      CHECK(finding.evidence["missingRoles"] == json::array({"Security Administrator"}));
      CHECK(status_of(diagnosis) == "missing_roles");
      CHECK(fires(diagnosis, "gdap.access-assignment-not-active"));
    }
  }
  SECTION("assignments on a relationship that is not active give no roles") {
    auto old = make_relationship(k_other_relationship_id, "Fabrikam old", default_roles());
    old.status = "terminated";
    old.access_assignments->push_back(
        make_assignment("a2", k_gdap_group, k_gdap_group_name, {role("Teams Administrator")}));
    const auto diagnosis =
        diagnose(SnapshotBuilder()
                     .assignment_roles(default_roles_without({"Teams Administrator"}))
                     .add_relationship(old));
    CHECK(the_finding(diagnosis, "gdap.missing-roles").evidence["missingRoles"] ==
          json::array({"Teams Administrator"}));
  }
  SECTION("Global Administrator covers every required role") {
    const auto ga = std::vector<std::string>{role("Global Administrator")};
    const auto diagnosis = diagnose(SnapshotBuilder().relationship_roles(ga).assignment_roles(ga));
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    CHECK(status_of(diagnosis) == "active");
    REQUIRE(the_customer(diagnosis).missing_roles);
    CHECK(the_customer(diagnosis).missing_roles->empty());
    CHECK(fires(diagnosis, "gdap.global-admin-blocks-auto-extend"));
  }
  SECTION("but not with the cipp profile (globalAdministratorSatisfiesRoles: false)") {
    REQUIRE_FALSE(shipped_profile("cipp").global_admin_satisfies_roles);
    const auto ga = std::vector<std::string>{role("Global Administrator")};
    const auto diagnosis =
        diagnose(SnapshotBuilder().relationship_roles(ga).assignment_roles(ga), "cipp");
    const auto finding = the_finding(diagnosis, "gdap.missing-roles");
    CHECK(finding.evidence["missingRoles"].size() == 12);
    CHECK(finding.evidence["notInRelationship"].size() == 12);
    CHECK_THAT(finding.detail, Contains("holds 0 of the 12 roles the cipp profile requires"));
    CHECK(status_of(diagnosis) == "missing_roles");
  }
  SECTION("does not fire on the healthy snapshot") {
    const auto diagnosis = diagnose(SnapshotBuilder());
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    REQUIRE(the_customer(diagnosis).missing_roles);
    CHECK(the_customer(diagnosis).missing_roles->empty());
  }
  SECTION("unknown when the account's memberships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().group_memberships_unread("403"));
    CHECK_FALSE(fires(diagnosis, "gdap.missing-roles"));
    CHECK_THAT(the_gap(diagnosis, "gdap.missing-roles").reason,
               Contains("group memberships were not read: 403"));
    CHECK(status_of(diagnosis) == "unknown");
    CHECK_FALSE(the_customer(diagnosis).missing_roles.has_value());
    CHECK_FALSE(diagnosis.complete());
  }
  SECTION("unknown when the assignments were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().assignments_unread("timeout"));
    CHECK_THAT(the_gap(diagnosis, "gdap.missing-roles").reason,
               Contains("access assignments of relationship 'Fabrikam GDAP' were not read: "
                        "timeout"));
    CHECK(status_of(diagnosis) == "unknown");
  }
}

TEST_CASE("gdap.missing-optional-roles", "[rules]") {
  SECTION("fires (info) with the cipp profile when its 3 optional roles are not held") {
    const auto diagnosis = diagnose(SnapshotBuilder(), "cipp");
    const auto finding = the_finding(diagnosis, "gdap.missing-optional-roles");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::info);
    CHECK(finding.evidence["missingRoles"] ==
          json::array({"Billing Administrator", "Global Reader", "Domain Name Administrator"}));
    CHECK_THAT(finding.detail, Contains("The cipp profile lists Billing Administrator, Global "
                                        "Reader, Domain Name Administrator as optional"));
    CHECK(status_of(diagnosis) == "active");  // optional roles do not change the status
  }
  SECTION("names only the optional roles that are missing") {
    const auto diagnosis = diagnose(
        SnapshotBuilder().grant_roles(roles({"Billing Administrator", "Global Reader"})), "cipp");
    CHECK(the_finding(diagnosis, "gdap.missing-optional-roles").evidence["missingRoles"] ==
          json::array({"Domain Name Administrator"}));
  }
  SECTION("does not fire when they are held, nor under a profile without optional roles") {
    CHECK_FALSE(fires(
        diagnose(SnapshotBuilder().grant_roles(roles(
                     {"Billing Administrator", "Global Reader", "Domain Name Administrator"})),
                 "cipp"),
        "gdap.missing-optional-roles"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder(), "default"), "gdap.missing-optional-roles"));
  }
  SECTION("unknown when the account's memberships were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().group_memberships_unread("403"), "cipp");
    CHECK_FALSE(fires(diagnosis, "gdap.missing-optional-roles"));
    CHECK_THAT(the_gap(diagnosis, "gdap.missing-optional-roles").reason,
               Contains("group memberships were not read: 403"));
    CHECK_FALSE(diagnosis.complete());
  }
}

TEST_CASE("gdap.access-assignment-not-active", "[rules]") {
  const auto pending_since = [](std::string stamp) {
    SnapshotBuilder builder;
    builder.add_assignment(make_assignment("a2", k_other_group, "M365 GDAP Billing",
                                           {role("Exchange Administrator")}, "pending"));
    builder.assignment(1).created = stamp;
    builder.assignment(1).last_modified = stamp;
    return builder;
  };
  SECTION("pending for longer than an hour: stuck, remove and add it again") {
    const auto diagnosis = diagnose(pending_since(timestamp_minutes_from_now(-90)));
    const auto finding = the_finding(diagnosis, "gdap.access-assignment-not-active");
    CHECK(finding.tenant_id == k_customer_tenant);
    CHECK(finding.severity == model::Severity::warning);
    CHECK(finding.evidence["stuck"][0]["minutes"] == 90);
    CHECK(finding.evidence["propagating"].empty());
    CHECK(finding.detail ==
          "Access assignments on active relationships with Fabrikam are not active: "
          "M365 GDAP Billing (pending). An assignment gives its roles only once it is active.");
    REQUIRE(finding.remediation.size() == 1);
    CHECK_THAT(finding.remediation.at(0),
               Contains("Group 'M365 GDAP Billing' on 'Fabrikam GDAP' has been pending for 90 "
                        "minutes"));
    CHECK_THAT(finding.remediation.at(0), Contains("it is stuck. Remove the assignment"));
    CHECK(status_of(diagnosis) == "active");  // the active assignment still gives every role
  }
  SECTION("created minutes ago: propagating, check again later, nothing to change") {
    const auto finding = the_finding(diagnose(pending_since(timestamp_minutes_from_now(-12))),
                                     "gdap.access-assignment-not-active");
    CHECK(finding.evidence["stuck"].empty());
    CHECK(finding.evidence["propagating"][0]["checkAgainInMinutes"] == 48);
    REQUIRE(finding.remediation.size() == 1);
    CHECK_THAT(finding.remediation.at(0), Contains("pending for 12 minute(s)"));
    CHECK_THAT(finding.remediation.at(0),
               Contains("nothing to change yet. Check again in about 48 minute(s)"));
    CHECK_THAT(finding.remediation.at(0), !Contains("Remove"));
  }
  SECTION("the same grace when the relationship was activated minutes ago") {
    auto builder = pending_since(timestamp_minutes_from_now(-600));
    builder.relationship().activated = timestamp_minutes_from_now(-5);
    const auto finding = the_finding(diagnose(builder), "gdap.access-assignment-not-active");
    CHECK(finding.evidence["propagating"][0]["minutes"] == 5);
  }
  SECTION("the stuck threshold is a parameter") {
    auto profile = shipped_profile("default");
    profile.parameter_overrides["gdap.access-assignment-not-active"] = {{"stuckAfterMinutes", 10}};
    const auto diagnosis = rules::evaluate(pending_since(timestamp_minutes_from_now(-12)).build(),
                                           shipped_rules(), profile, {k_now, {}, {}});
    CHECK(the_finding(diagnosis, "gdap.access-assignment-not-active").evidence["stuck"].size() ==
          1);
  }
  SECTION("pending with no timestamp: neither stuck nor propagating is claimed") {
    auto builder = pending_since("");
    builder.assignment(1).created.reset();
    builder.assignment(1).last_modified.reset();
    builder.relationship().activated.reset();
    const auto finding = the_finding(diagnose(builder), "gdap.access-assignment-not-active");
    CHECK(finding.evidence["undated"].size() == 1);
    CHECK_THAT(all_steps(finding), Contains("Graph gave no time it started"));
  }
  SECTION("fires for an assignment in error") {
    SnapshotBuilder builder;
    builder.add_assignment(make_assignment("a2", k_other_group, "M365 GDAP Billing",
                                           {role("Exchange Administrator")}, "error"));
    const auto finding = the_finding(diagnose(builder), "gdap.access-assignment-not-active");
    CHECK(finding.evidence["failed"][0]["status"] == "error");
    CHECK_THAT(all_steps(finding), Contains("is in error and will never become active"));
  }
  SECTION("does not fire for deleted assignments or on the healthy snapshot") {
    SnapshotBuilder builder;
    builder.add_assignment(make_assignment("a2", k_other_group, "Old group",
                                           {role("Exchange Administrator")}, "deleted"));
    CHECK_FALSE(fires(diagnose(builder), "gdap.access-assignment-not-active"));
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "gdap.access-assignment-not-active"));
  }
  SECTION("unknown when the assignments were not read") {
    const auto diagnosis = diagnose(SnapshotBuilder().assignments_unread("500"));
    CHECK_FALSE(fires(diagnosis, "gdap.access-assignment-not-active"));
    CHECK_THAT(the_gap(diagnosis, "gdap.access-assignment-not-active").reason,
               Contains("were not read: 500"));
    CHECK_FALSE(diagnosis.complete());
  }
}

}  // namespace gdap::test

namespace gdap::test {

TEST_CASE("Group ids match whatever their case", "[rules]") {
  // accessContainerId is what the assignment's creator sent (scripts may send upper case);
  // transitiveMemberOf answers lower case. The same group must still count.
  SnapshotBuilder builder;
  builder.assignment().group_id = "BBBBBBBB-0000-4000-8000-000000000002";
  builder.partner().admin_agents_group.value()->id = "AAAAAAAA-0000-4000-8000-000000000001";
  const auto diagnosis = diagnose(builder);
  CHECK(rule_ids(diagnosis).empty());
  CHECK(diagnosis.partner.in_admin_agents == true);
  CHECK(status_of(diagnosis) == "active");
}

}  // namespace gdap::test
