// gdapcheck's own access told apart from the customer's GDAP: a customer that refuses only
// gdapcheck's client is `unknown` (never access_denied), and one partner finding lists it.

#include "unit/rules/fixture.hpp"

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

const char* const k_graph_cli = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

model::Snapshot refusing_client(std::vector<long> codes, std::string client_id = k_graph_cli) {
  auto snapshot = SnapshotBuilder()
                      .sign_in_failed("invalid_grant", std::move(codes), "AADSTS: refused")
                      .build();
  snapshot.client_id = std::move(client_id);
  return snapshot;
}

}  // namespace

TEST_CASE("csp.gdapcheck-client-not-authorized", "[rules]") {
  SECTION("fires once, at partner level, with the consent link and both ways out") {
    const auto diagnosis = diagnose(refusing_client({90099}));
    const auto finding = the_finding(diagnosis, "csp.gdapcheck-client-not-authorized");
    CHECK(finding.tenant_id == k_partner_tenant);
    CHECK(finding.severity == model::Severity::warning);
    const std::string link = "https://login.microsoftonline.com/" + std::string(k_customer_tenant) +
                             "/adminconsent?client_id=" + k_graph_cli;
    REQUIRE(finding.evidence["customers"].size() == 1);
    CHECK(finding.evidence["customers"][0]["consentLink"] == link);
    CHECK(finding.evidence["customers"][0]["errorCodes"] == "AADSTS90099");
    CHECK_THAT(finding.detail, Contains("Fabrikam refused Microsoft Graph Command Line Tools"));
    CHECK_THAT(all_steps(finding), Contains("Fabrikam (AADSTS90099)"));
    CHECK_THAT(all_steps(finding), Contains(link));
    CHECK_THAT(all_steps(finding), Contains("--client-id"));
    CHECK_THAT(all_steps(finding), Contains("app-only"));
  }
  SECTION("the customer is unknown, never access_denied, and the run incomplete") {
    for (const long code : {90099L, 65001L, 700016L, 7000112L}) {
      INFO(code);
      const auto diagnosis = diagnose(refusing_client({code}));
      CHECK_FALSE(fires(diagnosis, "tenant.sign-in-failed"));
      CHECK(status_of(diagnosis) == "unknown");
      CHECK_THAT(the_customer(diagnosis).status_reason, Contains("gdapcheck's own client"));
      CHECK_THAT(the_gap(diagnosis, "tenant.sign-in-failed").reason,
                 Contains("not the partner account's GDAP access"));
      CHECK_FALSE(diagnosis.complete());
    }
  }
  SECTION("the customer's GDAP verdicts from the partner side still stand") {
    auto builder = SnapshotBuilder().not_in_gdap_group().sign_in_failed("invalid_grant", {90099},
                                                                        "AADSTS90099");
    auto snapshot = builder.build();
    snapshot.client_id = k_graph_cli;
    const auto diagnosis = diagnose(snapshot);
    CHECK(fires(diagnosis, "gdap.user-not-in-security-group"));
    CHECK(fires(diagnosis, "csp.gdapcheck-client-not-authorized"));
    CHECK(status_of(diagnosis) == "missing_security_group");
  }
  SECTION("names the partner's own app when gdapcheck ran with --client-id") {
    const auto finding =
        the_finding(diagnose(refusing_client({65001}, "0f0f0f0f-1111-4222-8333-444455556666")),
                    "csp.gdapcheck-client-not-authorized");
    CHECK_THAT(finding.detail, Contains("the app 0f0f0f0f-1111-4222-8333-444455556666"));
    CHECK_THAT(all_steps(finding),
               Contains("adminconsent?client_id=0f0f0f0f-1111-4222-8333-444455556666"));
  }
  SECTION("a snapshot without the client id says the link needs it") {
    const auto finding =
        the_finding(diagnose(refusing_client({90099}, "")), "csp.gdapcheck-client-not-authorized");
    CHECK(finding.evidence["clientIdUnknown"] == true);
    CHECK_THAT(all_steps(finding), Contains("with CLIENT-ID replaced"));
  }
  SECTION("a refusal of the account or its GDAP stays tenant.sign-in-failed / access_denied") {
    for (const long code : {50020L, 50076L, 53003L, 50177L, 50178L, 70043L, 530034L}) {
      INFO(code);
      const auto diagnosis = diagnose(refusing_client({code}));
      CHECK_FALSE(fires(diagnosis, "csp.gdapcheck-client-not-authorized"));
      CHECK(fires(diagnosis, "tenant.sign-in-failed"));
      CHECK(status_of(diagnosis) == "access_denied");
    }
  }
  SECTION("does not fire on the healthy example") {
    CHECK_FALSE(fires(diagnose(SnapshotBuilder()), "csp.gdapcheck-client-not-authorized"));
  }
  SECTION("says nothing about customers whose sign-in was not attempted") {
    // Their gaps belong to tenant.sign-in-failed; this rule speaks only of refusals it saw.
    const auto diagnosis = diagnose(SnapshotBuilder().sign_in_unread("timed out"));
    CHECK_FALSE(fires(diagnosis, "csp.gdapcheck-client-not-authorized"));
    CHECK(status_of(diagnosis) == "unknown");
  }
}

}  // namespace gdap::test
