#include "unit/report/fixture.hpp"

#include "gdapcheck/model/display_text.hpp"
#include "gdapcheck/report/json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gdap::report {

namespace {

using nlohmann::ordered_json;

std::vector<std::string> keys_of(const ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) {
    keys.push_back(item.key());
  }
  return keys;
}

ordered_json parse(const std::string& text) {
  return ordered_json::parse(text);
}

}  // namespace

TEST_CASE("JSON report of a partner without customers, whole string", "[report]") {
  const std::string expected = R"({
  "schemaVersion": 1,
  "tool": {
    "name": "gdapcheck",
    "version": "0.1.0"
  },
  "generatedAt": "2026-11-22T10:00:00Z",
  "evaluatedAt": "2026-11-22T10:00:00Z",
  "collectedAt": "2026-11-22T09:30:00Z",
  "profile": "default",
  "app": null,
  "complete": true,
  "partner": {
    "tenantId": "p-1",
    "displayName": "Contoso Partner",
    "signIn": "delegated",
    "user": {
      "id": "u-1",
      "upn": "admin@contoso.com",
      "mfa": true,
      "globalAdmin": true,
      "inAdminAgents": true
    }
  },
  "customers": [],
  "findings": [],
  "suppressed": [],
  "warnings": [],
  "errors": [],
  "inconclusive": [],
  "notApplicable": [],
  "summary": {
    "customers": 0,
    "byStatus": {},
    "error": 0,
    "warning": 0,
    "info": 0,
    "suppressed": 0
  }
}
)";
  CHECK(render_json(test::empty_diagnosis(), {"0.1.0"}) == expected);
}

TEST_CASE("JSON report handed over piece by piece is the same text", "[report]") {
  for (const auto& diagnosis : {test::empty_diagnosis(), test::sample_diagnosis()}) {
    std::string joined;
    std::size_t pieces = 0;
    render_json(diagnosis, {"0.1.0"}, [&](std::string_view piece) {
      joined += piece;
      ++pieces;
    });
    CHECK(joined == render_json(diagnosis, {"0.1.0"}));
    CHECK(ordered_json::parse(joined)["customers"].size() == diagnosis.customers.size());
    CHECK(pieces > diagnosis.customers.size());
  }
}

TEST_CASE("JSON report keeps the design §4 key order", "[report]") {
  const auto report = parse(render_json(test::sample_diagnosis(), {"0.1.0"}));

  CHECK(keys_of(report) == std::vector<std::string>{"schemaVersion", "tool", "generatedAt",
                                                    "evaluatedAt", "collectedAt", "profile", "app",
                                                    "complete", "partner", "customers", "findings",
                                                    "suppressed", "warnings", "errors",
                                                    "inconclusive", "notApplicable", "summary"});
  CHECK(keys_of(report["partner"]) ==
        std::vector<std::string>{"tenantId", "displayName", "signIn", "user"});
  CHECK(keys_of(report["partner"]["user"]) ==
        std::vector<std::string>{"id", "upn", "mfa", "globalAdmin", "inAdminAgents"});
  CHECK(keys_of(report["customers"][0]) ==
        std::vector<std::string>{"tenantId", "displayName", "defaultDomain", "status",
                                 "relationships", "missingRoles"});
  CHECK(keys_of(report["customers"][0]["relationships"][0]) ==
        std::vector<std::string>{"id", "displayName", "status", "endDateTime", "autoExtendDuration",
                                 "autoExtends", "roles"});
  CHECK(keys_of(report["findings"][0]) ==
        std::vector<std::string>{"ruleId", "severity", "tenantId", "title", "detail", "evidence",
                                 "remediation", "commands", "references"});
  CHECK(keys_of(report["errors"][0]) ==
        std::vector<std::string>{"tenantId", "operation", "message", "explanation"});
  CHECK(keys_of(report["inconclusive"][0]) ==
        std::vector<std::string>{"ruleId", "tenantId", "reason", "blockedBy", "explanation"});
  CHECK(keys_of(report["summary"]) == std::vector<std::string>{"customers", "byStatus", "error",
                                                               "warning", "info", "suppressed"});
}

TEST_CASE("JSON report: an app-only run's MFA is not applicable, not unknown", "[report]") {
  auto diagnosis = test::empty_diagnosis();
  diagnosis.partner.app_only = true;
  diagnosis.partner.mfa.reset();
  diagnosis.not_applicable.push_back({"csp.mfa-not-prompted", "The sign-in carries no MFA claim",
                                      "an app-only token has no user and no MFA claim"});
  const auto report = parse(render_json(diagnosis, {"0.1.0"}));
  CHECK(report["partner"]["signIn"] == "app");
  CHECK(report["partner"]["user"]["mfa"].is_null());
  REQUIRE(report["notApplicable"].size() == 1);
  CHECK(keys_of(report["notApplicable"][0]) ==
        std::vector<std::string>{"ruleId", "title", "reason"});
  CHECK(report["notApplicable"][0]["ruleId"] == "csp.mfa-not-prompted");
  CHECK(report["notApplicable"][0]["reason"] == "an app-only token has no user and no MFA claim");
  CHECK(report["inconclusive"].empty());
}

TEST_CASE("JSON report: when it was evaluated, when the facts were read, for which app",
          "[report]") {
  auto diagnosis = test::empty_diagnosis();
  diagnosis.app = "Pinnacle Directory Sync";
  const auto report = parse(render_json(diagnosis, {"0.1.0"}));
  CHECK(report["evaluatedAt"] == "2026-11-22T10:00:00Z");
  CHECK(report["generatedAt"] == report["evaluatedAt"]);
  CHECK(report["collectedAt"] == "2026-11-22T09:30:00Z");
  CHECK(report["app"] == "Pinnacle Directory Sync");
  diagnosis.collected_at.clear();  // a snapshot that did not record it
  CHECK(parse(render_json(diagnosis, {"0.1.0"}))["collectedAt"].is_null());
}

TEST_CASE("JSON report: types, nulls for unknowns, arrays never null", "[report]") {
  const auto text = render_json(test::sample_diagnosis(), {"0.1.0"});
  REQUIRE(text.back() == '\n');
  const auto report = parse(text);

  CHECK(report["schemaVersion"] == 1);
  CHECK(report["complete"] == false);
  CHECK(report["partner"]["user"]["mfa"].is_null());
  CHECK(report["partner"]["user"]["inAdminAgents"] == false);

  const auto& customers = report["customers"];
  REQUIRE(customers.size() == 3);
  CHECK(customers[0]["missingRoles"].is_array());
  CHECK(customers[0]["missingRoles"].empty());
  CHECK(customers[1]["missingRoles"] == ordered_json::array({"Teams Administrator"}));
  CHECK(customers[1]["status"] == "missing_roles");
  CHECK_FALSE(customers[1].contains("statusReason"));
  CHECK(customers[2]["status"] == "unknown");
  CHECK(customers[2]["statusReason"] == "admin relationships could not be read");
  CHECK(customers[2]["missingRoles"].is_null());
  CHECK(customers[2]["displayName"].is_null());
  CHECK(customers[2]["relationships"].is_array());
  CHECK(customers[1]["relationships"][0]["roles"].is_array());

  const auto& finding = report["findings"][1];
  CHECK(finding["ruleId"] == "gdap.missing-roles");
  CHECK(finding["severity"] == "error");
  CHECK(finding["tenantId"] == "c-2");
  CHECK(finding["evidence"]["missingRoles"][0] == "Teams Administrator");
  CHECK(finding["remediation"].size() == 2);
  CHECK(finding["references"].is_array());

  CHECK(report["inconclusive"][0]["blockedBy"].is_null());

  const auto& summary = report["summary"];
  CHECK(summary["customers"] == 3);
  CHECK(keys_of(summary["byStatus"]) ==
        std::vector<std::string>{"active", "missing_roles", "unknown"});
  CHECK(summary["byStatus"]["unknown"] == 1);
  CHECK(summary["error"] == 2);
  CHECK(summary["warning"] == 0);
  CHECK(summary["info"] == 0);
}

TEST_CASE("JSON report: a relationship without end date and a finding without evidence",
          "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].relationships[0].end_date_time = std::nullopt;
  diagnosis.findings[0].evidence = model::CompactJson();
  diagnosis.inconclusive[0].blocked_by = "tenant.sign-in-failed";

  const auto report = parse(render_json(diagnosis, {""}));

  CHECK(report["tool"]["version"].is_null());
  CHECK(report["customers"][0]["relationships"][0]["endDateTime"].is_null());
  CHECK(report["findings"][0]["evidence"] == ordered_json::object());
  CHECK(report["inconclusive"][0]["blockedBy"] == "tenant.sign-in-failed");
}

TEST_CASE("JSON report survives invalid UTF-8 in tenant data", "[report]") {
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].display_name = "Fabrik\xff";
  const auto report = parse(render_json(diagnosis, {"0.1.0"}));
  CHECK(report["customers"][0]["displayName"] == "Fabrik\xEF\xBF\xBD");
}

TEST_CASE("JSON report written element by element is the whole document's dump", "[report]") {
  // Strings that need escaping, invalid UTF-8 (in the middle and at the end), C1 and bidi
  // controls, other non-ASCII text, empty strings and nested evidence: the text must be what
  // nlohmann's dump(2) of the whole report gives, with C1 and bidi controls escaped.
  const std::string bidi_override = {'\xe2', '\x80', '\xae'};  // U+202E
  const std::string hostile =
      "a\"b\\c\nd\te\x01f\x7fg\xffh\xc2\x9bi" + bidi_override + "j \xc3\xa9 \xe2";
  auto diagnosis = test::sample_diagnosis();
  diagnosis.customers[0].display_name = hostile;
  diagnosis.customers[1].relationships[0].display_name = hostile;
  diagnosis.customers[1].relationships[1].end_date_time.reset();
  diagnosis.customers[1].relationships[1].roles.emplace_back(hostile);
  diagnosis.customers[2].default_domain.clear();
  auto& finding = diagnosis.findings[1];
  finding.title = hostile;
  finding.remediation.push_back(hostile);
  // Kept as compact text and laid out again when written (model::CompactJson): braces, commas,
  // colons and quotes inside strings, empty and nested objects and arrays.
  auto evidence = finding.evidence.value();
  evidence["nested"] = {
      {"name", hostile},
      {"ratio", 0.25},
      {"list", {1, nullptr, true, -7, 1e300}},
      {"text", "{\"a\": [1, 2]}, b:c \\\"] ,"},
      {"empty", nlohmann::json::object()},
      {"none", nlohmann::json::array()},
      {"deep", {{{"a", {{"b", nlohmann::json::array({nlohmann::json::object(), "x"})}}}}}}};
  finding.evidence = evidence;
  model::Command command;
  command.command = "Get-MgUser -Filter \"x\"";
  command.tenant_id = "c-2";
  command.scopes = {"User.Read.All", hostile};
  command.environment = "Global";
  finding.commands.push_back(command);
  model::Finding no_evidence = diagnosis.findings[0];
  no_evidence.evidence = model::CompactJson();
  diagnosis.findings.push_back(no_evidence);
  diagnosis.suppressed.push_back({diagnosis.findings[0], "c-1", hostile, "2030-01-01"});

  const auto text = render_json(diagnosis, {"0.1.0"});
  const auto whole = ordered_json::parse(text);
  CHECK(text == model::escape_invisible_in_json(
                    whole.dump(2, ' ', false, ordered_json::error_handler_t::strict)) +
                    "\n");
  CHECK(whole["customers"][0]["displayName"] == "a\"b\\c\nd\te\x01f\x7fg\xEF\xBF\xBDh\xc2\x9bi" +
                                                    bidi_override + "j \xc3\xa9 \xEF\xBF\xBD");
  CHECK(text.find("\\u009b") != std::string::npos);
  CHECK(text.find("\\u202e") != std::string::npos);
  CHECK(whole["findings"][2]["evidence"] == ordered_json::object());
  CHECK(whole["suppressed"][0]["suppression"]["reason"] == whole["customers"][0]["displayName"]);
}

}  // namespace gdap::report
