// Evidence read from pasted text, secrets never read back out, and the explanation filled in.

#include "unit/errors/fixture.hpp"

#include "gdapcheck/report/explain.hpp"

#include <algorithm>

using Catch::Matchers::Contains;

namespace gdap::test {

namespace {

const char* const k_partner_tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const char* const k_customer_tenant = "5b18379b-2b4e-4c3a-9d1e-7f6a5b4c3d2e";
const char* const k_app = "00001111-aaaa-2222-bbbb-3333cccc4444";
const char* const k_trace = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const char* const k_correlation = "5f6e7d8c-9b0a-4f1e-8d2c-3b4a5f6e7d8c";

std::string issue_example() {
  return std::string(
             "AADSTS50020: User account 'tech@northwindit.com' from identity provider "
             "'https://sts.windows.net/") +
         k_partner_tenant + "/' does not exist in tenant 'Contoso' and cannot access the " +
         "application '" + k_app + "'(Contoso Sync) in that tenant. The account needs to be " +
         "added as an external user in the tenant first.\r\nTrace ID: " + k_trace +
         "\r\nCorrelation ID: " + k_correlation + "\r\nTimestamp: 2026-11-20 09:00:12Z";
}

}  // namespace

TEST_CASE("evidence: the ids, names and times an AADSTS message carries", "[errors]") {
  const auto evidence = errors::extract_evidence(issue_example());
  CHECK(evidence.tenant_names == std::vector<std::string>{"Contoso"});
  CHECK(evidence.target_tenant_name == "Contoso");
  // The identity provider's tenant is the account's home (the partner): listed, not the target.
  CHECK(evidence.tenant_ids == std::vector<std::string>{k_partner_tenant});
  CHECK(evidence.target_tenant_id.empty());
  CHECK(evidence.app_ids == std::vector<std::string>{k_app});
  CHECK(evidence.upns == std::vector<std::string>{"tech@northwindit.com"});
  CHECK(evidence.trace_id == k_trace);
  CHECK(evidence.correlation_id == k_correlation);
  CHECK(evidence.timestamp == "2026-11-20 09:00:12Z");
  CHECK_FALSE(evidence.http_status);
}

TEST_CASE("evidence: an OAuth JSON body, escapes and all", "[errors]") {
  const std::string body =
      std::string(
          R"({"error":"invalid_grant","error_description":"AADSTS90099: The application ')") +
      k_app + R"(' (Contoso Sync) has not been authorized in the tenant ')" + k_customer_tenant +
      R"('.\r\nTrace ID: )" + k_trace + R"(\r\nCorrelation ID: )" + k_correlation +
      R"(\r\nTimestamp: 2026-11-20 09:00:12Z","error_codes":[90099],"trace_id":")" + k_trace +
      R"(","correlation_id":")" + k_correlation + R"("})";
  const auto found = recognise(body);
  CHECK(first_id(found) == "aadsts.90099");
  CHECK(found.evidence.target_tenant_id == k_customer_tenant);
  CHECK(found.evidence.app_ids == std::vector<std::string>{k_app});
  CHECK(found.evidence.trace_id == k_trace);
  CHECK(found.evidence.correlation_id == k_correlation);
  const auto explained = errors::explain(*found.matches.front().entry, found.evidence);
  CHECK(explained.confirm == std::string("gdapcheck tenant ") + k_customer_tenant);
  CHECK_THAT(explained.fix[1], Contains(std::string("https://login.microsoftonline.com/") +
                                        k_customer_tenant + "/adminconsent?client_id=" + k_app));
}

TEST_CASE("evidence: tenants from sign-in URLs, HTML and 'tenant named'", "[errors]") {
  const auto from_url = errors::extract_evidence(
      std::string("POST https://login.microsoftonline.com/") + k_customer_tenant +
      "/oauth2/v2.0/token and https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0");
  CHECK(from_url.target_tenant_id == k_customer_tenant);
  CHECK(from_url.tenant_names == std::vector<std::string>{"contoso.onmicrosoft.com"});
  const auto from_html =
      errors::extract_evidence("<p>does not exist in tenant &#39;Fabrikam Inc&#39; and</p>");
  CHECK(from_html.target_tenant_name == "Fabrikam Inc");
  const auto named = errors::extract_evidence(
      "The resource principal named https://graph.microsoft.com was not found in the tenant "
      "named fabrikam.com. This can happen if");
  CHECK(named.target_tenant_name == "fabrikam.com");
  const auto placeholders = errors::extract_evidence("signing in to tenant 'organizations'");
  CHECK(placeholders.tenant_names.empty());
}

TEST_CASE("evidence: HTTP status, request id and ISO timestamps", "[errors]") {
  CHECK(errors::extract_evidence("HTTP/1.1 403 Forbidden").http_status == 403);
  CHECK(errors::extract_evidence("Client error 400 (Bad Request)").http_status == 400);
  CHECK(errors::extract_evidence("Forbidden (403), MFA Required (401)").http_status == 403);
  CHECK(errors::extract_evidence(R"({"statusCode": 429})").http_status == 429);
  CHECK_FALSE(errors::extract_evidence("https://host:443/path").http_status);
  CHECK_FALSE(errors::extract_evidence("we synced 403 users").http_status);
  const auto graph = errors::extract_evidence(
      R"({"error":{"code":"Authorization_RequestDenied","innerError":{"date":"2026-11-20T09:00:12","request-id":")" +
      std::string(k_trace) + R"(","client-request-id":")" + k_correlation + R"("}}})");
  CHECK(graph.request_id == k_trace);
  CHECK(graph.correlation_id.empty());
  CHECK(graph.timestamp == "2026-11-20T09:00:12");
}

TEST_CASE("secrets in the input never appear in any output", "[errors]") {
  const std::string jwt =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiI1YjE4Mzc5YiIsImFtciI6WyJwd2QiXX0."
      "c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
  const std::string refresh =
      "0.AVYAv4j5cvGGr0GRqy180BHbR2sE9IUs3iVOm7WBIqDOtOqBAFk.AgABAAEAAAD--DLA3VO7QrddgJg7Wevr"
      "AgDs_wUA9P9rXhS4nNcJfWuVJ5n6Ka7W1xCqGeP2Zt0bY3wQvFmLuRz8sT4oJhIdEgBaCc";
  const std::string client_secret = "abc8Q~R2x.Vg6_kLmN3pQrStUvWxYz0123456789-AbC";
  const std::string password = "Summer2026!Secret";
  const std::string basic = "dXNlcjpTdW1tZXIyMDI2IVNlY3JldA==";
  const std::string paste =
      "AADSTS50076: Due to a configuration change you must use multi-factor authentication\n"
      "Authorization: Bearer " +
      jwt + "\n" + R"({"access_token":")" + jwt + R"(","refresh_token":")" + refresh + "\"}\n" +
      "grant_type=refresh_token&refresh_token=" + refresh + "&client_secret=" + client_secret +
      "\nThe secret value is " + client_secret + "\npassword: " + password +
      "\nAuthorization: Basic " + basic + "\nuser tech@northwindit.com";
  const auto found = recognise(paste);
  CHECK(first_id(found) == "aadsts.50076");
  CHECK(found.masked_secrets >= 8);
  CHECK(found.evidence.upns == std::vector<std::string>{"tech@northwindit.com"});
  const std::string text = report::render_explain_text(found, {});
  const std::string json = report::render_explain_json(found);
  for (const auto& secret : {jwt, refresh, client_secret, password, basic,
                             std::string("eyJ0eXAiOiJKV1Qi"), std::string("Q~R2x")}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
    CHECK(json.find(secret) == std::string::npos);
    for (const auto& match : found.matches) {
      CHECK(match.excerpt.find(secret) == std::string::npos);
    }
  }
  CHECK_THAT(text, Contains("hidden"));
  SECTION("what only looks long is not hidden") {
    const auto plain =
        recognise(std::string("GET /v1.0/tenantRelationships/delegatedAdminRelationships/") +
                  k_customer_tenant + "-" + k_partner_tenant +
                  "/accessAssignments returned 403 Authorization_RequestDenied");
    CHECK(plain.masked_secrets == 0);
    CHECK_THAT(plain.matches.front().excerpt, Contains("accessAssignments returned 403"));
  }
}

TEST_CASE("explain: evidence fills the steps, and what is missing reads naturally", "[errors]") {
  const auto* entry = shipped_catalogue().find("aadsts.53003");
  REQUIRE(entry != nullptr);
  SECTION("with the tenant known") {
    errors::Evidence evidence;
    evidence.target_tenant_name = "Contoso Ltd";
    evidence.target_tenant_id = k_customer_tenant;
    const auto explained = errors::explain(*entry, evidence);
    CHECK_THAT(explained.fix.front(),
               Contains(std::string("tenant 'Contoso Ltd' (") + k_customer_tenant + ")"));
    CHECK(explained.confirm == std::string("gdapcheck tenant ") + k_customer_tenant);
  }
  SECTION("a name alone is quoted for the shell") {
    errors::Evidence evidence;
    evidence.target_tenant_name = "O'Brien & Sons";
    CHECK(errors::explain(*entry, evidence).confirm == R"(gdapcheck tenant 'O'\''Brien & Sons')");
    evidence.target_tenant_name = "contoso.com";
    CHECK(errors::explain(*entry, evidence).confirm == "gdapcheck tenant contoso.com");
  }
  SECTION("nothing known: the fallback words, and a command for every customer") {
    const auto explained = errors::explain(*entry, {});
    CHECK_THAT(explained.fix.front(), Contains("of the customer tenant, exclude"));
    CHECK(explained.confirm == "gdapcheck tenant");
  }
}

TEST_CASE("a sign-in step names the account in use, else plain gdapcheck login", "[errors]") {
  const auto* entry = shipped_catalogue().find("aadsts.70019");  // the device code expired
  REQUIRE(entry != nullptr);
  errors::Evidence evidence;
  evidence.sign_in_command =
      "gdapcheck login --cloud usgov --tenant contoso.onmicrosoft.us --client-id "
      "99999999-8888-7777-6666-555555555555 --client-secret-stdin";
  const auto explained = errors::explain(*entry, evidence);
  const auto names_it =
      std::any_of(explained.fix.begin(), explained.fix.end(), [&](const auto& step) {
        return step.find("(" + evidence.sign_in_command + ")") != std::string::npos;
      });
  CHECK(names_it);
  CHECK(explained.confirm == evidence.sign_in_command);
  const auto unknown = errors::explain(*entry, {});
  CHECK(unknown.confirm == "gdapcheck login");
  for (const auto& step : unknown.fix) {
    CHECK_THAT(step, !Contains("signInCommand"));
  }
}

TEST_CASE("a live Graph error gets the explanation explain gives, for its customer", "[errors]") {
  errors::Evidence known;
  known.target_tenant_id = k_customer_tenant;
  known.target_tenant_name = "Fabrikam";
  known.upns = {"svc@northwindit.com"};
  const errors::Recogniser recogniser(shipped_catalogue());
  const auto explained = recogniser.explain_message(
      "403 Authorization_RequestDenied: Insufficient privileges to complete the operation. "
      "(request-id 0f1e2d3c-4b5a-4968-8776-655443322110)",
      known);
  REQUIRE(explained);
  CHECK(explained->id == "graph.authorization-requestdenied");
  const auto direct = errors::explain(*shipped_catalogue().find(explained->id), [&] {
    errors::Evidence evidence = known;
    evidence.request_id = "0f1e2d3c-4b5a-4968-8776-655443322110";
    return evidence;
  }());
  CHECK(explained->fix == direct.fix);
  CHECK(explained->confirm == std::string("gdapcheck tenant ") + k_customer_tenant);
  CHECK_FALSE(recogniser.explain_message("connection reset by peer", known));
}

}  // namespace gdap::test
