// --redact on a whole snapshot: every name, domain, UPN and mail address replaced, ids cut to
// their last segment, and what the rules compare (role ids, the partner tenant in a conditional
// access exclusion, the state of every fact) left as it was.

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/snapshot_json.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/redact/redactor.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace gdap::redact {

namespace {

using model::Fact;

constexpr const char* k_partner = "8c1f5e2a-4b7d-4e39-9a61-2f0d3c8b7e14";
constexpr const char* k_contoso = "2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90";
constexpr const char* k_fabrikam = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29";
constexpr const char* k_sync_app = "6b8c0d2e-4f6a-4b8c-a0d2-4f6a8b0c2d4e";
constexpr const char* k_helpdesk_role = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

model::Customer customer(const char* tenant_id, const char* name, const char* domain) {
  model::Customer out;
  out.tenant_id = tenant_id;
  out.display_name = name;
  out.default_domain = std::string(domain) + ".com";
  out.domains = {out.default_domain, std::string(domain) + ".onmicrosoft.com"};
  return out;
}

model::Snapshot snapshot() {
  model::Snapshot s;
  s.collected_at = "2026-11-20T09:00:00Z";
  s.profile = "/home/alice/profiles/contoso-special.json";
  s.app = "Pinnacle Directory Sync";
  s.partner.tenant_id = k_partner;
  s.partner.display_name = "Northwind IT Partners";
  s.partner.user = {"0d2f4b6a-8c0e-4d2f-b6a8-c0e2f4b6a8c0", "alice@northwindit.onmicrosoft.com",
                    "Alice Smith"};
  s.partner.directory_roles =
      Fact<std::vector<std::string>>::of({std::string(model::k_global_administrator_role)});
  s.partner.group_memberships = Fact<std::vector<model::Group>>::of(
      {{"3e7b9c1d-58a2-4f0e-b6d4-91c2a7e05f38", "AdminAgents"},
       {"b4d2e6f8-1a3c-4e5b-8d7f-0c9a2b4e6d81", "Northwind Helpdesk"}});
  s.partner.contracts = Fact<std::vector<model::Contract>>::of(
      {{k_fabrikam, "Fabrikam Inc", "fabrikam.onmicrosoft.com", "ResellerPartner"},
       {k_contoso, "Contoso Ltd", "contoso.onmicrosoft.com", "ResellerPartner"}});
  model::Relationship relationship;
  relationship.id = std::string("0f3a6c9e-2b5d-4e8a-b1c4-7d0e3a6c9f12-") + k_contoso;
  relationship.display_name = "Northwind_Contoso_GDAP";
  relationship.status = "active";
  relationship.customer_tenant_id = k_contoso;
  relationship.customer_display_name = "Contoso Ltd";
  relationship.roles = {k_helpdesk_role};
  relationship.access_assignments = Fact<std::vector<model::AccessAssignment>>::failed(
      "403 Authorization_RequestDenied: alice@northwindit.onmicrosoft.com may not read "
      "Contoso Ltd");
  s.partner.relationships = Fact<std::vector<model::Relationship>>::of({relationship});

  auto contoso = customer(k_contoso, "Contoso Ltd", "contoso");
  model::SignIn sign_in;
  sign_in.error = "invalid_grant";
  sign_in.error_codes = {53003};
  sign_in.description = "AADSTS53003: blocked for admin@fabrikam.com at contoso.com";
  contoso.sign_in = Fact<model::SignIn>::of(sign_in);
  model::CaPolicy policy;
  policy.id = "4b6d8f0a-2c4e-4b6d-9f1a-3c5e7b9d1f24";
  policy.display_name = "Contoso block partners";
  policy.users = model::CaUsers{};
  policy.users->include_users = {"All"};
  policy.users->exclude_groups = {"c3e5a7b9-d1f3-4c5e-a7b9-d1f3e5a7c9b1"};
  policy.users->include_roles = {k_helpdesk_role};
  policy.users->exclude_external =
      model::CaExternalUsers{{"serviceProvider"}, "enumerated", {k_partner}};
  policy.include_applications = {std::string(model::k_microsoft_graph_app_id)};
  contoso.conditional_access_policies = Fact<std::vector<model::CaPolicy>>::of({policy});
  model::IntegrationApp app;
  app.app_id = k_sync_app;
  app.display_name = "Pinnacle Directory Sync";
  app.registration_found = true;
  app.password_credentials = {{"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "contoso-secret", {}}};
  contoso.integration_app = Fact<model::IntegrationApp>::of(app);
  contoso.service_principals = Fact<std::vector<model::ServicePrincipal>>::of(
      {{std::string(model::k_microsoft_graph_app_id), true, "f9a1b3d5-a7c9-4d1f-93e5-a7c9e1f3a5b7",
        "Microsoft Graph", true},
       {k_sync_app, true, "e3f5b7d9-1e3a-4b7d-af2b-4d6f8b0d2f63", "Pinnacle Directory Sync",
        true}});
  s.customers.push_back(contoso);
  auto fabrikam = customer(k_fabrikam, "Fabrikam Inc", "fabrikam");
  fabrikam.service_principals = Fact<std::vector<model::ServicePrincipal>>::not_collected(
      "no active relationship with Fabrikam Inc");
  s.customers.push_back(fabrikam);
  return s;
}

}  // namespace

TEST_CASE("customers are numbered as listed and called the same everywhere", "[redact]") {
  Redactor redactor(snapshot());
  const auto& out = redactor.snapshot();
  REQUIRE(out.customers.size() == 2);
  CHECK(out.customers[0].display_name == "Customer-1");
  CHECK(out.customers[0].default_domain == "customer-1.example");
  CHECK(out.customers[0].domains ==
        std::vector<std::string>{"customer-1.example", "customer-1.onmicrosoft.example"});
  CHECK(out.customers[1].display_name == "Customer-2");
  CHECK(out.customers[0].tenant_id == "00000000-0000-0000-0000-1d8a5c2e7b90");
  const auto& contracts = out.partner.contracts.value();
  CHECK(contracts[0].display_name == "Customer-2");
  CHECK(contracts[0].default_domain == "customer-2.onmicrosoft.example");
  CHECK(contracts[1].customer_tenant_id == out.customers[0].tenant_id);
  const auto& relationship = out.partner.relationships.value().at(0);
  CHECK(relationship.customer_display_name == "Customer-1");
  CHECK(relationship.customer_tenant_id == out.customers[0].tenant_id);
  CHECK(relationship.display_name == "Relationship-1");
  CHECK(relationship.id ==
        "00000000-0000-0000-0000-7d0e3a6c9f12-00000000-0000-0000-0000-1d8a5c2e7b90");
  CHECK(redactor.id(k_contoso) == out.customers[0].tenant_id);
}

TEST_CASE("the partner, its account and its groups get pseudonyms but AdminAgents stays",
          "[redact]") {
  Redactor redactor(snapshot());
  const auto& partner = redactor.snapshot().partner;
  CHECK(partner.display_name == "Partner");
  CHECK(partner.tenant_id == "00000000-0000-0000-0000-2f0d3c8b7e14");
  CHECK(partner.user.upn == "user-1@partner.onmicrosoft.example");
  CHECK(partner.user.display_name == "User-1");
  CHECK(partner.user.id == "00000000-0000-0000-0000-c0e2f4b6a8c0");
  const auto& groups = partner.group_memberships.value();
  CHECK(groups[0].display_name == "AdminAgents");
  CHECK(groups[1].display_name == "Group-1");
  CHECK(partner.directory_roles.value() ==
        std::vector<std::string>{std::string(model::k_global_administrator_role)});
}

TEST_CASE("what the rules compare survives redaction", "[redact]") {
  Redactor redactor(snapshot());
  const auto& out = redactor.snapshot();
  const auto& policy = out.customers[0].conditional_access_policies.value().at(0);
  REQUIRE(policy.users->exclude_external);
  CHECK(policy.users->exclude_external->tenants == std::vector<std::string>{out.partner.tenant_id});
  CHECK(policy.users->include_users == std::vector<std::string>{"All"});
  CHECK(policy.users->include_roles == std::vector<std::string>{k_helpdesk_role});
  CHECK(policy.include_applications ==
        std::vector<std::string>{std::string(model::k_microsoft_graph_app_id)});
  CHECK(policy.users->exclude_groups ==
        std::vector<std::string>{"00000000-0000-0000-0000-d1f3e5a7c9b1"});
  CHECK(policy.display_name == "Policy-1");
  CHECK(out.partner.relationships.value()[0].roles == model::RoleIds{k_helpdesk_role});
  const auto& sign_in = out.customers[0].sign_in.value();
  CHECK(sign_in.error == "invalid_grant");
  CHECK(sign_in.error_codes == std::vector<long>{53003});
}

TEST_CASE(
    "the integration app is the partner's own and loses its id and names, Microsoft's "
    "applications keep theirs",
    "[redact]") {
  Redactor redactor(snapshot());
  const auto& out = redactor.snapshot();
  const auto& app = out.customers[0].integration_app.value();
  CHECK(app.app_id == "00000000-0000-0000-0000-4f6a8b0c2d4e");
  CHECK(app.display_name == "Application-1");
  CHECK(out.app == "Application-1");
  CHECK(app.password_credentials.at(0).display_name == "Credential-1");
  const auto& principals = out.customers[0].service_principals.value();
  CHECK(principals[0].app_id == model::k_microsoft_graph_app_id);
  CHECK(principals[0].display_name == "Microsoft Graph");
  CHECK(principals[1].app_id == app.app_id);
  CHECK(principals[1].display_name == "Application-1");
}

TEST_CASE("facts keep their state, their reasons and messages lose names", "[redact]") {
  Redactor redactor(snapshot());
  const auto& out = redactor.snapshot();
  const auto& assignments = out.partner.relationships.value()[0].access_assignments;
  REQUIRE(assignments.read_failed());
  CHECK(assignments.reason() ==
        "403 Authorization_RequestDenied: user-1@partner.onmicrosoft.example may not read "
        "Customer-1");
  const auto& principals = out.customers[1].service_principals;
  CHECK(principals.state() == Fact<std::vector<model::ServicePrincipal>>::State::not_collected);
  CHECK(principals.reason() == "no active relationship with Customer-2");
  CHECK(out.customers[0].sign_in->description ==
        "AADSTS53003: blocked for user-2@customer-2.example at customer-1.example");
}

TEST_CASE("a profile file's path is not kept, a shipped profile's name is", "[redact]") {
  CHECK(Redactor(snapshot()).snapshot().profile == "(redacted profile file).json");
  auto shipped = snapshot();
  shipped.profile = "entra-sync";
  CHECK(Redactor(shipped).snapshot().profile == "entra-sync");
}

TEST_CASE("nothing personal is left in the saved snapshot", "[redact]") {
  Redactor redactor(snapshot());
  const auto document = model::lowercase(model::snapshot_document(redactor.snapshot()));
  for (const char* personal : {"contoso", "fabrikam", "northwind", "alice", "pinnacle", k_contoso,
                               k_fabrikam, k_partner, k_sync_app}) {
    INFO(personal);
    CHECK(document.find(personal) == std::string::npos);
  }
  CHECK(redactor.text("Contoso Ltd asked alice@northwindit.onmicrosoft.com") ==
        "Customer-1 asked user-1@partner.onmicrosoft.example");
}

TEST_CASE("the integration app's consent keeps its verdict and loses the customer's ids",
          "[redact]") {
  auto original = snapshot();
  const std::string app_sp = "1c3e5a7b-9d1f-4c3e-a5b7-d9f1c3e5a7b9";
  const std::string graph_sp = "2d4f6b8c-0e2a-4d4f-b6c8-e0a2d4f6b8c0";
  model::AppConsent consent;
  consent.wanted = k_sync_app;
  consent.principal =
      model::ServicePrincipal{k_sync_app, true, app_sp, "Pinnacle Directory Sync", true};
  consent.delegated_grants =
      Fact<std::vector<model::DelegatedGrant>>::of({{graph_sp, {"User.Read.All"}}});
  consent.app_role_assignments = Fact<std::vector<model::AppRoleAssignment>>::of(
      {{graph_sp, "df021288-bdef-4463-88db-98f22de89214"}});
  model::ResourcePrincipal graph{
      {std::string(model::k_microsoft_graph_app_id), true, graph_sp, "Microsoft Graph", true},
      {{"a154be20-db9c-4678-8ab7-66f6cc099a59", "User.Read.All"}},
      {}};
  original.customers[0].integration_consent = Fact<model::IntegrationConsent>::of(
      {{consent}, Fact<std::vector<model::ResourcePrincipal>>::of({graph})});
  original.app = k_sync_app;

  Redactor redactor(original);
  const auto& out = redactor.snapshot();
  REQUIRE(out.customers[0].integration_consent.ok());
  const auto& redacted = out.customers[0].integration_consent.value();
  const auto& app = redacted.apps.at(0);
  CHECK(app.principal.app_id != k_sync_app);
  CHECK(app.principal.app_id == out.app);  // --app and the app found still agree
  CHECK(app.wanted == out.app);
  CHECK(app.principal.id != app_sp);
  CHECK(app.principal.display_name != "Pinnacle Directory Sync");
  const auto& resource = redacted.resources.value().at(0);
  CHECK(resource.principal.app_id == model::k_microsoft_graph_app_id);  // Microsoft's own
  CHECK(resource.principal.id != graph_sp);
  // Grants still point at the resource they were made on.
  CHECK(app.delegated_grants.value().at(0).resource_id == resource.principal.id);
  CHECK(app.delegated_grants.value().at(0).scopes == std::vector<std::string>{"User.Read.All"});
  CHECK(app.app_role_assignments.value().at(0).resource_id == resource.principal.id);
}

}  // namespace gdap::redact
