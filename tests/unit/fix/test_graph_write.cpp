#include "gdapcheck/fix/apply_record.hpp"
#include "gdapcheck/fix/graph_write.hpp"

#include <catch2/catch.hpp>

using namespace gdap;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

constexpr const char* k_group = "bbbbbbbb-0000-4000-8000-000000000002";
constexpr const char* k_user = "22222222-2222-4222-8222-222222222222";
constexpr const char* k_app = "fc780465-2017-40d4-a0c5-307022471b92";
constexpr const char* k_relationship =
    "dddddddd-0000-4000-8000-000000000004-cccccccc-0000-4000-8000-000000000003";
constexpr const char* k_global_admin = "62e90394-69f5-4237-9190-012177145e10";

model::Action action_of(model::ActionKind kind, std::string what) {
  model::Action action;
  action.kind = kind;
  action.what = std::move(what);
  return action;
}
model::Action add_member() {
  auto action = action_of(model::ActionKind::add_group_member, "add");
  action.group_id = k_group;
  action.member_id = k_user;
  return action;
}
model::Action create_sp() {
  auto action = action_of(model::ActionKind::create_service_principal, "create");
  action.app_id = k_app;
  return action;
}
model::Action auto_extend() {
  auto action = action_of(model::ActionKind::enable_auto_extend, "extend");
  action.relationship_id = k_relationship;
  return action;
}
constexpr const char* k_exchange_admin = "29232cdf-9323-42fd-ade2-1d097af3e4de";
constexpr const char* k_user_admin = "fe930be7-5e62-47db-91af-98c3a49a38b1";
constexpr const char* k_customer = "cccccccc-0000-4000-8000-000000000003";
model::Action create_assignment() {
  auto action = action_of(model::ActionKind::create_access_assignment, "assign");
  action.group_id = k_group;
  action.relationship_id = k_relationship;
  action.role_ids = {k_exchange_admin, k_user_admin};
  action.one_of = true;
  return action;
}
model::Action create_relationship() {
  auto action = action_of(model::ActionKind::create_relationship, "request");
  action.role_ids = {k_exchange_admin};
  action.customer_tenant_id = k_customer;
  action.display_name = "gdapcheck_cccccccc000040008000000000000003";
  return action;
}
model::Action lock() {
  auto action = action_of(model::ActionKind::lock_for_approval, "lock");
  action.relationship_id = k_relationship;
  return action;
}

// Sent to the customer, whose approval it awaits at the relationship's link (global cloud).
void check_sent_for_approval(const fix::Judgement& sent) {
  CHECK(sent.outcome == fix::Outcome::requested);
  CHECK(fix::in_place(sent.outcome));
  CHECK_THAT(sent.message,
             Contains(std::string("https://admin.microsoft.com/AdminPortal/Home#/partners/"
                                  "invitation/granularAdminRelationships/") +
                      k_relationship));
}

http::Response answer(int status, json body = nullptr, http::Headers headers = {}) {
  http::Response response;
  response.status = status;
  response.body = body.is_null() ? "" : body.dump();
  response.headers = std::move(headers);
  return response;
}

json graph_error(const std::string& code, const std::string& message) {
  return {
      {"error", {{"code", code}, {"message", message}, {"innerError", {{"request-id", "rid-1"}}}}}};
}

json relationship(const std::string& status, const std::string& extend,
                  const std::vector<std::string>& roles) {
  json unified = json::array();
  for (const auto& role : roles) {
    unified.push_back({{"roleDefinitionId", role}});
  }
  return {{"@odata.etag", "W/\"etag-1\""},
          {"id", k_relationship},
          {"status", status},
          {"autoExtendDuration", extend},
          {"accessDetails", {{"unifiedRoles", unified}}}};
}

}  // namespace

TEST_CASE("Each action is the Graph request Microsoft Learn documents for it", "[fix]") {
  SECTION("a member is added by reference, naming the cloud's Graph host") {
    const auto request = fix::write_request(add_member(), "https://graph.microsoft.us", "");
    CHECK(request.method == http::Method::post);
    CHECK(request.path == std::string("/groups/") + k_group + "/members/$ref");
    CHECK(*request.body ==
          json{{"@odata.id",
                std::string("https://graph.microsoft.us/v1.0/directoryObjects/") + k_user}});
    CHECK(fix::write_scope(model::ActionKind::add_group_member) == "GroupMember.ReadWrite.All");
    CHECK_FALSE(fix::read_before_write(add_member()));
  }
  SECTION("a service principal is created from its app id") {
    const auto request = fix::write_request(create_sp(), "https://graph.microsoft.com", "");
    CHECK(request.method == http::Method::post);
    CHECK(request.path == "/servicePrincipals");
    CHECK(*request.body == json{{"appId", k_app}});
    CHECK(fix::write_scope(model::ActionKind::create_service_principal) ==
          "Application.ReadWrite.All");
  }
  SECTION("auto-extend reads the relationship, then patches it under its ETag") {
    const auto read = fix::read_before_write(auto_extend());
    REQUIRE(read);
    CHECK(read->method == http::Method::get);
    CHECK(read->path ==
          std::string("/tenantRelationships/delegatedAdminRelationships/") + k_relationship);
    const auto write = fix::write_request(auto_extend(), "https://graph.microsoft.com", "W/\"e\"");
    CHECK(write.method == http::Method::patch);
    CHECK(write.path == read->path);
    CHECK(*write.body == json{{"autoExtendDuration", "P180D"}});
    CHECK(write.headers == http::Headers{{"If-Match", "W/\"e\""}});
    CHECK(fix::write_scope(model::ActionKind::enable_auto_extend) ==
          "DelegatedAdminRelationship.ReadWrite.All");
  }
  SECTION("an access assignment reads the assignments, then gives the group its roles") {
    const auto read = fix::read_before_write(create_assignment());
    REQUIRE(read);
    CHECK(read->method == http::Method::get);
    const std::string base =
        std::string("/tenantRelationships/delegatedAdminRelationships/") + k_relationship;
    CHECK(read->path == base + "/accessAssignments?$top=300");
    const auto write = fix::write_request(create_assignment(), "https://graph.microsoft.com", "");
    CHECK(write.method == http::Method::post);
    CHECK(write.path == base + "/accessAssignments");
    CHECK(*write.body ==
          json{{"accessContainer",
                {{"accessContainerId", k_group}, {"accessContainerType", "securityGroup"}}},
               {"accessDetails",
                {{"unifiedRoles",
                  {{{"roleDefinitionId", k_exchange_admin}},
                   {{"roleDefinitionId", k_user_admin}}}}}}});
    CHECK(fix::write_scope(model::ActionKind::create_access_assignment) ==
          "DelegatedAdminRelationship.ReadWrite.All");
  }
  SECTION("a relationship is created for two years, auto-extended, then locked for approval") {
    CHECK_FALSE(fix::read_before_write(create_relationship()));
    const auto write = fix::write_request(create_relationship(), "https://graph.microsoft.com", "");
    CHECK(write.method == http::Method::post);
    CHECK(write.path == "/tenantRelationships/delegatedAdminRelationships");
    CHECK(*write.body ==
          json{{"displayName", "gdapcheck_cccccccc000040008000000000000003"},
               {"duration", "P730D"},
               {"autoExtendDuration", "P180D"},
               {"customer", {{"tenantId", k_customer}}},
               {"accessDetails", {{"unifiedRoles", {{{"roleDefinitionId", k_exchange_admin}}}}}}});
    auto with_global_admin = create_relationship();
    with_global_admin.role_ids.emplace_back(k_global_admin);
    CHECK(fix::write_request(with_global_admin, "", "").body->at("autoExtendDuration") == "PT0S");
    // The same decision the plan's evidence made (model::new_relationship_terms), whatever the
    // case of the role id: Graph refuses to auto-extend Global Administrator.
    auto upper_case = create_relationship();
    upper_case.role_ids.emplace_back("62E90394-69F5-4237-9190-012177145E10");
    CHECK(fix::write_request(upper_case, "", "").body->at("autoExtendDuration") == "PT0S");
    const auto created = answer(201, json{{"id", k_relationship}, {"status", "created"}});
    const auto lock = fix::follow_up(create_relationship(), created);
    REQUIRE(lock);
    CHECK(lock->request.method == http::Method::post);
    CHECK(lock->request.path == std::string("/tenantRelationships/delegatedAdminRelationships/") +
                                    k_relationship + "/requests");
    CHECK(*lock->request.body == json{{"action", "lockForApproval"}});
    CHECK_FALSE(fix::follow_up(create_relationship(), answer(400, graph_error("x", "y"))));
    CHECK_FALSE(fix::follow_up(create_sp(), answer(201, json{{"id", "x"}})));
  }
}

TEST_CASE("A new relationship ends sent for approval, with the customer's link per cloud",
          "[fix]") {
  const auto created = answer(201, json{{"id", k_relationship}});
  const auto lock = *fix::follow_up(create_relationship(), created);
  const auto sent = fix::judge_follow_up(create_relationship(), lock,
                                         answer(201, json{{"status", "created"}}), "global");
  check_sent_for_approval(sent);
  const auto gov = fix::judge_follow_up(create_relationship(), lock, answer(201), "usgov");
  CHECK_THAT(gov.message, !Contains("admin.microsoft.com") && Contains("Partner Center"));
  const auto refused = fix::judge_follow_up(
      create_relationship(), lock, answer(400, graph_error("badRequest", "not created")), "global");
  CHECK(refused.outcome == fix::Outcome::failed);
  CHECK_THAT(refused.message, Contains("was created but not locked") && Contains(k_relationship));
}

TEST_CASE("A relationship left 'created' is locked for approval, and no other", "[fix]") {
  CHECK(fix::write_scope(model::ActionKind::lock_for_approval) ==
        "DelegatedAdminRelationship.ReadWrite.All");
  const auto read = fix::read_before_write(lock());
  REQUIRE(read);
  CHECK(read->method == http::Method::get);
  CHECK(read->path ==
        std::string("/tenantRelationships/delegatedAdminRelationships/") + k_relationship);
  std::string etag;
  SECTION("created: it is locked, and then awaits the customer's approval at its link") {
    CHECK_FALSE(fix::judge_read(lock(), answer(200, relationship("created", "PT0S", {})), etag));
    const auto write = fix::write_request(lock(), "https://graph.microsoft.com", etag);
    CHECK(write.method == http::Method::post);
    CHECK(write.path == std::string("/tenantRelationships/delegatedAdminRelationships/") +
                            k_relationship + "/requests");
    CHECK(*write.body == json{{"action", "lockForApproval"}});
    const auto sent = fix::judge_write(
        lock(), answer(201, json{{"action", "lockForApproval"}, {"status", "created"}}), "global");
    check_sent_for_approval(sent);
    CHECK_FALSE(fix::follow_up(lock(), answer(201, json{{"id", "request-1"}})));
    const auto refused = fix::judge_write(
        lock(), answer(400, graph_error("badRequest", "not in the created status")), "global");
    CHECK(refused.outcome == fix::Outcome::failed);
    CHECK_THAT(refused.message, Contains("not in the created status"));
  }
  SECTION("already locked, approved or active: already done, nothing sent") {
    for (const char* status : {"approvalPending", "approved", "activating", "active"}) {
      const auto verdict =
          fix::judge_read(lock(), answer(200, relationship(status, "PT0S", {})), etag);
      REQUIRE(verdict);
      CHECK(verdict->outcome == fix::Outcome::already_done);
    }
  }
  SECTION("ended or ending: never sent to the customer") {
    for (const char* status :
         {"terminated", "terminating", "terminationRequested", "expired", "expiring"}) {
      const auto verdict =
          fix::judge_read(lock(), answer(200, relationship(status, "PT0S", {})), etag);
      REQUIRE(verdict);
      CHECK(verdict->outcome == fix::Outcome::refused);
      CHECK_THAT(verdict->message,
                 Contains(status) && Contains("only a relationship that is 'created'"));
    }
    const auto garbled = fix::judge_read(lock(), answer(200, json::array()), etag);
    REQUIRE(garbled);
    CHECK(garbled->outcome == fix::Outcome::failed);
  }
}

TEST_CASE("What is already there is already done, never an error", "[fix]") {
  SECTION("adding a member") {
    CHECK(fix::judge_write(add_member(), answer(204, nullptr, {{"request-id", "r"}}), "global")
              .outcome == fix::Outcome::done);
    const auto again = fix::judge_write(
        add_member(),
        answer(400, graph_error("Request_BadRequest",
                                "One or more added object references already exist "
                                "for the following modified properties: 'members'.")),
        "global");
    CHECK(again.outcome == fix::Outcome::already_done);
    CHECK(again.request_id == "rid-1");
    const auto other = fix::judge_write(
        add_member(), answer(400, graph_error("Request_BadRequest", "Invalid object identifier")),
        "global");
    CHECK(other.outcome == fix::Outcome::failed);
    CHECK_THAT(other.message, Contains("Invalid object identifier"));
  }
  SECTION("creating a service principal") {
    CHECK(fix::judge_write(create_sp(), answer(201, json{{"id", "x"}}), "global").outcome ==
          fix::Outcome::done);
    CHECK(fix::judge_write(
              create_sp(),
              answer(409, graph_error("Request_MultipleObjectsWithSameKeyValue", "already in use")),
              "global")
              .outcome == fix::Outcome::already_done);
    const auto denied = fix::judge_write(
        create_sp(),
        answer(403, graph_error("Authorization_RequestDenied",
                                "Insufficient privileges to complete the operation.")),
        "global");
    CHECK(denied.outcome == fix::Outcome::failed);
    CHECK_THAT(denied.message, Contains("403") && Contains("Insufficient privileges"));
  }
  SECTION("creating an access assignment") {
    const auto page = [](const std::string& group, const std::string& status,
                         std::vector<std::string> roles) {
      json unified = json::array();
      for (const auto& role : roles) {
        unified.push_back({{"roleDefinitionId", role}});
      }
      return json{{"value",
                   {{{"id", "a1"},
                     {"status", status},
                     {"accessContainer",
                      {{"accessContainerId", group}, {"accessContainerType", "securityGroup"}}},
                     {"accessDetails", {{"unifiedRoles", unified}}}}}}};
    };
    std::string etag;
    CHECK_FALSE(
        fix::judge_read(create_assignment(), answer(200, json{{"value", json::array()}}), etag));
    CHECK_FALSE(fix::judge_read(create_assignment(),
                                answer(200, page(k_group, "deleted", {k_exchange_admin})), etag));
    CHECK_FALSE(fix::judge_read(create_assignment(),
                                answer(200, page("other", "active", {k_exchange_admin})), etag));
    const auto there = fix::judge_read(
        create_assignment(),
        answer(200, page(k_group, "active", {k_user_admin, k_exchange_admin, "x"})), etag);
    REQUIRE(there);
    CHECK(there->outcome == fix::Outcome::already_done);
    const auto partial = fix::judge_read(
        create_assignment(), answer(200, page(k_group, "active", {k_user_admin})), etag);
    REQUIRE(partial);
    CHECK(partial->outcome == fix::Outcome::refused);
    CHECK_THAT(partial->message, Contains("Partner Center"));
    CHECK(fix::judge_write(create_assignment(), answer(201, json{{"status", "pending"}}), "global")
              .outcome == fix::Outcome::accepted);
    CHECK(fix::judge_write(create_assignment(), answer(201, json{{"status", "active"}}), "global")
              .outcome == fix::Outcome::done);
  }
  SECTION("turning on auto-extend") {
    std::string etag;
    CHECK_FALSE(
        fix::judge_read(auto_extend(), answer(200, relationship("active", "PT0S", {"r1"})), etag));
    CHECK(etag == "W/\"etag-1\"");
    const auto on =
        fix::judge_read(auto_extend(), answer(200, relationship("active", "P180D", {"r1"})), etag);
    REQUIRE(on);
    CHECK(on->outcome == fix::Outcome::already_done);
    const auto global_admin = fix::judge_read(
        auto_extend(), answer(200, relationship("active", "PT0S", {"r1", k_global_admin})), etag);
    REQUIRE(global_admin);
    CHECK(global_admin->outcome == fix::Outcome::refused);
    CHECK_THAT(global_admin->message, Contains("Global Administrator"));
    // Judged as the new relationship's terms are (model::includes_global_administrator).
    const auto upper_case = fix::judge_read(
        auto_extend(),
        answer(200, relationship("active", "PT0S", {"62E90394-69F5-4237-9190-012177145E10"})),
        etag);
    REQUIRE(upper_case);
    CHECK(upper_case->outcome == fix::Outcome::refused);
    const auto expired =
        fix::judge_read(auto_extend(), answer(200, relationship("expired", "PT0S", {"r1"})), etag);
    REQUIRE(expired);
    CHECK(expired->outcome == fix::Outcome::refused);
    CHECK(
        fix::judge_write(auto_extend(), answer(200, relationship("active", "P180D", {})), "global")
            .outcome == fix::Outcome::done);
    CHECK(fix::judge_write(auto_extend(), answer(202), "global").outcome == fix::Outcome::accepted);
    const auto changed = fix::judge_write(
        auto_extend(), answer(412, graph_error("preconditionFailed", "The ETag does not match")),
        "global");
    CHECK(changed.outcome == fix::Outcome::failed);
    CHECK_THAT(changed.message, Contains("412"));
  }
}

TEST_CASE("An audit line holds the request and its answer, never a token", "[fix]") {
  fix::AuditEntry entry;
  entry.time = "2026-12-07T09:00:00Z";
  entry.account = "tech@contoso.com";
  entry.tenant = "11111111-1111-4111-8111-111111111111";
  entry.rule_id = "csp.user-not-in-adminagents";
  entry.action = "add-group-member";
  entry.method = http::Method::post;
  entry.path = "/groups/g/members/$ref";
  entry.body = json{{"@odata.id", "https://graph.microsoft.com/v1.0/directoryObjects/u"}};
  entry.status = 204;
  entry.outcome = fix::Outcome::done;
  entry.request_id = "rid";
  entry.message = "done\nwith a new line";
  const auto line = fix::audit_line(entry);
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // one line, whatever the message holds
  const auto parsed = json::parse(line);
  CHECK(parsed["request"] ==
        json{{"method", "POST"}, {"path", "/groups/g/members/$ref"}, {"body", *entry.body}});
  CHECK(parsed["result"] == "done");
  CHECK(parsed["status"] == 204);
  CHECK(parsed["requestId"] == "rid");
  CHECK(parsed["account"] == "tech@contoso.com");
}

TEST_CASE("After the changes, one line per finding says whether it is fixed", "[fix]") {
  model::Diagnosis after;
  model::Finding left;
  left.rule_id = "gdap.missing-roles";
  left.tenant_id = "c1";
  left.title = "The account lacks required roles";
  after.findings.push_back(left);
  left.rule_id = "gdap.relationship-expiring";
  left.tenant_id = "c2";
  left.title = "The relationship is about to expire";
  after.findings.push_back(left);
  const std::vector<fix::Attempt> attempts{
      {"csp.user-not-in-adminagents", "p", "Partner", model::ActionKind::add_group_member,
       fix::Outcome::done, "", ""},
      {"gdap.missing-roles", "c1", "Contoso", model::ActionKind::add_group_member,
       fix::Outcome::already_done, "", ""},
      {"gdap.missing-roles", "c1", "Contoso", model::ActionKind::add_group_member, std::nullopt, "",
       ""},
      {"gdap.relationship-expiring", "c2", "Fabrikam", model::ActionKind::enable_auto_extend,
       fix::Outcome::accepted, "", ""},
      {"tenant.missing-service-principal", "c3", "Adatum",
       model::ActionKind::create_service_principal, fix::Outcome::failed, "", ""},
      {"gdap.missing-roles", "c4", "Tailspin", model::ActionKind::create_relationship,
       fix::Outcome::requested,
       "relationship 'n' (id) awaits the approval of a Global "
       "Administrator of the customer, at https://link",
       ""},
      {"gdap.missing-roles", "c5", "Woodgrove", model::ActionKind::create_access_assignment,
       fix::Outcome::accepted, "", "Missing: A, B."},
  };
  after.findings.push_back({});
  after.findings.back().rule_id = "tenant.missing-service-principal";
  after.findings.back().tenant_id = "c3";
  after.findings.back().title = "A service principal is missing";
  after.findings.push_back({});
  after.findings.back().rule_id = "gdap.missing-roles";
  after.findings.back().tenant_id = "c4";
  after.findings.back().title = "The account lacks required roles";
  after.findings.push_back({});
  after.findings.back().rule_id = "gdap.missing-roles";
  after.findings.back().tenant_id = "c5";
  after.findings.back().detail = "Missing: B.";
  CHECK(fix::before_after(attempts, after) ==
        std::vector<std::string>{
            "csp.user-not-in-adminagents in Partner: fixed",
            "gdap.missing-roles in Contoso: still failing: The account lacks required roles",
            "gdap.relationship-expiring in Fabrikam: propagating: Microsoft accepted the change "
            "and applies it in the background; run gdapcheck tenant again in a few minutes",
            "tenant.missing-service-principal in Adatum: not changed (every change to it was "
            "skipped or failed): A service principal is missing",
            "gdap.missing-roles in Tailspin: awaiting approval: relationship 'n' (id) awaits the "
            "approval of a Global Administrator of the customer, at https://link; run gdapcheck "
            "fix --apply again once it is approved, to give it to a group",
            "gdap.missing-roles in Woodgrove: partly fixed: Missing: B."});
}
