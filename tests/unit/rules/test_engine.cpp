// The engine as a whole: the healthy snapshot under every profile, gaps that a finding explains,
// status derivation, ordering and customer selection.

#include "unit/rules/fixture.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/errors/recognise.hpp"
#include "gdapcheck/model/snapshot_json.hpp"

#include <set>

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

using model::CustomerStatus;
using rules::StatusEvidence;

StatusEvidence fired(CustomerStatus status) {
  return {status, true, false, {}};
}
StatusEvidence passed(CustomerStatus status) {
  return {status, false, false, {}};
}
StatusEvidence undecided(CustomerStatus status, std::string reason) {
  return {status, false, true, std::move(reason)};
}

}  // namespace

TEST_CASE("The healthy snapshot has no finding, no gap and an active customer", "[rules]") {
  // Each profile's own extra requirements are met on top of the healthy default.
  const std::vector<std::pair<std::string, std::vector<std::string>>> profiles = {
      {"default", {}},
      {"syncro", {}},
      {"cipp", roles({"Billing Administrator", "Global Reader", "Domain Name Administrator"})},
      {"sync365", roles({"Global Reader"})},
      {"entra-sync", {}},
  };
  for (const auto& [profile, extra_roles] : profiles) {
    CAPTURE(profile);
    const auto diagnosis = diagnose(SnapshotBuilder().grant_roles(extra_roles), profile);
    CHECK(rule_ids(diagnosis).empty());
    CHECK(diagnosis.inconclusive.empty());
    CHECK(diagnosis.errors.empty());
    CHECK(diagnosis.complete());
    CHECK(status_of(diagnosis) == "active");
    CHECK(the_customer(diagnosis).status_reason.empty());
    CHECK(diagnosis.profile == profile);
    CHECK(diagnosis.partner.mfa == true);
    CHECK(diagnosis.partner.in_admin_agents == true);
    CHECK(diagnosis.generated_at == "2026-11-22T10:00:00Z");
  }
}

TEST_CASE("Every shipped rule is evaluated by some shipped profile", "[rules]") {
  std::set<std::string> evaluated;
  for (const auto& name : rules::profile_names(shipped_folders())) {
    // As run, and with --app naming an integration app.
    for (const auto& profile :
         {shipped_profile(name),
          rules::with_integration_app(shipped_profile(name),
                                      "5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e")}) {
      const auto diagnosis =
          rules::evaluate(SnapshotBuilder().build(), shipped_rules(), profile, {k_now, {}, {}});
      for (const auto& rule : diagnosis.evaluated_rules) {
        evaluated.insert(rule.rule_id);
      }
    }
  }
  for (const auto& rule : shipped_rules().rules) {
    CAPTURE(rule.id);
    CHECK(evaluated.count(rule.id) == 1);
  }
}

TEST_CASE("Empty relationship list and an account outside AdminAgents", "[rules]") {
  // Graph answers an empty list when the caller is not in AdminAgents: the GDAP rules cannot tell,
  // and the AdminAgents finding explains why, so the run is still complete.
  const auto diagnosis = diagnose(SnapshotBuilder().no_relationships().not_in_admin_agents());
  CHECK(rule_ids(diagnosis) == std::vector<std::string>{"csp.user-not-in-adminagents"});
  for (const char* rule_id : {"csp.no-customer-relationships", "gdap.missing-admin-relationship",
                              "gdap.relationship-expired", "gdap.relationship-expiring",
                              "gdap.global-admin-blocks-auto-extend", "gdap.missing-security-group",
                              "gdap.user-not-in-security-group", "gdap.missing-roles",
                              "gdap.access-assignment-not-active"}) {
    CAPTURE(rule_id);
    const auto gap = the_gap(diagnosis, rule_id);
    CHECK(gap.blocked_by == "csp.user-not-in-adminagents");
    CHECK_THAT(gap.reason, Contains("not in AdminAgents"));
  }
  CHECK(diagnosis.complete());
  const auto& customer = the_customer(diagnosis);
  CHECK(customer.status == CustomerStatus::unknown);
  CHECK_THAT(customer.status_reason, Contains("not in AdminAgents"));
  // Nothing is known about the customer's roles: no guess either way.
  CHECK_FALSE(customer.missing_roles.has_value());
}

TEST_CASE("A failed customer sign-in explains the customer-side checks it stopped", "[rules]") {
  const auto diagnosis = diagnose(SnapshotBuilder().sign_in_failed("invalid_grant", {53003},
                                                                   "AADSTS53003: Access has been "
                                                                   "blocked by Conditional Access"),
                                  "syncro");
  CHECK(rule_ids(diagnosis) == std::vector<std::string>{"tenant.sign-in-failed"});
  for (const char* rule_id :
       {"tenant.missing-service-principal", "tenant.conditional-access-blocks-partner"}) {
    CAPTURE(rule_id);
    const auto gap = the_gap(diagnosis, rule_id);
    CHECK(gap.tenant_id == k_customer_tenant);
    CHECK(gap.blocked_by == "tenant.sign-in-failed");
  }
  CHECK(diagnosis.errors.empty());  // the unread customer facts are consequences, not errors
  CHECK(diagnosis.complete());
  CHECK(status_of(diagnosis) == "access_denied");
}

TEST_CASE("A gap whose explaining finding did not fire counts as incomplete", "[rules]") {
  // The sign-in succeeded, so nothing explains the unread conditional access policies.
  const auto diagnosis = diagnose(SnapshotBuilder().ca_policies_unread("403 Forbidden"));
  const auto gap = the_gap(diagnosis, "tenant.conditional-access-blocks-partner");
  CHECK(gap.blocked_by.empty());
  REQUIRE(diagnosis.errors.size() == 1);
  CHECK(diagnosis.errors[0].tenant_id == k_customer_tenant);
  CHECK(diagnosis.errors[0].operation == "conditionalAccessPolicies");
  CHECK(diagnosis.errors[0].message == "403 Forbidden");
  CHECK_FALSE(diagnosis.complete());
}

TEST_CASE("A failed Graph read carries what `gdapcheck explain` says about its error", "[rules]") {
  constexpr const char* k_message =
      "403 Authorization_RequestDenied: Insufficient privileges to complete the operation.";
  const auto diagnosis = diagnose(SnapshotBuilder().ca_policies_unread(k_message));
  REQUIRE(diagnosis.errors.size() == 1);
  const auto& explained = diagnosis.errors[0].explanation;
  REQUIRE(explained.has_value());
  // The same entry and words as `gdapcheck explain` pasted the same message…
  const auto& catalogue = shipped_rules().catalogue;
  const auto pasted = errors::recognise(catalogue, k_message);
  REQUIRE_FALSE(pasted.matches.empty());
  const auto said = errors::explain(*pasted.matches.front().entry, pasted.evidence);
  CHECK(explained->id == "graph.authorization-requestdenied");
  // Interned texts compare as the text they view.
  CHECK(explained->id.view() == said.id.view());
  CHECK(explained->title.view() == said.title.view());
  CHECK(explained->meaning.view() == said.meaning.view());
  CHECK(explained->causes == said.causes);
  CHECK(explained->rule_ids == said.rule_ids);
  CHECK(explained->fix.size() == said.fix.size());
  // …filled in with the customer the report knows, which the message itself does not name.
  CHECK(explained->confirm == "gdapcheck tenant " + std::string(k_customer_tenant));
  CHECK(said.confirm == "gdapcheck tenant");
  // The gap the failed read leaves carries it too.
  const auto gap = the_gap(diagnosis, "tenant.conditional-access-blocks-partner");
  REQUIRE(gap.explanation.has_value());
  CHECK(gap.explanation->id.view() == explained->id.view());
}

TEST_CASE("A failed read the catalogue does not know carries no explanation", "[rules]") {
  const auto diagnosis = diagnose(SnapshotBuilder().ca_policies_unread("connection reset"));
  REQUIRE(diagnosis.errors.size() == 1);
  CHECK_FALSE(diagnosis.errors[0].explanation.has_value());
}

TEST_CASE("derive_status: the worst implied status wins", "[rules]") {
  // Precedence, worst first (design §4).
  const std::vector<CustomerStatus> order = {
      CustomerStatus::missing_admin_relationship,
      CustomerStatus::expired,
      CustomerStatus::missing_security_group,
      CustomerStatus::missing_roles,
      CustomerStatus::access_denied,
      CustomerStatus::expiring,
  };
  std::string reason = "stale";
  CHECK(rules::derive_status({}, reason) == CustomerStatus::active);
  CHECK(reason.empty());
  std::vector<StatusEvidence> all_passed;
  for (const auto status : order) {
    all_passed.push_back(passed(status));
  }
  CHECK(rules::derive_status(all_passed, reason) == CustomerStatus::active);

  for (std::size_t worse = 0; worse < order.size(); ++worse) {
    for (std::size_t better = worse + 1; better < order.size(); ++better) {
      CAPTURE(model::to_string(order[worse]), model::to_string(order[better]));
      // Either order of evidence gives the worse status.
      CHECK(rules::derive_status({fired(order[better]), fired(order[worse])}, reason) ==
            order[worse]);
      CHECK(rules::derive_status({fired(order[worse]), fired(order[better])}, reason) ==
            order[worse]);
      CHECK(reason.empty());
    }
  }
}

TEST_CASE("derive_status: an undecided rule makes the customer unknown, with its reason",
          "[rules]") {
  std::string reason;
  SECTION("undecided alone") {
    CHECK(rules::derive_status({undecided(CustomerStatus::missing_roles,
                                          "gdap.missing-roles: memberships were not read")},
                               reason) == CustomerStatus::unknown);
    CHECK(reason == "gdap.missing-roles: memberships were not read");
  }
  SECTION("an undecided worse status outranks a better one that fired: never a guess") {
    CHECK(rules::derive_status({fired(CustomerStatus::expiring),
                                undecided(CustomerStatus::missing_admin_relationship, "why")},
                               reason) == CustomerStatus::unknown);
    CHECK(reason == "why");
  }
  SECTION("a worse status that fired outranks a better undecided one") {
    CHECK(rules::derive_status({undecided(CustomerStatus::access_denied, "sign-in not tried"),
                                fired(CustomerStatus::missing_roles)},
                               reason) == CustomerStatus::missing_roles);
    CHECK(reason.empty());
  }
  SECTION("one rule decided and fired, another of the same status undecided: it fired") {
    CHECK(rules::derive_status({undecided(CustomerStatus::missing_security_group, "a"),
                                fired(CustomerStatus::missing_security_group)},
                               reason) == CustomerStatus::missing_security_group);
  }
  SECTION("the first undecided reason of the worst undecided status is given") {
    CHECK(rules::derive_status({undecided(CustomerStatus::expiring, "late"),
                                undecided(CustomerStatus::expired, "first"),
                                undecided(CustomerStatus::expired, "second")},
                               reason) == CustomerStatus::unknown);
    CHECK(reason == "first");
  }
}

TEST_CASE("Status through the engine follows the same precedence", "[rules]") {
  // Missing roles and an expiring relationship: missing_roles is worse.
  const auto without = std::vector<std::string>{role("Exchange Administrator")};
  const auto diagnosis = diagnose(SnapshotBuilder()
                                      .assignment_roles(without)
                                      .relationship_roles(without)
                                      .without_auto_extend()
                                      .relationship_ends_in_days(2));
  CHECK(fires(diagnosis, "gdap.missing-roles"));
  CHECK(status_of(diagnosis) == "missing_roles");
}

TEST_CASE("Findings are sorted by severity, then rule id, then tenant", "[rules]") {
  SnapshotBuilder builder;
  builder.without_mfa()
      .relationship_roles({role("Global Administrator")})
      .assignment_roles({role("Global Administrator")});
  model::Customer second = builder.customer();
  second.tenant_id = "00000000-0000-4000-8000-0000000000a1";
  second.display_name = "Adatum";
  auto adatum = make_relationship("r-adatum", "Adatum GDAP", {role("Global Administrator")});
  adatum.customer_tenant_id = second.tenant_id;
  adatum.access_assignments->push_back(
      make_assignment("a-adatum", k_gdap_group, k_gdap_group_name, {role("Global Administrator")}));
  builder.add_relationship(adatum);
  builder.snapshot().customers.push_back(second);
  const auto diagnosis = diagnose(builder);
  CHECK(rule_ids(diagnosis) == std::vector<std::string>{"csp.mfa-not-prompted",
                                                        "gdap.global-admin-blocks-auto-extend",
                                                        "gdap.global-admin-blocks-auto-extend"});
  REQUIRE(diagnosis.findings.size() == 3);
  CHECK(diagnosis.findings[1].tenant_id == second.tenant_id);
  CHECK(diagnosis.findings[2].tenant_id == k_customer_tenant);
}

TEST_CASE("Only the selected customers are diagnosed", "[rules]") {
  SnapshotBuilder builder;
  model::Customer second = builder.customer();
  second.tenant_id = "00000000-0000-4000-8000-0000000000a1";
  second.display_name = "Adatum";
  second.default_domain = "adatum.onmicrosoft.com";
  second.domains = {"adatum.com"};
  builder.snapshot().customers.push_back(second);
  const auto snapshot = builder.build();

  const auto diagnosis = rules::evaluate(snapshot, shipped_rules(), shipped_profile("default"),
                                         {k_now, {second.tenant_id}, {}});
  REQUIRE(diagnosis.customers.size() == 1);
  CHECK(diagnosis.customers[0].display_name == "Adatum");
  // Adatum has no relationship; only its finding is reported.
  CHECK(rule_ids(diagnosis) == std::vector<std::string>{"gdap.missing-admin-relationship"});
}

TEST_CASE("The customer summary lists its relationships with role names", "[rules]") {
  const auto diagnosis = diagnose(SnapshotBuilder());
  const auto& customer = the_customer(diagnosis);
  REQUIRE(customer.relationships.size() == 1);
  const auto& relationship = customer.relationships[0];
  CHECK(relationship.id == k_relationship_id);
  CHECK(relationship.status == "active");
  CHECK(relationship.auto_extend_duration == "P180D");
  CHECK(relationship.end_date_time == days_from_now(180));
  CHECK(relationship.roles.size() == 12);
  CHECK(relationship.roles.front() == "Application Administrator");
}

TEST_CASE("The engine judges when access ends and whether it auto-extends", "[rules]") {
  SECTION("the active relationship decides, with its auto-extension") {
    const auto diagnosis = diagnose(SnapshotBuilder());
    const auto& customer = the_customer(diagnosis);
    REQUIRE(customer.access_ends);
    CHECK(customer.access_ends->end_date_time == days_from_now(180));
    CHECK(customer.access_ends->auto_extends);
    CHECK(customer.relationships[0].auto_extends);
  }
  SECTION("PT0S, P0D and a duration under a day do not renew") {
    for (const char* duration : {"PT0S", "P0D", "PT12H"}) {
      SnapshotBuilder builder;
      builder.relationship().auto_extend_duration = duration;
      const auto diagnosis = diagnose(builder);
      const auto& customer = the_customer(diagnosis);
      INFO(duration);
      CHECK_FALSE(customer.relationships[0].auto_extends);
      REQUIRE(customer.access_ends);
      CHECK_FALSE(customer.access_ends->auto_extends);
    }
  }
  SECTION("an active relationship decides before a later-ending inactive one") {
    auto later = make_relationship("r-later", "Later, terminated", default_roles(), 400);
    later.status = "terminated";
    const auto diagnosis =
        diagnose(SnapshotBuilder().without_auto_extend().add_relationship(later));
    const auto& customer = the_customer(diagnosis);
    REQUIRE(customer.access_ends);
    CHECK(customer.access_ends->end_date_time == days_from_now(180));
    CHECK_FALSE(customer.access_ends->auto_extends);
  }
  SECTION("with no active relationship, the one that ended last decides") {
    auto older = make_relationship("r-older", "Older", default_roles(), -300);
    older.status = "expired";
    const auto diagnosis = diagnose(SnapshotBuilder()
                                        .relationship_status("expired")
                                        .relationship_ends_in_days(-10)
                                        .add_relationship(older));
    const auto& customer = the_customer(diagnosis);
    REQUIRE(customer.access_ends);
    CHECK(customer.access_ends->end_date_time == days_from_now(-10));
  }
}

TEST_CASE("Profile severity overrides and disabled rules apply", "[rules]") {
  std::vector<model::Problem> problems;
  const auto profile = rules::parse_profile(
      R"({"name": "relaxed", "requiredRoles": ["Exchange Administrator"],
          "disabledRules": ["csp.mfa-not-prompted"],
          "severity": {"gdap.global-admin-blocks-auto-extend": "info"}})",
      "relaxed.json", shipped_rules(), problems);
  REQUIRE(problems.empty());
  REQUIRE(profile);
  const auto snapshot =
      SnapshotBuilder().without_mfa().relationship_roles({role("Global Administrator")}).build();
  const auto diagnosis = rules::evaluate(snapshot, shipped_rules(), *profile, {k_now, {}, {}});
  CHECK_FALSE(fires(diagnosis, "csp.mfa-not-prompted"));
  CHECK(the_finding(diagnosis, "gdap.global-admin-blocks-auto-extend").severity ==
        model::Severity::info);
}

}  // namespace gdap::test

namespace gdap::test {

TEST_CASE("A saved and re-read snapshot diagnoses the same as the original", "[rules]") {
  // A fact the collector did not collect (here: service principals, which the default profile
  // does not need) must not turn into a read error once the snapshot is saved and read back.
  SnapshotBuilder builder;
  builder.customer().service_principals = model::Fact<std::vector<model::ServicePrincipal>>{};
  builder.partner().contracts = model::Fact<std::vector<model::Contract>>{};
  const auto original = builder.build();
  const auto reread = model::parse_snapshot(model::to_json(original).dump(), "saved.json");
  const auto before = diagnose(original);
  const auto after = diagnose(reread);
  CHECK(before.errors.empty());
  CHECK(after.errors.size() == before.errors.size());
  CHECK(after.complete() == before.complete());
  CHECK(rule_ids(after) == rule_ids(before));
  CHECK(after.inconclusive.size() == before.inconclusive.size());
}

}  // namespace gdap::test
