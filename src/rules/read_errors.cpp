#include "read_errors.hpp"

#include "access.hpp"

#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/text.hpp"

#include <string_view>
#include <unordered_map>

namespace gdap::rules::detail {

namespace {

template <typename T>
void add_read_error(std::vector<model::ReadError>& errors, const std::string& tenant_id,
                    const std::string& operation, const model::Fact<T>& fact) {
  if (fact.read_failed()) {
    errors.push_back({tenant_id, operation, fact.reason()});
  }
}

// What the report knows about the tenants failures happened in, for the catalogue's templates
// (the message itself rarely names the customer). Looked up per failure, so indexed once: a
// partner whose reads fail for all of 100,000 customers has that many failures.
class KnownTenants {
 public:
  // What is known of every failure (the account, the command that signs it in again) is worked
  // out once; only the tenant differs.
  explicit KnownTenants(const model::Snapshot& snapshot)
      : m_common(known_evidence(snapshot, {}, {})) {
    m_names.reserve(snapshot.customers.size());
    for (const auto& customer : snapshot.customers) {
      // Tenant ids compare without case; of two customers with one id, the last one's name.
      m_names.insert_or_assign(model::lowercase(customer.tenant_id),
                               std::string_view(customer.display_name));
    }
  }

  errors::Evidence about(const std::string& tenant_id) const {
    auto known = m_common;
    known.target_tenant_id = tenant_id;
    if (const auto found = m_names.find(model::lowercase(tenant_id)); found != m_names.end()) {
      known.target_tenant_name = found->second;
    }
    return known;
  }

 private:
  errors::Evidence m_common;
  std::unordered_map<std::string, std::string_view> m_names;
};

}  // namespace

void add_partner_read_errors(std::vector<model::ReadError>& errors, const model::Partner& partner) {
  const auto& tid = partner.tenant_id;
  add_read_error(errors, tid, "amr", partner.amr);
  add_read_error(errors, tid, "directoryRoles", partner.directory_roles);
  add_read_error(errors, tid, "groupMemberships", partner.group_memberships);
  add_read_error(errors, tid, "adminAgentsGroup", partner.admin_agents_group);
  add_read_error(errors, tid, "contracts", partner.contracts);
  add_read_error(errors, tid, "relationships", partner.relationships);
}

void add_customer_read_errors(std::vector<model::ReadError>& errors,
                              const model::Customer& customer,
                              const std::vector<const model::Relationship*>& relationships,
                              bool shut_out) {
  const auto& ctid = customer.tenant_id;
  for (const auto* relationship : relationships) {
    add_read_error(errors, ctid, "accessAssignments(" + relationship_label(*relationship) + ")",
                   relationship->access_assignments);
  }
  if (shut_out) {
    return;
  }
  add_read_error(errors, ctid, "signIn", customer.sign_in);
  add_read_error(errors, ctid, "servicePrincipals", customer.service_principals);
  add_read_error(errors, ctid, "conditionalAccessPolicies", customer.conditional_access_policies);
  add_read_error(errors, ctid, "integrationApp", customer.integration_app);
  if (customer.integration_app.ok()) {
    add_read_error(errors, ctid, "grantedGraphAppRoles",
                   customer.integration_app->granted_graph_app_roles);
  }
  add_read_error(errors, ctid, "integrationConsent", customer.integration_consent);
  if (customer.integration_consent.ok()) {
    const auto& consent = customer.integration_consent.value();
    add_read_error(errors, ctid, "integrationResources", consent.resources);
    for (const auto& app : consent.apps) {
      add_read_error(errors, ctid, "delegatedGrants(" + app.wanted + ")", app.delegated_grants);
      add_read_error(errors, ctid, "appRoleAssignments(" + app.wanted + ")",
                     app.app_role_assignments);
    }
  }
}

void explain_failures(model::Diagnosis& diagnosis, const model::Snapshot& snapshot,
                      const errors::Catalogue& catalogue) {
  const errors::Recogniser recogniser(catalogue);
  const KnownTenants tenants(snapshot);
  for (auto& error : diagnosis.errors) {
    error.explanation = recogniser.explain_message(error.message, tenants.about(error.tenant_id));
  }
  for (auto& gap : diagnosis.inconclusive) {
    if (gap.blocked_by.empty()) {
      gap.explanation = recogniser.explain_message(gap.reason, tenants.about(gap.tenant_id));
    }
  }
}

}  // namespace gdap::rules::detail
