#include "customer_collector.hpp"

#include "gdapcheck/model/catalog.hpp"

#include <algorithm>
#include <utility>

namespace gdap::collect {

namespace {

using model::Fact;
using Roles = Fact<std::vector<std::string>>;

// What the sign-in service said when it refused the token.
model::SignIn refusal(const SignInFailure& failure) {
  model::SignIn sign_in;
  sign_in.succeeded = false;
  sign_in.error = failure.error;
  sign_in.error_codes = failure.error_codes;
  sign_in.description = failure.description;
  sign_in.trace_id = failure.trace_id;
  sign_in.correlation_id = failure.correlation_id;
  return sign_in;
}

// Why a customer token could not be had when the tenant did not refuse it.
std::string no_token_reason(const SignInFailure& failure) {
  std::string reason = "no token for the customer tenant";
  if (failure.http_status > 0) {
    reason += " (HTTP " + std::to_string(failure.http_status) + ")";
  }
  return reason + ": " + failure.reason;
}

void add_organization(model::Customer& customer, const reads::Organization& organization) {
  if (customer.display_name.empty()) {
    customer.display_name = organization.display_name;
  }
  // The tenant's own default domain is current; the contract's is a copy from when the
  // partnership began.
  if (!organization.default_domain.empty()) {
    customer.default_domain = organization.default_domain;
  }
  for (const auto& domain : organization.domains) {
    if (std::none_of(
            customer.domains.begin(), customer.domains.end(),
            [&](const std::string& known) { return model::equals_ignoring_case(known, domain); })) {
      customer.domains.push_back(domain);
    }
  }
}

}  // namespace

CustomerCollector::CustomerCollector(graph::Client& client, TokenSource& tokens,
                                     const CollectRequest& request, std::function<void()> progress)
    : m_client(client), m_tokens(tokens), m_request(request), m_progress(std::move(progress)) {}

void CustomerCollector::start(model::Customer& customer) {
  Work& work = m_work.emplace_back(customer);
  ++work.pending;  // the token
  m_progress();
  m_tokens.customer_token(customer.tenant_id, [this, &work](TokenResult token) {
    signed_in(work, std::move(token));
    read_done(work);
  });
}

template <typename T>
void CustomerCollector::read(Work& work, GraphRead<T> graph_read,
                             std::function<void(Fact<T>)> store) {
  ++work.pending;
  fetch<T>(m_client, work.bearer, std::move(graph_read),
           [this, &work, store = std::move(store)](Fact<T> fact) {
             store(std::move(fact));
             read_done(work);
           });
}

void CustomerCollector::signed_in(Work& work, TokenResult token) {
  auto& customer = work.customer;
  if (!token.ok()) {
    const auto& failure = token.error();
    // Only a refusal is a fact about the customer; throttling, outages, broken connections and
    // local problems are not.
    customer.sign_in = failure.kind == SignInFailure::Kind::refused
                           ? Fact<model::SignIn>::of(refusal(failure))
                           : Fact<model::SignIn>::failed(no_token_reason(failure));
    return;
  }
  model::SignIn sign_in;
  sign_in.succeeded = true;
  customer.sign_in = Fact<model::SignIn>::of(sign_in);
  work.bearer = graph::Bearer{customer.tenant_id, std::move(token).value().bearer, false};

  read<reads::Organization>(work, reads::customer_organization(), [&customer](auto organization) {
    if (organization.ok()) {
      add_organization(customer, organization.value());
    }
  });
  auto principal_reads = reads::service_principals(m_request.service_principal_app_ids);
  if (principal_reads.empty()) {
    customer.service_principals = Fact<std::vector<model::ServicePrincipal>>::of({});
  }
  work.principal_slices.resize(principal_reads.size());
  for (std::size_t slot = 0; slot < principal_reads.size(); ++slot) {
    read<std::vector<model::ServicePrincipal>>(
        work, std::move(principal_reads[slot]),
        [&work, slot](auto principals) { work.principal_slices[slot] = std::move(principals); });
  }
  read<std::vector<model::CaPolicy>>(work, reads::ca_policies(), [&customer](auto policies) {
    customer.conditional_access_policies = std::move(policies);
  });
  if (m_request.check_integration_app) {
    read_integration_app(work);
  }
  read_integration_consent(work);
}

void CustomerCollector::read_integration_consent(Work& work) {
  if (m_request.consent_apps.empty()) {
    work.customer.integration_consent = Fact<model::IntegrationConsent>::not_collected(
        "not read: no integration app was named (--app, or the profile's integrationApp)");
    return;
  }
  work.consent_apps.resize(m_request.consent_apps.size());
  for (std::size_t slot = 0; slot < m_request.consent_apps.size(); ++slot) {
    work.consent_apps[slot].wanted = m_request.consent_apps[slot];
    read<model::ServicePrincipal>(
        work, reads::integration_principal(m_request.consent_apps[slot]),
        [this, &work, slot](auto principal) {
          auto& app = work.consent_apps[slot];
          if (!principal.ok()) {
            work.consent_failure = work.consent_failure.value_or(principal.reason());
            return;
          }
          app.principal = principal.value();
          if (!app.principal.present) {
            const std::string none = "not read: the app has no service principal in this tenant";
            app.delegated_grants = Fact<std::vector<model::DelegatedGrant>>::not_collected(none);
            app.app_role_assignments =
                Fact<std::vector<model::AppRoleAssignment>>::not_collected(none);
            return;
          }
          read<std::vector<model::DelegatedGrant>>(
              work, reads::delegated_grants(app.principal.id),
              [&app](auto grants) { app.delegated_grants = std::move(grants); });
          read<std::vector<model::AppRoleAssignment>>(
              work, reads::assigned_app_roles(app.principal.id),
              [&app](auto roles) { app.app_role_assignments = std::move(roles); });
        });
  }
  auto resource_reads = reads::resource_principals(m_request.consent_resource_app_ids);
  work.resource_slices.resize(resource_reads.size());
  for (std::size_t slot = 0; slot < resource_reads.size(); ++slot) {
    read<std::vector<model::ResourcePrincipal>>(
        work, std::move(resource_reads[slot]),
        [&work, slot](auto resources) { work.resource_slices[slot] = std::move(resources); });
  }
}

void CustomerCollector::read_integration_app(Work& work) {
  if (!m_request.integration_app || m_request.integration_app->empty()) {
    work.customer.integration_app = Fact<model::IntegrationApp>::not_collected(
        "not read: which app registration to check was not given (--app)");
    return;
  }
  const std::string& wanted = *m_request.integration_app;
  const bool by_id = model::is_guid(wanted);
  read<model::IntegrationApp>(work, reads::application(wanted), [this, &work, by_id](auto app) {
    // Found by name: its consent can be asked about only now that its id is known.
    if (!by_id && app.ok() && app->registration_found) {
      read_app_roles(work, app->app_id);
    }
    work.app = std::move(app);
  });
  if (by_id) {
    read_app_roles(work, wanted);
  }
  read<model::ServicePrincipal>(work, reads::graph_service_principal(), [&work](auto principal) {
    work.graph_principal = std::move(principal);
  });
}

void CustomerCollector::read_app_roles(Work& work, const std::string& app_id) {
  read<reads::AppRoleGrants>(work, reads::app_role_assignments(app_id),
                             [&work](auto grants) { work.app_roles = std::move(grants); });
}

void CustomerCollector::read_done(Work& work) {
  if (--work.pending > 0) {
    return;
  }
  join_pieces(work);
  ++m_finished;
  m_progress();
}

namespace {

// The Graph application permissions consented to the integration's app: app-role assignments
// of its service principal on Microsoft Graph's service principal in the customer.
Roles graph_roles_granted(const std::optional<Fact<reads::AppRoleGrants>>& app_roles,
                          const std::optional<Fact<model::ServicePrincipal>>& graph_principal) {
  if (app_roles && app_roles->ok() && !app_roles->value().service_principal_exists) {
    return Roles::failed(
        "the app has no service principal in this tenant, so nothing is consented");
  }
  if (!graph_principal || !graph_principal->ok()) {
    return Roles::failed("Microsoft Graph's service principal in the customer was not read: " +
                         (graph_principal ? graph_principal->reason() : std::string("not read")));
  }
  if (!graph_principal->value().present) {
    return Roles::failed("Microsoft Graph has no service principal in the customer tenant");
  }
  if (!app_roles) {
    // Looked up by name and not found: there is no app whose consent could be read, and
    // app.registration-missing says so.
    return Roles{};
  }
  if (!app_roles->ok()) {
    return Roles::failed(app_roles->reason());
  }
  return Roles::of(reads::roles_granted_on(app_roles->value(), graph_principal->value().id));
}

// The slices of one read made 15 app ids at a time, as one fact: the first failure fails it.
template <typename T>
Fact<std::vector<T>> joined(const std::vector<Fact<std::vector<T>>>& slices) {
  std::vector<T> all;
  for (const auto& slice : slices) {
    if (!slice.ok()) {
      return Fact<std::vector<T>>::failed(slice.reason());
    }
    all.insert(all.end(), slice->begin(), slice->end());
  }
  return Fact<std::vector<T>>::of(std::move(all));
}

}  // namespace

void CustomerCollector::join_pieces(Work& work) {
  auto& customer = work.customer;
  if (!work.principal_slices.empty()) {
    customer.service_principals = joined(work.principal_slices);
  }
  if (!work.consent_apps.empty()) {
    if (work.consent_failure) {
      customer.integration_consent = Fact<model::IntegrationConsent>::failed(
          "the integration app's service principal was not read: " + *work.consent_failure);
    } else {
      model::IntegrationConsent consent;
      consent.apps = std::move(work.consent_apps);
      consent.resources = joined(work.resource_slices);
      customer.integration_consent = Fact<model::IntegrationConsent>::of(std::move(consent));
    }
  }
  if (work.app) {
    if (work.app->ok()) {
      model::IntegrationApp app = work.app->value();
      app.granted_graph_app_roles = graph_roles_granted(work.app_roles, work.graph_principal);
      customer.integration_app = Fact<model::IntegrationApp>::of(std::move(app));
    } else {
      customer.integration_app = *work.app;
    }
  }
}

void CustomerCollector::mark_unread(model::Customer& customer, const std::string& reason) const {
  customer.service_principals = Fact<std::vector<model::ServicePrincipal>>::not_collected(reason);
  customer.conditional_access_policies = Fact<std::vector<model::CaPolicy>>::not_collected(reason);
  if (m_request.check_integration_app) {
    customer.integration_app = Fact<model::IntegrationApp>::not_collected(reason);
  }
  customer.integration_consent = Fact<model::IntegrationConsent>::not_collected(reason);
}

}  // namespace gdap::collect
