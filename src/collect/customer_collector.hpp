#pragma once

// Private to collect: one customer tenant's side of a run. It asks for a token in the customer's
// tenant (a refusal is a fact about the customer; an outage only an unread sign-in), then reads
// the organization, the service principals the profile needs, the conditional access policies
// and, when the profile checks one, the integration's app registration with the Graph
// application permissions consented to it, or the integration's multi-tenant app with its
// tenant-wide consent and the resource apps it needs.

#include "reads.hpp"

#include "gdapcheck/collect/collect.hpp"
#include "gdapcheck/collect/token_source.hpp"
#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/model/snapshot.hpp"

#include <cstddef>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <vector>

namespace gdap::collect {

class CustomerCollector {
 public:
  // `progress` runs when a customer starts and when it is finished.
  CustomerCollector(graph::Client& client, TokenSource& tokens, const CollectRequest& request,
                    std::function<void()> progress);

  // Sign in to the customer's tenant and read it into `customer` (which must outlive the run).
  void start(model::Customer& customer);

  // The reads that need the customer's token were not made, for `reason`.
  void mark_unread(model::Customer& customer, const std::string& reason) const;

  std::size_t started() const { return m_work.size(); }
  std::size_t finished() const { return m_finished; }

 private:
  // One customer's reads in flight, and the pieces joined when the last one is in.
  struct Work {
    explicit Work(model::Customer& c) : customer(c) {}
    model::Customer& customer;
    graph::Bearer bearer;
    int pending = 0;
    std::vector<model::Fact<std::vector<model::ServicePrincipal>>> principal_slices;
    std::optional<model::Fact<model::IntegrationApp>> app;
    std::optional<model::Fact<reads::AppRoleGrants>> app_roles;
    std::optional<model::Fact<model::ServicePrincipal>> graph_principal;
    std::vector<model::AppConsent> consent_apps;
    std::optional<std::string> consent_failure;  // the first failed service principal read
    std::vector<model::Fact<std::vector<model::ResourcePrincipal>>> resource_slices;
  };

  // Read `read` for `work`, store the fact with `store`, and count it in and out.
  template <typename T>
  void read(Work& work, GraphRead<T> read, std::function<void(model::Fact<T>)> store);
  void signed_in(Work& work, TokenResult token);
  void read_integration_app(Work& work);
  void read_app_roles(Work& work, const std::string& app_id);
  void read_integration_consent(Work& work);
  void read_done(Work& work);
  // Joins the pieces read in slices or in steps into the customer's facts.
  static void join_pieces(Work& work);

  graph::Client& m_client;
  TokenSource& m_tokens;
  const CollectRequest& m_request;
  std::function<void()> m_progress;
  std::list<Work> m_work;  // stable addresses: callbacks hold references
  std::size_t m_finished = 0;
};

}  // namespace gdap::collect
