#include "partner_collector.hpp"

#include "reads.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/relationship.hpp"

#include <memory>
#include <set>

namespace gdap::collect {

using model::Fact;

PartnerCollector::PartnerCollector(graph::Client& client, CustomerDirectory& directory,
                                   model::UnixTime now, std::function<void()> lists_changed)
    : m_client(client),
      m_directory(directory),
      m_now(now),
      m_lists_changed(std::move(lists_changed)) {}

void PartnerCollector::start(const Token& token, const std::string& user) {
  m_partner.tenant_id = token.tenant_id;
  m_partner.sign_in = token.app_only ? model::SignInKind::app : model::SignInKind::delegated;
  if (user.empty() && !token.app_only) {
    m_partner.user.id = token.object_id;
    m_partner.user.upn = token.upn;
    m_partner.user.display_name = token.display_name;
  }
  if (token.app_only) {
    // Not a failed read: there is no person whose sign-in could carry one.
    m_partner.amr = Fact<std::vector<std::string>>::not_collected(
        "an app-only token has no user and no MFA claim");
  } else if (token.amr) {
    m_partner.amr = Fact<std::vector<std::string>>::of(*token.amr);
  } else {
    m_partner.amr = Fact<std::vector<std::string>>::failed(
        "the partner access token carries no readable amr claim (an opaque token cannot be "
        "read)");
  }
  // The partner's reads go first: they unlock every customer's.
  m_bearer = graph::Bearer{m_partner.tenant_id, token.bearer, true};

  if (token.app_only && user.empty()) {
    const std::string why =
        "an app-only sign-in is no partner account; name one with --user UPN to read its roles "
        "and groups";
    m_partner.directory_roles = Fact<std::vector<std::string>>::not_collected(why);
    m_partner.group_memberships = Fact<std::vector<model::Group>>::not_collected(why);
  } else {
    read_account(user);
  }
  fetch<reads::Organization>(m_client, m_bearer, reads::partner_organization(),
                             [this](auto organization) {
                               if (organization.ok()) {
                                 m_partner.display_name = organization->display_name;
                               }
                             });
  fetch<std::optional<model::Group>>(m_client, m_bearer, reads::admin_agents(),
                                     [this](auto group) { m_partner.admin_agents_group = group; });
  fetch<std::vector<model::Contract>>(
      m_client, m_bearer, reads::contracts(), [this](auto contracts) {
        m_partner.contracts = contracts;
        if (contracts.ok()) {
          for (const auto& contract : contracts.value()) {
            m_directory.note(contract.customer_tenant_id, contract.display_name,
                             contract.default_domain);
          }
        }
        m_contracts_done = true;
        m_lists_changed();
      });
  fetch_pages<std::vector<model::Relationship>>(
      m_client, m_bearer, reads::relationships(),
      [this](auto page) { relationship_page(std::move(page)); },
      [this](Result<Ok, std::string> read) {
        if (!read.ok()) {
          m_relationships_error = read.error();
        }
        m_relationships_done = true;
        m_lists_changed();
        maybe_name_groups();
      });
}

void PartnerCollector::read_account(const std::string& user) {
  fetch<model::PartnerUser>(m_client, m_bearer, reads::me(user), [this](auto found) {
    if (found.ok()) {
      auto& known = m_partner.user;
      known.id = found->id.empty() ? known.id : found->id;
      known.upn = found->upn.empty() ? known.upn : found->upn;
      known.display_name = found->display_name;
    }
  });
  fetch<reads::Memberships>(m_client, m_bearer, reads::memberships(user), [this](auto memberships) {
    if (memberships.ok()) {
      m_partner.group_memberships = Fact<std::vector<model::Group>>::of(memberships->groups);
      m_partner.directory_roles =
          Fact<std::vector<std::string>>::of(memberships->role_template_ids);
    } else {
      m_partner.group_memberships = Fact<std::vector<model::Group>>::failed(memberships.reason());
      m_partner.directory_roles = Fact<std::vector<std::string>>::failed(memberships.reason());
    }
  });
}

void PartnerCollector::relationship_page(std::vector<model::Relationship> page) {
  for (auto& relationship : page) {
    if (relationship.customer_tenant_id.empty()) {
      // A draft not yet sent to a customer: it is the partner's, and names no customer.
      m_relationships.push_back(std::move(relationship));
      continue;
    }
    const std::size_t index = m_relationships.size();
    auto& entry =
        m_directory.note(relationship.customer_tenant_id, relationship.customer_display_name, "");
    // An inactive relationship gives no access, so its assignments are not collected.
    if (model::is_active(relationship, m_now)) {
      entry.has_active_relationship = true;
      request_assignments(index, relationship.id);
    }
    m_relationships.push_back(std::move(relationship));
  }
  m_lists_changed();
}

void PartnerCollector::request_assignments(std::size_t index, const std::string& relationship_id) {
  ++m_pending_assignments;
  fetch<std::vector<model::AccessAssignment>>(
      m_client, m_bearer, reads::access_assignments(relationship_id),
      [this, index](auto assignments) {
        m_relationships[index].access_assignments = std::move(assignments);
        --m_pending_assignments;
        maybe_name_groups();
      });
}

// Name the groups of access assignments the account is not in (the remediation says "add the
// account to <group>"); names of groups it is in came with its memberships.
void PartnerCollector::maybe_name_groups() {
  if (!m_relationships_done || m_pending_assignments > 0 || m_names_requested) {
    return;
  }
  m_names_requested = true;
  std::set<std::string> known;
  if (m_partner.group_memberships.ok()) {
    for (const auto& group : m_partner.group_memberships.value()) {
      if (!group.display_name.empty()) {
        known.insert(model::lowercase(group.id));
      }
    }
  }
  std::vector<std::string> wanted;
  std::set<std::string> seen;
  for (const auto& relationship : m_relationships) {
    if (!relationship.access_assignments.ok()) {
      continue;
    }
    for (const auto& assignment : relationship.access_assignments.value()) {
      const std::string id = model::lowercase(assignment.group_id);
      if (!id.empty() && !known.contains(id) && seen.insert(id).second) {
        wanted.push_back(assignment.group_id);
      }
    }
  }
  for (auto& read : reads::group_names(wanted)) {
    fetch<std::vector<model::Group>>(m_client, m_bearer, std::move(read), [this](auto groups) {
      // Names only improve the wording; a failure leaves them empty.
      if (groups.ok()) {
        for (const auto& group : groups.value()) {
          m_group_names[model::lowercase(group.id)] = group.display_name;
        }
      }
    });
  }
}

std::string PartnerCollector::group_name(const std::string& group_id) const {
  const std::string key = model::lowercase(group_id);
  if (m_partner.group_memberships.ok()) {
    for (const auto& group : m_partner.group_memberships.value()) {
      if (model::lowercase(group.id) == key && !group.display_name.empty()) {
        return group.display_name;
      }
    }
  }
  const auto found = m_group_names.find(key);
  return found == m_group_names.end() ? std::string() : found->second;
}

model::Partner PartnerCollector::finish() {
  if (!m_relationships_error.empty()) {
    m_partner.relationships = Fact<std::vector<model::Relationship>>::failed(m_relationships_error);
  } else {
    for (auto& relationship : m_relationships) {
      if (relationship.access_assignments.ok()) {
        for (auto& assignment : relationship.access_assignments.value()) {
          assignment.group_display_name = group_name(assignment.group_id);
        }
      }
    }
    m_partner.relationships =
        Fact<std::vector<model::Relationship>>::of(std::move(m_relationships));
  }
  return std::move(m_partner);
}

}  // namespace gdap::collect
