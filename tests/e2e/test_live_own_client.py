#!/usr/bin/env python3
"""gdapcheck's own access kept apart from the customer's GDAP, collected live from the emulator.

Fabrikam's tenant refuses gdapcheck's client (Microsoft Graph Command Line Tools) with AADSTS90099,
as Entra does for an application not authorized for partner delegated administrators; Adatum refuses
the account itself (AADSTS50020: no GDAP path). Fabrikam must be `unknown` (never access_denied) and
listed by one partner-level finding with its admin-consent link and both ways out; Adatum stays
tenant.sign-in-failed / access_denied; the run is incomplete (exit 3). Signed in with the partner's
own app (--client-id), which Fabrikam does not refuse, Fabrikam is read and active again.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
CONTOSO = "2b5c8e1f-7a4d-4c6b-9e3f-1d8a5c2e7b90"
FABRIKAM = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29"
ADATUM = "9c2e5a8d-1f4b-4e7c-a0d3-7f2b5e8c1a63"
GRAPH_CLI = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
PARTNER_APP = "0f0f0f0f-1111-4222-8333-444455556666"
RULE = "csp.gdapcheck-client-not-authorized"


class OwnClientTest(harness.SignedInEmulatorTest):
    binary = BINARY

    @classmethod
    def make_scenario(cls):
        scenario = scenario_from_snapshot.from_example("healthy.json")
        tenants = scenario.setdefault("tenants", {})
        tenants.setdefault(FABRIKAM, {})["refuse_clients"] = {GRAPH_CLI: {"codes": [90099]}}
        tenants.setdefault(ADATUM, {})["error"] = {"error": "invalid_grant", "codes": [50020]}
        return scenario

    def tenant(self, *args, **env):
        return harness.run(BINARY, ["tenant", *args], self.env(**env))

    def test_own_client_refusal_is_unknown_with_one_partner_finding(self):
        result = self.tenant("--json")
        self.assertEqual(result.returncode, 3, result.stderr)
        report = json.loads(result.stdout)
        statuses = {c["tenantId"]: c["status"] for c in report["customers"]}
        self.assertEqual(statuses, {CONTOSO: "active", FABRIKAM: "unknown", ADATUM: "access_denied"})
        self.assertFalse(report["complete"])

        (own,) = [f for f in report["findings"] if f["ruleId"] == RULE]
        self.assertEqual(own["tenantId"], report["partner"]["tenantId"])
        self.assertEqual([c["tenantId"] for c in own["evidence"]["customers"]], [FABRIKAM])
        link = f"https://login.microsoftonline.com/{FABRIKAM}/adminconsent?client_id={GRAPH_CLI}"
        steps = "\n".join(own["remediation"])
        self.assertIn(link, steps)
        self.assertIn("--client-id", steps)
        self.assertIn("app-only", steps)
        self.assertIn("Microsoft Graph Command Line Tools", own["detail"])

        sign_in = [f for f in report["findings"] if f["ruleId"] == "tenant.sign-in-failed"]
        self.assertEqual([f["tenantId"] for f in sign_in], [ADATUM], "only the account's refusal")
        fabrikam_gaps = [g for g in report["inconclusive"] if g["tenantId"] == FABRIKAM]
        self.assertTrue(fabrikam_gaps)
        self.assertTrue(all("own client" in g["reason"] for g in fabrikam_gaps), fabrikam_gaps)

    def test_text_report_gives_both_ways_out(self):
        result = self.tenant()
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn(RULE, result.stdout)
        self.assertIn(f"{FABRIKAM}/adminconsent?client_id={GRAPH_CLI}", result.stdout)
        self.assertIn("secure application model", result.stdout)

    def test_the_saved_snapshot_records_the_client(self):
        path = os.path.join(self.tmp.name, "saved.json")
        result = self.tenant("--save-snapshot", path, "--json")
        self.assertEqual(result.returncode, 3, result.stderr)
        with open(path, encoding="utf-8") as handle:
            saved = json.load(handle)
        self.assertEqual(saved["clientId"], GRAPH_CLI)
        offline = harness.run(BINARY, ["tenant", "--snapshot", path, "--json"], self.env())
        self.assertEqual(offline.returncode, 3, offline.stderr)
        self.assertEqual(harness.report_facts(json.loads(offline.stdout)),
                         harness.report_facts(json.loads(result.stdout)))

    def test_the_partners_own_app_gets_in(self):
        cache = os.path.join(self.tmp.name, "own-app")
        harness.login(BINARY, self.emu, cache, GDAPCHECK_CLIENT_ID=PARTNER_APP)
        result = harness.run(BINARY, ["tenant", "--json"],
                             harness.clean_env(self.emu, cache, GDAPCHECK_CLIENT_ID=PARTNER_APP))
        self.assertEqual(result.returncode, 1, result.stderr)  # Adatum's 50020 is still an error
        report = json.loads(result.stdout)
        statuses = {c["tenantId"]: c["status"] for c in report["customers"]}
        self.assertEqual(statuses[FABRIKAM], "active")
        self.assertNotIn(RULE, [f["ruleId"] for f in report["findings"]])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
