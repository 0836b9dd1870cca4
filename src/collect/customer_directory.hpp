#pragma once

// Private to collect: every customer the partner side shows (from its contracts and admin
// relationships), first seen first, with what is known of each and how far its collection got;
// and which of them the run was asked about.

#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/result.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gdap::collect {

struct DirectoryEntry {
  model::Customer customer;
  bool has_active_relationship = false;
  bool started = false;  // its own reads have begun
};

class CustomerDirectory {
 public:
  // `wanted`: the customers asked for (tenant id, domain or display name); empty means all.
  explicit CustomerDirectory(std::vector<std::string> wanted);

  // The customer with this tenant id, added when new; a name or default domain it did not have
  // yet is filled in. Entries never move, so references stay valid.
  DirectoryEntry& note(const std::string& tenant_id, const std::string& display_name,
                       const std::string& default_domain);

  // Every entry, first seen first.
  void for_each(const std::function<void(DirectoryEntry&)>& visit);

  bool all_wanted() const { return m_wanted.empty(); }

  // Resolves the names asked for over every customer noted so far (model::select_customers, as
  // offline: a partial name is taken only when unambiguous). Call once the partner's lists are
  // complete; later calls keep the first answer.
  void resolve();
  // Whether the run reads this customer: always when all are wanted, otherwise only once
  // resolve() has chosen it.
  bool selected(const model::Customer& customer) const;
  // The names that select nobody (or several customers in part only), once resolved.
  std::optional<model::CustomerSelectionError> selection_error() const;

  // Names asked for that look like a domain and match no known customer: a custom domain is in
  // none of the partner's lists, so the tenant behind it must be looked up.
  std::vector<std::string> domains_to_look_up() const;
  // `domain` (from a lookup) belongs to `tenant_id`, if that is a known customer.
  void add_domain(const std::string& tenant_id, const std::string& domain);

 private:
  std::vector<std::string> m_wanted;
  // Lower-case tenant ids of the named customers, once resolved.
  std::optional<Result<std::set<std::string>, model::CustomerSelectionError>> m_selection;
  std::map<std::string, DirectoryEntry> m_entries;  // by lower-case tenant id
  std::vector<std::string> m_order;                 // keys, first seen first
};

}  // namespace gdap::collect
