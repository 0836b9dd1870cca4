// Loading rule and profile files: every problem is collected, each with the file and JSON path.

#include "rules/checks.hpp"
#include "rules/template.hpp"
#include "support/temp_dir.hpp"
#include "unit/rules/fixture.hpp"

#include "gdapcheck/error.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

using Catch::Matchers::Contains;
using nlohmann::json;

namespace gdap::test {

namespace {

// A valid rule file to start from (bound to the "missing-roles" check).
json valid_rule() {
  return json::parse(R"({
    "id": "gdap.test-rule",
    "title": "Test rule",
    "severity": "error",
    "status": "missing_roles",
    "check": "missing-roles",
    "detail": "{customer} misses {missingRoles}.",
    "remediation": [
      "Add {missingRoles} for {upn}.",
      {"when": "notMember", "step": "Join '{notMember[].group}'."}
    ],
    "references": ["https://learn.microsoft.com/"]
  })");
}

struct Parsed {
  std::optional<rules::Rule> rule;
  std::vector<model::Problem> problems;
  std::string report;  // as the user sees it
};

Parsed parse_rule_text(const std::string& text) {
  Parsed parsed;
  parsed.rule = rules::parse_rule(text, "rules/gdap.test-rule.json", parsed.problems);
  parsed.report = model::format_problems("rules/gdap.test-rule.json", parsed.problems);
  return parsed;
}

Parsed parse_rule(const json& document) {
  return parse_rule_text(document.dump(2));
}

struct ParsedProfile {
  std::optional<rules::Profile> profile;
  std::vector<model::Problem> problems;
  std::string report;
};

ParsedProfile parse_profile(const std::string& text) {
  ParsedProfile parsed;
  parsed.profile = rules::parse_profile(text, "my-profile.json", shipped_rules(), parsed.problems);
  parsed.report = model::format_problems("my-profile.json", parsed.problems);
  return parsed;
}

bool has_problem(const std::vector<model::Problem>& problems, std::string_view path,
                 std::string_view words) {
  return std::any_of(problems.begin(), problems.end(), [&](const model::Problem& problem) {
    return problem.path == path && problem.message.find(words) != std::string::npos;
  });
}

// A scratch directory of rule files, removed afterwards.

}  // namespace

TEST_CASE("A valid rule file parses, with the check's parameter defaults filled in", "[rules]") {
  const auto parsed = parse_rule(valid_rule());
  INFO(parsed.report);
  REQUIRE(parsed.rule);
  CHECK(parsed.rule->id == "gdap.test-rule");
  CHECK(parsed.rule->status == model::CustomerStatus::missing_roles);
  CHECK(parsed.rule->remediation.size() == 2);
  CHECK(parsed.rule->remediation[1].when == "notMember");

  auto expiring = valid_rule();
  expiring["check"] = "relationship-expiring";
  expiring["status"] = "expiring";
  expiring["detail"] = "Within {withinDays} days.";
  expiring["remediation"] = json::array({"Renew."});
  const auto with_default = parse_rule(expiring);
  REQUIRE(with_default.rule);
  CHECK(with_default.rule->params == json{{"withinDays", 7}});
}

TEST_CASE("Every problem of a rule file is reported, each with its JSON path", "[rules]") {
  auto rule = valid_rule();
  rule["severty"] = "error";                            // unknown key
  rule["severity"] = "critical";                        // bad severity
  rule["check"] = "role";                               // unknown check
  rule["detail"] = "{customer} misses {missngRoles}.";  // unknown placeholder
  rule["remediation"][1]["when"] = "notAMember";        // not evidence
  const auto parsed = parse_rule(rule);
  INFO(parsed.report);
  CHECK_FALSE(parsed.rule);
  CHECK(has_problem(parsed.problems, "/severty", "unknown key \"severty\""));
  CHECK(has_problem(parsed.problems, "/severity",
                    "expected error, warning or info, got \"critical\""));
  CHECK(has_problem(parsed.problems, "/check", "unknown check \"role\""));
  CHECK(has_problem(parsed.problems, "/detail", "unknown placeholder '{missngRoles}'"));
  CHECK(has_problem(parsed.problems, "/remediation/1/when", "\"notAMember\" is not evidence"));
  CHECK(parsed.problems.size() == 5);
  // The user sees one line per problem: file, path, message.
  CHECK_THAT(parsed.report,
             Contains("rules/gdap.test-rule.json: /severty: unknown key") &&
                 Contains("rules/gdap.test-rule.json: /check: unknown check \"role\""));
}

TEST_CASE("With an unknown check, only what no check could give is called unknown", "[rules]") {
  auto rule = valid_rule();
  rule["check"] = "rolez";
  rule["detail"] = "{customer} misses {missingRoles} within {withinDays} days.";
  const auto parsed = parse_rule(rule);
  INFO(parsed.report);
  REQUIRE(parsed.problems.size() == 1);
  CHECK(parsed.problems[0].path == "/check");
}

TEST_CASE("With a known check, placeholders and when are checked against its evidence", "[rules]") {
  auto rule = valid_rule();
  rule["detail"] = "{customer} misses {groups}.";  // evidence of another check
  rule["remediation"][1]["when"] = "expiredRelationships";
  const auto parsed = parse_rule(rule);
  INFO(parsed.report);
  CHECK_FALSE(parsed.rule);
  CHECK(has_problem(parsed.problems, "/detail",
                    "unknown placeholder '{groups}' (check \"missing-roles\" gives: missingRoles"));
  CHECK(has_problem(parsed.problems, "/remediation/1/when",
                    "\"expiredRelationships\" is not evidence of check \"missing-roles\""));
  CHECK(parsed.problems.size() == 2);
}

TEST_CASE("A rule's commands are checked like its steps, and must paste as they are", "[rules]") {
  SECTION("a good command parses with its tenant, scopes and condition") {
    auto rule = valid_rule();
    rule["commands"] = json::parse(R"([{"when": "notMember",
        "command": "New-MgGroupMember -GroupId {notMember[].groupId} -DirectoryObjectId {userId}",
        "tenant": "partner", "scopes": ["GroupMember.ReadWrite.All"]}])");
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    REQUIRE(parsed.rule);
    REQUIRE(parsed.rule->commands.size() == 1);
    CHECK(parsed.rule->commands[0].tenant == rules::CommandTenant::partner);
    CHECK(parsed.rule->commands[0].scopes == std::vector<std::string>{"GroupMember.ReadWrite.All"});
    CHECK(parsed.rule->commands[0].when == "notMember");
  }
  SECTION("every mistake is named at its place") {
    auto rule = valid_rule();
    rule["commands"] = json::parse(R"([
        {"command": "New-MgGroupMember -GroupId <group id> -DirectoryObjectId {userId}",
         "tenant": "partner", "scopes": ["GroupMember.ReadWrite.All"]},
        {"command": "Connect-MgGraph -TenantId {customerTenantId}", "tenant": "customer",
         "scopes": ["Application.ReadWrite.All"]},
        {"command": "Remove-Item x", "tenant": "tenant", "scopes": []},
        {"command": "New-MgServicePrincipal -AppId {appIds}", "tenant": "customer",
         "scopes": ["all of it"], "when": "groups", "colour": "red"},
        {"command": "New-MgServicePrincipal -AppId x", "tenant": "customer"}])");
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    CHECK_FALSE(parsed.rule);
    CHECK(has_problem(parsed.problems, "/commands/0/command", "'<' and '>' do not belong"));
    CHECK(has_problem(parsed.problems, "/commands/1/command",
                      "reports put Connect-MgGraph and Disconnect-MgGraph"));
    CHECK(has_problem(parsed.problems, "/commands/2/command", "Microsoft Graph cmdlet"));
    CHECK(has_problem(parsed.problems, "/commands/2/tenant", "is not partner or customer"));
    CHECK(has_problem(parsed.problems, "/commands/2/scopes", "the Graph permissions"));
    CHECK(has_problem(parsed.problems, "/commands/3/command", "unknown placeholder '{appIds}'"));
    CHECK(has_problem(parsed.problems, "/commands/3/scopes", "is not a Graph permission name"));
    CHECK(has_problem(parsed.problems, "/commands/3/when", "is not evidence of check"));
    CHECK(has_problem(parsed.problems, "/commands/3/colour", "unknown key"));
    CHECK(has_problem(parsed.problems, "/commands/4/scopes", "missing"));
  }
  SECTION("a partner-level check has no customer to run a command in") {
    auto rule = valid_rule();
    rule["check"] = "user-not-in-adminagents";
    rule["status"] = nullptr;
    rule["detail"] = "{upn}";
    rule["remediation"] = json::array({"Add."});
    rule["commands"] = json::parse(
        R"([{"command": "New-MgGroupMember -GroupId {groupId} -DirectoryObjectId {userId}",
        "tenant": "customer", "scopes": ["GroupMember.ReadWrite.All"]}])");
    CHECK(has_problem(parse_rule(rule).problems, "/commands/0/tenant",
                      "a partner-level check has no customer tenant"));
  }
}

TEST_CASE("A command's apply names an action and its values, repeated like the command",
          "[rules]") {
  SECTION("a good one parses") {
    auto rule = valid_rule();
    rule["commands"] = json::parse(R"([{"when": "notMember",
        "command": "New-MgGroupMember -GroupId {notMember[].groupId} -DirectoryObjectId {userId}",
        "tenant": "partner", "scopes": ["GroupMember.ReadWrite.All"],
        "apply": {"action": "add-group-member", "what": "add {upn} to {notMember[].group}",
                  "groupId": "{notMember[].groupId}", "memberId": "{userId}", "oneOf": true}}])");
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    REQUIRE(parsed.rule);
    const auto& apply = parsed.rule->commands.at(0).apply;
    REQUIRE(apply);
    CHECK(apply->kind == model::ActionKind::add_group_member);
    CHECK(apply->one_of);
    CHECK(apply->what == "add {upn} to {notMember[].group}");
    CHECK(apply->fields == std::vector<std::pair<std::string, std::string>>{
                               {"groupId", "{notMember[].groupId}"}, {"memberId", "{userId}"}});
  }
  SECTION("every mistake is named at its place") {
    auto rule = valid_rule();
    rule["commands"] = json::parse(R"([
        {"command": "New-MgGroupMember -GroupId {notMember[].groupId} -DirectoryObjectId {userId}",
         "tenant": "partner", "scopes": ["GroupMember.ReadWrite.All"],
         "apply": {"action": "delete-everything"}},
        {"command": "New-MgGroupMember -GroupId {notMember[].groupId} -DirectoryObjectId {userId}",
         "tenant": "partner", "scopes": ["GroupMember.ReadWrite.All"],
         "apply": {"action": "add-group-member", "groupId": "{groups[].groupId}", "appId": "{userId}",
                   "what": "add {upn} to {groupz}"}},
        {"command": "New-MgGroupMember -GroupId {notMember[].groupId} -DirectoryObjectId {userId}",
         "tenant": "partner", "scopes": ["GroupMember.ReadWrite.All"],
         "apply": {"action": "add-group-member", "groupId": "{groupz}", "memberId": "{userId}"}}])");
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    CHECK_FALSE(parsed.rule);
    CHECK(has_problem(parsed.problems, "/commands/0/apply/action",
                      "is not add-group-member, create-service-principal, enable-auto-extend, "
                      "create-access-assignment, create-relationship or lock-for-approval"));
    CHECK(
        has_problem(parsed.problems, "/commands/1/apply/appId", "not a value of add-group-member"));
    CHECK(has_problem(parsed.problems, "/commands/1/apply/memberId", "missing"));
    CHECK(has_problem(parsed.problems, "/commands/1/apply/what", "unknown placeholder '{groupz}'"));
    CHECK(has_problem(parsed.problems, "/commands/2/apply/what", "missing"));
    CHECK(has_problem(parsed.problems, "/commands/1/apply/groupId",
                      "repeats over a list the command does not"));
    CHECK(has_problem(parsed.problems, "/commands/2/apply/groupId",
                      "unknown placeholder '{groupz}'"));
  }
}

TEST_CASE("Other rule mistakes the loader catches", "[rules]") {
  SECTION("missing required fields") {
    auto rule = valid_rule();
    rule.erase("title");
    rule.erase("remediation");
    const auto parsed = parse_rule(rule);
    CHECK(has_problem(parsed.problems, "/title", "missing required key \"title\""));
    CHECK(has_problem(parsed.problems, "/remediation", "missing required key"));
  }
  SECTION("a bad id, status, parameter and reference") {
    auto rule = valid_rule();
    rule["id"] = "GDAP.Test";
    rule["status"] = "active";
    rule["params"] = {{"withinDays", 3}};
    rule["references"] = {"http://example.com"};
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    CHECK(has_problem(parsed.problems, "/id", "is not a rule id"));
    CHECK(has_problem(parsed.problems, "/status", "is not a status a finding can imply"));
    CHECK(has_problem(parsed.problems, "/params/withinDays", "has no parameter \"withinDays\""));
    CHECK(has_problem(parsed.problems, "/references/0", "https://"));
  }
  SECTION("a parameter of the wrong type") {
    auto rule = valid_rule();
    rule["check"] = "relationship-expiring";
    rule["status"] = "expiring";
    rule["detail"] = "soon";
    rule["remediation"] = json::array({"Renew."});
    rule["params"] = {{"withinDays", "seven"}};
    CHECK(has_problem(parse_rule(rule).problems, "/params/withinDays",
                      "expected a number, got a string"));
  }
  SECTION("a parameter each check judges by its own spec") {
    auto rule = valid_rule();
    rule["check"] = "relationship-expiring";
    rule["status"] = "expiring";
    rule["detail"] = "soon";
    rule["remediation"] = json::array({"Renew."});
    rule["params"] = {{"withinDays", 7.5}};
    CHECK(has_problem(parse_rule(rule).problems, "/params/withinDays", "expected"));
    for (const auto& days : {json(-1), json(100000)}) {
      rule["params"] = {{"withinDays", days}};
      CHECK(has_problem(parse_rule(rule).problems, "/params/withinDays",
                        "expected a whole number of days from 0 to 3650, got " + days.dump()));
    }
    rule["params"] = {{"withinDays", 0}};
    CHECK(parse_rule(rule).problems.empty());

    rule = valid_rule();
    rule["check"] = "conditional-access-blocks-partner";
    rule["status"] = "access_denied";
    rule["detail"] = "{policies}";
    rule["remediation"] = json::array({"Exclude."});
    rule["params"] = {{"unsatisfiableControls", {"block", "compliantdevice"}}};
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    CHECK(has_problem(parsed.problems, "/params/unsatisfiableControls",
                      "\"compliantdevice\" is not a grant control (known: block, mfa, "
                      "compliantDevice,"));
  }
  SECTION("whom a finding shuts out fits the check's scope") {
    auto rule = valid_rule();
    rule["shutsOut"] = "everyCustomer";
    CHECK(has_problem(parse_rule(rule).problems, "/shutsOut", "shuts out its own customer only"));
    rule["shutsOut"] = "itsCustomer";
    CHECK(parse_rule(rule).problems.empty());
    CHECK(parse_rule(rule).rule->shuts_out == rules::ShutsOut::its_customer);
    rule["shutsOut"] = "everyone";
    CHECK(has_problem(parse_rule(rule).problems, "/shutsOut",
                      "\"everyone\" is not itsCustomer, everyCustomer or null"));
    rule["shutsOut"] = nullptr;
    CHECK_FALSE(parse_rule(rule).rule->shuts_out);

    rule = valid_rule();
    rule.erase("status");
    rule["check"] = "mfa-not-prompted";
    rule["detail"] = "{amr}";
    rule["remediation"] = json::array({"MFA."});
    rule["shutsOut"] = "itsCustomer";
    CHECK(has_problem(parse_rule(rule).problems, "/shutsOut", "no customer of its own"));
  }
  SECTION("every check's parameter defaults pass its own spec") {
    for (const auto& check : rules::detail::all_checks()) {
      for (const auto& param : check.params) {
        INFO(check.name << "." << param.name);
        CHECK_FALSE((param.problem != nullptr && param.problem(param.default_value)));
      }
    }
  }
  SECTION("a partner check cannot imply a customer status") {
    auto rule = valid_rule();
    rule["check"] = "mfa-not-prompted";
    rule["detail"] = "{amr}";
    rule["remediation"] = json::array({"MFA."});
    CHECK(has_problem(parse_rule(rule).problems, "/status", "partner-level check"));
  }
  SECTION("template syntax errors") {
    auto rule = valid_rule();
    rule["detail"] = "{customer";
    rule["remediation"] = json::array({"{a[].b}{c[]}", "{missingRoles[]} and {notMember[].group}"});
    const auto parsed = parse_rule(rule);
    INFO(parsed.report);
    CHECK(has_problem(parsed.problems, "/detail", "unclosed '{'"));
    CHECK(has_problem(parsed.problems, "/remediation/1", "one list only"));
    CHECK(has_problem(parsed.problems, "/remediation/0", "unknown placeholder '{a}'"));
  }
  SECTION("a list placeholder outside a remediation step") {
    auto rule = valid_rule();
    rule["detail"] = "{missingRoles[]}";
    CHECK(has_problem(parse_rule(rule).problems, "/detail", "remediation steps only"));
  }
}

TEST_CASE("Truncated or invalid JSON is reported with line and column", "[rules]") {
  SECTION("truncated") {
    const auto parsed = parse_rule_text("{\n  \"id\": \"gdap.test-rule\",\n  \"title\": \"T");
    CHECK_FALSE(parsed.rule);
    REQUIRE(parsed.problems.size() == 1);
    CHECK_THAT(parsed.problems[0].message,
               Contains("invalid JSON at line 3") && Contains("truncated"));
    CHECK_THAT(parsed.report, Contains("rules/gdap.test-rule.json: /: invalid JSON at line 3"));
  }
  SECTION("a syntax error in the middle is not called truncated") {
    const auto parsed = parse_rule_text("{\n  \"id\": \"x\",,\n  \"title\": \"T\"\n}\n");
    REQUIRE(parsed.problems.size() == 1);
    CHECK_THAT(parsed.problems[0].message,
               Contains("invalid JSON at line 2, column 13") && !Contains("truncated"));
  }
  SECTION("comments are allowed") {
    auto text = valid_rule().dump(2);
    text.insert(1, "\n  // a comment a rule author may write\n");
    const auto parsed = parse_rule_text(text);
    INFO(parsed.report);
    CHECK(parsed.rule);
  }
  SECTION("not an object") {
    const auto parsed = parse_rule_text("[1, 2]");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].path.empty());
    CHECK_THAT(parsed.problems[0].message, Contains("expected an object, got an array"));
  }
}

TEST_CASE("load_rules needs the error catalogue beside the rules", "[rules]") {
  // Every rule, but no errors/ beside them.
  testing::TempDir directory;
  for (const auto& file : model::json_files_in(rules_directory())) {
    std::filesystem::copy_file(file, directory.path() / file.filename());
  }
  CHECK_THROWS_WITH(
      rules::load_rules(directory.path()),
      Contains((directory.path() / "errors").string() + ": error catalogue not found"));
  const auto shipped = shipped_rules();
  CHECK(shipped.catalogue.find("aadsts.50020") != nullptr);
}

TEST_CASE("load_rules reports every file's problems at once", "[rules]") {
  testing::TempDir directory;
  auto good = valid_rule();
  directory.write("gdap.test-rule.json", good.dump());
  auto misnamed = valid_rule();
  misnamed["id"] = "gdap.other-rule";
  directory.write("gdap.wrong-name.json", misnamed.dump());
  auto broken = valid_rule();
  broken["id"] = "gdap.broken";
  broken["severity"] = "fatal";
  directory.write("gdap.broken.json", broken.dump());
  directory.write("gdap.truncated.json", "{\"id\": ");
  directory.write("README.md", "not a rule");
  try {
    rules::load_rules(directory.path());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    const std::string message = error.what();
    const auto file = [&](const char* name) { return (directory.path() / name).string(); };
    CHECK_THAT(message, Contains(file("gdap.wrong-name.json") +
                                 ": /id: the file must be named after its id"));
    CHECK_THAT(message, Contains(file("gdap.broken.json") + ": /severity: expected error"));
    CHECK_THAT(message, Contains(file("gdap.truncated.json") + ": /: invalid JSON at line 1") &&
                            Contains("truncated"));
    CHECK_THAT(message, !Contains("gdap.test-rule.json") && !Contains("README"));
    CHECK(error.code() == ExitCode::usage);
  }
  CHECK_THROWS_AS(rules::load_rules(directory.path() / "absent"), InputError);
}

TEST_CASE("A folder of one's own adds rules or replaces them by id, never removes one", "[rules]") {
  const auto shipped_only = shipped_folders();
  const auto shipped_count = shipped_rules().rules.size();
  testing::TempDir own;

  SECTION("an empty folder changes nothing") {
    const auto set = rules::load_rules(rules::RuleFolders{rules_directory(), own.path()});
    CHECK(set.rules.size() == shipped_count);
  }
  SECTION("a rule with a shipped id replaces it; a new id is added, in id order") {
    auto replacement = valid_rule();
    replacement["id"] = "gdap.missing-roles";
    replacement["title"] = "Our words";
    own.write("gdap.missing-roles.json", replacement.dump());
    own.write("gdap.test-rule.json", valid_rule().dump());
    const auto set = rules::load_rules(rules::RuleFolders{rules_directory(), own.path()});
    CHECK(set.rules.size() == shipped_count + 1);
    REQUIRE(set.find("gdap.missing-roles") != nullptr);
    CHECK(set.find("gdap.missing-roles")->title == "Our words");
    CHECK(set.find("gdap.missing-roles")->source ==
          (own.path() / "gdap.missing-roles.json").string());
    CHECK(set.find("gdap.test-rule") != nullptr);
    CHECK(std::is_sorted(set.rules.begin(), set.rules.end(),
                         [](const rules::Rule& a, const rules::Rule& b) { return a.id < b.id; }));
  }
  SECTION("alone (the shipped rules missing), a partial folder is refused naming the checks") {
    own.write("gdap.test-rule.json", valid_rule().dump());
    try {
      rules::load_rules(rules::RuleFolders{{}, own.path()});
      FAIL("expected an InputError");
    } catch (const InputError& error) {
      CHECK_THAT(error.what(), Contains("without a rule") && Contains("user-not-in-adminagents") &&
                                   !Contains(", roles,") && Contains(own.path().string()));
      CHECK(error.code() == ExitCode::usage);
    }
  }
  SECTION("no folder at all is refused") {
    CHECK_THROWS_AS(rules::load_rules(rules::RuleFolders{}), InputError);
  }
  SECTION("profiles of one's own are listed with the shipped ones and found first") {
    std::filesystem::create_directories(own.path() / "profiles");
    own.write("profiles/syncro.json", R"({"name": "syncro", "requiredRoles": []})");
    own.write("profiles/ours.json", R"({"name": "ours", "requiredRoles": []})");
    const rules::RuleFolders folders{rules_directory(), own.path()};
    const auto names = rules::profile_names(folders);
    CHECK(std::count(names.begin(), names.end(), "syncro") == 1);
    CHECK(std::count(names.begin(), names.end(), "ours") == 1);
    CHECK(std::count(names.begin(), names.end(), "default") == 1);
    CHECK(rules::load_profile("syncro", folders, shipped_rules()).required_roles.empty());
    CHECK(!rules::load_profile("syncro", shipped_only, shipped_rules()).required_roles.empty());
  }
}

TEST_CASE("The shipped rules and profiles all load", "[rules]") {
  const auto& set = shipped_rules();
  std::vector<std::string> ids;
  for (const auto& rule : set.rules) {
    ids.push_back(rule.id);
    CHECK(rule.source == (std::filesystem::path(rules_directory()) / (rule.id + ".json")).string());
  }
  CHECK(ids == std::vector<std::string>{"app.missing-admin-consent",
                                        "app.registration-missing",
                                        "app.secret-expired",
                                        "app.secret-expiring",
                                        "csp.gdapcheck-client-not-authorized",
                                        "csp.mfa-not-prompted",
                                        "csp.no-customer-relationships",
                                        "csp.user-not-global-admin",
                                        "csp.user-not-in-adminagents",
                                        "gdap.access-assignment-not-active",
                                        "gdap.global-admin-blocks-auto-extend",
                                        "gdap.missing-admin-relationship",
                                        "gdap.missing-optional-roles",
                                        "gdap.missing-roles",
                                        "gdap.missing-security-group",
                                        "gdap.mlt-relationship-only",
                                        "gdap.relationship-expired",
                                        "gdap.relationship-expiring",
                                        "gdap.relationship-terminating",
                                        "gdap.reseller-approval-pending",
                                        "gdap.user-not-in-security-group",
                                        "tenant.app-not-consented",
                                        "tenant.conditional-access-blocks-partner",
                                        "tenant.conditional-access-may-block-partner",
                                        "tenant.missing-service-principal",
                                        "tenant.sign-in-failed",
                                        "tenant.sign-in-frequency-ends-refresh"});
  CHECK(set.find("gdap.relationship-expiring")->params == json{{"withinDays", 7}});
  CHECK(set.find("app.secret-expiring")->params == json{{"withinDays", 30}});
  CHECK(set.find("gdap.missing-roles")->status == model::CustomerStatus::missing_roles);

  CHECK(rules::profile_names(shipped_folders()) ==
        std::vector<std::string>{"cipp", "default", "entra-sync", "sync365", "syncro"});
  for (const auto& name : rules::profile_names(shipped_folders())) {
    CAPTURE(name);
    CHECK(shipped_profile(name).name == name);
  }
  CHECK(shipped_profile("cipp").optional_roles ==
        roles({"Billing Administrator", "Global Reader", "Domain Name Administrator"}));
  CHECK(shipped_profile("sync365").required_roles ==
        roles({"Global Reader", "Application Administrator"}));
  CHECK(shipped_profile("syncro").require_partner_global_admin);
  REQUIRE(shipped_profile("syncro").required_service_principals.size() == 1);
  CHECK(shipped_profile("syncro").required_service_principals[0].app_id == k_defender_app_id);
  CHECK(shipped_profile("entra-sync").required_graph_app_permissions ==
        std::vector<std::string>{k_user_read_all, k_group_member_read_all});
}

TEST_CASE("Profile problems are all reported", "[rules]") {
  SECTION("unknown role name, unknown rule id, wrong parameter type") {
    const auto parsed = parse_profile(R"({
      "name": "mine",
      "requiredRoles": ["Exchange Administrator", "Exchange Admin", 42],
      "disabledRules": ["gdap.no-such-rule"],
      "severity": {"gdap.missing-roles": "fatal", "csp.nope": "info"},
      "params": {"gdap.relationship-expiring": {"withinDays": "30"}, "app.secret-expiring": {"days": 5}},
      "requiredServicePrincipals": [{"appId": "not-a-guid"}],
      "appRegistration": {"requiredGraphApplicationPermissions": ["User.ReadWrite.Everything"]},
      "requireMfa": "yes",
      "colour": "blue"
    })");
    INFO(parsed.report);
    CHECK_FALSE(parsed.profile);
    CHECK(has_problem(parsed.problems, "/requiredRoles/1", "unknown role \"Exchange Admin\""));
    CHECK(has_problem(parsed.problems, "/requiredRoles/2", "expected a role name or template id"));
    CHECK(
        has_problem(parsed.problems, "/disabledRules/0", "unknown rule id \"gdap.no-such-rule\""));
    CHECK(has_problem(parsed.problems, "/severity/gdap.missing-roles",
                      "expected error, warning or info"));
    CHECK(has_problem(parsed.problems, "/severity/csp.nope", "unknown rule id \"csp.nope\""));
    CHECK(has_problem(parsed.problems, "/params/gdap.relationship-expiring/withinDays",
                      "expected a number, got a string"));
    CHECK(has_problem(parsed.problems, "/params/app.secret-expiring/days",
                      "has no parameter \"days\""));
    CHECK(has_problem(parsed.problems, "/requiredServicePrincipals/0/appId",
                      "not an application id"));
    CHECK(has_problem(parsed.problems, "/appRegistration/requiredGraphApplicationPermissions/0",
                      "unknown Microsoft Graph application permission"));
    CHECK(has_problem(parsed.problems, "/requireMfa", "expected true or false"));
    CHECK(has_problem(parsed.problems, "/colour", "unknown key \"colour\""));
    CHECK(parsed.problems.size() == 11);
    CHECK_THAT(parsed.report, Contains("my-profile.json: /requiredRoles/1: unknown role"));
  }
  SECTION("sign-in explanations are the error catalogue's, not a parameter any more") {
    const auto parsed = parse_profile(R"({"name": "codes", "params": {"tenant.sign-in-failed": {
        "explanations": {"50020": {"meaning": "m", "fix": "f"}}}}})");
    INFO(parsed.report);
    CHECK_FALSE(parsed.profile);
    CHECK(has_problem(parsed.problems, "/params/tenant.sign-in-failed/explanations",
                      "check \"sign-in-failed\" has no parameter \"explanations\""));
    CHECK(parsed.problems.size() == 1);
  }
  SECTION("list parameters: every element has the default's type") {
    const auto parsed = parse_profile(R"({"name": "ca", "params": {
        "tenant.conditional-access-blocks-partner": {"unsatisfiableControls": ["block", 3]}}})");
    CHECK(has_problem(parsed.problems,
                      "/params/tenant.conditional-access-blocks-partner/unsatisfiableControls/1",
                      "expected a string, got a number"));
  }
  SECTION("roles by name (any case) or template id") {
    const auto parsed = parse_profile(R"({"name": "ids",
        "requiredRoles": ["exchange administrator", "69091246-20E8-4A56-AA4D-066075B2A7A8"]})");
    INFO(parsed.report);
    REQUIRE(parsed.profile);
    CHECK(parsed.profile->required_roles.size() == 2);
    CHECK(parsed.profile->required_roles[0] == role("Exchange Administrator"));
    CHECK(model::role_name(parsed.profile->required_roles[1]) == "Teams Administrator");
  }
  SECTION("a truncated profile") {
    const auto parsed = parse_profile("{\"name\": \"cut\", \"requiredRoles\": [");
    REQUIRE(parsed.problems.size() == 1);
    CHECK_THAT(parsed.report,
               Contains("my-profile.json: /: invalid JSON at line 1") && Contains("truncated"));
  }
  SECTION("load_profile: an unknown shipped name is a usage error listing the shipped ones") {
    try {
      rules::load_profile("synkro", shipped_folders(), shipped_rules());
      FAIL("expected a UsageError");
    } catch (const UsageError& error) {
      CHECK_THAT(error.what(),
                 Contains("unknown profile 'synkro'") &&
                     Contains("not one of cipp, default, entra-sync, sync365, syncro"));
    }
  }
  SECTION("load_profile: a shipped name in any letter case") {
    CHECK(rules::load_profile("SyncRO", shipped_folders(), shipped_rules()).name == "syncro");
  }
  SECTION("load_profile: an invalid file is an input error naming file and path") {
    testing::TempDir directory;
    directory.write("mine.json", R"({"name": "mine", "requiredRoles": ["Teams Admin"]})");
    const auto path = (directory.path() / "mine.json").string();
    try {
      rules::load_profile(path, shipped_folders(), shipped_rules());
      FAIL("expected an InputError");
    } catch (const InputError& error) {
      CHECK_THAT(error.what(), Contains(path + ": /requiredRoles/0: unknown role \"Teams Admin\""));
    }
  }
}

TEST_CASE("A loaded profile knows how --profile names it again", "[rules]") {
  SECTION("a shipped profile: its name") {
    CHECK(rules::load_profile("syncro", shipped_folders(), shipped_rules()).reference == "syncro");
    CHECK_FALSE(rules::names_profile_file("syncro"));
  }
  SECTION("a user's file: its absolute path, also when given relative to the working folder") {
    testing::TempDir directory;
    directory.write("ours.json", R"({"name": "ours", "requiredRoles": ["Global Reader"]})");
    const auto absolute = std::filesystem::canonical(directory.path() / "ours.json").string();
    CHECK(rules::load_profile(absolute, shipped_folders(), shipped_rules()).reference == absolute);
    const auto relative =
        std::filesystem::relative(directory.path() / "ours.json", std::filesystem::current_path());
    REQUIRE(relative.is_relative());
    const auto profile = rules::load_profile(relative.string(), shipped_folders(), shipped_rules());
    CHECK(profile.name == "ours");
    CHECK(profile.reference == absolute);
    CHECK(rules::names_profile_file(relative.string()));
    CHECK(rules::names_profile_file("ours.json"));
  }
}

TEST_CASE("Templates: placeholders, repetition and presence", "[rules]") {
  using rules::detail::render;
  using rules::detail::render_each;
  using rules::detail::truthy;
  const json values = {
      {"customer", "Fabrikam"},
      {"roles", {"Teams Administrator", "User Administrator"}},
      {"apps", {{{"appId", "a1"}, {"name", "One"}}, {{"appId", "a2"}, {"name", "Two"}}}},
      {"none", json::array()},
      {"flag", false}};
  CHECK(render("{customer} needs {roles}; {{literal}}", values) ==
        "Fabrikam needs Teams Administrator, User Administrator; {literal}");
  CHECK(render("{apps} / {none} / {flag} / {absent}", values) ==
        "One, Two / none / no / (unknown)");
  // Objects read as their label, never as raw JSON.
  const json labelled = {{"groups", {{{"group", "Admins"}, {"groupId", "g-1"}}}},
                         {"grants", {{{"role", "Teams Administrator"}, {"group", "T"}}}}};
  CHECK(render("{groups} / {grants}", labelled) == "Admins / Teams Administrator");
  CHECK(render_each("New-MgServicePrincipal -AppId {apps[].appId} # {apps[].name} in {customer}",
                    values) ==
        std::vector<std::string>{"New-MgServicePrincipal -AppId a1 # One in Fabrikam",
                                 "New-MgServicePrincipal -AppId a2 # Two in Fabrikam"});
  CHECK(render_each("Add {roles[]}.", values) ==
        std::vector<std::string>{"Add Teams Administrator.", "Add User Administrator."});
  CHECK(render_each("Step for {none[]}", values).empty());
  CHECK(render_each("One step for {customer}", values).size() == 1);

  CHECK_FALSE(truthy(json("")));
  CHECK(truthy(json("x")));
  CHECK_FALSE(truthy(json::array()));
  CHECK_FALSE(truthy(json::object()));
  CHECK_FALSE(truthy(json(nullptr)));
  CHECK_FALSE(truthy(json(false)));
  CHECK_FALSE(truthy(json(0)));
  CHECK(truthy(json(3)));
  CHECK(truthy(json::array({1})));
}

}  // namespace gdap::test
