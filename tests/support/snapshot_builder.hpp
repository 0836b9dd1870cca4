#pragma once

// A fluent builder of model::Snapshot for tests. It starts from a healthy partner (in AdminAgents,
// MFA in amr, Global Administrator of the partner tenant) with one customer (an active relationship
// holding the default 12 roles, auto-extend P180D, ending 180 days after k_now, one active
// assignment to a group the account is in, sign-in succeeded, the service principals present, no
// conditional access policy, an app registration with a valid secret and consented permissions),
// and has one method per link of the chain to break it.

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gdap::test {

// The evaluation time of every rule test: 2026-11-22T10:00:00Z.
inline constexpr model::UnixTime k_now = 1795341600;

inline constexpr const char* k_partner_tenant = "11111111-1111-4111-8111-111111111111";
inline constexpr const char* k_user_id = "22222222-2222-4222-8222-222222222222";
inline constexpr const char* k_upn = "gdap-sync@contoso-partner.com";
inline constexpr const char* k_admin_agents_group = "aaaaaaaa-0000-4000-8000-000000000001";
inline constexpr const char* k_gdap_group = "bbbbbbbb-0000-4000-8000-000000000002";
inline constexpr const char* k_gdap_group_name = "M365 GDAP Integration";
inline constexpr const char* k_customer_tenant = "cccccccc-0000-4000-8000-000000000003";
inline constexpr const char* k_customer_name = "Fabrikam";
inline constexpr const char* k_customer_domain = "fabrikam.onmicrosoft.com";
inline constexpr const char* k_relationship_id =
    "dddddddd-0000-4000-8000-000000000004-cccccccc-0000-4000-8000-000000000003";
inline constexpr const char* k_relationship_name = "Fabrikam GDAP";
inline constexpr const char* k_assignment_id = "eeeeeeee-0000-4000-8000-000000000005";
inline constexpr const char* k_integration_app_id = "99999999-0000-4000-8000-000000000009";
inline constexpr const char* k_defender_app_id = "fc780465-2017-40d4-a0c5-307022471b92";
inline constexpr const char* k_user_read_all = "df021288-bdef-4463-88db-98f22de89214";
inline constexpr const char* k_group_member_read_all = "98830695-27a2-44f7-8c18-0c3ebc9698f6";

// Role template ids by name (the names of the catalogue). Unknown names fail loudly.
inline std::string role(std::string_view name) {
  const auto id = model::find_id(model::known_roles(), name);
  if (!id) {
    throw std::invalid_argument("no such role in the catalogue: " + std::string(name));
  }
  return std::string(*id);
}

inline std::vector<std::string> roles(std::initializer_list<std::string_view> names) {
  std::vector<std::string> ids;
  for (const auto name : names) {
    ids.push_back(role(name));
  }
  return ids;
}

// The default profile's 12 roles (the set Syncro and CIPP both require).
inline std::vector<std::string> default_roles() {
  return roles({"Application Administrator", "Authentication Policy Administrator",
                "Cloud App Security Administrator", "Cloud Device Administrator",
                "Exchange Administrator", "Intune Administrator",
                "Privileged Authentication Administrator", "Privileged Role Administrator",
                "Security Administrator", "SharePoint Administrator", "Teams Administrator",
                "User Administrator"});
}

// `minutes` after k_now (negative: before), as Graph writes it.
inline std::string timestamp_minutes_from_now(model::UnixTime minutes) {
  return model::format_timestamp(k_now + minutes * 60);
}

// `days` whole days after k_now (negative: before), as Graph writes it.
inline std::string days_from_now(model::UnixTime days) {
  return model::format_timestamp(k_now + days * model::k_seconds_per_day);
}

inline model::AccessAssignment make_assignment(std::string id, std::string group_id,
                                               std::string group_name,
                                               std::vector<std::string> role_ids,
                                               std::string status = "active") {
  model::AccessAssignment assignment;
  assignment.id = std::move(id);
  assignment.status = std::move(status);
  assignment.group_id = std::move(group_id);
  assignment.group_display_name = std::move(group_name);
  assignment.roles.assign(role_ids.begin(), role_ids.end());
  assignment.created = days_from_now(-180);
  assignment.last_modified = days_from_now(-180);
  return assignment;
}

// An active relationship with the customer ending `ends_in_days` after k_now, auto-extending.
inline model::Relationship make_relationship(std::string id, std::string name,
                                             std::vector<std::string> role_ids,
                                             model::UnixTime ends_in_days = 180) {
  model::Relationship relationship;
  relationship.id = std::move(id);
  relationship.display_name = std::move(name);
  relationship.status = "active";
  relationship.customer_tenant_id = k_customer_tenant;
  relationship.customer_display_name = k_customer_name;
  relationship.roles.assign(role_ids.begin(), role_ids.end());
  relationship.duration = "P730D";
  relationship.auto_extend_duration = "P180D";
  relationship.created = days_from_now(ends_in_days - 731);
  relationship.activated = days_from_now(ends_in_days - 730);
  relationship.end_date_time = days_from_now(ends_in_days);
  relationship.access_assignments = model::Fact<std::vector<model::AccessAssignment>>::of({});
  return relationship;
}

class SnapshotBuilder {
 public:
  SnapshotBuilder() {
    m_snapshot.collected_at = model::format_timestamp(k_now - 3600);
    m_snapshot.tool_version = "0.1.0";
    auto& partner = m_snapshot.partner;
    partner.tenant_id = k_partner_tenant;
    partner.display_name = "Contoso Partner";
    partner.user = {k_user_id, k_upn, "GDAP sync account"};
    partner.amr = model::Fact<std::vector<std::string>>::of({"pwd", "mfa"});
    partner.directory_roles = model::Fact<std::vector<std::string>>::of(
        {std::string(model::k_global_administrator_role)});
    partner.group_memberships = model::Fact<std::vector<model::Group>>::of(
        {{k_admin_agents_group, "AdminAgents"}, {k_gdap_group, k_gdap_group_name}});
    partner.admin_agents_group = model::Fact<std::optional<model::Group>>::of(
        model::Group{k_admin_agents_group, "AdminAgents"});
    partner.contracts = model::Fact<std::vector<model::Contract>>::of(
        {{k_customer_tenant, k_customer_name, k_customer_domain, "ResellerPartner"}});

    auto relationship = make_relationship(k_relationship_id, k_relationship_name, default_roles());
    relationship.access_assignments = model::Fact<std::vector<model::AccessAssignment>>::of(
        {make_assignment(k_assignment_id, k_gdap_group, k_gdap_group_name, default_roles())});
    partner.relationships = model::Fact<std::vector<model::Relationship>>::of({relationship});

    model::Customer customer;
    customer.tenant_id = k_customer_tenant;
    customer.display_name = k_customer_name;
    customer.default_domain = k_customer_domain;
    customer.domains = {k_customer_domain, "fabrikam.com"};
    customer.sign_in = model::Fact<model::SignIn>::of(model::SignIn{true, {}, {}, {}, {}, {}});
    customer.service_principals = model::Fact<std::vector<model::ServicePrincipal>>::of(
        {{k_defender_app_id, true, "sp-defender", "WindowsDefenderATP", true},
         {std::string(model::k_microsoft_graph_app_id), true, "sp-graph", "Microsoft Graph",
          true}});
    customer.conditional_access_policies = model::Fact<std::vector<model::CaPolicy>>::of({});
    model::IntegrationApp app;
    app.app_id = k_integration_app_id;
    app.display_name = "Pinnacle Entra Sync";
    app.registration_found = true;
    app.password_credentials = {{"key-1", "sync secret 2026", days_from_now(365)}};
    app.granted_graph_app_roles =
        model::Fact<std::vector<std::string>>::of({k_user_read_all, k_group_member_read_all});
    customer.integration_app = model::Fact<model::IntegrationApp>::of(app);
    m_snapshot.customers.push_back(customer);
  }

  model::Snapshot build() const { return m_snapshot; }

  // Direct access for what no method below covers.
  model::Snapshot& snapshot() { return m_snapshot; }
  model::Partner& partner() { return m_snapshot.partner; }
  model::Customer& customer() { return m_snapshot.customers.at(0); }
  model::Relationship& relationship(std::size_t index = 0) {
    return m_snapshot.partner.relationships.value().at(index);
  }
  model::AccessAssignment& assignment(std::size_t index = 0, std::size_t relationship_index = 0) {
    return relationship(relationship_index).access_assignments.value().at(index);
  }

  // --- The partner account --------------------------------------------------------------------

  SnapshotBuilder& amr(std::vector<std::string> methods) {
    partner().amr = model::Fact<std::vector<std::string>>::of(std::move(methods));
    return *this;
  }
  SnapshotBuilder& without_mfa() { return amr({"pwd", "rsa"}); }
  SnapshotBuilder& amr_unread(std::string reason) {
    partner().amr = model::Fact<std::vector<std::string>>::failed(std::move(reason));
    return *this;
  }

  SnapshotBuilder& partner_directory_roles(std::vector<std::string> role_ids) {
    partner().directory_roles = model::Fact<std::vector<std::string>>::of(std::move(role_ids));
    return *this;
  }
  SnapshotBuilder& not_partner_global_admin() {
    return partner_directory_roles(roles({"Global Reader", "User Administrator"}));
  }
  SnapshotBuilder& partner_directory_roles_unread(std::string reason) {
    partner().directory_roles = model::Fact<std::vector<std::string>>::failed(std::move(reason));
    return *this;
  }

  SnapshotBuilder& without_membership(const std::string& group_id) {
    auto& groups = partner().group_memberships.value();
    std::erase_if(groups, [&](const model::Group& group) { return group.id == group_id; });
    return *this;
  }
  SnapshotBuilder& with_membership(std::string group_id, std::string name) {
    partner().group_memberships.value().push_back({std::move(group_id), std::move(name)});
    return *this;
  }
  SnapshotBuilder& not_in_admin_agents() { return without_membership(k_admin_agents_group); }
  SnapshotBuilder& no_admin_agents_group() {
    partner().admin_agents_group = model::Fact<std::optional<model::Group>>::of(std::nullopt);
    return not_in_admin_agents();
  }
  SnapshotBuilder& admin_agents_group_unread(std::string reason) {
    partner().admin_agents_group =
        model::Fact<std::optional<model::Group>>::failed(std::move(reason));
    return *this;
  }
  SnapshotBuilder& not_in_gdap_group() { return without_membership(k_gdap_group); }
  SnapshotBuilder& group_memberships_unread(std::string reason) {
    partner().group_memberships = model::Fact<std::vector<model::Group>>::failed(std::move(reason));
    return *this;
  }

  SnapshotBuilder& no_contracts() {
    partner().contracts = model::Fact<std::vector<model::Contract>>::of({});
    return *this;
  }

  // --- Relationships ---------------------------------------------------------------------------

  SnapshotBuilder& no_relationships() {
    partner().relationships = model::Fact<std::vector<model::Relationship>>::of({});
    return *this;
  }
  SnapshotBuilder& relationships_unread(std::string reason) {
    partner().relationships =
        model::Fact<std::vector<model::Relationship>>::failed(std::move(reason));
    return *this;
  }
  SnapshotBuilder& add_relationship(model::Relationship relationship) {
    partner().relationships.value().push_back(std::move(relationship));
    return *this;
  }
  SnapshotBuilder& relationship_status(std::string status, std::size_t index = 0) {
    relationship(index).status = std::move(status);
    return *this;
  }
  SnapshotBuilder& relationship_roles(std::vector<std::string> role_ids, std::size_t index = 0) {
    relationship(index).roles.assign(role_ids.begin(), role_ids.end());
    return *this;
  }
  SnapshotBuilder& relationship_ends_in_days(model::UnixTime days, std::size_t index = 0) {
    relationship(index).end_date_time = days_from_now(days);
    return *this;
  }
  SnapshotBuilder& without_auto_extend(std::size_t index = 0) {
    relationship(index).auto_extend_duration = "PT0S";
    return *this;
  }

  // --- Access assignments ---------------------------------------------------------------------

  SnapshotBuilder& no_assignments(std::size_t relationship_index = 0) {
    relationship(relationship_index).access_assignments =
        model::Fact<std::vector<model::AccessAssignment>>::of({});
    return *this;
  }
  SnapshotBuilder& assignments_unread(std::string reason, std::size_t relationship_index = 0) {
    relationship(relationship_index).access_assignments =
        model::Fact<std::vector<model::AccessAssignment>>::failed(std::move(reason));
    return *this;
  }
  SnapshotBuilder& add_assignment(model::AccessAssignment assignment,
                                  std::size_t relationship_index = 0) {
    relationship(relationship_index).access_assignments.value().push_back(std::move(assignment));
    return *this;
  }
  SnapshotBuilder& assignment_status(std::string status, std::size_t index = 0) {
    assignment(index).status = std::move(status);
    return *this;
  }
  SnapshotBuilder& assignment_roles(std::vector<std::string> role_ids, std::size_t index = 0) {
    assignment(index).roles.assign(role_ids.begin(), role_ids.end());
    return *this;
  }

  // Roles in both the relationship and its assignment (e.g. to satisfy a profile's extra roles).
  SnapshotBuilder& grant_roles(const std::vector<std::string>& role_ids) {
    for (const auto& id : role_ids) {
      relationship().roles.push_back(id);
      assignment().roles.push_back(id);
    }
    return *this;
  }

  // --- The customer tenant --------------------------------------------------------------------

  SnapshotBuilder& sign_in_failed(std::string error, std::vector<long> codes,
                                  std::string description, std::string trace_id = {},
                                  std::string correlation_id = {}) {
    customer().sign_in = model::Fact<model::SignIn>::of(
        model::SignIn{false, std::move(error), std::move(codes), std::move(description),
                      std::move(trace_id), std::move(correlation_id)});
    // What the collector records when it cannot get into the tenant.
    const std::string reason = "not read: signing in to the customer tenant failed";
    customer().service_principals =
        model::Fact<std::vector<model::ServicePrincipal>>::failed(reason);
    customer().conditional_access_policies =
        model::Fact<std::vector<model::CaPolicy>>::failed(reason);
    customer().integration_app = model::Fact<model::IntegrationApp>::failed(reason);
    return *this;
  }
  SnapshotBuilder& sign_in_unread(std::string reason) {
    customer().sign_in = model::Fact<model::SignIn>::failed(std::move(reason));
    return *this;
  }

  SnapshotBuilder& service_principal_missing(const std::string& app_id) {
    for (auto& sp : customer().service_principals.value()) {
      if (sp.app_id == app_id) {
        sp = model::ServicePrincipal{app_id, false, {}, {}, std::nullopt};
        return *this;
      }
    }
    customer().service_principals->push_back({app_id, false, {}, {}, std::nullopt});
    return *this;
  }
  SnapshotBuilder& service_principals_unread(std::string reason) {
    customer().service_principals =
        model::Fact<std::vector<model::ServicePrincipal>>::failed(std::move(reason));
    return *this;
  }

  SnapshotBuilder& ca_policy(model::CaPolicy policy) {
    customer().conditional_access_policies.value().push_back(std::move(policy));
    return *this;
  }
  SnapshotBuilder& ca_policies_unread(std::string reason) {
    customer().conditional_access_policies =
        model::Fact<std::vector<model::CaPolicy>>::failed(std::move(reason));
    return *this;
  }

  model::IntegrationApp& integration_app() { return customer().integration_app.value(); }
  SnapshotBuilder& app_registration_missing() {
    auto& app = integration_app();
    app.registration_found = false;
    app.display_name.clear();
    app.password_credentials.clear();
    app.key_credentials.clear();
    app.granted_graph_app_roles = model::Fact<std::vector<std::string>>::of({});
    return *this;
  }
  SnapshotBuilder& app_secrets(std::vector<model::Credential> secrets) {
    integration_app().password_credentials = std::move(secrets);
    return *this;
  }
  SnapshotBuilder& app_granted_permissions(std::vector<std::string> app_role_ids) {
    integration_app().granted_graph_app_roles =
        model::Fact<std::vector<std::string>>::of(std::move(app_role_ids));
    return *this;
  }
  SnapshotBuilder& app_granted_permissions_unread(std::string reason) {
    integration_app().granted_graph_app_roles =
        model::Fact<std::vector<std::string>>::failed(std::move(reason));
    return *this;
  }
  SnapshotBuilder& integration_app_unread(std::string reason) {
    customer().integration_app = model::Fact<model::IntegrationApp>::failed(std::move(reason));
    return *this;
  }

 private:
  model::Snapshot m_snapshot;
};

// An enabled policy that blocks every user on all apps; tests narrow or loosen it.
inline model::CaPolicy block_all_policy(std::string id, std::string name) {
  model::CaPolicy policy;
  policy.id = std::move(id);
  policy.display_name = std::move(name);
  policy.state = "enabled";
  policy.users = model::CaUsers{};
  policy.users->include_users = {"All"};
  policy.include_applications = {"All"};
  policy.client_app_types = {"all"};
  policy.has_grant_controls = true;
  policy.grant_operator = "OR";
  policy.grant_controls = {"block"};
  return policy;
}

}  // namespace gdap::test
