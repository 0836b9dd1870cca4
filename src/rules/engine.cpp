#include "gdapcheck/rules/engine.hpp"

#include "access.hpp"
#include "checks.hpp"
#include "template.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/catalog.hpp"

#include <algorithm>
#include <map>

namespace gdap::rules {

using detail::CheckResult;
using model::CustomerStatus;
using nlohmann::json;

namespace {

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
  }
  return view;
}

json context_values(const model::Snapshot& snapshot, const model::Customer* customer,
                    const Profile& profile) {
  json values = {{"partner", snapshot.partner.display_name},
                 {"partnerTenantId", snapshot.partner.tenant_id},
                 {"upn", snapshot.partner.user.upn},
                 {"profile", profile.name},
                 {"signInCommand", detail::sign_in_command(snapshot)}};
  if (customer != nullptr) {
    values["customer"] =
        customer->display_name.empty() ? customer->tenant_id : customer->display_name;
    values["customerTenantId"] = customer->tenant_id;
    values["customerDomain"] = customer->default_domain;
  }
  return values;
}

model::Finding make_finding(const Rule& rule, model::Severity severity,
                            const std::string& tenant_id, const json& evidence, const json& params,
                            json values) {
  for (const auto& item : params.items()) {
    values[item.key()] = item.value();
  }
  for (const auto& item : evidence.items()) {
    values[item.key()] = item.value();
  }
  model::Finding finding;
  finding.rule_id = rule.id;
  finding.severity = severity;
  finding.tenant_id = tenant_id;
  finding.title = detail::render(rule.title, values);
  finding.detail = detail::render(rule.detail, values);
  finding.evidence = evidence;
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
  finding.references = rule.references;
  return finding;
}

std::vector<model::RelationshipSummary> relationship_summaries(const detail::PartnerView& partner,
                                                               const model::Customer& customer) {
  std::vector<model::RelationshipSummary> summaries;
  for (const auto* relationship : partner.relationships_of(customer.tenant_id)) {
    summaries.push_back({relationship->id, relationship->display_name, relationship->status,
                         relationship->end_date_time, relationship->auto_extend_duration,
                         detail::role_names(relationship->roles),
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

template <typename T>
void add_read_error(std::vector<model::ReadError>& errors, const std::string& tenant_id,
                    const std::string& operation, const model::Fact<T>& fact) {
  if (fact.read_failed()) {
    errors.push_back({tenant_id, operation, fact.reason()});
  }
}

// Failed reads, except those inside a customer that a finding already shows we cannot enter.
std::vector<model::ReadError> read_errors(const model::Snapshot& snapshot,
                                          const detail::PartnerView& view,
                                          const std::vector<const model::Customer*>& customers,
                                          const std::map<std::string, std::string>& blockers) {
  std::vector<model::ReadError> errors;
  const auto& partner = snapshot.partner;
  const auto& tid = partner.tenant_id;
  add_read_error(errors, tid, "amr", partner.amr);
  add_read_error(errors, tid, "directoryRoles", partner.directory_roles);
  add_read_error(errors, tid, "groupMemberships", partner.group_memberships);
  add_read_error(errors, tid, "adminAgentsGroup", partner.admin_agents_group);
  add_read_error(errors, tid, "contracts", partner.contracts);
  add_read_error(errors, tid, "relationships", partner.relationships);
  for (const auto* customer : customers) {
    const auto& ctid = customer->tenant_id;
    for (const auto* relationship : view.relationships_of(ctid)) {
      add_read_error(errors, ctid,
                     "accessAssignments(" + detail::relationship_label(*relationship) + ")",
                     relationship->access_assignments);
    }
    if (blockers.contains(ctid)) {
      continue;
    }
    add_read_error(errors, ctid, "signIn", customer->sign_in);
    add_read_error(errors, ctid, "servicePrincipals", customer->service_principals);
    add_read_error(errors, ctid, "conditionalAccessPolicies",
                   customer->conditional_access_policies);
    add_read_error(errors, ctid, "integrationApp", customer->integration_app);
    if (customer->integration_app.ok()) {
      add_read_error(errors, ctid, "grantedGraphAppRoles",
                     customer->integration_app->granted_graph_app_roles);
    }
    add_read_error(errors, ctid, "integrationConsent", customer->integration_consent);
    if (customer->integration_consent.ok()) {
      const auto& consent = customer->integration_consent.value();
      add_read_error(errors, ctid, "integrationResources", consent.resources);
      for (const auto& app : consent.apps) {
        add_read_error(errors, ctid, "delegatedGrants(" + app.wanted + ")", app.delegated_grants);
        add_read_error(errors, ctid, "appRoleAssignments(" + app.wanted + ")",
                       app.app_role_assignments);
      }
    }
  }
  return errors;
}

// What the report knows about the tenant a failure happened in, for the catalogue's templates
// (the message itself rarely names the customer).
errors::Evidence known_evidence(const model::Snapshot& snapshot, const std::string& tenant_id) {
  std::string name;
  for (const auto& customer : snapshot.customers) {
    if (model::equals_ignoring_case(customer.tenant_id, tenant_id)) {
      name = customer.display_name;
    }
  }
  return detail::known_evidence(snapshot, tenant_id, name);
}

// Failed reads and the gaps they leave carry what `gdapcheck explain` says about their error.
void explain_failures(model::Diagnosis& diagnosis, const model::Snapshot& snapshot,
                      const errors::Catalogue& catalogue) {
  for (auto& error : diagnosis.errors) {
    error.explanation = errors::explain_message(catalogue, error.message,
                                                known_evidence(snapshot, error.tenant_id));
  }
  for (auto& gap : diagnosis.inconclusive) {
    if (gap.blocked_by.empty()) {
      gap.explanation =
          errors::explain_message(catalogue, gap.reason, known_evidence(snapshot, gap.tenant_id));
    }
  }
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

model::Diagnosis evaluate(const model::Snapshot& snapshot, const RuleSet& rules,
                          const Profile& profile, const EvaluationOptions& options) {
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

  const detail::PartnerView partner = partner_view(snapshot.partner);
  const auto& partner_tid = snapshot.partner.tenant_id;
  std::vector<detail::CustomerAccess> accesses;
  accesses.reserve(customers.size());
  for (const auto* customer : customers) {
    accesses.push_back(detail::gather_access(partner, *customer, options.now));
  }
  // Per customer: what each status-implying rule said, for the status derivation.
  std::map<std::string, std::vector<StatusEvidence>> status_evidence;
  std::vector<model::Inconclusive> pending_gaps;
  std::vector<std::string> explaining_checks;  // per pending gap: Unknown::explained_by_check
  SuppressionLedger ledger(options.suppressions, snapshot.partner, options.now);
  // Per finding: the suppression that accepts it, if any. A suppressed finding still explains
  // the gaps behind it (it is still true) until it moves to Diagnosis::suppressed below.
  std::vector<const Suppression*> finding_suppressions;

  for (const auto& rule : rules.rules) {
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

    const auto record = [&](const model::Customer* customer, const CheckResult& result) {
      const std::string& tenant_id = customer != nullptr ? customer->tenant_id : partner_tid;
      const Suppression* suppression = nullptr;
      if (const auto* fail = std::get_if<detail::Fail>(&result)) {
        diagnosis.findings.push_back(make_finding(rule, severity, tenant_id, fail->evidence, params,
                                                  context_values(snapshot, customer, profile)));
        suppression = ledger.find(rule.id, customer);
        finding_suppressions.push_back(suppression);
      } else if (const auto* unknown = std::get_if<detail::Unknown>(&result)) {
        pending_gaps.push_back({rule.id, tenant_id, unknown->reason, {}});
        explaining_checks.push_back(unknown->explained_by_check);
      }
      if (customer != nullptr && rule.status) {
        const auto* unknown = std::get_if<detail::Unknown>(&result);
        status_evidence[customer->tenant_id].push_back(
            {*rule.status, std::holds_alternative<detail::Fail>(result) && suppression == nullptr,
             unknown != nullptr,
             unknown != nullptr ? rule.id + ": " + unknown->reason : std::string()});
      }
    };

    if (check->scope == model::RuleScope::partner) {
      record(nullptr, check->run({snapshot, profile, params, options.now, partner, nullptr, nullptr,
                                  rules.catalogue, customers}));
      continue;
    }
    for (std::size_t i = 0; i < customers.size(); ++i) {
      record(customers[i], check->run({snapshot, profile, params, options.now, partner,
                                       customers[i], &accesses[i], rules.catalogue, customers}));
    }
  }

  // A gap a check says another check explains: blocked by the rule of that check that fired for
  // the same tenant or the partner (none fired: the gap stays unexplained).
  for (std::size_t i = 0; i < pending_gaps.size(); ++i) {
    auto& gap = pending_gaps[i];
    if (explaining_checks[i].empty()) {
      continue;
    }
    for (const auto& finding : diagnosis.findings) {
      const Rule* rule = rules.find(finding.rule_id);
      if (rule != nullptr && rule->check == explaining_checks[i] &&
          (finding.tenant_id == gap.tenant_id || finding.tenant_id == partner_tid)) {
        gap.blocked_by = finding.rule_id;
        break;
      }
    }
  }

  // Checks that read inside a customer cannot run where nothing lets us in: a failed sign-in, no
  // relationship at all, or an account that cannot use any. Which findings shut whom out is the
  // rules' "shutsOut"; their gaps are consequences of that one finding.
  std::map<std::string, std::string> customer_blockers;
  for (const auto& finding : diagnosis.findings) {
    const Rule* rule = rules.find(finding.rule_id);
    if (rule != nullptr && rule->shuts_out == ShutsOut::its_customer) {
      customer_blockers.try_emplace(finding.tenant_id, finding.rule_id);
    }
  }
  // A partner finding that shuts out every customer explains the customers gdapcheck never
  // entered (no sign-in attempted), and only those: one it did enter was not kept out by it.
  for (const auto& finding : diagnosis.findings) {
    const Rule* rule = rules.find(finding.rule_id);
    if (rule == nullptr || rule->shuts_out != ShutsOut::every_customer) {
      continue;
    }
    for (const auto* customer : customers) {
      if (customer->sign_in.state() == model::Fact<model::SignIn>::State::not_collected) {
        customer_blockers.try_emplace(customer->tenant_id, finding.rule_id);
      }
    }
  }
  for (auto& gap : pending_gaps) {
    const Rule* rule = rules.find(gap.rule_id);
    const auto* check = rule != nullptr ? detail::find_check(rule->check) : nullptr;
    const auto blocker = customer_blockers.find(gap.tenant_id);
    if (gap.blocked_by.empty() && check != nullptr && check->reads_customer_tenant &&
        blocker != customer_blockers.end()) {
      gap.blocked_by = blocker->second;
    }
  }

  // A gap counts as explained only when the finding that explains it really fired.
  for (auto& gap : pending_gaps) {
    if (!gap.blocked_by.empty()) {
      const bool explained = std::any_of(
          diagnosis.findings.begin(), diagnosis.findings.end(), [&](const model::Finding& finding) {
            return finding.rule_id == gap.blocked_by &&
                   (finding.tenant_id == gap.tenant_id || finding.tenant_id == partner_tid);
          });
      if (!explained) {
        gap.blocked_by.clear();
      }
    }
    diagnosis.inconclusive.push_back(std::move(gap));
  }

  diagnosis.suppressed = set_apart(diagnosis.findings, finding_suppressions);
  std::stable_sort(diagnosis.findings.begin(), diagnosis.findings.end(), finding_order);
  std::stable_sort(diagnosis.suppressed.begin(), diagnosis.suppressed.end(),
                   [](const model::SuppressedFinding& a, const model::SuppressedFinding& b) {
                     return finding_order(a.finding, b.finding);
                   });
  diagnosis.warnings = ledger.warnings(snapshot, customers);

  for (std::size_t i = 0; i < customers.size(); ++i) {
    const auto* customer = customers[i];
    model::CustomerResult result;
    result.tenant_id = customer->tenant_id;
    result.display_name = customer->display_name;
    result.default_domain = customer->default_domain;
    result.status = derive_status(status_evidence[customer->tenant_id], result.status_reason);
    result.relationships = relationship_summaries(partner, *customer);
    result.access_ends = access_ends(result.relationships);
    const json no_params = json::object();
    const detail::CheckInput input{snapshot, profile,      no_params,       options.now, partner,
                                   customer, &accesses[i], rules.catalogue, customers};
    result.missing_roles = detail::customer_missing_roles(input);
    result.roles = detail::customer_role_coverage(input);
    diagnosis.customers.push_back(std::move(result));
  }

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
    diagnosis.partner.global_admin = detail::contains_id(
        p.directory_roles.value(), std::string(model::k_global_administrator_role));
  }
  diagnosis.partner.in_admin_agents = partner.in_admin_agents;
  diagnosis.errors = read_errors(snapshot, partner, customers, customer_blockers);
  explain_failures(diagnosis, snapshot, rules.catalogue);
  return diagnosis;
}

}  // namespace gdap::rules
