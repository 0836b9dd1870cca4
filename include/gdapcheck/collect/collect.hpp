#pragma once

// Graph → Snapshot (design §2, §6). Reads the partner side (account, groups and roles,
// AdminAgents, contracts, every admin relationship and its access assignments) and, through a
// token per customer tenant, the customer side (organisation, the service principals a profile
// needs, conditional access policies, the integration's app registration). Customer work starts
// as soon as a relationship page shows the customer has an active relationship, so the run is a
// pipeline rather than phases. Every read that fails is recorded with its reason; reads that
// were not attempted say why; nothing unread is ever filled with a guess. Tokens come from a
// TokenSource; Graph is read through graph::Client; nothing here knows how sign-in works.

#include "gdapcheck/collect/token_source.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/result.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gdap::collect {

struct CollectRequest {
  // Customers to diagnose, each a tenant id, domain or display name; empty means all.
  std::vector<std::string> customers;
  // First-party apps whose service principals the profile requires (app ids).
  std::vector<std::string> service_principal_app_ids;
  // The integration's own app registration, when the profile checks one (entra-sync): its
  // application (client) id, or its display name when each customer has its own registration.
  bool check_integration_app = false;
  std::optional<std::string> integration_app;
  // The integration's multi-tenant apps (application ids or display names) whose service
  // principal and tenant-wide consent are read in each customer, and the resource apps whose
  // service principals its permissions live on. No apps: not read.
  std::vector<std::string> consent_apps;
  std::vector<std::string> consent_resource_app_ids;
  // The partner account whose GDAP path is checked (object id or UPN), read through
  // /users/{user}; empty: the signed-in person (/me), or none for an app-only sign-in.
  std::string user;
  std::string cloud = "global";
  std::string tool_version;
  std::string collected_at;  // ISO-8601 UTC, stamped into the snapshot
  // The evaluation time: which relationships are active (and so worth reading the assignments
  // of) is judged at this time, the same the rules use; the collector never reads a clock.
  model::UnixTime now = 0;
  // Customers finished so far, out of those started (grows while relationships are listed).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct Collection {
  model::Snapshot snapshot;  // the selected customers only
  // The named customers that select nobody, or several customers in part only
  // (model::select_customers over every customer the partner's lists name).
  std::optional<model::CustomerSelectionError> selection_error;
  // Whether the partner's lists (relationships and contracts) were both read: only then does
  // "matched nobody" mean the name is wrong rather than unknowable.
  bool lists_complete = false;
};

// Collect everything. Fails only when no token for the partner tenant could be had (or the run
// was cancelled before it came); any other failure is a fact in the snapshot. Tokens obtained on
// the way stay with `tokens` (the caller saves them).
Result<Collection, SignInFailure> collect(graph::Client& client, TokenSource& tokens,
                                          const CollectRequest& request);

}  // namespace gdap::collect
