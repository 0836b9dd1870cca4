// The one role/app/permission table, pinned against shared/reference/roles-and-apps.md.

#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/rules/loader.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

namespace gdap::model {

namespace {

// roles-and-apps.md §1.1 "syncro_required_12" (= "cipp_required_12"), copied verbatim.
const std::set<std::string> k_syncro_required_12 = {
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "0526716b-113d-4c15-b2c8-68e3c22b9f80",
    "892c5842-a9a6-463a-8041-72aa08ca3cf6", "7698a772-787b-4ac8-901f-60d6b08affd2",
    "29232cdf-9323-42fd-ade2-1d097af3e4de", "3a2c62db-5318-420d-8d74-23affee5d9d5",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "194ae4cb-b126-40b2-bd5b-6091b380977d", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    "69091246-20e8-4a56-aa4d-066075b2a7a8", "fe930be7-5e62-47db-91af-98c3a49a38b1"};

// §1.1 "cipp_optional_3" and "sync365_minimum".
const std::set<std::string> k_cipp_optional_3 = {"b0f54661-2d74-4c50-afa3-1ec803f12efe",
                                                 "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
                                                 "8329153b-31d0-4727-b945-745eb3bc5f31"};
const std::set<std::string> k_sync365_minimum = {"f2ef992c-3afb-46b9-b7cf-a126ee74c451",
                                                 "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"};

// roles-and-apps.md §1 table: name → template id, copied verbatim.
const std::vector<std::pair<std::string, std::string>> k_reference_roles = {
    {"Global Administrator", "62e90394-69f5-4237-9190-012177145e10"},
    {"Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"},
    {"Authentication Policy Administrator", "0526716b-113d-4c15-b2c8-68e3c22b9f80"},
    {"Cloud App Security Administrator", "892c5842-a9a6-463a-8041-72aa08ca3cf6"},
    {"Cloud Device Administrator", "7698a772-787b-4ac8-901f-60d6b08affd2"},
    {"Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de"},
    {"Intune Administrator", "3a2c62db-5318-420d-8d74-23affee5d9d5"},
    {"Privileged Authentication Administrator", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13"},
    {"Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814"},
    {"Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d"},
    {"SharePoint Administrator", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c"},
    {"Teams Administrator", "69091246-20e8-4a56-aa4d-066075b2a7a8"},
    {"User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1"},
    {"Billing Administrator", "b0f54661-2d74-4c50-afa3-1ec803f12efe"},
    {"Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"},
    {"Domain Name Administrator", "8329153b-31d0-4727-b945-745eb3bc5f31"},
    {"Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"},
    {"Directory Writers", "9360feb5-f418-4baa-8175-e2a00bac4301"},
    {"License Administrator", "4d6ac14f-3453-41d0-bef9-a3e0c569773a"},
    {"Service Support Administrator", "f023fd81-a637-4b56-95fd-791ac0226033"},
    {"Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8"},
    {"Cloud Application Administrator", "158c047a-c907-4556-b7ef-446551a6b5f7"},
    {"External Identity Provider Administrator", "be2f45a1-457d-42af-a067-6ec1fa63bc45"},
    {"Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f"},
    {"Password Administrator", "966707d0-3269-4727-9be2-8c3a10f19b9d"},
    {"Conditional Access Administrator", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"},
    {"Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"},
    {"Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf"},
    {"Compliance Administrator", "17315797-102d-40b4-93e0-432062caca18"},
    {"Compliance Data Administrator", "e6d1a23a-da11-4be4-9570-befc86d067a7"},
    {"Dynamics 365 Administrator", "44367163-eba1-44c3-98af-f5787879f96a"},
    {"Power Platform Administrator", "11648597-926c-4cf3-9c36-bcebb0ba8dcc"},
    {"Groups Administrator", "fdd7a751-b60b-444a-984c-02652fe8fa1c"},
    {"Partner Tier1 Support", "4ba39ca4-527c-499a-b93d-d9b492c50246"},
    {"Partner Tier2 Support", "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8"},
};

std::set<std::string> role_set(const std::vector<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

const rules::RuleSet& shipped_rules() {
  static const rules::RuleSet set = rules::load_rules(GDAP_SOURCE_DIR "/rules");
  return set;
}

std::set<std::string> profile_roles(const std::string& name, bool optional = false) {
  const auto profile =
      rules::load_profile(name, rules::RuleFolders{GDAP_SOURCE_DIR "/rules", {}}, shipped_rules());
  return role_set(optional ? profile.optional_roles : profile.required_roles);
}

}  // namespace

TEST_CASE("Every role of the reference table is in the catalogue with its template id", "[model]") {
  for (const auto& [name, id] : k_reference_roles) {
    CAPTURE(name);
    CHECK(find_id(known_roles(), name) == id);
    CHECK(find_name(known_roles(), id) == name);
  }
  CHECK(known_roles().size() == k_reference_roles.size());
  CHECK(k_global_administrator_role == "62e90394-69f5-4237-9190-012177145e10");
}

TEST_CASE("Catalogue ids and names are unique", "[model]") {
  for (const auto table : {known_roles(), known_applications(), graph_application_permissions()}) {
    std::set<std::string> ids;
    std::set<std::string> names;
    for (const auto& entry : table) {
      std::string id(entry.id);
      std::string name(entry.name);
      for (auto& c : id) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      for (auto& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      CAPTURE(entry.name);
      CHECK(ids.insert(id).second);
      CHECK(names.insert(name).second);
      CHECK(entry.id.size() == 36);  // a GUID, as written in Graph
    }
  }
}

TEST_CASE("The shipped profiles' role sets are the reference's canonical sets", "[model]") {
  CHECK(profile_roles("default") == k_syncro_required_12);
  CHECK(profile_roles("syncro") == k_syncro_required_12);
  CHECK(profile_roles("cipp") == k_syncro_required_12);
  CHECK(profile_roles("cipp", true) == k_cipp_optional_3);
  CHECK(profile_roles("sync365") == k_sync365_minimum);
}

TEST_CASE("Look-ups ignore case, and unknown ids read as themselves", "[model]") {
  CHECK(find_id(known_roles(), "global administrator") == k_global_administrator_role);
  CHECK(find_id(known_roles(), "SHAREPOINT ADMINISTRATOR") ==
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c");
  CHECK(find_name(known_roles(), "62E90394-69F5-4237-9190-012177145E10") == "Global Administrator");
  CHECK_FALSE(find_id(known_roles(), "Global Admin").has_value());
  CHECK(role_name("69091246-20e8-4a56-aa4d-066075b2a7a8") == "Teams Administrator");
  CHECK(role_name("00000000-0000-0000-0000-000000000000") ==
        "00000000-0000-0000-0000-000000000000");
  CHECK(application_name("FC780465-2017-40D4-A0C5-307022471B92") == "WindowsDefenderATP");
  CHECK(application_name(k_microsoft_graph_app_id) == "Microsoft Graph");
  CHECK(find_id(graph_application_permissions(), "user.read.all") ==
        "df021288-bdef-4463-88db-98f22de89214");
  CHECK(find_id(graph_application_permissions(), "GroupMember.Read.All") ==
        "98830695-27a2-44f7-8c18-0c3ebc9698f6");
}

TEST_CASE("Ids that look real but are not (reference §1.2) are not roles", "[model]") {
  CHECK_FALSE(find_name(known_roles(), "dd4db9a0-cc4a-4213-9f9f-70242232d97e").has_value());
  CHECK_FALSE(find_name(known_roles(), "8329153a-20ed-4bf8-aa37-81242c6e8e01").has_value());
  CHECK_FALSE(find_name(known_roles(), "00001111-aaaa-2222-bbbb-3333cccc4444").has_value());
  // WindowsDefenderATP and its portal are different applications.
  CHECK(application_name("a3b79187-70b2-4139-83f9-6016c58cd27b") == "WindowsDefenderATP Portal");
}

}  // namespace gdap::model
