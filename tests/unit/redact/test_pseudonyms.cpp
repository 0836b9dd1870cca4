// The pseudonym table and the free-text scan behind --redact.

#include "redact/pseudonyms.hpp"

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/text.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace gdap::redact {

namespace {

constexpr const char* k_contoso = "2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90";
// Another tenant whose id ends in the same segment as Contoso's.
constexpr const char* k_same_tail = "11111111-2222-4333-8444-1d8a5c2e7b90";
// Microsoft Graph's Directory.Read.All application permission.
constexpr const char* k_directory_read_all = "7ab1d382-f21e-4acd-a863-ba3e13f7da61";

}  // namespace

TEST_CASE("a GUID keeps its last segment and its shape, the same every time", "[redact]") {
  Pseudonyms pseudonyms;
  const auto redacted = pseudonyms.guid(k_contoso);
  CHECK(redacted == "00000000-0000-0000-0000-1d8a5c2e7b90");
  CHECK(model::is_guid(redacted));
  CHECK(pseudonyms.guid(model::lowercase(k_contoso)) == redacted);
  CHECK(pseudonyms.guid("2B5C8E1F-7A4D-4C6B-9E3F-1D8A5C2E7B90") == redacted);
}

TEST_CASE("two ids with the same last segment stay two ids", "[redact]") {
  Pseudonyms pseudonyms;
  const auto first = pseudonyms.guid(k_contoso);
  const auto second = pseudonyms.guid(k_same_tail);
  CHECK(first != second);
  CHECK(model::is_guid(second));
  CHECK(second.ends_with("-1d8a5c2e7b90"));
  CHECK(pseudonyms.guid(k_same_tail) == second);
}

TEST_CASE("ids Microsoft publishes stay whole", "[redact]") {
  Pseudonyms pseudonyms;
  CHECK(pseudonyms.guid(model::k_global_administrator_role) == model::k_global_administrator_role);
  CHECK(pseudonyms.guid(model::k_microsoft_graph_app_id) == model::k_microsoft_graph_app_id);
  CHECK(pseudonyms.guid(k_directory_read_all) == k_directory_read_all);
  const auto text = std::string("role ") + std::string(model::k_global_administrator_role);
  CHECK(pseudonyms.scrub(text) == text);
}

TEST_CASE("a redacted id redacted again stays as it is", "[redact]") {
  Pseudonyms pseudonyms;
  const auto redacted = pseudonyms.guid(k_contoso);
  CHECK(pseudonyms.guid(redacted) == redacted);
  CHECK(pseudonyms.id(redacted) == redacted);
}

TEST_CASE("an id made of two GUIDs keeps both shapes and another id is numbered", "[redact]") {
  Pseudonyms pseudonyms;
  const std::string relationship = std::string("0f3a6c9e-2b5d-4e8a-b1c4-7d0e3a6c9f12-") + k_contoso;
  CHECK(pseudonyms.id(relationship) ==
        "00000000-0000-0000-0000-7d0e3a6c9f12-00000000-0000-0000-0000-1d8a5c2e7b90");
  CHECK(pseudonyms.id("contoso-sync-key") == "id-1");
  CHECK(pseudonyms.id("fabrikam-sync-key") == "id-2");
  CHECK(pseudonyms.id("Contoso-Sync-Key") == "id-1");
  CHECK(pseudonyms.id("").empty());
}

TEST_CASE("names get one pseudonym in any letter case, distinct names distinct ones", "[redact]") {
  Pseudonyms pseudonyms;
  CHECK(pseudonyms.numbered("GDAP Helpdesk", "Group") == "Group-1");
  CHECK(pseudonyms.numbered("GDAP Intune Admins", "Group") == "Group-2");
  CHECK(pseudonyms.numbered("gdap helpdesk", "Group") == "Group-1");
  CHECK(pseudonyms.name("Contoso Ltd", "Customer-1") == "Customer-1");
  CHECK(pseudonyms.name("CONTOSO LTD", "Customer-9") == "Customer-1");
  CHECK(pseudonyms.numbered("", "Group").empty());
  // A pseudonym is never taken for a name (a redacted snapshot redacted again).
  CHECK(pseudonyms.numbered("Group-2", "Group") == "Group-2");
}

TEST_CASE("domains carry their owner's label and initial domains stay recognisable", "[redact]") {
  Pseudonyms pseudonyms;
  CHECK(pseudonyms.domain("contoso.onmicrosoft.com", "customer-3") ==
        "customer-3.onmicrosoft.example");
  CHECK(pseudonyms.domain("contoso.com", "customer-3") == "customer-3.example");
  CHECK(pseudonyms.domain("contoso.co.uk", "customer-3") == "customer-3-2.example");
  CHECK(pseudonyms.domain("CONTOSO.COM", "customer-4") == "customer-3.example");
  CHECK(pseudonyms.other_domain("example.org") == "domain-1.example");
}

TEST_CASE("a mail address keeps its domain's pseudonym", "[redact]") {
  Pseudonyms pseudonyms;
  pseudonyms.domain("contoso.com", "customer-1");
  CHECK(pseudonyms.mail("alice@contoso.com") == "user-1@customer-1.example");
  CHECK(pseudonyms.mail("Alice@Contoso.com") == "user-1@customer-1.example");
  CHECK(pseudonyms.mail("bob@elsewhere.net") == "user-2@domain-1.example");
}

TEST_CASE("free text keeps its words and loses names, addresses, hosts and ids", "[redact]") {
  Pseudonyms pseudonyms;
  pseudonyms.name("Contoso Ltd", "Customer-1");
  pseudonyms.domain("contoso.com", "customer-1");

  SECTION("known names in any case, whole words only") {
    CHECK(pseudonyms.scrub("no access to CONTOSO LTD today") == "no access to Customer-1 today");
    CHECK(pseudonyms.scrub("Contoso Ltdx") == "Contoso Ltdx");
  }
  SECTION("mail addresses and host names, known or not") {
    CHECK(pseudonyms.scrub("user alice@contoso.com (mail.contoso.com, contoso.com.)") ==
          "user user-1@customer-1.example (domain-1.example, customer-1.example.)");
    CHECK(pseudonyms.scrub("see fabrikam.net") == "see domain-2.example");
  }
  SECTION("GUIDs, with Microsoft's hosts, permission names and error codes left alone") {
    const auto scrubbed = pseudonyms.scrub(
        std::string("AADSTS50020: tenant ") + k_contoso +
        " via login.microsoftonline.com and graph.microsoft.com needs User.Read.All");
    CHECK(scrubbed ==
          "AADSTS50020: tenant 00000000-0000-0000-0000-1d8a5c2e7b90 via "
          "login.microsoftonline.com and graph.microsoft.com needs User.Read.All");
  }
  SECTION("a tenant's own host under Microsoft's domain is not Microsoft's") {
    CHECK(pseudonyms.scrub("at contoso.onmicrosoft.com") == "at domain-1.onmicrosoft.example");
  }
  SECTION("the same text scrubs to the same words") {
    const std::string text = "alice@contoso.com and bob@fabrikam.net";
    const auto once = pseudonyms.scrub(text);
    CHECK(pseudonyms.scrub(text) == once);
    CHECK(pseudonyms.scrub(once) == once);
  }
}

}  // namespace gdap::redact
