#include "customer_directory.hpp"

#include "gdapcheck/model/text.hpp"

#include <algorithm>

namespace gdap::collect {

CustomerDirectory::CustomerDirectory(std::vector<std::string> wanted)
    : m_wanted(std::move(wanted)) {}

DirectoryEntry& CustomerDirectory::note(const std::string& tenant_id,
                                        const std::string& display_name,
                                        const std::string& default_domain) {
  const std::string key = model::lowercase(tenant_id);
  auto [found, inserted] = m_entries.try_emplace(key);
  model::Customer& customer = found->second.customer;
  if (inserted) {
    m_order.push_back(key);
    customer.tenant_id = tenant_id;
  }
  if (customer.display_name.empty()) {
    customer.display_name = display_name;
  }
  if (!default_domain.empty() && customer.default_domain.empty()) {
    customer.default_domain = default_domain;
    customer.domains.push_back(default_domain);
  }
  return found->second;
}

void CustomerDirectory::for_each(const std::function<void(DirectoryEntry&)>& visit) {
  for (const auto& key : m_order) {
    visit(m_entries.at(key));
  }
}

void CustomerDirectory::resolve() {
  if (m_wanted.empty() || m_selection) {
    return;
  }
  std::vector<const model::Customer*> known;
  known.reserve(m_order.size());
  for (const auto& key : m_order) {
    known.push_back(&m_entries.at(key).customer);
  }
  auto resolved = model::select_customers(m_wanted, known);
  if (!resolved.ok()) {
    m_selection.emplace(Failure{std::move(resolved).error()});
    return;
  }
  std::set<std::string> ids;
  for (const auto& id : resolved.value()) {
    ids.insert(model::lowercase(id));
  }
  m_selection.emplace(std::move(ids));
}

bool CustomerDirectory::selected(const model::Customer& customer) const {
  if (m_wanted.empty()) {
    return true;
  }
  return m_selection && m_selection->ok() &&
         m_selection->value().contains(model::lowercase(customer.tenant_id));
}

std::optional<model::CustomerSelectionError> CustomerDirectory::selection_error() const {
  if (m_selection && !m_selection->ok()) {
    return m_selection->error();
  }
  return std::nullopt;
}

std::vector<std::string> CustomerDirectory::domains_to_look_up() const {
  std::vector<std::string> domains;
  for (const auto& query : m_wanted) {
    const bool named = std::any_of(m_entries.begin(), m_entries.end(), [&](const auto& entry) {
      return model::match_customer(query, entry.second.customer) == model::CustomerMatch::exact;
    });
    if (!named && query.find('.') != std::string::npos) {
      domains.push_back(query);
    }
  }
  return domains;
}

void CustomerDirectory::add_domain(const std::string& tenant_id, const std::string& domain) {
  if (const auto found = m_entries.find(model::lowercase(tenant_id)); found != m_entries.end()) {
    found->second.customer.domains.push_back(domain);
  }
}

}  // namespace gdap::collect
