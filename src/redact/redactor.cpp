#include "gdapcheck/redact/redactor.hpp"

#include "pseudonyms.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/relationship.hpp"
#include "gdapcheck/model/text.hpp"

#include <array>
#include <set>
#include <type_traits>
#include <utility>
#include <vector>

namespace gdap::redact {

namespace {

using model::Fact;

// Every item of a list, redacted.
template <typename T, typename Redact>
auto each(const std::vector<T>& items, Redact redact) {
  std::vector<std::decay_t<std::invoke_result_t<Redact, const T&>>> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    out.push_back(redact(item));
  }
  return out;
}

// Groups Partner Center creates under these names in every partner tenant: they say nothing about
// whose tenant it is, and the advice refers to them by name.
constexpr std::array<std::string_view, 3> k_partner_center_groups{"AdminAgents", "HelpdeskAgents",
                                                                  "SalesAgents"};

// One walk over a snapshot that writes its redacted copy. A redaction walks twice: the first walk
// only learns the names in the snapshot's order (its copy is thrown away), so that the second
// can replace every one of them in free text wherever it appears, even before the structured
// field that names it.
class SnapshotWalk {
 public:
  SnapshotWalk(Pseudonyms& pseudonyms, bool write_free_text)
      : m_pseudonyms(pseudonyms), m_write_free_text(write_free_text) {}

  model::Snapshot run(const model::Snapshot& original) {
    keep_published_ids(original);
    number_customers(original);
    model::Snapshot copy;
    copy.schema_version = original.schema_version;
    copy.collected_at = original.collected_at;
    copy.tool_version = original.tool_version;
    copy.cloud = original.cloud;
    copy.profile = profile_reference(original.profile);
    copy.app = app(original.app);
    // Microsoft's own client (the default) stays; the partner's own app id does not.
    copy.client_id = model::is_guid(original.client_id) ? m_pseudonyms.id(original.client_id)
                                                        : original.client_id;
    copy.partner = partner(original.partner);
    for (const auto& customer : original.customers) {
      copy.customers.push_back(this->customer(customer));
    }
    return copy;
  }

 private:
  std::string text(const std::string& original) {
    return m_write_free_text ? m_pseudonyms.scrub(original) : original;
  }

  template <typename T, typename Redact>
  Fact<T> fact(const Fact<T>& original, Redact redact) {
    switch (original.state()) {
      case Fact<T>::State::read:
        return Fact<T>::of(redact(original.value()));
      case Fact<T>::State::failed:
        return Fact<T>::failed(text(original.reason()));
      case Fact<T>::State::not_collected:
        break;
    }
    return Fact<T>::not_collected(text(original.reason()));
  }

  template <typename T, typename Redact>
  Fact<std::vector<T>> fact_of_each(const Fact<std::vector<T>>& original, Redact redact) {
    return fact(original, [&](const std::vector<T>& items) { return each(items, redact); });
  }

  // Role template ids, first-party application ids and Graph permission ids are Microsoft's and
  // the same in every tenant; they stay, in structured fields and in free text alike. The
  // integration's own application id is the partner's or the customer's and does not.
  void keep_published_ids(const model::Snapshot& snapshot) {
    if (model::is_guid(snapshot.app)) {
      m_integration_apps.insert(model::lowercase(snapshot.app));
    }
    const auto keep_all = [&](const auto& ids) {  // strings, or model::RoleIds
      for (const auto& id : ids) {
        m_pseudonyms.keep_guid(id);
      }
    };
    const auto& partner = snapshot.partner;
    if (partner.directory_roles.ok()) {
      keep_all(partner.directory_roles.value());
    }
    if (partner.relationships.ok()) {
      for (const auto& relationship : partner.relationships.value()) {
        keep_all(relationship.roles);
        if (relationship.access_assignments.ok()) {
          for (const auto& assignment : relationship.access_assignments.value()) {
            keep_all(assignment.roles);
          }
        }
      }
    }
    for (const auto& customer : snapshot.customers) {
      if (customer.integration_consent.ok()) {
        for (const auto& consent : customer.integration_consent->apps) {
          if (model::is_guid(consent.principal.app_id)) {
            m_integration_apps.insert(model::lowercase(consent.principal.app_id));
          }
        }
      }
      if (customer.integration_app.ok()) {
        m_integration_apps.insert(model::lowercase(customer.integration_app->app_id));
        if (customer.integration_app->granted_graph_app_roles.ok()) {
          keep_all(customer.integration_app->granted_graph_app_roles.value());
        }
      }
      if (customer.conditional_access_policies.ok()) {
        for (const auto& policy : customer.conditional_access_policies.value()) {
          if (policy.users) {
            keep_all(policy.users->include_roles);
            keep_all(policy.users->exclude_roles);
          }
        }
      }
    }
    for (const auto& customer : snapshot.customers) {
      if (customer.service_principals.ok()) {
        for (const auto& principal : customer.service_principals.value()) {
          if (!m_integration_apps.contains(model::lowercase(principal.app_id))) {
            m_pseudonyms.keep_guid(principal.app_id);
          }
        }
      }
    }
  }

  // Customers are numbered as the snapshot lists them, then any tenant only a contract or a
  // relationship names; each customer's names and domains carry its number.
  void number_customers(const model::Snapshot& snapshot) {
    for (const auto& customer : snapshot.customers) {
      customer_name(customer.tenant_id, customer.display_name);
      customer_domain(customer.tenant_id, customer.default_domain);
      for (const auto& domain : customer.domains) {
        customer_domain(customer.tenant_id, domain);
      }
    }
    const auto& partner = snapshot.partner;
    if (partner.contracts.ok()) {
      for (const auto& contract : partner.contracts.value()) {
        customer_name(contract.customer_tenant_id, contract.display_name);
        customer_domain(contract.customer_tenant_id, contract.default_domain);
      }
    }
    if (partner.relationships.ok()) {
      for (const auto& relationship : partner.relationships.value()) {
        customer_name(relationship.customer_tenant_id, relationship.customer_display_name);
      }
    }
  }

  std::string customer_label(const std::string& tenant_id) {
    const auto key = model::lowercase(tenant_id);
    auto found = m_customer_numbers.find(key);
    if (found == m_customer_numbers.end()) {
      found = m_customer_numbers.emplace(key, m_customer_numbers.size() + 1).first;
    }
    return numbered_label("Customer", found->second);
  }

  // "Customer-3" for the first name of a tenant, "Customer-3-2" for another name of the same one.
  std::string customer_name(const std::string& tenant_id, const std::string& name) {
    if (name.empty()) {
      return {};
    }
    if (const auto* known = m_pseudonyms.find(name)) {
      return *known;
    }
    const auto label = customer_label(tenant_id);
    const auto count = m_pseudonyms.next(label + " name");
    return m_pseudonyms.name(name, count == 1 ? label : numbered_label(label, count));
  }

  std::string customer_domain(const std::string& tenant_id, const std::string& domain) {
    return m_pseudonyms.domain(domain, model::lowercase(customer_label(tenant_id)));
  }

  std::string group_name(const std::string& name) {
    for (const auto known : k_partner_center_groups) {
      if (model::equals_ignoring_case(name, known)) {
        return name;
      }
    }
    return m_pseudonyms.numbered(name, "Group");
  }

  std::string application_name(const std::string& app_id, const std::string& name) {
    if (model::find_name(model::known_applications(), app_id)) {
      return name;  // a Microsoft application, named by Microsoft
    }
    return m_pseudonyms.numbered(name, "Application");
  }

  std::string app_id(const std::string& id) {
    if (m_integration_apps.contains(model::lowercase(id))) {
      return m_pseudonyms.id(id);
    }
    return id;
  }

  // `--app` as given: an application id or a display name.
  std::string app(const std::string& given) {
    return model::is_guid(given) ? m_pseudonyms.id(given)
                                 : m_pseudonyms.numbered(given, "Application");
  }

  // A shipped profile's name stays; a profile file's path (a home folder, a customer's name) does
  // not, and the redacted snapshot names a file that cannot exist, so an offline run asks for
  // --profile rather than picking up some other file.
  static std::string profile_reference(const std::string& reference) {
    const bool file = reference.find('/') != std::string::npos ||
                      reference.find('\\') != std::string::npos || reference.ends_with(".json");
    return file ? std::string("(redacted profile file).json") : reference;
  }

  // Entries of conditional access user and group lists: object ids, or keywords such as All.
  std::vector<std::string> directory_objects(const std::vector<std::string>& entries) {
    return each(entries, [&](const std::string& entry) {
      return model::is_guid(entry) ? m_pseudonyms.id(entry) : entry;
    });
  }

  std::vector<std::string> applications(const std::vector<std::string>& entries) {
    return each(entries, [&](const std::string& entry) {
      const bool published = model::find_name(model::known_applications(), entry).has_value();
      return model::is_guid(entry) && !published ? m_pseudonyms.id(entry) : entry;
    });
  }

  std::vector<std::string> ids(const std::vector<std::string>& entries) {
    return each(entries, [&](const std::string& entry) { return m_pseudonyms.id(entry); });
  }

  model::Group group(const model::Group& original) {
    return {m_pseudonyms.id(original.id), group_name(original.display_name)};
  }

  model::PartnerUser user(const model::PartnerUser& original) {
    model::PartnerUser copy;
    copy.id = m_pseudonyms.id(original.id);
    const auto at = original.upn.rfind('@');
    if (at != std::string::npos && m_pseudonyms.find(original.upn) == nullptr) {
      const auto number = m_pseudonyms.next("User");
      auto upn = numbered_label("user", number);
      upn += '@';
      upn += m_pseudonyms.domain(original.upn.substr(at + 1), "partner");
      m_pseudonyms.name(original.upn, upn);
      m_pseudonyms.name(original.display_name, numbered_label("User", number));
    }
    copy.upn = at == std::string::npos ? m_pseudonyms.numbered(original.upn, "user")
                                       : *m_pseudonyms.find(original.upn);
    copy.display_name = m_pseudonyms.numbered(original.display_name, "User");
    return copy;
  }

  model::AccessAssignment assignment(const model::AccessAssignment& original) {
    auto copy = original;
    copy.id = m_pseudonyms.id(original.id);
    copy.group_id = m_pseudonyms.id(original.group_id);
    copy.group_display_name = group_name(original.group_display_name);
    return copy;
  }

  model::Relationship relationship(const model::Relationship& original) {
    model::Relationship copy = original;
    copy.id = m_pseudonyms.id(original.id);
    // "MLT_" is Microsoft's mark of its transition relationships, a fact the rules read.
    copy.display_name = m_pseudonyms.numbered(
        original.display_name,
        model::is_microsoft_led_transition(original) ? "MLT_Relationship" : "Relationship");
    copy.customer_tenant_id = m_pseudonyms.id(original.customer_tenant_id);
    copy.customer_display_name =
        customer_name(original.customer_tenant_id, original.customer_display_name);
    copy.access_assignments = fact_of_each(original.access_assignments,
                                           [&](const auto& item) { return assignment(item); });
    return copy;
  }

  model::Partner partner(const model::Partner& original) {
    model::Partner copy;
    copy.tenant_id = m_pseudonyms.id(original.tenant_id);
    copy.display_name = m_pseudonyms.name(original.display_name, "Partner");
    copy.sign_in = original.sign_in;
    copy.user = user(original.user);
    const auto same = [](const auto& value) { return value; };
    copy.amr = fact(original.amr, same);
    copy.directory_roles = fact(original.directory_roles, same);
    copy.group_memberships =
        fact_of_each(original.group_memberships, [&](const auto& item) { return group(item); });
    copy.admin_agents_group =
        fact(original.admin_agents_group, [&](const std::optional<model::Group>& found) {
          return found ? std::optional<model::Group>(group(*found)) : std::nullopt;
        });
    copy.contracts = fact_of_each(original.contracts, [&](const model::Contract& item) {
      return model::Contract{m_pseudonyms.id(item.customer_tenant_id),
                             customer_name(item.customer_tenant_id, item.display_name),
                             customer_domain(item.customer_tenant_id, item.default_domain),
                             item.contract_type};
    });
    copy.relationships =
        fact_of_each(original.relationships, [&](const auto& item) { return relationship(item); });
    return copy;
  }

  model::SignIn sign_in(const model::SignIn& original) {
    model::SignIn copy = original;
    copy.description = text(original.description);
    copy.trace_id = m_pseudonyms.id(original.trace_id);
    copy.correlation_id = m_pseudonyms.id(original.correlation_id);
    return copy;
  }

  model::CaPolicy policy(const model::CaPolicy& original) {
    model::CaPolicy copy = original;
    copy.id = m_pseudonyms.id(original.id);
    copy.display_name = m_pseudonyms.numbered(original.display_name, "Policy");
    if (copy.users) {
      auto& users = *copy.users;
      users.include_users = directory_objects(users.include_users);
      users.exclude_users = directory_objects(users.exclude_users);
      users.include_groups = directory_objects(users.include_groups);
      users.exclude_groups = directory_objects(users.exclude_groups);
      for (auto* external : {&users.include_external, &users.exclude_external}) {
        if (*external) {
          (*external)->tenants = ids((*external)->tenants);
        }
      }
    }
    if (copy.client_applications) {
      auto& clients = *copy.client_applications;
      clients.include_service_principals = directory_objects(clients.include_service_principals);
      clients.exclude_service_principals = directory_objects(clients.exclude_service_principals);
    }
    copy.include_applications = applications(original.include_applications);
    copy.exclude_applications = applications(original.exclude_applications);
    // Named locations and terms of use are the customer's own objects (All, AllTrusted stay).
    if (copy.include_locations) {
      copy.include_locations = directory_objects(*copy.include_locations);
    }
    copy.exclude_locations = directory_objects(original.exclude_locations);
    copy.terms_of_use = directory_objects(original.terms_of_use);
    copy.custom_authentication_factors = directory_objects(original.custom_authentication_factors);
    // Filter rules name the customer's devices and attributes: free text.
    for (auto* filter : {&copy.application_filter, &copy.device_filter}) {
      if (*filter) {
        (*filter)->rule = text((*filter)->rule);
      }
    }
    if (copy.client_applications && copy.client_applications->service_principal_filter) {
      auto& rule = copy.client_applications->service_principal_filter->rule;
      rule = text(rule);
    }
    if (copy.authentication_strength && copy.authentication_strength->policy_type == "custom") {
      copy.authentication_strength->id = m_pseudonyms.id(original.authentication_strength->id);
      copy.authentication_strength->display_name =
          m_pseudonyms.numbered(original.authentication_strength->display_name, "Strength");
    }
    return copy;
  }

  std::vector<model::Credential> credentials(const std::vector<model::Credential>& original) {
    return each(original, [&](const model::Credential& item) {
      return model::Credential{m_pseudonyms.id(item.key_id),
                               m_pseudonyms.numbered(item.display_name, "Credential"),
                               item.end_date_time};
    });
  }

  model::IntegrationApp integration_app(const model::IntegrationApp& original) {
    model::IntegrationApp copy = original;
    copy.app_id = app_id(original.app_id);
    copy.display_name = application_name(original.app_id, original.display_name);
    copy.password_credentials = credentials(original.password_credentials);
    copy.key_credentials = credentials(original.key_credentials);
    copy.granted_graph_app_roles =
        fact(original.granted_graph_app_roles, [](const auto& roles) { return roles; });
    return copy;
  }

  model::Customer customer(const model::Customer& original) {
    model::Customer copy;
    copy.tenant_id = m_pseudonyms.id(original.tenant_id);
    copy.display_name = customer_name(original.tenant_id, original.display_name);
    copy.default_domain = customer_domain(original.tenant_id, original.default_domain);
    for (const auto& domain : original.domains) {
      copy.domains.push_back(customer_domain(original.tenant_id, domain));
    }
    copy.sign_in = fact(original.sign_in, [&](const auto& value) { return sign_in(value); });
    copy.service_principals =
        fact_of_each(original.service_principals,
                     [&](const model::ServicePrincipal& item) { return service_principal(item); });
    copy.conditional_access_policies = fact_of_each(original.conditional_access_policies,
                                                    [&](const auto& item) { return policy(item); });
    copy.integration_app =
        fact(original.integration_app, [&](const auto& value) { return integration_app(value); });
    copy.integration_consent = fact(original.integration_consent,
                                    [&](const auto& value) { return integration_consent(value); });
    return copy;
  }

  model::ServicePrincipal service_principal(const model::ServicePrincipal& original) {
    auto principal = original;
    principal.app_id = app_id(original.app_id);
    principal.id = m_pseudonyms.id(original.id);
    principal.display_name = application_name(original.app_id, original.display_name);
    return principal;
  }

  // The integration's app and its grants: object ids are the customer's, the app may be the
  // partner's own; scope and app role names are the resources' published ones and stay.
  model::IntegrationConsent integration_consent(const model::IntegrationConsent& original) {
    model::IntegrationConsent copy;
    for (const auto& consent : original.apps) {
      model::AppConsent app_copy = consent;
      app_copy.wanted = app(consent.wanted);
      app_copy.principal = service_principal(consent.principal);
      app_copy.delegated_grants = fact_of_each(consent.delegated_grants, [&](const auto& grant) {
        return model::DelegatedGrant{m_pseudonyms.id(grant.resource_id), grant.scopes};
      });
      app_copy.app_role_assignments =
          fact_of_each(consent.app_role_assignments, [&](const auto& assignment) {
            return model::AppRoleAssignment{m_pseudonyms.id(assignment.resource_id),
                                            assignment.app_role_id};
          });
      copy.apps.push_back(std::move(app_copy));
    }
    copy.resources = fact_of_each(original.resources, [&](const model::ResourcePrincipal& item) {
      return model::ResourcePrincipal{service_principal(item.principal), item.scopes,
                                      item.app_roles};
    });
    return copy;
  }

  Pseudonyms& m_pseudonyms;
  bool m_write_free_text;
  std::map<std::string, std::size_t> m_customer_numbers;  // lower-case tenant id → number
  std::set<std::string> m_integration_apps;               // lower-case application ids
};

}  // namespace

Redactor::Redactor(const model::Snapshot& original) : m_pseudonyms(std::make_unique<Pseudonyms>()) {
  SnapshotWalk(*m_pseudonyms, false).run(original);
  m_snapshot = SnapshotWalk(*m_pseudonyms, true).run(original);
}

Redactor::~Redactor() = default;

std::string Redactor::id(std::string_view original) {
  return m_pseudonyms->id(original);
}

std::string Redactor::text(std::string_view original) {
  return m_pseudonyms->scrub(original);
}

}  // namespace gdap::redact
