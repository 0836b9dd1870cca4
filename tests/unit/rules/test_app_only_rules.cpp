// App-only runs: MFA is not applicable (never unknown, never a pass), and without a named account
// the account's GDAP path is not applicable either; with one, its findings are a delegated run's.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

// What an app-only collection records: no amr claim to read, and (without --user) no account.
SnapshotBuilder app_only(SnapshotBuilder builder, bool named_account) {
  auto& partner = builder.snapshot().partner;
  partner.sign_in = model::SignInKind::app;
  partner.amr = model::Fact<std::vector<std::string>>::not_collected(
      "an app-only token has no user and no MFA claim");
  if (!named_account) {
    partner.user = {};
    partner.directory_roles = model::Fact<std::vector<std::string>>::not_collected("no account");
    partner.group_memberships = model::Fact<std::vector<model::Group>>::not_collected("no account");
  }
  return builder;
}

const model::NotApplicable* not_applicable(const model::Diagnosis& diagnosis,
                                           std::string_view rule_id) {
  for (const auto& rule : diagnosis.not_applicable) {
    if (rule.rule_id == rule_id) {
      return &rule;
    }
  }
  return nullptr;
}

bool was_evaluated(const model::Diagnosis& diagnosis, std::string_view rule_id) {
  return std::any_of(diagnosis.evaluated_rules.begin(), diagnosis.evaluated_rules.end(),
                     [&](const model::EvaluatedRule& rule) { return rule.rule_id == rule_id; });
}

}  // namespace

TEST_CASE("app-only: MFA is not applicable, with the reason", "[rules]") {
  const auto diagnosis = diagnose(app_only(SnapshotBuilder(), true));
  const auto* mfa = not_applicable(diagnosis, "csp.mfa-not-prompted");
  REQUIRE(mfa != nullptr);
  CHECK_THAT(mfa->reason, Contains("no user and no MFA claim"));
  CHECK_FALSE(fires(diagnosis, "csp.mfa-not-prompted"));
  CHECK_FALSE(was_evaluated(diagnosis, "csp.mfa-not-prompted"));  // never counted as a pass
  CHECK(diagnosis.inconclusive.empty());                          // never unknown
  CHECK(diagnosis.complete());
  CHECK(diagnosis.partner.app_only);
  CHECK_FALSE(diagnosis.partner.mfa.has_value());
  CHECK(status_of(diagnosis) == "active");
}

TEST_CASE("app-only: a delegated run's missing MFA still fires", "[rules]") {
  const auto diagnosis = diagnose(SnapshotBuilder().without_mfa());
  CHECK(fires(diagnosis, "csp.mfa-not-prompted"));
  CHECK(diagnosis.not_applicable.empty());
}

TEST_CASE("app-only: without --user the account's path is not applicable", "[rules]") {
  const auto diagnosis = diagnose(app_only(SnapshotBuilder().not_in_gdap_group(), false));
  for (const auto* rule :
       {"gdap.user-not-in-security-group", "gdap.missing-roles", "csp.user-not-in-adminagents"}) {
    const auto* found = not_applicable(diagnosis, rule);
    REQUIRE(found != nullptr);
    CHECK_THAT(found->reason, Contains("--user"));
    CHECK_FALSE(fires(diagnosis, rule));
  }
  CHECK(diagnosis.complete());
  // The relationship side is still checked.
  CHECK(was_evaluated(diagnosis, "gdap.missing-security-group"));
}

TEST_CASE("app-only: with --user, the account's missing group is the delegated finding",
          "[rules]") {
  const auto delegated = diagnose(SnapshotBuilder().not_in_gdap_group());
  const auto app = diagnose(app_only(SnapshotBuilder().not_in_gdap_group(), true));
  const auto expected = the_finding(delegated, "gdap.user-not-in-security-group");
  const auto got = the_finding(app, "gdap.user-not-in-security-group");
  CHECK(got.detail == expected.detail);
  CHECK(got.remediation == expected.remediation);
  CHECK(got.evidence == expected.evidence);
  REQUIRE(app.not_applicable.size() == 1);
  CHECK(app.not_applicable.front().rule_id == "csp.mfa-not-prompted");
}

}  // namespace gdap::test
