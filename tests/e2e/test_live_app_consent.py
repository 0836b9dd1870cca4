#!/usr/bin/env python3
"""The integration's multi-tenant app, per customer, collected live from the emulator.

A profile names the integration's app and what it needs on Microsoft Graph (the delegated scope
Directory.Read.All, the application permission User.Read.All). In Contoso the app is consented to
both; in Fabrikam its tenant-wide grant lacks Directory.Read.All; Adatum has no service principal
of the app at all. Fabrikam and Adatum get tenant.app-not-consented, naming the scope or the missing
app, with the customer's admin-consent link; Contoso gets nothing. When the grants cannot be read
(403), the check is unknown with the GDAP roles that would allow the read, never a pass.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
CONTOSO = "2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90"
FABRIKAM = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29"
ADATUM = "9c2e5a8d-1f4b-4e7c-a0d3-7f2b5e8c1a63"
GRAPH = "00000003-0000-0000-c000-000000000000"
APP = "5b2e4f0a-6c1d-4e8b-9a73-0f2d1c3b4a5e"
RULE = "tenant.app-not-consented"
# Microsoft Graph's published ids of the two permissions (the emulator serves them on Graph's
# service principal, as Graph does in every tenant).
DIRECTORY_READ_ALL = "06da0dbc-49e2-44d2-8312-53f166ab848a"
USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214"


def profile_text():
    with open(os.path.join(ROOT, "rules", "profiles", "default.json"), encoding="utf-8") as handle:
        profile = json.load(handle)
    profile["name"] = "my-rmm"
    profile["integrationApp"] = {"appIds": [APP], "requiredResourceAccess": [
        {"resourceAppId": GRAPH, "scopes": ["Directory.Read.All"], "appRoles": ["User.Read.All"]}]}
    return json.dumps(profile)


class AppConsentTest(harness.SignedInEmulatorTest):
    binary = BINARY

    @classmethod
    def make_scenario(cls):
        scenario = scenario_from_snapshot.from_example("healthy.json")
        for cid, customer in scenario["graph"]["customers"].items():
            for sp in customer["servicePrincipals"]:
                if sp["appId"] == GRAPH:
                    sp["oauth2PermissionScopes"] = [{"id": DIRECTORY_READ_ALL, "value": "Directory.Read.All"},
                                                    {"id": USER_READ, "value": "User.Read"}]
                    sp["appRoles"] = [{"id": USER_READ_ALL, "value": "User.Read.All"}]
            if cid == ADATUM:
                continue  # the app was never consented here: no service principal
            customer["servicePrincipals"].append({"appId": APP, "displayName": "Northwind RMM",
                                                  "accountEnabled": True})
            scope = "User.Read Directory.Read.All" if cid == CONTOSO else "User.Read"
            customer["oauth2PermissionGrants"] = {APP: [{"resourceAppId": GRAPH, "scope": scope}]}
            customer["appRoleAssignments"] = {APP: [{"appRoleId": USER_READ_ALL, "resourceAppId": GRAPH}]}
        return scenario

    def setUp(self):
        self.profile = os.path.join(self.tmp.name, "my-rmm.json")
        with open(self.profile, "w", encoding="utf-8") as handle:
            handle.write(profile_text())

    def tenant(self, *args):
        return harness.run(BINARY, ["tenant", "--profile", self.profile, "--json", *args], self.env())

    def test_each_customer_gets_what_it_lacks(self):
        result = self.tenant()
        self.assertEqual(result.returncode, 1, result.stderr)
        report = json.loads(result.stdout)
        self.assertTrue(report["complete"], report["inconclusive"])
        found = {f["tenantId"]: f for f in report["findings"] if f["ruleId"] == RULE}
        self.assertEqual(sorted(found), sorted([FABRIKAM, ADATUM]), "Contoso is consented")
        fabrikam = json.dumps(found[FABRIKAM])
        self.assertIn("Directory.Read.All", fabrikam)
        self.assertNotIn("User.Read.All", found[FABRIKAM]["detail"], "the app role is granted")
        link = f"https://login.microsoftonline.com/{FABRIKAM}/adminconsent?client_id={APP}"
        self.assertIn(link, "\n".join(found[FABRIKAM]["remediation"]))
        adatum_steps = "\n".join(found[ADATUM]["remediation"])
        self.assertIn(f"https://login.microsoftonline.com/{ADATUM}/adminconsent?client_id={APP}", adatum_steps)

    def test_app_flag_overrides_the_profile(self):
        other = "7c7c7c7c-1111-4222-8333-444455556666"  # in no customer
        result = self.tenant("--app", other)
        self.assertEqual(result.returncode, 1, result.stderr)
        report = json.loads(result.stdout)
        found = sorted(f["tenantId"] for f in report["findings"] if f["ruleId"] == RULE)
        self.assertEqual(found, sorted([CONTOSO, FABRIKAM, ADATUM]))

    def test_unreadable_grants_are_unknown_never_a_pass(self):
        self.emu.update({"faults": {"fail": [{"method": "GET", "path": "^/oauth2PermissionGrants$",
                                              "tenant": CONTOSO, "status": 403,
                                              "code": "Authorization_RequestDenied",
                                              "message": "Insufficient privileges to complete the operation."}]}})
        try:
            result = self.tenant()
        finally:
            self.emu.update({"faults": {"fail": []}})
        report = json.loads(result.stdout)
        self.assertEqual(result.returncode, 3, result.stderr)
        gaps = [g for g in report["inconclusive"] if g["tenantId"] == CONTOSO and g["ruleId"] == RULE]
        self.assertEqual(len(gaps), 1, report["inconclusive"])
        self.assertIn("403", gaps[0]["reason"])
        self.assertIn("Directory Readers", gaps[0]["reason"])
        self.assertNotIn(CONTOSO, [f["tenantId"] for f in report["findings"] if f["ruleId"] == RULE])


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        sys.argv.pop(1)
    unittest.main(verbosity=2)
