#!/usr/bin/env python3
"""Outside AdminAgents, Graph lists GDAP relationships as empty (200, `value: []`), by design.
Collected live, that must read as csp.user-not-in-adminagents with every customer `unknown` —
never as "no relationships" or "missing admin relationship". Membership through a nested group
counts.
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
CUSTOMERS = 5


class LiveAdminAgentsTest(unittest.TestCase):
    def collect(self, scenario):
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            harness.login(BINARY, emu, cache)
            harness.reset_stats(emu)
            result = harness.run(BINARY, ["tenant", "--json"], harness.clean_env(emu, cache), timeout=120)
            state = emu.state()
        return result, json.loads(result.stdout), state

    def scenario_with_admin_agents(self, members):
        scenario = scenario_from_snapshot.synthetic(CUSTOMERS, seed=13)
        for group in scenario["graph"]["partner"]["groups"]:
            if group["displayName"] == "AdminAgents":
                group["members"] = members(scenario)
        return scenario

    def test_not_in_admin_agents(self):
        scenario = self.scenario_with_admin_agents(lambda s: [])
        result, report, state = self.collect(scenario)
        listed = [r for r in state["requests"] if r.get("kind") == "$batch" or
                  r.get("kind") == "delegatedAdminRelationships"]
        self.assertTrue(listed, "the relationships were asked for")
        rules = {f["ruleId"] for f in report["findings"]}
        self.assertIn("csp.user-not-in-adminagents", rules)
        self.assertNotIn("csp.no-customer-relationships", rules, "an empty list is not 'no relationships'")
        self.assertNotIn("gdap.missing-admin-relationship", rules)
        self.assertFalse(report["partner"]["user"]["inAdminAgents"])
        self.assertEqual(len(report["customers"]), CUSTOMERS, "customers still come from the contracts")
        self.assertEqual({c["status"] for c in report["customers"]}, {"unknown"})
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertTrue(report["complete"], "the gaps are explained by the AdminAgents finding")

    def test_nested_membership_counts(self):
        # The account is in "Tier 2 Technicians", which is a member of AdminAgents.
        def tier2(scenario):
            return [g["id"] for g in scenario["graph"]["partner"]["groups"] if g["displayName"] == "Tier 2 Technicians"]
        result, report, _ = self.collect(self.scenario_with_admin_agents(tier2))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(report["partner"]["user"]["inAdminAgents"])
        self.assertEqual({c["status"] for c in report["customers"]}, {"active"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
