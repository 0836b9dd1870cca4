// The run: the partner's token first, then the partner's reads, and every selected customer with
// an active relationship as soon as it is known (named customers once the lists are complete and
// custom domains looked up); at the end, one snapshot with what was read and why the rest was not.
#include "gdapcheck/collect/collect.hpp"

#include "customer_collector.hpp"
#include "customer_directory.hpp"
#include "partner_collector.hpp"

#include "gdapcheck/model/own_client.hpp"

#include <string>
#include <utility>

namespace gdap::collect {

namespace {

using model::Fact;

SignInFailure cancelled() {
  SignInFailure failure;
  failure.kind = SignInFailure::Kind::cancelled;
  failure.reason = "cancelled";
  return failure;
}

class Collector {
 public:
  Collector(graph::Client& client, TokenSource& tokens, const CollectRequest& request)
      : m_client(client),
        m_tokens(tokens),
        m_request(request),
        m_directory(request.customers),
        m_partner(client, m_directory, request.now, [this] { start_ready_customers(); }),
        m_customers(client, tokens, request, [this] { report_progress(); }) {}

  Result<Collection, SignInFailure> run() {
    std::optional<TokenResult> partner;
    m_tokens.partner_token([&](TokenResult token) { partner = std::move(token); });
    m_client.run();
    if (!partner) {
      return Failure{cancelled()};
    }
    if (!partner->ok()) {
      return Failure{std::move(*partner).error()};
    }
    m_partner.start(partner->value(), m_request.user);
    if (!m_client.run()) {
      return Failure{cancelled()};
    }
    return finish();
  }

 private:
  // Customers start when they are known to have an active relationship. Named customers wait
  // for the full partner lists, since a name or domain may only appear in a later page.
  void start_ready_customers() {
    if (!m_directory.all_wanted() && (!m_partner.lists_answered() || !domains_resolved())) {
      return;
    }
    if (m_partner.relationships_failed()) {
      return;
    }
    m_directory.resolve();
    m_directory.for_each([this](DirectoryEntry& entry) {
      if (!entry.started && entry.has_active_relationship && m_directory.selected(entry.customer)) {
        entry.started = true;
        m_customers.start(entry.customer);
      }
    });
  }

  // A custom domain ("contoso.com") is not in the partner's lists; the sign-in service names
  // the tenant behind it. True when every named domain that matched nobody has been looked up.
  bool domains_resolved() {
    if (m_domain_lookups_started) {
      return m_domain_lookups_pending == 0;
    }
    m_domain_lookups_started = true;
    for (const auto& domain : m_directory.domains_to_look_up()) {
      ++m_domain_lookups_pending;
      m_tokens.tenant_of_domain(domain, [this, domain](std::optional<std::string> tenant) {
        if (tenant) {
          m_directory.add_domain(*tenant, domain);
        }
        --m_domain_lookups_pending;
        start_ready_customers();
      });
    }
    return m_domain_lookups_pending == 0;
  }

  void report_progress() {
    if (m_request.progress) {
      m_request.progress(m_customers.finished(), m_customers.started());
    }
  }

  // Why a customer's own reads were not made.
  std::string not_read_reason(const DirectoryEntry& entry) const {
    if (m_partner.relationships_failed()) {
      return "not read: the admin relationships could not be read";
    }
    if (!entry.has_active_relationship) {
      return "not read: the customer has no active admin relationship";
    }
    return "not read";
  }

  // Why nothing was read in a customer that gave no token. A refusal of gdapcheck's own client is
  // said as such: it is no fact about the customer's GDAP.
  static std::string sign_in_failed_reason(const Fact<model::SignIn>& sign_in) {
    if (sign_in.ok() && model::refusal_concerns_own_client(sign_in->error_codes)) {
      // No error code here: the sign-in fact carries it, and the partner-level finding on
      // gdapcheck's client explains it; a code in this reason would be explained again per gap,
      // in words written for an integration's app.
      return "not read: the customer tenant refused gdapcheck's own client, not the partner "
             "account's GDAP access";
    }
    return "not read: no token for the customer tenant (sign-in failed)";
  }

  Collection finish() {
    Collection collection;
    model::Snapshot& snapshot = collection.snapshot;
    snapshot.partner = m_partner.finish();
    m_directory.resolve();
    m_directory.for_each([&](DirectoryEntry& entry) {
      if (!m_directory.selected(entry.customer)) {
        return;
      }
      auto& customer = entry.customer;
      if (!entry.started) {
        const std::string reason = not_read_reason(entry);
        customer.sign_in = Fact<model::SignIn>::not_collected(reason);
        m_customers.mark_unread(customer, reason);
      } else if (!customer.sign_in.ok() || !customer.sign_in->succeeded) {
        m_customers.mark_unread(customer, sign_in_failed_reason(customer.sign_in));
      }
      snapshot.customers.push_back(std::move(customer));
    });
    collection.selection_error = m_directory.selection_error();
    collection.lists_complete =
        snapshot.partner.relationships.ok() && snapshot.partner.contracts.ok();
    snapshot.collected_at = m_request.collected_at;
    snapshot.tool_version = m_request.tool_version;
    snapshot.cloud = m_request.cloud;
    return collection;
  }

  graph::Client& m_client;
  TokenSource& m_tokens;
  const CollectRequest& m_request;
  CustomerDirectory m_directory;
  PartnerCollector m_partner;
  CustomerCollector m_customers;
  bool m_domain_lookups_started = false;
  int m_domain_lookups_pending = 0;
};

}  // namespace

Result<Collection, SignInFailure> collect(graph::Client& client, TokenSource& tokens,
                                          const CollectRequest& request) {
  Collector collector(client, tokens, request);
  return collector.run();
}

}  // namespace gdap::collect
