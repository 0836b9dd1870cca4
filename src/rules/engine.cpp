#include "gdapcheck/rules/engine.hpp"

#include "access.hpp"
#include "checks.hpp"
#include "commands.hpp"
#include "gaps.hpp"
#include "read_errors.hpp"
#include "template.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/cloud.hpp"
#include "gdapcheck/model/relationship.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>

namespace gdap::rules {

using detail::CheckResult;
using model::CustomerStatus;
using nlohmann::json;

namespace {

std::vector<model::Group> assignable_groups(const model::Partner& partner,
                                            const detail::PartnerView& view) {
  if (!view.group_ids || !partner.group_memberships.ok()) {
    return {};
  }
  std::string admin_agents;
  if (partner.admin_agents_group.ok() && partner.admin_agents_group->has_value()) {
    admin_agents = model::lowercase((partner.admin_agents_group.value())->id);
  }
  std::map<std::string, std::size_t> uses;  // lower-case group id → assignments
  for (const auto& relationship : partner.relationships.value()) {
    if (!relationship.access_assignments.ok()) {
      continue;
    }
    for (const auto& assignment : relationship.access_assignments.value()) {
      const auto id = model::lowercase(assignment.group_id);
      if (id != admin_agents && view.group_ids->contains(id)) {
        ++uses[id];
      }
    }
  }
  std::vector<model::Group> groups;
  for (const auto& group : partner.group_memberships.value()) {
    if (uses.contains(model::lowercase(group.id))) {
      groups.push_back(group);
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
    return uses[model::lowercase(a.id)] > uses[model::lowercase(b.id)];
  });
  return groups;
}

detail::PartnerView partner_view(const model::Partner& partner) {
  detail::PartnerView view;
  if (partner.group_memberships.ok()) {
    std::set<std::string> ids;
    for (const auto& group : partner.group_memberships.value()) {
      ids.insert(model::lowercase(group.id));
    }
    view.group_ids = std::move(ids);
  } else {
    view.group_ids_reason = partner.group_memberships.reason();
  }
  if (!partner.admin_agents_group.ok()) {
    view.in_admin_agents_reason =
        "the AdminAgents group was not read: " + partner.admin_agents_group.reason();
  } else if (!partner.admin_agents_group->has_value()) {
    view.in_admin_agents = false;  // no AdminAgents group at all
  } else if (!view.group_ids) {
    view.in_admin_agents_reason =
        "the account's group memberships were not read: " + view.group_ids_reason;
  } else {
    view.in_admin_agents =
        view.group_ids->count(model::lowercase((partner.admin_agents_group.value())->id)) > 0;
  }
  if (partner.relationships.ok()) {
    for (const auto& relationship : partner.relationships.value()) {
      view.relationships_by_customer[model::lowercase(relationship.customer_tenant_id)].push_back(
          &relationship);
    }
    view.assignable_groups = assignable_groups(partner, view);
  }
  return view;
}

// The values every finding's words may use about the run and the partner: the same for every
// finding, so they are worked out once per evaluation.
json partner_values(const model::Snapshot& snapshot, const Profile& profile) {
  json values = {{"partner", snapshot.partner.display_name},
                 {"partnerTenantId", snapshot.partner.tenant_id},
                 {"upn", snapshot.partner.user.upn},
                 {"profile", profile.name},
                 {"signInCommand", detail::sign_in_command(snapshot)}};
  values["userId"] = snapshot.partner.user.id.empty() ? json() : json(snapshot.partner.user.id);
  const auto hosts = model::cloud_hosts(snapshot.cloud).value_or(*model::cloud_hosts("global"));
  values["loginHost"] = std::string(hosts.login);
  values["portal"] = std::string(hosts.portal);
  values["partnerCenterApi"] = std::string(hosts.partner_center_api);
  values["graphEnvironment"] = std::string(hosts.graph_environment);
  return values;
}

// The values a customer's findings may use about it (none for the partner's findings).
json customer_values(const model::Customer* customer) {
  if (customer == nullptr) {
    return json::object();
  }
  return {
      {"customer", customer->display_name.empty() ? customer->tenant_id : customer->display_name},
      {"customerTenantId", customer->tenant_id},
      {"customerDomain", customer->default_domain}};
}

// The finding keeps its check's evidence as compact text (model::CompactJson). Its words look
// values up in the evidence first, then the rule's parameters, the customer's and the run's.
model::Finding make_finding(const Rule& rule, model::Severity severity,
                            const std::string& tenant_id, const json& evidence, const json& params,
                            const json& customer_values, const json& run_values) {
  detail::Values values(evidence);
  values.then(params).then(customer_values).then(run_values);
  model::Finding finding;
  finding.rule_id = rule.id;
  finding.severity = severity;
  finding.tenant_id = tenant_id;
  finding.title = detail::render(rule.title, values);
  finding.detail = detail::render(rule.detail, values);
  for (const auto& step : rule.remediation) {
    if (!step.when.empty() && !detail::truthy(evidence.value(step.when, json()))) {
      continue;
    }
    if (!step.unless.empty() && detail::truthy(evidence.value(step.unless, json()))) {
      continue;
    }
    for (auto& text : detail::render_each(step.text, values)) {
      finding.remediation.push_back(std::move(text));
    }
  }
  finding.commands = detail::render_commands(rule, evidence, values);
  finding.references.assign(rule.references.begin(), rule.references.end());
  finding.evidence = evidence;
  return finding;
}

std::vector<model::RelationshipSummary> relationship_summaries(const detail::PartnerView& partner,
                                                               const model::Customer& customer) {
  const auto& relationships = partner.relationships_of(customer.tenant_id);
  std::vector<model::RelationshipSummary> summaries;
  summaries.reserve(relationships.size());  // kept until the report is written
  for (const auto* relationship : relationships) {
    summaries.push_back({relationship->id, relationship->display_name, relationship->status,
                         relationship->end_date_time, relationship->auto_extend_duration,
                         detail::role_name_views(relationship->roles),
                         detail::auto_extends(*relationship)});
  }
  return summaries;
}

// The relationship whose end decides when access ends: an active one before others, then the one
// that ends last; none when no relationship has an end date.
std::optional<model::AccessEnd> access_ends(
    const std::vector<model::RelationshipSummary>& relationships) {
  const model::RelationshipSummary* best = nullptr;
  std::optional<model::UnixTime> best_end;
  bool best_active = false;
  for (const auto& relationship : relationships) {
    if (!relationship.end_date_time) {
      continue;
    }
    const auto end = model::parse_timestamp(*relationship.end_date_time);
    const bool active = relationship.status == "active";
    const bool better = best == nullptr || (active && !best_active) ||
                        (active == best_active && end && (!best_end || *end > *best_end));
    if (better) {
      best = &relationship;
      best_end = end;
      best_active = active;
    }
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  return model::AccessEnd{*best->end_date_time, best->auto_extends};
}

bool finding_order(const model::Finding& a, const model::Finding& b) {
  if (a.severity != b.severity) {
    return a.severity > b.severity;  // error first
  }
  if (a.rule_id != b.rule_id) {
    return a.rule_id < b.rule_id;
  }
  return a.tenant_id < b.tenant_id;
}

// std::stable_sort with a buffer of indices instead of one of elements: sorting a large partner's
// findings would otherwise hold a second copy of half of them at the evaluation's largest moment.
template <typename T, typename Less>
void stable_sort_in_place(std::vector<T>& items, Less less) {
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return less(items[a], items[b]); });
  // order[i] is the index of the element that belongs at i: follow each cycle once.
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) {
      continue;
    }
    T held = std::move(items[start]);
    std::size_t at = start;
    while (order[at] != start) {
      const std::size_t from = order[at];
      items[at] = std::move(items[from]);
      order[at] = at;
      at = from;
    }
    items[at] = std::move(held);
    order[at] = at;
  }
}

}  // namespace

CustomerStatus derive_status(const std::vector<StatusEvidence>& evidence, std::string& reason) {
  reason.clear();
  // A customer takes the first status, worst first, that a finding implies.
  for (const auto status : model::k_statuses_worst_first) {
    bool undecided = false;
    std::string why;
    for (const auto& item : evidence) {
      if (item.status != status) {
        continue;
      }
      if (item.fired) {
        return status;
      }
      if (item.undecided && !undecided) {
        undecided = true;
        why = item.reason;
      }
    }
    if (undecided) {
      reason = why;
      return CustomerStatus::unknown;
    }
  }
  return CustomerStatus::active;
}

namespace {

// A rule that takes part in this evaluation, with the profile's severity and parameters.
struct ActiveRule {
  const Rule* rule = nullptr;
  const detail::CheckSpec* check = nullptr;
  model::Severity severity = model::Severity::error;
  const json* params = nullptr;
  std::size_t position = 0;  // in the rule set: the order its gaps are reported in
};

// Called once a customer is judged, with its relationships: what it held is no longer read.
using JudgedCustomer =
    std::function<void(const model::Customer&, const std::vector<const model::Relationship*>&)>;
// Called once the partner's rules have run (what only they read is no longer read), and once
// every customer is judged (what only customers' rules read is no longer read).
using Judged = std::function<void()>;

// The rules that take part, in rule order; the others are listed as not applicable or left out.
std::vector<ActiveRule> active_rules(const model::Snapshot& snapshot, const RuleSet& rules,
                                     const Profile& profile, model::Diagnosis& diagnosis) {
  std::vector<ActiveRule> active;
  for (std::size_t position = 0; position < rules.rules.size(); ++position) {
    const auto& rule = rules.rules[position];
    const auto* check = detail::find_check(rule.check);
    if (check == nullptr || !check->applies(profile) ||
        std::find(profile.disabled_rules.begin(), profile.disabled_rules.end(), rule.id) !=
            profile.disabled_rules.end()) {
      continue;
    }
    if (auto why = detail::not_applicable(rule.check, snapshot.partner)) {
      diagnosis.not_applicable.push_back({rule.id, rule.title, std::move(*why)});
      continue;
    }
    const auto severity_override = profile.severity_overrides.find(rule.id);
    const auto severity = severity_override != profile.severity_overrides.end()
                              ? severity_override->second
                              : rule.severity;
    const auto params_override = profile.parameter_overrides.find(rule.id);
    const json& params = params_override != profile.parameter_overrides.end()
                             ? params_override->second
                             : rule.params;
    diagnosis.evaluated_rules.push_back(
        {rule.id, rule.title, rule.requirement, severity, check->scope});
    active.push_back({&rule, check, severity, &params, position});
  }
  return active;
}

// Rule by rule for the partner, then customer by customer (every rule for one customer, its
// result, then the next), so that `judged` can let a customer's facts go before the next is read.
// The report does not depend on this order: findings are sorted and gaps put back in rule order.
model::Diagnosis evaluate_judging(const model::Snapshot& snapshot, const RuleSet& rules,
                                  const Profile& profile, const EvaluationOptions& options,
                                  const Judged& partner_judged, const JudgedCustomer& judged,
                                  const Judged& customers_judged) {
  model::Diagnosis diagnosis;
  diagnosis.generated_at = model::format_timestamp(options.now);
  diagnosis.profile = profile.name;
  diagnosis.collected_at = snapshot.collected_at;
  diagnosis.app = snapshot.app;

  std::vector<const model::Customer*> customers;
  for (const auto& customer : snapshot.customers) {
    const bool wanted =
        options.customers.empty() || std::find(options.customers.begin(), options.customers.end(),
                                               customer.tenant_id) != options.customers.end();
    if (wanted) {
      customers.push_back(&customer);
    }
  }

  detail::PartnerView partner = partner_view(snapshot.partner);
  const auto& partner_tid = snapshot.partner.tenant_id;
  const auto active = active_rules(snapshot, rules, profile, diagnosis);
  std::vector<detail::PendingGap> pending_gaps;
  SuppressionLedger ledger(options.suppressions, snapshot.partner, options.now);
  // Per finding: the suppression that accepts it, if any. A suppressed finding still explains
  // the gaps behind it (it is still true) until it moves to Diagnosis::suppressed below.
  std::vector<const Suppression*> finding_suppressions;
  // What each status-implying rule said about the customer being judged.
  std::vector<StatusEvidence> status_evidence;
  // Whether a finding so far shuts the customer being judged out, or every customer.
  bool shuts_out_customer = false;
  bool shuts_out_every_customer = false;

  const json run_values = partner_values(snapshot, profile);
  const auto record = [&](const ActiveRule& active_rule, const model::Customer* customer,
                          std::size_t customer_position, CheckResult result) {
    const Rule& rule = *active_rule.rule;
    const std::string& tenant_id = customer != nullptr ? customer->tenant_id : partner_tid;
    const Suppression* suppression = nullptr;
    if (auto* fail = std::get_if<detail::Fail>(&result)) {
      diagnosis.findings.push_back(make_finding(rule, active_rule.severity, tenant_id,
                                                fail->evidence, *active_rule.params,
                                                customer_values(customer), run_values));
      suppression = ledger.find(rule.id, customer);
      finding_suppressions.push_back(suppression);
      shuts_out_customer = shuts_out_customer || rule.shuts_out == ShutsOut::its_customer;
      shuts_out_every_customer =
          shuts_out_every_customer || rule.shuts_out == ShutsOut::every_customer;
    } else if (const auto* unknown = std::get_if<detail::Unknown>(&result)) {
      pending_gaps.push_back({{rule.id, tenant_id, unknown->reason, {}},
                              unknown->explained_by_check,
                              active_rule.position,
                              customer_position});
    }
    if (customer != nullptr && rule.status) {
      const auto* unknown = std::get_if<detail::Unknown>(&result);
      status_evidence.push_back(
          {*rule.status, std::holds_alternative<detail::Fail>(result) && suppression == nullptr,
           unknown != nullptr,
           unknown != nullptr ? rule.id + ": " + unknown->reason : std::string()});
    }
  };

  // The partner's rules first: some speak about every customer at once, before any is let go.
  for (const auto& active_rule : active) {
    if (active_rule.check->scope == model::RuleScope::partner) {
      record(active_rule, nullptr, 0,
             active_rule.check->run({snapshot, profile, *active_rule.params, options.now, partner,
                                     nullptr, nullptr, rules.catalogue, customers}));
    }
  }
  // A partner finding that shuts out every customer shuts out those gdapcheck never entered.
  const bool partner_shuts_out = shuts_out_every_customer;
  detail::add_partner_read_errors(diagnosis.errors, snapshot.partner);
  if (partner_judged) {
    partner_judged();
  }

  const json no_params = json::object();
  diagnosis.customers.reserve(customers.size());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const auto* customer = customers[i];
    const auto access = detail::gather_access(partner, *customer, options.now);
    status_evidence.clear();
    shuts_out_customer = false;
    for (const auto& active_rule : active) {
      if (active_rule.check->scope == model::RuleScope::customer) {
        record(active_rule, customer, i + 1,
               active_rule.check->run({snapshot, profile, *active_rule.params, options.now, partner,
                                       customer, &access, rules.catalogue, customers}));
      }
    }
    model::CustomerResult result;
    result.tenant_id = customer->tenant_id;
    result.display_name = customer->display_name;
    result.default_domain = customer->default_domain;
    result.status = derive_status(status_evidence, result.status_reason);
    result.relationships = relationship_summaries(partner, *customer);
    result.access_ends = access_ends(result.relationships);
    const detail::CheckInput input{snapshot, profile, no_params,       options.now, partner,
                                   customer, &access, rules.catalogue, customers};
    result.missing_roles = detail::customer_missing_roles(input);
    if (options.role_grid) {
      result.roles = detail::customer_role_coverage(input);
    }
    diagnosis.customers.push_back(std::move(result));

    const auto& relationships = partner.relationships_of(customer->tenant_id);
    const bool never_entered =
        customer->sign_in.state() == model::Fact<model::SignIn>::State::not_collected;
    detail::add_customer_read_errors(diagnosis.errors, *customer, relationships,
                                     shuts_out_customer || (partner_shuts_out && never_entered));
    if (judged) {
      judged(*customer, relationships);
    }
  }
  // Nothing reads a relationship once every customer is judged; the index of them goes here, the
  // relationships themselves (a large partner's largest list) with `customers_judged`.
  partner.relationships_by_customer.clear();
  if (customers_judged) {
    customers_judged();
  }

  diagnosis.inconclusive = detail::settle_gaps(std::move(pending_gaps), diagnosis.findings, rules,
                                               customers, partner_tid);

  diagnosis.suppressed = set_apart(diagnosis.findings, finding_suppressions);
  stable_sort_in_place(diagnosis.findings, finding_order);
  stable_sort_in_place(diagnosis.suppressed,
                       [](const model::SuppressedFinding& a, const model::SuppressedFinding& b) {
                         return finding_order(a.finding, b.finding);
                       });
  diagnosis.warnings = ledger.warnings(snapshot, customers);

  const auto& p = snapshot.partner;
  diagnosis.partner.tenant_id = p.tenant_id;
  diagnosis.partner.display_name = p.display_name;
  diagnosis.partner.user_id = p.user.id;
  diagnosis.partner.upn = p.user.upn;
  diagnosis.partner.app_only = p.sign_in == model::SignInKind::app;
  if (p.amr.ok()) {
    diagnosis.partner.mfa = model::amr_shows_mfa(p.amr.value());
  }
  if (p.directory_roles.ok()) {
    diagnosis.partner.global_admin =
        model::includes_global_administrator(p.directory_roles.value());
  }
  diagnosis.partner.in_admin_agents = partner.in_admin_agents;
  detail::explain_failures(diagnosis, snapshot, rules.catalogue);
  return diagnosis;
}

// Lower-case tenant ids that more than one customer of the snapshot has (a broken snapshot):
// their relationships are read again for the next one, so they are kept.
std::set<std::string> repeated_tenants(const model::Snapshot& snapshot) {
  std::vector<std::string> ids;
  ids.reserve(snapshot.customers.size());
  for (const auto& customer : snapshot.customers) {
    ids.push_back(model::lowercase(customer.tenant_id));
  }
  std::sort(ids.begin(), ids.end());
  std::set<std::string> repeated;
  for (std::size_t i = 1; i < ids.size(); ++i) {
    if (ids[i] == ids[i - 1]) {
      repeated.insert(ids[i]);
    }
  }
  return repeated;
}

}  // namespace

model::Diagnosis evaluate(const model::Snapshot& snapshot, const RuleSet& rules,
                          const Profile& profile, const EvaluationOptions& options) {
  return evaluate_judging(snapshot, rules, profile, options, nullptr, nullptr, nullptr);
}

model::Diagnosis evaluate(model::Snapshot&& snapshot, const RuleSet& rules, const Profile& profile,
                          const EvaluationOptions& options) {
  const auto repeated = repeated_tenants(snapshot);
  const auto let_go = [&](const model::Customer& judged,
                          const std::vector<const model::Relationship*>& relationships) {
    // What only this customer's rules read. Its names, domains and sign-in stay: suppressions,
    // error explanations and the partner's "shuts out every customer" still look at them.
    auto& customer =
        snapshot.customers[static_cast<std::size_t>(&judged - snapshot.customers.data())];
    customer.service_principals = {};
    customer.conditional_access_policies = {};
    customer.integration_app = {};
    customer.integration_consent = {};
    if (!snapshot.partner.relationships.ok() ||
        repeated.contains(model::lowercase(customer.tenant_id))) {
      return;
    }
    // Its relationships whole: nothing after a customer's judgement reads them (the summaries
    // in its result are copies), and their names and dates are most of what they hold. Moved
    // out and dropped: assigning an empty one would keep the strings' buffers.
    auto& all = snapshot.partner.relationships.value();
    for (const auto* relationship : relationships) {
      auto& owned = all[static_cast<std::size_t>(relationship - all.data())];
      const model::Relationship dropped = std::move(owned);
      owned = {};
    }
  };
  // The contracts: only the partner's rules read them (whether there are any, how many).
  const auto partner_judged = [&] {
    if (snapshot.partner.contracts.ok()) {
      std::vector<model::Contract>().swap(snapshot.partner.contracts.value());
    }
  };
  // The relationships' slots: each was emptied when its customer was judged, and together they
  // still take as much as the customers' own list.
  const auto customers_judged = [&] {
    if (snapshot.partner.relationships.ok()) {
      std::vector<model::Relationship>().swap(snapshot.partner.relationships.value());
    }
  };
  return evaluate_judging(snapshot, rules, profile, options, partner_judged, let_go,
                          customers_judged);
}

}  // namespace gdap::rules
