#include "gdapcheck/collect/collect.hpp"

#include "graph_json.hpp"

#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/http/url.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/customer_selection.hpp"
#include "gdapcheck/model/relationship.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/model/time.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>

namespace gdap::collect {

namespace {

using model::Fact;
using nlohmann::json;

constexpr std::string_view k_graph_app_id = "00000003-0000-0000-c000-000000000000";
// The `in` operator takes at most 15 values (graph-api.md §14).
constexpr std::size_t k_max_in_values = 15;
// directoryObjects/getByIds takes at most 1,000 ids per call.
constexpr std::size_t k_max_ids_per_lookup = 1000;

// The reason a failed Graph read gives in the snapshot.
std::string reason_of(const graph::GraphError& error) {
  return graph::describe(error);
}

// Parse a successful answer with `parse`, or turn the failure (of the read or of the parse) into
// the reason. `label` says which read, so a malformed-answer message is self-explaining.
template <typename T, typename Parse>
Fact<T> read_from(const graph::Outcome& outcome, Parse parse) {
  if (const auto* error = std::get_if<graph::GraphError>(&outcome)) {
    return Fact<T>::failed(reason_of(*error));
  }
  auto parsed = parse(std::get<json>(outcome));
  if (auto* problem = std::get_if<std::string>(&parsed)) {
    return Fact<T>::failed("unexpected answer from Microsoft Graph: " + *problem);
  }
  return Fact<T>::of(std::get<T>(std::move(parsed)));
}

// "in ('a','b')" filter values, quoted.
std::string quoted_list(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values) {
    text += (text.empty() ? "'" : ",'") + value + "'";
  }
  return text;
}

// An OData string literal's content: a single quote is written twice.
std::string odata_string(std::string_view text) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '\'') {
      out += c;
    }
  }
  return out;
}

// Whether the token endpoint answered "no" for this tenant (an OAuth error such as
// invalid_grant + AADSTS50020), rather than failing to answer at all: only a refusal is a fact
// about the customer; throttling, outages, broken connections and local problems are not.
bool is_refusal(const auth::AuthFailure& failure) {
  return auth::is_refusal(failure);
}

// Why a customer token could not be had when the tenant did not refuse it.
std::string no_token_reason(const auth::AuthFailure& failure) {
  std::string reason = "no token for the customer tenant";
  if (failure.http_status > 0) {
    reason += " (HTTP " + std::to_string(failure.http_status) + ")";
  }
  return reason + ": " + auth::describe(failure);
}

model::SignIn sign_in_failure(const auth::AuthFailure& failure) {
  model::SignIn sign_in;
  sign_in.succeeded = false;
  sign_in.error =
      failure.error.empty() ? std::string(auth::to_string(failure.kind)) : failure.error;
  for (const auto code : failure.error_codes) {
    sign_in.error_codes.push_back(static_cast<long>(code));
  }
  sign_in.description = failure.description;
  sign_in.trace_id = failure.trace_id;
  sign_in.correlation_id = failure.correlation_id;
  return sign_in;
}

struct CustomerState {
  model::Customer customer;
  bool has_active_relationship = false;
  bool started = false;
  bool finished = false;
  int pending = 0;  // reads still outstanding
  // Pieces of the integration-app check, joined when the customer finishes.
  std::optional<Fact<model::IntegrationApp>> app;
  std::optional<Fact<std::vector<std::string>>> app_roles;
  std::vector<Fact<std::vector<model::ServicePrincipal>>> principal_chunks;
  std::optional<Fact<std::vector<model::ServicePrincipal>>> graph_principal;
};

class Collector {
 public:
  Collector(graph::Client& client, auth::TenantTokens& tokens, const CollectRequest& request)
      : m_client(client), m_tokens(tokens), m_request(request), m_now(request.now) {}

  std::variant<Collection, auth::AuthFailure> run() {
    auto partner = partner_token();
    if (auto* failure = std::get_if<auth::AuthFailure>(&partner)) {
      return *failure;
    }
    start_partner_reads(std::get<auth::AccessToken>(partner));
    if (!m_client.run()) {
      auth::AuthFailure cancelled;
      cancelled.kind = auth::FailureKind::cancelled;
      return cancelled;
    }
    if (auto saved = m_tokens.save(); !saved.ok()) {
      // The tokens were good for this run; only the cache write failed: say so, go on.
      m_warnings.push_back("new tokens could not be saved to the token cache: " +
                           saved.error().description);
    }
    return finish();
  }

 private:
  // Get a token through the client's loop (so it shares retries and the request log).
  void token_for(const std::string& tenant,
                 std::function<void(std::variant<auth::AccessToken, auth::AuthFailure>)> done) {
    auto begun = m_tokens.begin(tenant);
    if (!begun.ok()) {
      done(std::move(begun).error());
      return;
    }
    if (auto* token = std::get_if<auth::AccessToken>(&begun.value())) {
      done(std::move(*token));
      return;
    }
    m_client.send("token", std::get<http::Request>(std::move(begun).value()),
                  [this, tenant, done = std::move(done)](const http::Result& result) {
                    auto token = m_tokens.finish(tenant, result);
                    if (token.ok()) {
                      done(std::move(token).value());
                    } else {
                      done(std::move(token).error());
                    }
                  });
  }

  std::variant<auth::AccessToken, auth::AuthFailure> partner_token() {
    std::optional<std::variant<auth::AccessToken, auth::AuthFailure>> outcome;
    token_for(m_tokens.home_tenant(), [&](auto result) { outcome = std::move(result); });
    m_client.run();
    if (!outcome) {
      auth::AuthFailure failure;
      failure.kind = auth::FailureKind::cancelled;
      return failure;
    }
    return *outcome;
  }

  void start_partner_reads(const auth::AccessToken& token) {
    auto& partner = m_snapshot.partner;
    partner.tenant_id = token.identity.tenant_id.value_or(m_tokens.home_tenant());
    partner.user.id = token.identity.object_id.value_or("");
    partner.user.upn = token.identity.account.value_or("");
    partner.user.display_name = token.identity.display_name.value_or("");
    const auto claims = auth::decode_claims(token.value);
    if (claims && claims->amr) {
      partner.amr = Fact<std::vector<std::string>>::of(*claims->amr);
    } else {
      partner.amr = Fact<std::vector<std::string>>::failed(
          "the partner access token carries no readable amr claim (app-only tokens never do; "
          "an opaque token cannot be read)");
    }
    m_partner =
        graph::Bearer{partner.tenant_id, std::make_shared<const std::string>(token.value), true};

    m_client.get(m_partner, "me", "/me?$select=id,userPrincipalName,displayName",
                 [this](const graph::Outcome& outcome) {
                   auto user = read_from<model::PartnerUser>(outcome, user_from_graph);
                   if (user.ok()) {
                     auto& known = m_snapshot.partner.user;
                     known.id = user->id.empty() ? known.id : user->id;
                     known.upn = user->upn.empty() ? known.upn : user->upn;
                     known.display_name = user->display_name;
                   }
                 });
    m_client.get(m_partner, "organization", "/organization?$select=id,displayName,verifiedDomains",
                 [this](const graph::Outcome& outcome) {
                   auto organization = read_from<Organization>(outcome, organization_from_graph);
                   if (organization.ok()) {
                     m_snapshot.partner.display_name = organization->display_name;
                   }
                 });
    m_client.get(
        m_partner, "memberships",
        "/me/transitiveMemberOf?$select=id,displayName,roleTemplateId&$top=999",
        [this](const graph::Outcome& outcome) {
          auto memberships = read_from<Memberships>(outcome, memberships_from_graph);
          auto& self = m_snapshot.partner;
          if (memberships.ok()) {
            self.group_memberships = Fact<std::vector<model::Group>>::of(memberships->groups);
            self.directory_roles =
                Fact<std::vector<std::string>>::of(memberships->role_template_ids);
          } else {
            self.group_memberships = Fact<std::vector<model::Group>>::failed(memberships.reason());
            self.directory_roles = Fact<std::vector<std::string>>::failed(memberships.reason());
          }
        });
    m_client.get(m_partner, "adminAgents",
                 "/groups?$filter=" + http::percent_encode("displayName eq 'AdminAgents'") +
                     "&$select=id,displayName,securityEnabled",
                 [this](const graph::Outcome& outcome) {
                   m_snapshot.partner.admin_agents_group =
                       read_from<std::optional<model::Group>>(outcome, admin_agents_from_graph);
                 });
    m_client.get(
        m_partner, "contracts",
        "/contracts?$select=customerId,displayName,defaultDomainName,contractType&$top=999",
        [this](const graph::Outcome& outcome) {
          m_snapshot.partner.contracts =
              read_from<std::vector<model::Contract>>(outcome, contracts_from_graph);
          if (m_snapshot.partner.contracts.ok()) {
            for (const auto& contract : m_snapshot.partner.contracts.value()) {
              note_customer(contract.customer_tenant_id, contract.display_name,
                            contract.default_domain);
            }
          }
          m_contracts_done = true;
          start_ready_customers();
        });
    m_client.get(
        m_partner, "relationships", "/tenantRelationships/delegatedAdminRelationships?$top=300",
        [this](const graph::Outcome& outcome) {
          if (const auto* error = std::get_if<graph::GraphError>(&outcome)) {
            m_relationships_error = reason_of(*error);
          }
          m_relationships_done = true;
          start_ready_customers();
          maybe_resolve_group_names();
        },
        [this](const json& page) { relationship_page(page); });
  }

  void relationship_page(const json& page) {
    auto parsed = relationships_from_graph(page);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      m_relationships_error = "unexpected answer from Microsoft Graph: " + *problem;
      return;
    }
    for (auto& relationship : std::get<std::vector<model::Relationship>>(parsed)) {
      if (relationship.customer_tenant_id.empty()) {
        // A draft not yet sent to a customer: it is the partner's, and names no customer.
        m_relationships.push_back(std::move(relationship));
        continue;
      }
      const std::size_t index = m_relationships.size();
      const bool active = model::is_active(relationship, m_now);
      auto& customer =
          note_customer(relationship.customer_tenant_id, relationship.customer_display_name, "");
      if (active) {
        customer.has_active_relationship = true;
        request_assignments(index, relationship.id);
      }
      // An inactive relationship gives no access, so its assignments are not collected (an
      // empty reason: deliberately skipped, not a failed read).
      m_relationships.push_back(std::move(relationship));
    }
    start_ready_customers();
  }

  void request_assignments(std::size_t index, const std::string& relationship_id) {
    ++m_pending_assignments;
    m_client.get(m_partner, "accessAssignments",
                 "/tenantRelationships/delegatedAdminRelationships/" + relationship_id +
                     "/accessAssignments?$top=300",
                 [this, index](const graph::Outcome& outcome) {
                   m_relationships[index].access_assignments =
                       read_from<std::vector<model::AccessAssignment>>(outcome,
                                                                       assignments_from_graph);
                   --m_pending_assignments;
                   maybe_resolve_group_names();
                 });
  }

  // Name the groups of access assignments the account is not in (the remediation says "add
  // the account to <group>"); names of groups it is in came with its memberships.
  void maybe_resolve_group_names() {
    if (!m_relationships_done || m_pending_assignments > 0 || m_names_requested) {
      return;
    }
    m_names_requested = true;
    std::set<std::string> known;
    if (m_snapshot.partner.group_memberships.ok()) {
      for (const auto& group : m_snapshot.partner.group_memberships.value()) {
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
    for (std::size_t first = 0; first < wanted.size(); first += k_max_ids_per_lookup) {
      const auto last = std::min(wanted.size(), first + k_max_ids_per_lookup);
      json body = {{"ids", std::vector<std::string>(wanted.begin() + static_cast<long>(first),
                                                    wanted.begin() + static_cast<long>(last))},
                   {"types", {"group"}}};
      m_client.post(m_partner, "groupNames", "/directoryObjects/getByIds", std::move(body),
                    [this](const graph::Outcome& outcome) {
                      // Names only improve the wording; a failure leaves them empty.
                      auto groups =
                          read_from<std::vector<model::Group>>(outcome, groups_from_graph);
                      if (groups.ok()) {
                        for (const auto& group : groups.value()) {
                          m_group_names[model::lowercase(group.id)] = group.display_name;
                        }
                      }
                    });
    }
  }

  CustomerState& note_customer(const std::string& tenant_id, const std::string& display_name,
                               const std::string& default_domain) {
    const std::string key = model::lowercase(tenant_id);
    auto [found, inserted] = m_customers.try_emplace(key);
    CustomerState& state = found->second;
    if (inserted) {
      m_order.push_back(key);
      state.customer.tenant_id = tenant_id;
    }
    if (state.customer.display_name.empty()) {
      state.customer.display_name = display_name;
    }
    if (!default_domain.empty() && state.customer.default_domain.empty()) {
      state.customer.default_domain = default_domain;
      state.customer.domains.push_back(default_domain);
    }
    return state;
  }

  bool selected(const CustomerState& state) const {
    if (m_request.customers.empty()) {
      return true;
    }
    return m_selection && m_selection->ok() &&
           m_selection->value().contains(model::lowercase(state.customer.tenant_id));
  }

  // Named customers are resolved once, over every customer the partner's lists name, so a partial
  // name is only taken when it is unambiguous (model::select_customers, as offline).
  void resolve_selection() {
    if (m_request.customers.empty() || m_selection) {
      return;
    }
    std::vector<const model::Customer*> known;
    known.reserve(m_order.size());
    for (const auto& key : m_order) {
      known.push_back(&m_customers[key].customer);
    }
    auto resolved = model::select_customers(m_request.customers, known);
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

  // Customers start when they are known to have an active relationship. Named customers wait
  // for the full partner lists, since a name or domain may only appear in a later page.
  void start_ready_customers() {
    const bool lists_complete = m_relationships_done && m_contracts_done;
    if (!m_request.customers.empty() && (!lists_complete || !domains_resolved())) {
      return;
    }
    resolve_selection();
    for (const auto& key : m_order) {
      auto& state = m_customers[key];
      if (!state.started && state.has_active_relationship && selected(state) &&
          m_relationships_error.empty()) {
        start_customer(state);
      }
    }
  }

  // A custom domain ("contoso.com") is not in the partner's lists; the customer's sign-in
  // metadata names the tenant behind it, without a token. Returns true when every named domain
  // that matched nobody has been looked up.
  bool domains_resolved() {
    if (m_domain_lookups_started) {
      return m_domain_lookups_pending == 0;
    }
    m_domain_lookups_started = true;
    for (const auto& query : m_request.customers) {
      const bool named =
          std::any_of(m_customers.begin(), m_customers.end(), [&](const auto& entry) {
            return model::match_customer(query, entry.second.customer) ==
                   model::CustomerMatch::exact;
          });
      if (named || query.find('.') == std::string::npos || m_request.authority_host.empty()) {
        continue;
      }
      ++m_domain_lookups_pending;
      http::Request request;
      request.url = m_request.authority_host + "/" + http::percent_encode(query) +
                    "/v2.0/.well-known/openid-configuration";
      m_client.send("tenantLookup", std::move(request), [this, query](const http::Result& result) {
        if (const auto tenant = tenant_of_metadata(result)) {
          if (const auto found = m_customers.find(model::lowercase(*tenant));
              found != m_customers.end()) {
            found->second.customer.domains.push_back(query);
          }
        }
        --m_domain_lookups_pending;
        start_ready_customers();
      });
    }
    return m_domain_lookups_pending == 0;
  }

  // The tenant id in an OpenID configuration's issuer ("https://login…/{tenant id}/v2.0").
  static std::optional<std::string> tenant_of_metadata(const http::Result& result) {
    const auto* response = std::get_if<http::Response>(&result);
    if (response == nullptr || response->status != 200) {
      return std::nullopt;
    }
    const auto body = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object() || !body.contains("issuer") || !body["issuer"].is_string()) {
      return std::nullopt;
    }
    const std::string issuer = body["issuer"].get<std::string>();
    std::size_t start = 0;
    while (start < issuer.size()) {
      const auto end = std::min(issuer.find('/', start), issuer.size());
      const std::string segment = issuer.substr(start, end - start);
      if (model::is_guid(segment)) {
        return segment;
      }
      start = end + 1;
    }
    return std::nullopt;
  }

  void report_progress() {
    if (m_request.progress) {
      m_request.progress(m_finished, m_started);
    }
  }

  void start_customer(CustomerState& state) {
    state.started = true;
    ++m_started;
    ++state.pending;  // the token
    report_progress();
    const std::string tenant = state.customer.tenant_id;
    token_for(tenant, [this, &state](std::variant<auth::AccessToken, auth::AuthFailure> result) {
      if (auto* failure = std::get_if<auth::AuthFailure>(&result)) {
        state.customer.sign_in = is_refusal(*failure)
                                     ? Fact<model::SignIn>::of(sign_in_failure(*failure))
                                     : Fact<model::SignIn>::failed(no_token_reason(*failure));
      } else {
        model::SignIn sign_in;
        sign_in.succeeded = true;
        state.customer.sign_in = Fact<model::SignIn>::of(sign_in);
        const auto& token = std::get<auth::AccessToken>(result);
        read_customer(state,
                      graph::Bearer{state.customer.tenant_id,
                                    std::make_shared<const std::string>(token.value), false});
      }
      read_done(state);
    });
  }

  void read_customer(CustomerState& state, const graph::Bearer& bearer) {
    auto& customer = state.customer;
    ++state.pending;
    m_client.get(bearer, "customerOrganization",
                 "/organization?$select=id,displayName,verifiedDomains",
                 [this, &state](const graph::Outcome& outcome) {
                   auto organization = read_from<Organization>(outcome, organization_from_graph);
                   if (organization.ok()) {
                     add_organization(state.customer, organization.value());
                   }
                   read_done(state);
                 });

    std::vector<std::string> app_ids = m_request.service_principal_app_ids;
    for (std::size_t first = 0; first < app_ids.size(); first += k_max_in_values) {
      const std::vector<std::string> chunk(
          app_ids.begin() + static_cast<long>(first),
          app_ids.begin() + static_cast<long>(std::min(app_ids.size(), first + k_max_in_values)));
      state.principal_chunks.emplace_back();
      const std::size_t slot = state.principal_chunks.size() - 1;
      ++state.pending;
      m_client.get(bearer, "servicePrincipals", principals_path(chunk),
                   [this, &state, slot, chunk](const graph::Outcome& outcome) {
                     state.principal_chunks[slot] = read_from<std::vector<model::ServicePrincipal>>(
                         outcome, [&](const json& body) {
                           return service_principals_from_graph(body, chunk);
                         });
                     read_done(state);
                   });
    }
    if (app_ids.empty()) {
      customer.service_principals = Fact<std::vector<model::ServicePrincipal>>::of({});
    }

    ++state.pending;
    m_client.get(bearer, "conditionalAccess", "/identity/conditionalAccess/policies",
                 [this, &state](const graph::Outcome& outcome) {
                   state.customer.conditional_access_policies =
                       read_from<std::vector<model::CaPolicy>>(outcome, ca_policies_from_graph);
                   read_done(state);
                 });

    if (m_request.check_integration_app) {
      read_integration_app(state, bearer);
    }
  }

  static void add_organization(model::Customer& customer, const Organization& organization) {
    if (customer.display_name.empty()) {
      customer.display_name = organization.display_name;
    }
    // The tenant's own default domain is current; the contract's is a copy from when the
    // partnership began.
    if (!organization.default_domain.empty()) {
      customer.default_domain = organization.default_domain;
    }
    for (const auto& domain : organization.domains) {
      if (std::none_of(customer.domains.begin(), customer.domains.end(),
                       [&](const std::string& known) {
                         return model::equals_ignoring_case(known, domain);
                       })) {
        customer.domains.push_back(domain);
      }
    }
  }

  static std::string principals_path(const std::vector<std::string>& app_ids) {
    return "/servicePrincipals?$filter=" +
           http::percent_encode("appId in (" + quoted_list(app_ids) + ")") +
           "&$select=id,appId,displayName,accountEnabled&$top=999";
  }

  void read_integration_app(CustomerState& state, const graph::Bearer& bearer) {
    if (!m_request.integration_app || m_request.integration_app->empty()) {
      state.customer.integration_app = Fact<model::IntegrationApp>::not_collected(
          "not read: which app registration to check was not given (--app)");
      return;
    }
    const std::string wanted = *m_request.integration_app;
    const bool by_id = model::is_guid(wanted);
    const std::string filter =
        by_id ? "appId eq '" + wanted + "'" : "displayName eq '" + odata_string(wanted) + "'";
    ++state.pending;
    m_client.get(bearer, "application",
                 "/applications?$filter=" + http::percent_encode(filter) +
                     "&$select=id,appId,displayName,passwordCredentials,keyCredentials",
                 [this, &state, bearer, wanted, by_id](const graph::Outcome& outcome) {
                   // Graph may ignore a $filter it does not support: keep only the asked-for app.
                   const graph::Outcome matching = only_matching_apps(outcome, wanted, by_id);
                   std::string app_id = by_id ? wanted : first_app_id(matching);
                   state.app = read_from<model::IntegrationApp>(matching, [&](const json& body) {
                     return application_from_graph(body, app_id);
                   });
                   // Found by name: its consent can be asked about only now that its id is known.
                   if (!by_id && state.app->ok() && state.app->value().registration_found) {
                     read_app_roles(state, bearer, app_id);
                   }
                   read_done(state);
                 });
    if (by_id) {
      read_app_roles(state, bearer, wanted);
    }
    // Graph's own service principal: its object id is what appRoleAssignments point at.
    ++state.pending;
    const std::vector<std::string> graph_app{std::string(k_graph_app_id)};
    m_client.get(bearer, "servicePrincipals", principals_path(graph_app),
                 [this, &state, graph_app](const graph::Outcome& outcome) {
                   state.graph_principal = read_from<std::vector<model::ServicePrincipal>>(
                       outcome, [&](const json& body) {
                         return service_principals_from_graph(body, graph_app);
                       });
                   read_done(state);
                 });
  }

  void read_app_roles(CustomerState& state, const graph::Bearer& bearer,
                      const std::string& app_id) {
    ++state.pending;
    m_client.get(bearer, "appRoleAssignments",
                 "/servicePrincipals(appId=" + http::percent_encode("'" + app_id + "'") +
                     ")/appRoleAssignments",
                 [this, &state](const graph::Outcome& outcome) {
                   if (const auto* error = std::get_if<graph::GraphError>(&outcome);
                       error != nullptr && error->status == 404) {
                     state.app_roles = Fact<std::vector<std::string>>::failed(
                         "the app has no service principal in this tenant, so nothing is "
                         "consented");
                   } else {
                     m_raw_app_roles[&state] = outcome;
                   }
                   read_done(state);
                 });
  }

  // The answer with only the applications whose appId (or display name) is `wanted`.
  static graph::Outcome only_matching_apps(const graph::Outcome& outcome, const std::string& wanted,
                                           bool by_id) {
    const auto* body = std::get_if<json>(&outcome);
    if (body == nullptr || !body->contains("value") || !(*body)["value"].is_array()) {
      return outcome;
    }
    json filtered = *body;
    json kept = json::array();
    for (const auto& app : (*body)["value"]) {
      const char* key = by_id ? "appId" : "displayName";
      if (app.is_object() && app.contains(key) && app[key].is_string() &&
          model::equals_ignoring_case(app[key].get<std::string>(), wanted)) {
        kept.push_back(app);
      }
    }
    filtered["value"] = std::move(kept);
    return filtered;
  }

  // The appId of the first application in an answer ("" when there is none).
  static std::string first_app_id(const graph::Outcome& outcome) {
    const auto* body = std::get_if<json>(&outcome);
    if (body == nullptr || !body->contains("value") || !(*body)["value"].is_array() ||
        (*body)["value"].empty()) {
      return {};
    }
    const auto& first = (*body)["value"][0];
    return first.is_object() && first.contains("appId") && first["appId"].is_string()
               ? first["appId"].get<std::string>()
               : std::string();
  }

  void read_done(CustomerState& state) {
    if (--state.pending > 0 || state.finished) {
      return;
    }
    state.finished = true;
    finish_customer(state);
    ++m_finished;
    report_progress();
  }

  void finish_customer(CustomerState& state) {
    auto& customer = state.customer;
    if (!state.principal_chunks.empty()) {
      std::vector<model::ServicePrincipal> all;
      std::string failure;
      for (const auto& chunk : state.principal_chunks) {
        if (!chunk.ok()) {
          failure = chunk.reason();
          break;
        }
        all.insert(all.end(), chunk->begin(), chunk->end());
      }
      customer.service_principals =
          failure.empty() ? Fact<std::vector<model::ServicePrincipal>>::of(std::move(all))
                          : Fact<std::vector<model::ServicePrincipal>>::failed(failure);
    }
    if (state.app) {
      customer.integration_app = join_app(state);
    }
  }

  Fact<model::IntegrationApp> join_app(CustomerState& state) {
    if (!state.app->ok()) {
      return *state.app;
    }
    model::IntegrationApp app = state.app->value();
    if (state.app_roles) {
      app.granted_graph_app_roles = *state.app_roles;
    } else if (!state.graph_principal || !state.graph_principal->ok()) {
      app.granted_graph_app_roles = Fact<std::vector<std::string>>::failed(
          "Microsoft Graph's service principal in the customer was not read: " +
          (state.graph_principal ? state.graph_principal->reason() : std::string("not read")));
    } else if (state.graph_principal->value().empty() ||
               !state.graph_principal->value().front().present) {
      app.granted_graph_app_roles = Fact<std::vector<std::string>>::failed(
          "Microsoft Graph has no service principal in the customer tenant");
    } else {
      const std::string graph_sp = state.graph_principal->value().front().id;
      const auto raw = m_raw_app_roles.find(&state);
      if (raw == m_raw_app_roles.end()) {
        // Looked up by name and not found: there is no app whose consent could be read, and
        // app.registration-missing says so.
        app.granted_graph_app_roles = Fact<std::vector<std::string>>{};
      } else {
        app.granted_graph_app_roles = read_from<std::vector<std::string>>(
            raw->second,
            [&](const json& body) { return graph_app_roles_from_graph(body, graph_sp); });
      }
    }
    m_raw_app_roles.erase(&state);
    return Fact<model::IntegrationApp>::of(std::move(app));
  }

  // Why a customer's own reads were not made.
  std::string not_read_reason(const CustomerState& state) const {
    if (!m_relationships_error.empty()) {
      return "not read: the admin relationships could not be read";
    }
    if (!state.has_active_relationship) {
      return "not read: the customer has no active admin relationship";
    }
    return "not read";
  }

  // The customer-side reads that need a token were not made, for `reason`.
  void mark_unread(model::Customer& customer, const std::string& reason) const {
    customer.service_principals = Fact<std::vector<model::ServicePrincipal>>::not_collected(reason);
    customer.conditional_access_policies =
        Fact<std::vector<model::CaPolicy>>::not_collected(reason);
    if (m_request.check_integration_app) {
      customer.integration_app = Fact<model::IntegrationApp>::not_collected(reason);
    }
  }

  std::variant<Collection, auth::AuthFailure> finish() {
    auto& partner = m_snapshot.partner;
    if (!m_relationships_error.empty()) {
      partner.relationships = Fact<std::vector<model::Relationship>>::failed(m_relationships_error);
    } else {
      for (auto& relationship : m_relationships) {
        if (relationship.access_assignments.ok()) {
          for (auto& assignment : relationship.access_assignments.value()) {
            assignment.group_display_name = group_name(assignment.group_id);
          }
        }
      }
      partner.relationships =
          Fact<std::vector<model::Relationship>>::of(std::move(m_relationships));
    }

    resolve_selection();
    Collection collection;
    for (const auto& key : m_order) {
      auto& state = m_customers[key];
      if (!selected(state)) {
        continue;
      }
      if (!state.started) {
        const std::string reason = not_read_reason(state);
        state.customer.sign_in = Fact<model::SignIn>::not_collected(reason);
        mark_unread(state.customer, reason);
      } else if (!state.customer.sign_in.ok() || !state.customer.sign_in->succeeded) {
        mark_unread(state.customer, "not read: no token for the customer tenant (sign-in failed)");
      }
      m_snapshot.customers.push_back(std::move(state.customer));
    }
    if (m_selection && !m_selection->ok()) {
      collection.selection_error = m_selection->error();
    }
    collection.lists_complete =
        m_snapshot.partner.relationships.ok() && m_snapshot.partner.contracts.ok();
    m_snapshot.collected_at = m_request.collected_at;
    m_snapshot.tool_version = m_request.tool_version;
    m_snapshot.cloud = m_request.cloud;
    collection.snapshot = std::move(m_snapshot);
    collection.warnings = std::move(m_warnings);
    return collection;
  }

  std::string group_name(const std::string& group_id) const {
    const std::string key = model::lowercase(group_id);
    if (m_snapshot.partner.group_memberships.ok()) {
      for (const auto& group : m_snapshot.partner.group_memberships.value()) {
        if (model::lowercase(group.id) == key && !group.display_name.empty()) {
          return group.display_name;
        }
      }
    }
    const auto found = m_group_names.find(key);
    return found == m_group_names.end() ? std::string() : found->second;
  }

  graph::Client& m_client;
  auth::TenantTokens& m_tokens;
  const CollectRequest& m_request;
  model::UnixTime m_now;
  model::Snapshot m_snapshot;
  graph::Bearer m_partner;
  std::vector<model::Relationship> m_relationships;
  std::string m_relationships_error;
  bool m_relationships_done = false;
  bool m_contracts_done = false;
  int m_pending_assignments = 0;
  bool m_names_requested = false;
  bool m_domain_lookups_started = false;
  int m_domain_lookups_pending = 0;
  std::map<std::string, std::string> m_group_names;
  std::map<std::string, CustomerState> m_customers;  // by lower-case tenant id
  std::vector<std::string> m_order;                  // first seen first
  std::map<const CustomerState*, graph::Outcome> m_raw_app_roles;
  // Lower-case tenant ids of the named customers, once resolved.
  std::optional<Result<std::set<std::string>, model::CustomerSelectionError>> m_selection;
  std::size_t m_started = 0;
  std::size_t m_finished = 0;
  std::vector<std::string> m_warnings;
};

}  // namespace

std::variant<Collection, auth::AuthFailure> collect(graph::Client& client,
                                                    auth::TenantTokens& tokens,
                                                    const CollectRequest& request) {
  Collector collector(client, tokens, request);
  return collector.run();
}

}  // namespace gdap::collect
