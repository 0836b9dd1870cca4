// The snapshot's JSON form: round trip, and malformed input reported with source and JSON path.

#include "support/snapshot_builder.hpp"

#include "gdapcheck/error.hpp"
#include "gdapcheck/model/snapshot_json.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

// A snapshot that uses every kind of fact: read, unread, absent, optional fields set and unset.
model::Snapshot rich_snapshot() {
  SnapshotBuilder builder;
  auto reseller = make_relationship("r-2", "Fabrikam reseller GDAP", roles({"Global Reader"}));
  reseller.reseller = true;
  reseller.partner_consent_pending = true;
  reseller.status = "approvalPending";
  reseller.activated = std::nullopt;
  reseller.end_date_time = std::nullopt;
  reseller.access_assignments = model::Fact<std::vector<model::AccessAssignment>>::failed("404");
  builder.add_relationship(reseller)
      .add_assignment(make_assignment("a-2", "g-2", "", {role("Teams Administrator")}, "pending"))
      .service_principal_missing("00000002-0000-0ff1-ce00-000000000000");
  builder.assignment(1).created = std::nullopt;

  auto policy = block_all_policy("ca-1", "Block legacy");
  policy.users->exclude_users = {"u-1"};
  policy.users->include_groups = {"g-1"};
  policy.users->exclude_roles = {role("Global Administrator")};
  model::CaExternalUsers external;
  external.types = {"serviceProvider", "b2bCollaborationGuest"};
  external.membership_kind = "enumerated";
  external.tenants = {k_partner_tenant};
  policy.users->exclude_external = external;
  policy.grant_operator = "AND";
  policy.grant_controls = {"mfa", "compliantDevice"};
  policy.template_id = "0b2282f9-2862-4178-88b5-d79340b36cb8";
  policy.client_app_types = {"browser", "mobileAppsAndDesktopClients"};
  policy.include_platforms = std::vector<std::string>{"all"};
  policy.exclude_platforms = {"iOS"};
  policy.include_locations = std::vector<std::string>{"All"};
  policy.exclude_locations = {"AllTrusted"};
  policy.device_filter = model::CaFilter{"exclude", R"(device.trustType -eq "ServerAD")"};
  policy.sign_in_risk_levels = {"high"};
  policy.insider_risk_levels = {"elevated"};
  policy.transfer_methods = {"deviceCodeFlow"};
  policy.terms_of_use = {"tou-1"};
  policy.authentication_strength =
      model::CaAuthenticationStrength{"00000000-0000-0000-0000-000000000004",
                                      "Phishing-resistant MFA",
                                      "builtIn",
                                      {"mfa"},
                                      {"windowsHelloForBusiness", "fido2"}};
  policy.session_controls = model::CaSessionControls{
      model::CaSignInFrequency{true, 4, "hours", "timeBased", ""}, false, {"cloudAppSecurity"}};
  builder.ca_policy(policy);
  auto workload = block_all_policy("ca-2", "Block risky service principals");
  workload.users.reset();
  workload.client_applications =
      model::CaClientApplications{{"sp-1"}, {}, model::CaFilter{"include", "x"}};
  builder.ca_policy(workload);
  builder.integration_app().key_credentials = {{"k-1", "cert", std::nullopt}};
  model::IntegrationConsent consent;
  model::AppConsent present;
  present.wanted = "Pinnacle RMM";
  present.principal = {"a-1", true, "sp-1", "Pinnacle RMM", false};
  present.delegated_grants =
      model::Fact<std::vector<model::DelegatedGrant>>::of({{"sp-graph", {"User.Read", "openid"}}});
  present.app_role_assignments =
      model::Fact<std::vector<model::AppRoleAssignment>>::failed("HTTP 403");
  model::AppConsent absent;
  absent.wanted = "a-2";
  absent.principal.app_id = "a-2";
  absent.delegated_grants =
      model::Fact<std::vector<model::DelegatedGrant>>::not_collected("no service principal");
  consent.apps = {present, absent};
  model::ResourcePrincipal graph;
  graph.principal = {"g", true, "sp-graph", "Microsoft Graph", std::nullopt};
  graph.scopes = {{"s-1", "User.Read"}};
  graph.app_roles = {{"r-1", "User.Read.All"}};
  model::ResourcePrincipal defender;
  defender.principal.app_id = "d";
  consent.resources = model::Fact<std::vector<model::ResourcePrincipal>>::of({graph, defender});
  builder.customer().integration_consent = model::Fact<model::IntegrationConsent>::of(consent);

  model::Customer failed = builder.customer();
  failed.tenant_id = "c-2";
  failed.display_name = "Northwind";
  failed.domains.clear();
  builder.snapshot().customers.push_back(failed);
  SnapshotBuilder for_second;  // reuse sign_in_failed's shape on the second customer
  for_second.sign_in_failed("invalid_grant", {50020, 50177}, "AADSTS50020: no access", "trace",
                            "correlation");
  builder.snapshot().customers.back().sign_in = for_second.customer().sign_in;
  builder.snapshot().customers.back().service_principals = for_second.customer().service_principals;
  builder.snapshot().customers.back().integration_app = model::Fact<model::IntegrationApp>{};
  builder.admin_agents_group_unread("429").partner().contracts =
      model::Fact<std::vector<model::Contract>>::failed("403");
  return builder.build();
}

model::Snapshot parse(const json& document, std::vector<model::Problem>& problems) {
  return model::snapshot_from_json(document, problems);
}

// Parses text the way `--snapshot FILE` does and returns the error message (or fails).
std::string error_of(const std::string& text, const std::string& source = "broken.json") {
  try {
    model::parse_snapshot(text, source);
  } catch (const InputError& error) {
    CHECK(error.code() == ExitCode::usage);
    return error.what();
  }
  FAIL("expected an InputError for " << text.substr(0, 80));
  return {};
}

json healthy_json() {
  return model::to_json(SnapshotBuilder().build());
}

}  // namespace

TEST_CASE("Snapshot JSON round trip: to_json, snapshot_from_json, to_json gives the same",
          "[model]") {
  for (const auto& snapshot : {SnapshotBuilder().build(), rich_snapshot()}) {
    const json first = model::to_json(snapshot);
    std::vector<model::Problem> problems;
    const auto reread = parse(first, problems);
    INFO(model::format_problems("round-trip", problems));
    REQUIRE(problems.empty());
    CHECK(model::to_json(reread) == first);
    // Through text as well, as a saved file is read back.
    CHECK(model::to_json(model::parse_snapshot(first.dump(2), "saved.json")) == first);
  }
}

TEST_CASE("A role id read in many relationships is held once and outlives the text it came from",
          "[model]") {
  // A large partner's relationships name the same roles millions of times (bench/README.md).
  const json saved = model::to_json(rich_snapshot());
  std::vector<model::Problem> problems;
  const auto reread = parse(saved, problems);
  REQUIRE(problems.empty());
  const auto& relationships = reread.partner.relationships.value();
  REQUIRE(relationships.size() == 2);
  const std::string_view in_relationship = relationships[0].roles.at(0);
  const std::string_view in_assignment =
      relationships[0].access_assignments.value().at(0).roles.at(0);
  CHECK(in_relationship == in_assignment);
  CHECK(in_relationship.data() == in_assignment.data());

  model::RoleIds ids;
  {
    std::string text = "0a1b2c3d-0000-4000-8000-" + std::string(12, 'e');
    ids.emplace_back(text);
    text.assign(text.size(), 'x');
  }
  CHECK(std::string_view(ids.at(0)) == "0a1b2c3d-0000-4000-8000-eeeeeeeeeeee");
}

TEST_CASE("A fact is read, failed or deliberately not collected, and a snapshot keeps which",
          "[model]") {
  auto snapshot = rich_snapshot();
  auto& customer = snapshot.customers.at(0);
  customer.service_principals = model::Fact<std::vector<model::ServicePrincipal>>::not_collected(
      "not read: the customer has no active admin relationship");
  customer.conditional_access_policies =
      model::Fact<std::vector<model::CaPolicy>>::failed("403 Authorization_RequestDenied");
  customer.integration_app = {};
  std::vector<model::Problem> problems;
  const auto reread = parse(model::to_json(snapshot), problems);
  REQUIRE(problems.empty());
  const auto& again = reread.customers.at(0);
  CHECK(again.service_principals.state() ==
        model::Fact<std::vector<model::ServicePrincipal>>::State::not_collected);
  CHECK_FALSE(again.service_principals.read_failed());
  CHECK(again.service_principals.reason() ==
        "not read: the customer has no active admin relationship");
  CHECK(again.conditional_access_policies.read_failed());
  CHECK(again.conditional_access_policies.reason() == "403 Authorization_RequestDenied");
  // A fact nobody set is not collected, and still says so in words.
  CHECK_FALSE(again.integration_app.ok());
  CHECK_FALSE(again.integration_app.read_failed());
  CHECK(again.integration_app.reason() == "not collected");
}

TEST_CASE("A fact with more than one state is refused with its place", "[model]") {
  json document = model::to_json(rich_snapshot());
  document["partner"]["contracts"] = {{"error", "403"}, {"notCollected", "skipped"}};
  std::vector<model::Problem> problems;
  (void)parse(document, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems.front().path == "/partner/contracts");
}

TEST_CASE("Snapshot JSON keeps what was read and why the rest was not", "[model]") {
  const auto snapshot = rich_snapshot();
  std::vector<model::Problem> problems;
  const auto reread = parse(model::to_json(snapshot), problems);
  REQUIRE(problems.empty());
  CHECK(reread.schema_version == model::k_snapshot_schema_version);
  CHECK_FALSE(reread.partner.admin_agents_group.ok());
  CHECK(reread.partner.admin_agents_group.reason() == "429");
  CHECK(reread.partner.contracts.reason() == "403");
  const auto& relationships = reread.partner.relationships.value();
  REQUIRE(relationships.size() == 2);
  CHECK(relationships[1].reseller);
  CHECK(relationships[1].partner_consent_pending == true);
  CHECK_FALSE(relationships[1].end_date_time.has_value());
  CHECK(relationships[1].access_assignments.reason() == "404");
  CHECK(relationships[0].access_assignments->at(1).status == "pending");
  const auto& policy = reread.customers[0].conditional_access_policies->front();
  REQUIRE(policy.users);
  REQUIRE(policy.users->exclude_external);
  CHECK(policy.users->exclude_external->types ==
        std::vector<std::string>{"serviceProvider", "b2bCollaborationGuest"});
  CHECK(policy.users->exclude_external->tenants == std::vector<std::string>{k_partner_tenant});
  CHECK_FALSE(policy.users->include_external);
  const auto& sign_in = reread.customers[1].sign_in.value();
  CHECK_FALSE(sign_in.succeeded);
  CHECK(sign_in.error_codes == std::vector<long>{50020, 50177});
  CHECK(sign_in.trace_id == "trace");
}

TEST_CASE("A snapshot from before the integration app's consent was read says so", "[model]") {
  auto document = healthy_json();
  document["customers"][0].erase("integrationConsent");
  std::vector<model::Problem> problems;
  const auto snapshot = parse(document, problems);
  REQUIRE(problems.empty());
  const auto& consent = snapshot.customers.at(0).integration_consent;
  CHECK(consent.state() == model::Fact<model::IntegrationConsent>::State::not_collected);
  CHECK_THAT(consent.reason(), Contains("snapshot is from before"));
}

TEST_CASE("A snapshot without a collection time still round-trips", "[model]") {
  // Unknown values are null, never an empty string the reader then refuses.
  model::Snapshot snapshot = SnapshotBuilder().build();
  snapshot.collected_at.clear();
  const json first = model::to_json(snapshot);
  std::vector<model::Problem> problems;
  const auto reread = parse(first, problems);
  INFO(model::format_problems("round-trip", problems));
  CHECK(problems.empty());
  CHECK(model::to_json(reread) == first);
}

TEST_CASE("A snapshot records the profile and the app it was collected for", "[model]") {
  model::Snapshot snapshot = SnapshotBuilder().build();
  snapshot.profile = "/home/tech/profiles/our-msp.json";
  snapshot.app = "Pinnacle Directory Sync";
  const json written = model::to_json(snapshot);
  CHECK(written["profile"] == "/home/tech/profiles/our-msp.json");
  CHECK(written["app"] == "Pinnacle Directory Sync");
  const auto reread = model::parse_snapshot(written.dump(2), "saved.json");
  CHECK(reread.profile == snapshot.profile);
  CHECK(reread.app == snapshot.app);

  SECTION("unset: null, read back as unset") {
    snapshot.profile.clear();
    snapshot.app.clear();
    const json unset = model::to_json(snapshot);
    CHECK(unset["profile"].is_null());
    CHECK(unset["app"].is_null());
    CHECK(model::parse_snapshot(unset.dump(), "saved.json").profile.empty());
  }
  SECTION("snapshots from before the keys existed still load") {
    json old = written;
    old.erase("profile");
    old.erase("app");
    const auto loaded = model::parse_snapshot(old.dump(), "old.json");
    CHECK(loaded.profile.empty());
    CHECK(loaded.app.empty());
  }
  SECTION("a profile that is not a string names the key") {
    json wrong = written;
    wrong["profile"] = 3;
    CHECK_THAT(error_of(wrong.dump()), Contains("broken.json: /profile: expected a string"));
  }
}

TEST_CASE("A schema 1 snapshot loads, its conditional access policies as not read", "[model]") {
  // Schema 1 kept no client app types, platforms or locations: judging its policies now would
  // report Microsoft's "Block legacy authentication" template as a block of everything.
  json old = model::to_json(rich_snapshot());
  old["schemaVersion"] = 1;
  for (auto& policy : old["customers"][0]["conditionalAccessPolicies"]["value"]) {
    for (const char* key :
         {"templateId", "clientApplications", "clientAppTypes", "platforms", "locations",
          "deviceFilter", "userRiskLevels", "signInRiskLevels", "servicePrincipalRiskLevels",
          "insiderRiskLevels", "authenticationFlows", "sessionControls"}) {
      policy.erase(key);
    }
  }
  old["customers"][0]["conditionalAccessPolicies"]["value"].erase(1);  // users: null is new
  const auto loaded = model::parse_snapshot(old.dump(), "old.json");
  CHECK(loaded.schema_version == model::k_snapshot_schema_version);
  const auto& policies = loaded.customers[0].conditional_access_policies;
  REQUIRE_FALSE(policies.ok());
  CHECK_THAT(policies.reason(), Contains("schema version 1") && Contains("collect again"));
  CHECK(loaded.partner.relationships.ok());  // everything else is kept

  old["schemaVersion"] = 3;
  CHECK_THAT(error_of(old.dump()), Contains("unsupported snapshot schema version 3") &&
                                       Contains("reads versions 1 to 2"));
}

TEST_CASE("Graph's comma-separated guestOrExternalUserTypes are accepted", "[model]") {
  json document = healthy_json();
  document["customers"][0]["conditionalAccessPolicies"]["value"] = json::parse(R"([{
    "id": "ca-1", "displayName": "Block", "state": "enabled",
    "users": {"includeUsers": ["All"], "excludeGuestsOrExternalUsers": {
      "guestOrExternalUserTypes": "internalGuest, serviceProvider",
      "membershipKind": "enumerated", "tenants": ["t-1"]}},
    "applications": {"includeApplications": ["All"]},
    "grantControls": {"operator": "OR", "builtInControls": ["block"]}}])");
  std::vector<model::Problem> problems;
  const auto snapshot = parse(document, problems);
  REQUIRE(problems.empty());
  const auto& policy = snapshot.customers[0].conditional_access_policies->at(0);
  CHECK(policy.users->exclude_external->types ==
        std::vector<std::string>{"internalGuest", "serviceProvider"});
}

TEST_CASE("Malformed snapshots: InputError naming the source and the JSON path", "[model]") {
  SECTION("wrong type deep inside") {
    json document = healthy_json();
    document["partner"]["relationships"]["value"][0]["accessAssignments"]["value"][0]["roles"][1] =
        42;
    const auto message = error_of(document.dump(), "tickets/4711/snapshot.json");
    CHECK_THAT(message,
               Contains("tickets/4711/snapshot.json: "
                        "/partner/relationships/value/0/accessAssignments/value/0/roles/1: "
                        "expected a string, got a number"));
  }
  SECTION("unknown key") {
    json document = healthy_json();
    document["customers"][0]["signIn"]["value"]["succeded"] = true;
    CHECK_THAT(
        error_of(document.dump()),
        Contains("broken.json: /customers/0/signIn/value/succeded: unknown key \"succeded\""));
  }
  SECTION("bad timestamp") {
    json document = healthy_json();
    document["partner"]["relationships"]["value"][0]["endDateTime"] = "22/11/2027";
    CHECK_THAT(error_of(document.dump()),
               Contains("broken.json: /partner/relationships/value/0/endDateTime: not an ISO-8601 "
                        "timestamp: \"22/11/2027\""));
  }
  SECTION("newer schemaVersion") {
    json document = healthy_json();
    document["schemaVersion"] = 99;
    CHECK_THAT(error_of(document.dump()),
               Contains("broken.json: /schemaVersion: unsupported snapshot schema version 99"));
  }
  SECTION("missing schemaVersion") {
    json document = healthy_json();
    document.erase("schemaVersion");
    CHECK_THAT(error_of(document.dump()),
               Contains("broken.json: /schemaVersion: missing required"));
  }
  SECTION("truncated file") {
    const auto text = healthy_json().dump(2);
    const auto message = error_of(text.substr(0, text.size() / 2));
    CHECK_THAT(message, Contains("broken.json: /: invalid JSON at line") && Contains("truncated"));
  }
  SECTION("a stray closing brace at the end is a syntax error, not a truncation") {
    const auto message = error_of(healthy_json().dump() + "\n}");
    CHECK_THAT(message, Contains("broken.json: /: invalid JSON at line 2, column 1") &&
                            !Contains("truncated"));
  }
  SECTION("a number too large for a double names its place (no internal error)") {
    auto text = healthy_json().dump();
    const auto at = text.find("\"customers\":[{");
    REQUIRE(at != std::string::npos);
    text.insert(at + 14, "\"huge\":1e400,");
    CHECK_THAT(error_of(text),
               Contains("broken.json: /customers/0/huge: the number 1e400 is too large"));
  }
  SECTION("nesting too deep is refused, however deep") {
    auto text = healthy_json().dump();
    text.insert(text.size() - 1,
                ",\"x\":" + std::string(1'000'000, '[') + std::string(1'000'000, ']'));
    CHECK_THAT(error_of(text), Contains("broken.json: /x/0/0/0") && Contains("nested deeper"));
  }
  SECTION("an empty file is truncated") {
    CHECK_THAT(error_of(""), Contains("line 1, column 1") && Contains("truncated"));
  }
  SECTION("not an object") {
    CHECK_THAT(error_of("[]"), Contains("broken.json: /: expected an object, got an array"));
    CHECK_THAT(error_of("\"snapshot\""),
               Contains("broken.json: /: expected an object, got a string"));
  }
  SECTION("a fact with both value and error, or neither") {
    json document = healthy_json();
    document["partner"]["amr"]["error"] = "also failed";
    document["customers"][0]["servicePrincipals"] = json::object();
    const auto message = error_of(document.dump());
    CHECK_THAT(message,
               Contains("broken.json: /partner/amr: expected exactly one of \"value\"") &&
                   Contains("broken.json: /customers/0/servicePrincipals: expected exactly one"));
  }
  SECTION("every problem is listed, not only the first") {
    json document = healthy_json();
    document["cloud"] = 1;
    document["partner"]["user"].erase("userPrincipalName");
    document["partner"]["relationships"]["value"][0]["autoExtendDuration"] = "180 days";
    document["customers"][0]["servicePrincipals"]["value"][0].erase("present");
    const auto message = error_of(document.dump());
    CHECK_THAT(message, Contains("/cloud: expected a string or null, got a number") &&
                            Contains("/partner/user/userPrincipalName: missing required key") &&
                            Contains("/partner/relationships/value/0/autoExtendDuration: not an "
                                     "ISO-8601 duration") &&
                            Contains("/customers/0/servicePrincipals/value/0/present: missing"));
  }
}

TEST_CASE("load_snapshot_file names the file it cannot read", "[model]") {
  const auto missing = std::filesystem::temp_directory_path() / "gdap-no-such-snapshot.json";
  try {
    model::load_snapshot_file(missing.string());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK_THAT(error.what(), Contains(missing.string() + ": cannot read"));
  }
  const auto path = std::filesystem::temp_directory_path() / "gdap-snapshot-roundtrip-test.json";
  { std::ofstream(path) << healthy_json().dump(2); }
  const auto loaded = model::load_snapshot_file(path.string());
  CHECK(model::to_json(loaded) == healthy_json());
  std::filesystem::remove(path);
}

TEST_CASE("A snapshot file is read as it is parsed: the same snapshot, problems in place",
          "[model]") {
  const auto path = std::filesystem::temp_directory_path() / "gdap-snapshot-streamed-test.json";
  const auto document = model::to_json(rich_snapshot());
  SECTION("the lists read one element at a time end where the whole document puts them") {
    { std::ofstream(path) << document.dump(2); }
    std::vector<model::Problem> problems;
    const auto whole = parse(document, problems);
    REQUIRE(problems.empty());
    CHECK(model::to_json(model::load_snapshot_file(path.string())) == model::to_json(whole));
    CHECK(model::to_json(model::parse_snapshot(document.dump(), "text")) == model::to_json(whole));
  }
  SECTION("a problem inside a streamed list keeps its place; a huge number names its place") {
    auto wrong = document;
    wrong["customers"][1]["displayName"] = 5;
    wrong["partner"]["relationships"]["value"][0]["status"] = true;
    { std::ofstream(path) << wrong.dump(2); }
    try {
      model::load_snapshot_file(path.string());
      FAIL("expected an InputError");
    } catch (const InputError& error) {
      CHECK_THAT(error.what(), Contains(path.string() + ": /customers/1/displayName: expected") &&
                                   Contains("/partner/relationships/value/0/status: expected"));
    }
    auto text = document.dump();
    text.insert(text.find("\"customers\":[{") + 14, "\"n\":-1e999,");
    { std::ofstream(path) << text; }
    try {
      model::load_snapshot_file(path.string());
      FAIL("expected an InputError");
    } catch (const InputError& error) {
      CHECK_THAT(error.what(),
                 Contains(path.string() + ": /customers/0/n: the number -1e999 is too large"));
    }
  }
  SECTION("a newer schema version is the one problem, whatever the customers hold") {
    auto newer = document;
    newer["schemaVersion"] = 99;
    newer["customers"][0]["displayName"] = 5;
    const auto message = error_of(newer.dump());
    CHECK_THAT(message, Contains("unsupported snapshot schema version 99") &&
                            !Contains("/customers/0/displayName"));
  }
  std::filesystem::remove(path);
}

}  // namespace gdap::test
