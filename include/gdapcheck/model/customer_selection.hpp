#pragma once

// One way to name a customer on the command line (`gdapcheck tenant CUSTOMER...`), shared by the
// live collector and offline runs: both accept the same words and answer a miss with the same
// message and the same "did you mean" suggestions.

#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gdap::model {

// How well one CUSTOMER argument names a customer. Letter case never matters.
enum class CustomerMatch {
  none,
  // Part of its display name or of one of its domains ("fabrikam" for "Fabrikam Inc"), at least
  // k_shortest_partial_name letters long.
  partial,
  // Its tenant id, one of its domains or its display name, whole.
  exact,
};

inline constexpr std::size_t k_shortest_partial_name = 3;

CustomerMatch match_customer(std::string_view query, const Customer& customer);

// How messages show a customer: "Contoso Ltd (contoso.onmicrosoft.com)", or its tenant id when
// it has no name.
std::string customer_label(const Customer& customer);

// One argument that selects nobody.
struct UnresolvedCustomer {
  std::string query;
  // Several customers match it in part and none whole: `candidates` are those customers.
  // Otherwise it matches nobody and `candidates` are the closest customers, best first.
  bool ambiguous = false;
  std::vector<std::string> candidates;  // customer labels
};

struct CustomerSelectionError {
  std::vector<UnresolvedCustomer> unresolved;  // in argument order

  // One line per unresolved argument, the same live and offline.
  std::string message() const;
};

// Resolves CUSTOMER arguments to tenant ids, in argument order and each once. An argument selects
// every customer it matches whole; failing that, the one customer it matches in part. An argument
// that matches nobody, or several customers in part only, fails the selection; the error lists
// every such argument.
Result<std::vector<std::string>, CustomerSelectionError> select_customers(
    const std::vector<std::string>& queries, const std::vector<const Customer*>& customers);
Result<std::vector<std::string>, CustomerSelectionError> select_customers(
    const std::vector<std::string>& queries, const std::vector<Customer>& customers);

}  // namespace gdap::model
