// The collector against a fake Microsoft Graph and a fake token source: what it reads, in which
// tenant, and what the snapshot then says -- including every way a read can fail.
#include "fixture.hpp"

#include "gdapcheck/collect/collect.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/model/time.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using gdap::collect::Collection;
using gdap::collect::CollectRequest;
using gdap::collect::SignInFailure;
using gdap::testing::FakeConcurrentTransport;
using gdap::testing::FakeGraph;
using gdap::testing::FakeTokens;
using nlohmann::json;

namespace {

const std::string k_partner = "11111111-2222-3333-4444-555555555555";
const std::string k_contoso = "aaaaaaaa-0000-0000-0000-000000000001";
const std::string k_fabrikam = "aaaaaaaa-0000-0000-0000-000000000002";
const std::string k_adatum = "aaaaaaaa-0000-0000-0000-000000000003";
const std::string k_relationships = "/tenantRelationships/delegatedAdminRelationships";
const std::string k_global_reader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const std::string k_graph_app = "00000003-0000-0000-c000-000000000000";
const std::string k_teams_app = "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe";

json relationship(const std::string& id, const std::string& customer, const std::string& name,
                  const std::string& status = "active",
                  const std::string& end = "2027-01-01T00:00:00Z") {
  return {{"id", id},
          {"displayName", name + " GDAP"},
          {"status", status},
          {"customer", {{"tenantId", customer}, {"displayName", name}}},
          {"accessDetails", {{"unifiedRoles", {{{"roleDefinitionId", k_global_reader}}}}}},
          {"duration", "P730D"},
          {"autoExtendDuration", "P180D"},
          {"createdDateTime", "2025-01-01T00:00:00Z"},
          {"activatedDateTime", "2025-01-02T00:00:00Z"},
          {"endDateTime", end}};
}

json assignments(const std::string& group) {
  return {{"value",
           {{{"id", "as-" + group},
             {"status", "active"},
             {"accessContainer",
              {{"accessContainerId", group}, {"accessContainerType", "securityGroup"}}},
             {"accessDetails", {{"unifiedRoles", {{{"roleDefinitionId", k_global_reader}}}}}},
             {"createdDateTime", "2025-01-03T00:00:00Z"},
             {"lastModifiedDateTime", "2025-01-03T00:00:00Z"}}}}};
}

json organization(const std::string& id, const std::string& name, const std::string& domain) {
  return {{"value",
           {{{"id", id},
             {"displayName", name},
             {"verifiedDomains",
              {{{"name", domain}, {"isDefault", true}},
               {{"name", name + ".onmicrosoft.com"}, {"isDefault", false}}}}}}}};
}

json contract(const std::string& customer, const std::string& name) {
  return {{"customerId", customer},
          {"displayName", name},
          {"defaultDomainName", name + ".onmicrosoft.com"},
          {"contractType", "ResellerPartner"}};
}

// A partner whose account is in AdminAgents (and in "Tier 1"), with three customers: Contoso and
// Fabrikam active, Adatum's relationship expired.
struct World {
  FakeGraph graph;
  FakeTokens tokens{k_partner};
  CollectRequest request;

  World() {
    graph.on(k_partner, "/me",
             {{"id", "user-1"},
              {"userPrincipalName", "admin@partner.example"},
              {"displayName", "Admin"}});
    graph.on(k_partner, "/organization", organization(k_partner, "Partner", "partner.example"));
    graph.on(
        k_partner, "/me/transitiveMemberOf",
        {{"value",
          {{{"@odata.type", "#microsoft.graph.group"},
            {"id", "grp-aa"},
            {"displayName", "AdminAgents"}},
           {{"@odata.type", "#microsoft.graph.group"}, {"id", "grp-t1"}, {"displayName", "Tier 1"}},
           {{"@odata.type", "#microsoft.graph.directoryRole"},
            {"id", "r-1"},
            {"roleTemplateId", "62e90394-69f5-4237-9190-012177145e10"}}}}});
    graph.on(k_partner, "/groups",
             {{"value",
               {{{"id", "grp-aa"}, {"displayName", "AdminAgents"}, {"securityEnabled", true}}}}});
    graph.on(k_partner, "/contracts",
             {{"value",
               {contract(k_contoso, "contoso"), contract(k_fabrikam, "fabrikam"),
                contract(k_adatum, "adatum")}}});
    graph.on(k_partner, k_relationships,
             {{"value",
               {relationship("rel-c", k_contoso, "contoso"),
                relationship("rel-f", k_fabrikam, "fabrikam"),
                relationship("rel-a", k_adatum, "adatum", "expired", "2025-06-01T00:00:00Z")}}});
    graph.on(k_partner, k_relationships + "/rel-c/accessAssignments", assignments("grp-t1"));
    graph.on(k_partner, k_relationships + "/rel-f/accessAssignments", assignments("grp-t2"));
    graph.on(k_partner, "/directoryObjects/getByIds",
             {{"value",
               {{{"@odata.type", "#microsoft.graph.group"},
                 {"id", "grp-t2"},
                 {"displayName", "Tier 2"}}}}});
    for (const auto& [tenant, name] :
         {std::pair{k_contoso, "contoso"}, std::pair{k_fabrikam, "fabrikam"},
          std::pair{k_adatum, "adatum"}}) {
      graph.on(tenant, "/organization", organization(tenant, name, std::string(name) + ".com"));
      graph.on(tenant, "/identity/conditionalAccess/policies", {{"value", json::array()}});
      graph.on(tenant, "/servicePrincipals",
               {{"value",
                 {{{"id", "sp-teams"},
                   {"appId", k_teams_app},
                   {"displayName", "Teams"},
                   {"accountEnabled", true}}}}});
    }
    request.now = *gdap::model::parse_timestamp("2026-03-01T00:00:00Z");
    request.collected_at = "2026-03-01T00:00:00Z";
    request.tool_version = "test";
    request.service_principal_app_ids = {k_teams_app};
  }

  gdap::Result<Collection, SignInFailure> collect() {
    FakeConcurrentTransport transport([this](const gdap::http::Request& r) { return graph(r); });
    gdap::graph::ClientOptions options;
    options.graph_root = gdap::testing::k_graph_root;
    options.clock = transport.clock();
    options.seed = 7;
    gdap::graph::Client client(transport, options);
    return gdap::collect::collect(client, tokens, request);
  }

  Collection collected() {
    auto result = collect();
    REQUIRE(result.ok());
    return std::move(result).value();
  }
};

const gdap::model::Customer& customer_in(const Collection& collection, const std::string& tenant) {
  const auto& customers = collection.snapshot.customers;
  const auto found = std::find_if(customers.begin(), customers.end(), [&](const auto& customer) {
    return customer.tenant_id == tenant;
  });
  REQUIRE(found != customers.end());
  return *found;
}

const gdap::model::Relationship& relationship_in(const Collection& collection,
                                                 const std::string& id) {
  const auto& relationships = collection.snapshot.partner.relationships.value();
  const auto found = std::find_if(relationships.begin(), relationships.end(),
                                  [&](const auto& relationship) { return relationship.id == id; });
  REQUIRE(found != relationships.end());
  return *found;
}

SignInFailure token_failure(SignInFailure::Kind kind, int status, std::vector<long> codes = {}) {
  SignInFailure failure;
  failure.kind = kind;
  failure.error = codes.empty() ? "temporarily_unavailable" : "invalid_grant";
  failure.error_codes = std::move(codes);
  failure.description = "AADSTS50020: User account from identity provider does not exist.";
  failure.trace_id = "trace-1";
  failure.correlation_id = "correlation-1";
  failure.http_status = status;
  failure.reason = "invalid_grant AADSTS50020 in tenant T: the test says no";
  return failure;
}

}  // namespace

TEST_CASE("collector: the partner, its lists and every active customer in one snapshot",
          "[collect]") {
  World world;
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  world.request.progress = [&](std::size_t done, std::size_t total) {
    progress.emplace_back(done, total);
  };
  const auto collection = world.collected();
  const auto& partner = collection.snapshot.partner;

  CHECK(partner.tenant_id == k_partner);
  CHECK(partner.display_name == "Partner");
  CHECK(partner.user.upn == "admin@partner.example");
  CHECK(partner.user.display_name == "Admin");  // /me wins over the token's claims
  CHECK(partner.amr.value() == std::vector<std::string>{"pwd", "mfa"});
  CHECK(partner.directory_roles.value() ==
        std::vector<std::string>{"62e90394-69f5-4237-9190-012177145e10"});
  REQUIRE(partner.admin_agents_group.ok());
  CHECK(partner.admin_agents_group.value()->id == "grp-aa");
  CHECK(partner.contracts.value().size() == 3);
  CHECK(partner.relationships.value().size() == 3);

  // Group names: from the memberships when the account is in the group, else looked up.
  CHECK(relationship_in(collection, "rel-c").access_assignments.value()[0].group_display_name ==
        "Tier 1");
  CHECK(relationship_in(collection, "rel-f").access_assignments.value()[0].group_display_name ==
        "Tier 2");
  REQUIRE(world.graph.reads_of(k_partner, "/directoryObjects/getByIds").size() == 1);
  CHECK(world.graph.reads_of(k_partner, "/directoryObjects/getByIds")[0].body["ids"] ==
        json{"grp-t2"});

  // The expired relationship gives no access: its assignments and its customer are not read.
  CHECK(world.graph.count(k_partner, k_relationships + "/rel-a/accessAssignments") == 0);
  CHECK(relationship_in(collection, "rel-a").access_assignments.state() ==
        gdap::model::Fact<std::vector<gdap::model::AccessAssignment>>::State::not_collected);
  const auto& adatum = customer_in(collection, k_adatum);
  CHECK(adatum.sign_in.state() == gdap::model::Fact<gdap::model::SignIn>::State::not_collected);
  CHECK(adatum.sign_in.reason() == "not read: the customer has no active admin relationship");
  CHECK(adatum.service_principals.reason() == adatum.sign_in.reason());
  CHECK(std::count(world.tokens.asked.begin(), world.tokens.asked.end(), k_adatum) == 0);

  // Active customers: a token each, then their own tenant's facts.
  const auto& contoso = customer_in(collection, k_contoso);
  CHECK(contoso.sign_in.value().succeeded);
  CHECK(contoso.default_domain == "contoso.com");  // the tenant's own, not the contract's copy
  CHECK(contoso.domains == std::vector<std::string>{"contoso.onmicrosoft.com", "contoso.com"});
  REQUIRE(contoso.service_principals.ok());
  CHECK(contoso.service_principals.value()[0].present);
  CHECK(contoso.conditional_access_policies.ok());
  CHECK(contoso.integration_app.state() ==
        gdap::model::Fact<gdap::model::IntegrationApp>::State::not_collected);
  CHECK(world.graph.count(k_contoso, "/organization") == 1);
  CHECK(world.graph.count(k_partner, "/identity/conditionalAccess/policies") == 0);

  CHECK(collection.lists_complete);
  CHECK_FALSE(collection.selection_error);
  CHECK(collection.snapshot.collected_at == "2026-03-01T00:00:00Z");
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back() == std::pair<std::size_t, std::size_t>{2, 2});
}

TEST_CASE("collector: relationships on several pages, customers started from each page",
          "[collect]") {
  World world;
  const std::string next = k_relationships + "?$top=300&$skiptoken=page2";
  world.graph.on(k_partner, k_relationships,
                 {{"value", {relationship("rel-c", k_contoso, "contoso")}},
                  {"@odata.nextLink", gdap::testing::k_graph_root + next}});
  world.graph.on(k_partner, next, {{"value", {relationship("rel-f", k_fabrikam, "fabrikam")}}});
  const auto collection = world.collected();

  CHECK(collection.snapshot.partner.relationships.value().size() == 2);
  CHECK(customer_in(collection, k_contoso).sign_in.value().succeeded);
  CHECK(customer_in(collection, k_fabrikam).sign_in.value().succeeded);
  CHECK(world.graph.count(k_partner, k_relationships) == 2);
  CHECK(world.graph.count(k_fabrikam, "/identity/conditionalAccess/policies") == 1);
}

TEST_CASE(
    "collector: a relationship list that cannot be read is a failed fact, no customer is "
    "read and nobody is called unknown",
    "[collect]") {
  World world;
  world.graph.fail(k_partner, k_relationships, 403, "Authorization_RequestDenied");
  world.request.customers = {"Northwind"};
  const auto collection = world.collected();

  REQUIRE(collection.snapshot.partner.relationships.read_failed());
  CHECK_THAT(collection.snapshot.partner.relationships.reason(),
             Catch::Contains("403") && Catch::Contains("Authorization_RequestDenied"));
  CHECK(world.tokens.asked == std::vector<std::string>{k_partner});
  CHECK_FALSE(collection.lists_complete);
  REQUIRE(collection.selection_error);
  REQUIRE(collection.selection_error->unresolved.size() == 1);
  CHECK(collection.selection_error->unresolved[0].query == "Northwind");
}

TEST_CASE("collector: a failed access-assignments read fails that relationship's fact only",
          "[collect]") {
  World world;
  world.graph.fail(k_partner, k_relationships + "/rel-f/accessAssignments", 403,
                   "Authorization_RequestDenied");
  const auto collection = world.collected();

  const auto& failed = relationship_in(collection, "rel-f").access_assignments;
  REQUIRE(failed.read_failed());
  CHECK_THAT(failed.reason(), Catch::Contains("403"));
  CHECK(relationship_in(collection, "rel-c").access_assignments.ok());
  // The customer is still read: its own tenant's facts do not depend on the assignments.
  CHECK(customer_in(collection, k_fabrikam).conditional_access_policies.ok());
  CHECK(world.graph.reads_of(k_partner, "/directoryObjects/getByIds").empty());  // Tier 1 is known
}

TEST_CASE("collector: a malformed page fails the relationships with the JSON path", "[collect]") {
  World world;
  auto bad = relationship("rel-c", k_contoso, "contoso");
  bad["status"] = 7;
  world.graph.on(k_partner, k_relationships, {{"value", {bad}}});
  const auto collection = world.collected();
  CHECK(collection.snapshot.partner.relationships.reason() ==
        "unexpected answer from Microsoft Graph: /value/0/status: expected a string, got a number");
}

TEST_CASE("collector: named customers, by name, domain or custom domain, and the rest untouched",
          "[collect]") {
  World world;
  SECTION("by display name, any case") {
    world.request.customers = {"FABRIKAM"};
    const auto collection = world.collected();
    REQUIRE(collection.snapshot.customers.size() == 1);
    CHECK(collection.snapshot.customers[0].tenant_id == k_fabrikam);
    CHECK(world.tokens.asked == std::vector<std::string>{k_partner, k_fabrikam});
    CHECK(world.tokens.looked_up.empty());
  }
  SECTION("a custom domain is looked up at the sign-in service") {
    world.tokens.domains["contoso.com"] = k_contoso;
    world.request.customers = {"contoso.com"};
    const auto collection = world.collected();
    CHECK(world.tokens.looked_up == std::vector<std::string>{"contoso.com"});
    REQUIRE(collection.snapshot.customers.size() == 1);
    CHECK(collection.snapshot.customers[0].tenant_id == k_contoso);
    CHECK_FALSE(collection.selection_error);
  }
  SECTION("a name nobody has fails the selection, with the lists complete; nobody is read") {
    world.request.customers = {"fabrikam.onmicrosoft.com", "northwind.example"};
    const auto collection = world.collected();
    CHECK(world.tokens.looked_up == std::vector<std::string>{"northwind.example"});
    REQUIRE(collection.selection_error);
    REQUIRE(collection.selection_error->unresolved.size() == 1);
    CHECK(collection.selection_error->unresolved[0].query == "northwind.example");
    CHECK(collection.lists_complete);
    CHECK(collection.snapshot.customers.empty());
    CHECK(world.tokens.asked == std::vector<std::string>{k_partner});
  }
  SECTION("part of a name selects the one customer it fits") {
    world.request.customers = {"fabri"};
    const auto collection = world.collected();
    CHECK_FALSE(collection.selection_error);
    REQUIRE(collection.snapshot.customers.size() == 1);
    CHECK(collection.snapshot.customers[0].tenant_id == k_fabrikam);
  }
  SECTION("a named customer without an active relationship is kept, unread, with why") {
    world.request.customers = {k_adatum};
    const auto collection = world.collected();
    REQUIRE(collection.snapshot.customers.size() == 1);
    CHECK(collection.snapshot.customers[0].sign_in.reason() ==
          "not read: the customer has no active admin relationship");
    CHECK(world.tokens.asked == std::vector<std::string>{k_partner});
  }
}

TEST_CASE("collector: outside AdminAgents the GDAP lists read as empty, never as failed",
          "[collect]") {
  // Graph answers 200 with an empty list to an account outside AdminAgents: the snapshot keeps
  // exactly that, and the customers the contracts name stay unread with the reason.
  World world;
  world.graph.on(k_partner, "/me/transitiveMemberOf",
                 {{"value",
                   {{{"@odata.type", "#microsoft.graph.group"},
                     {"id", "grp-t1"},
                     {"displayName", "Tier 1"}}}}});
  world.graph.on(k_partner, k_relationships, {{"value", json::array()}});
  const auto collection = world.collected();
  const auto& partner = collection.snapshot.partner;

  REQUIRE(partner.relationships.ok());
  CHECK(partner.relationships.value().empty());
  CHECK(partner.admin_agents_group.value()->id == "grp-aa");
  CHECK(partner.group_memberships.value().size() == 1);
  REQUIRE(collection.snapshot.customers.size() == 3);
  for (const auto& customer : collection.snapshot.customers) {
    CHECK(customer.sign_in.state() == gdap::model::Fact<gdap::model::SignIn>::State::not_collected);
    CHECK(customer.sign_in.reason() == "not read: the customer has no active admin relationship");
  }
  CHECK(world.tokens.asked == std::vector<std::string>{k_partner});
  CHECK(collection.lists_complete);
}

TEST_CASE("collector: a refused customer sign-in is a fact, an outage is an unread sign-in",
          "[collect]") {
  World world;
  world.tokens.failures[k_contoso] = token_failure(SignInFailure::Kind::refused, 400, {50020});
  world.tokens.failures[k_fabrikam] = token_failure(SignInFailure::Kind::unavailable, 503);
  const auto collection = world.collected();

  const auto& refused = customer_in(collection, k_contoso);
  REQUIRE(refused.sign_in.ok());
  CHECK_FALSE(refused.sign_in.value().succeeded);
  CHECK(refused.sign_in.value().error == "invalid_grant");
  CHECK(refused.sign_in.value().error_codes == std::vector<long>{50020});
  CHECK(refused.sign_in.value().trace_id == "trace-1");
  CHECK(refused.sign_in.value().correlation_id == "correlation-1");
  CHECK(refused.conditional_access_policies.reason() ==
        "not read: no token for the customer tenant (sign-in failed)");

  const auto& outage = customer_in(collection, k_fabrikam);
  REQUIRE(outage.sign_in.read_failed());
  CHECK_THAT(outage.sign_in.reason(),
             Catch::StartsWith("no token for the customer tenant (HTTP 503): "));
  CHECK(outage.service_principals.reason() ==
        "not read: no token for the customer tenant (sign-in failed)");
  CHECK(world.graph.count(k_contoso, "/organization") == 0);
  CHECK(world.graph.count(k_fabrikam, "/organization") == 0);
}

TEST_CASE("collector: without the partner's token there is no run", "[collect]") {
  World world;
  world.tokens.partner_failure = token_failure(SignInFailure::Kind::refused, 400, {70008});
  const auto result = world.collect();
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().error_codes == std::vector<long>{70008});
  CHECK(world.graph.reads().empty());
}

TEST_CASE("collector: a token without a readable amr claim leaves MFA unread, with why",
          "[collect]") {
  World world;
  world.tokens.amr.reset();
  const auto collection = world.collected();
  REQUIRE(collection.snapshot.partner.amr.read_failed());
  CHECK_THAT(collection.snapshot.partner.amr.reason(), Catch::Contains("no readable amr claim"));
}

TEST_CASE("collector: the integration app, joined with what is consented on Microsoft Graph",
          "[collect]") {
  World world;
  const std::string app_id = "5b0c3bde-1e1f-4f8e-9a51-0d4f4e8d2a11";
  const std::string graph_sp = "fea94d6d-b5bf-44d2-a887-4f72a8d74f44";
  const std::string user_read_all = "df021288-bdef-4463-88db-98f22de89214";
  world.request.customers = {"contoso"};
  world.request.check_integration_app = true;
  const std::string roles_path =
      "/servicePrincipals(appId=%27" + app_id + "%27)/appRoleAssignments";
  // One service principal path answers both the profile's apps and Graph's own: give both.
  world.graph.on(
      k_contoso, "/servicePrincipals",
      {{"value",
        {{{"id", "sp-teams"}, {"appId", k_teams_app}, {"displayName", "Teams"}},
         {{"id", graph_sp}, {"appId", k_graph_app}, {"displayName", "Microsoft Graph"}}}}});
  world.graph.on(k_contoso, "/applications",
                 {{"value",
                   {{{"id", "obj-1"},
                     {"appId", app_id},
                     {"displayName", "Sync App"},
                     {"passwordCredentials",
                      {{{"keyId", "k-1"},
                        {"displayName", "secret"},
                        {"endDateTime", "2026-06-01T00:00:00Z"}}}},
                     {"keyCredentials", json::array()}}}}});
  world.graph.on(k_contoso, roles_path,
                 {{"value",
                   {{{"resourceId", graph_sp}, {"appRoleId", user_read_all}},
                    {{"resourceId", "some-other-api"}, {"appRoleId", "not-graph"}}}}});

  SECTION("asked for by name: its id comes from the registration, then its consent") {
    world.request.integration_app = "sync app";
    const auto collection = world.collected();
    const auto& app = customer_in(collection, k_contoso).integration_app;
    REQUIRE(app.ok());
    CHECK(app.value().registration_found);
    CHECK(app.value().app_id == app_id);
    CHECK(app.value().password_credentials.size() == 1);
    CHECK(app.value().granted_graph_app_roles.value() == std::vector<std::string>{user_read_all});
    REQUIRE(world.graph.reads_of(k_contoso, "/applications").size() == 1);
    CHECK_THAT(world.graph.reads_of(k_contoso, "/applications")[0].path,
               Catch::Contains("displayName%20eq%20%27sync%20app%27"));
  }
  SECTION("asked for by id: registration and consent are read at once") {
    world.request.integration_app = app_id;
    const auto collection = world.collected();
    CHECK(customer_in(collection, k_contoso)
              .integration_app.value()
              .granted_graph_app_roles.value() == std::vector<std::string>{user_read_all});
    CHECK_THAT(world.graph.reads_of(k_contoso, "/applications")[0].path,
               Catch::Contains("appId%20eq%20%27" + app_id + "%27"));
  }
  SECTION("a name Graph does not filter on: only the app with that name counts") {
    world.request.integration_app = "Other App";
    const auto collection = world.collected();
    const auto& app = customer_in(collection, k_contoso).integration_app.value();
    CHECK_FALSE(app.registration_found);
    CHECK(app.granted_graph_app_roles.state() ==
          gdap::model::Fact<std::vector<std::string>>::State::not_collected);
    CHECK(world.graph.count(
              k_contoso, "/servicePrincipals(appId=%27" + app_id + "%27)/appRoleAssignments") == 0);
  }
  SECTION("an app without a service principal has nothing consented") {
    world.request.integration_app = app_id;
    world.graph.fail(k_contoso, roles_path, 404, "Request_ResourceNotFound");
    const auto collection = world.collected();
    const auto& roles =
        customer_in(collection, k_contoso).integration_app.value().granted_graph_app_roles;
    REQUIRE(roles.read_failed());
    CHECK(roles.reason() ==
          "the app has no service principal in this tenant, so nothing is consented");
  }
  SECTION("without Microsoft Graph's service principal, consent cannot be judged") {
    world.request.integration_app = app_id;
    world.graph.on(
        k_contoso, "/servicePrincipals",
        {{"value", {{{"id", "sp-teams"}, {"appId", k_teams_app}, {"displayName", "Teams"}}}}});
    const auto collection = world.collected();
    const auto& roles =
        customer_in(collection, k_contoso).integration_app.value().granted_graph_app_roles;
    CHECK(roles.reason() == "Microsoft Graph has no service principal in the customer tenant");
  }
  SECTION("no app given: not read, and the profile's other reads go on") {
    const auto collection = world.collected();
    const auto& customer = customer_in(collection, k_contoso);
    CHECK(customer.integration_app.reason() ==
          "not read: which app registration to check was not given (--app)");
    CHECK(customer.service_principals.ok());
    CHECK(world.graph.count(k_contoso, "/applications") == 0);
  }
}
