#include "gdapcheck/model/customer_selection.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/model/text.hpp"

#include <algorithm>

namespace gdap::model {

namespace {

constexpr std::size_t k_suggestions = 3;
constexpr std::size_t k_listed_candidates = 5;

bool contains_ignoring_case(std::string_view text, const std::string& lowered_part) {
  return !text.empty() && lowercase(text).find(lowered_part) != std::string::npos;
}

// "A", "A" or "B", "A", "B" or "C" (with `last_joiner` "or" / "and").
std::string quoted_list(const std::vector<std::string>& items, std::size_t shown,
                        std::string_view last_joiner) {
  std::string out;
  const std::size_t count = std::min(items.size(), shown);
  for (std::size_t i = 0; i < count; ++i) {
    // Appended piece by piece: GCC 12 at -O3 misreads "literal" + temporary under -Wrestrict.
    if (i > 0 && i + 1 == count && count == items.size()) {
      out += ' ';
      out += last_joiner;
      out += ' ';
    } else if (i > 0) {
      out += ", ";
    }
    out += '"';
    out += display_text(items[i]);  // names other organisations chose, on a terminal
    out += '"';
  }
  if (items.size() > count) {
    out += ' ';
    out += last_joiner;
    out += ' ';
    out += std::to_string(items.size() - count);
    out += " more";
  }
  return out;
}

std::vector<std::string> closest_customers(std::string_view query,
                                           const std::vector<const Customer*>& customers) {
  std::vector<SuggestionCandidate> candidates;
  candidates.reserve(customers.size());
  for (const auto* customer : customers) {
    SuggestionCandidate candidate{customer_label(*customer),
                                  {customer->tenant_id, customer->display_name}};
    candidate.names.push_back(customer->default_domain);
    candidate.names.insert(candidate.names.end(), customer->domains.begin(),
                           customer->domains.end());
    candidates.push_back(std::move(candidate));
  }
  return closest_matches(query, candidates, k_suggestions);
}

}  // namespace

CustomerMatch match_customer(std::string_view query, const Customer& customer) {
  const auto names_it = [&](std::string_view name) { return equals_ignoring_case(name, query); };
  if (names_it(customer.tenant_id) || names_it(customer.display_name) ||
      names_it(customer.default_domain) ||
      std::any_of(customer.domains.begin(), customer.domains.end(),
                  [&](const std::string& domain) { return names_it(domain); })) {
    return CustomerMatch::exact;
  }
  if (query.size() < k_shortest_partial_name) {
    return CustomerMatch::none;
  }
  const std::string part = lowercase(query);
  if (contains_ignoring_case(customer.display_name, part) ||
      contains_ignoring_case(customer.default_domain, part) ||
      std::any_of(customer.domains.begin(), customer.domains.end(), [&](const std::string& domain) {
        return contains_ignoring_case(domain, part);
      })) {
    return CustomerMatch::partial;
  }
  return CustomerMatch::none;
}

std::string customer_label(const Customer& customer) {
  std::string label = customer.display_name.empty() ? customer.tenant_id : customer.display_name;
  if (!customer.default_domain.empty()) {
    label += " (" + customer.default_domain + ")";
  }
  return label;
}

std::string CustomerSelectionError::message() const {
  std::string message;
  for (const auto& item : unresolved) {
    message += message.empty() ? "" : "\n";
    if (item.ambiguous) {
      message += "customer \"" + display_text(item.query) + "\" is ambiguous: it is part of " +
                 quoted_list(item.candidates, k_listed_candidates, "and") +
                 "; give more of the name, the domain or the tenant id";
      continue;
    }
    message += "unknown customer \"" + display_text(item.query) +
               "\": no customer has this tenant id, domain or name";
    if (!item.candidates.empty()) {
      message += "; did you mean " + quoted_list(item.candidates, k_suggestions, "or") + "?";
    }
  }
  return message;
}

Result<std::vector<std::string>, CustomerSelectionError> select_customers(
    const std::vector<std::string>& queries, const std::vector<const Customer*>& customers) {
  std::vector<std::string> selected;
  const auto select = [&selected](const Customer& customer) {
    const bool already = std::any_of(selected.begin(), selected.end(), [&](const std::string& id) {
      return equals_ignoring_case(id, customer.tenant_id);
    });
    if (!already) {
      selected.push_back(customer.tenant_id);
    }
  };
  CustomerSelectionError error;
  for (const auto& query : queries) {
    std::vector<const Customer*> exact;
    std::vector<const Customer*> partial;
    for (const auto* customer : customers) {
      switch (match_customer(query, *customer)) {
        case CustomerMatch::exact:
          exact.push_back(customer);
          break;
        case CustomerMatch::partial:
          partial.push_back(customer);
          break;
        case CustomerMatch::none:
          break;
      }
    }
    if (!exact.empty()) {
      std::for_each(exact.begin(), exact.end(), [&](const Customer* c) { select(*c); });
    } else if (partial.size() == 1) {
      select(*partial.front());
    } else if (partial.size() > 1) {
      UnresolvedCustomer item{query, true, {}};
      for (const auto* customer : partial) {
        item.candidates.push_back(customer_label(*customer));
      }
      error.unresolved.push_back(std::move(item));
    } else {
      error.unresolved.push_back({query, false, closest_customers(query, customers)});
    }
  }
  if (!error.unresolved.empty()) {
    return Failure{std::move(error)};
  }
  return selected;
}

Result<std::vector<std::string>, CustomerSelectionError> select_customers(
    const std::vector<std::string>& queries, const std::vector<Customer>& customers) {
  std::vector<const Customer*> pointers;
  pointers.reserve(customers.size());
  for (const auto& customer : customers) {
    pointers.push_back(&customer);
  }
  return select_customers(queries, pointers);
}

}  // namespace gdap::model
