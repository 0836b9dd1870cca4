#!/usr/bin/env python3
"""Live collection under faults: throttling, 503s, resets and truncated bodies change nothing;
an endpoint that always fails makes only its customer incomplete.

A synthetic partner with 30 healthy customers (tests/emulator/scenario_from_snapshot.synthetic)
is collected once clean; every faulty run must give the same findings, statuses, `complete` and
exit code, and the emulator must have really sent the faults.
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
CUSTOMERS = 30


class LiveFaultsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scenario = scenario_from_snapshot.synthetic(CUSTOMERS, seed=21)
        cls.clean, cls.clean_state = cls.collect(cls.scenario)
        cls.clean_facts = harness.report_facts(cls.clean["report"])

    @classmethod
    def collect(cls, scenario, *args):
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            # Sign in without faults, then switch them on for the collection.
            faults = scenario.get("faults")
            if faults:
                emu.update({"faults": {"rate_429": 0, "rate_503": 0, "rate_reset": 0, "rate_truncated": 0}})
            harness.login(BINARY, emu, cache)
            if faults:
                emu.update({"faults": faults})
            harness.reset_stats(emu)
            result = harness.run(BINARY, ["tenant", "--json", *args], harness.clean_env(emu, cache), timeout=240)
            state = emu.state()
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise AssertionError(f"--json output is not JSON (exit {result.returncode}): {result.stderr}")
        return {"code": result.returncode, "report": report, "stderr": result.stderr}, state

    def faulty(self, faults):
        scenario = json.loads(json.dumps(self.scenario))
        scenario["faults"] = dict(scenario.get("faults", {}), **faults)
        return self.collect(scenario)

    def assert_same_as_clean(self, run, what):
        facts = harness.report_facts(run["report"])
        self.assertEqual(run["code"], self.clean["code"], f"{what}: exit code; stderr: {run['stderr'][-2000:]}\n"
                         f"errors: {run['report'].get('errors')}")
        self.assertEqual(facts["statuses"], self.clean_facts["statuses"], what)
        self.assertEqual(facts["findings"], self.clean_facts["findings"], what)
        self.assertEqual(facts["complete"], self.clean_facts["complete"], what)

    def test_clean_run_is_healthy_and_complete(self):
        self.assertEqual(self.clean["code"], 0, self.clean["stderr"])
        self.assertTrue(self.clean_facts["complete"])
        self.assertEqual(len(self.clean_facts["statuses"]), CUSTOMERS)
        self.assertEqual(set(self.clean_facts["statuses"].values()), {"active"})
        stats = self.clean_state["graph_stats"]
        # Keep-alive: no connection per request, and never more than the default concurrency
        # (64) allows.
        self.assertLess(stats["connections"], stats["requests_total"], "connections are reused")
        self.assertLessEqual(stats["connections"], 64 + 2)

    def test_throttling_and_unavailable_change_nothing(self):
        run, state = self.faulty({"seed": 5, "rate_429": 0.10, "retry_after": 1, "rate_503": 0.05})
        self.assert_same_as_clean(run, "10 % 429 + 5 % 503")
        stats = state["graph_stats"]
        self.assertGreater(stats["throttled"]["total"], 0, "the emulator really throttled")
        self.assertGreater(stats["unavailable"]["total"], 0, "the emulator really answered 503")

    def test_resets_and_truncated_bodies_change_nothing(self):
        # Random breakage at a small rate, plus rules that certainly break a few: the first two
        # answers with a customer's conditional access policies are cut in half, the first
        # partner read and the first access-assignment read lose their connection.
        rules = [{"path": r"^/identity/conditionalAccess/policies$", "truncate": True, "times": 2},
                 {"path": r"^/me$", "reset": True, "times": 1},
                 {"path": r"/accessAssignments$", "reset": True, "times": 1},
                 {"path": r"^/directoryObjects/getByIds$", "truncate": True, "times": 1}]
        run, state = self.faulty({"seed": 9, "rate_reset": 0.03, "rate_truncated": 0.03, "fail": rules})
        self.assert_same_as_clean(run, "resets + truncated bodies")
        stats = state["graph_stats"]
        self.assertGreaterEqual(stats["resets"], 2, "the emulator really reset connections")
        self.assertGreaterEqual(stats["truncated"], 2, "the emulator really cut answers short")

    def test_an_endpoint_that_always_fails_makes_only_its_customer_incomplete(self):
        customers = self.scenario["graph"]["customers"]
        relationships = self.scenario["graph"]["partner"]["relationships"]
        # Customer A: its relationships' access assignments cannot be read → A is unknown.
        # Customer B: its conditional access policies cannot be read → a check is left undecided,
        # but what decides B's status was read, so B keeps its status.
        tenant_a, tenant_b = sorted(customers)[3], sorted(customers)[7]
        rules = [{"method": "GET", "status": 500, "code": "generalException", "message": "emulated outage",
                  "path": r"^/tenantRelationships/delegatedAdminRelationships/[^/]*" + tenant_a + "/accessAssignments$"},
                 {"method": "GET", "path": r"^/identity/conditionalAccess/policies$", "tenant": tenant_b,
                  "status": 500, "code": "generalException", "message": "emulated outage"}]
        self.assertTrue(any(r["customer"]["tenantId"] == tenant_a for r in relationships))
        run, state = self.faulty({"fail": rules})
        facts = harness.report_facts(run["report"])
        self.assertEqual(run["code"], 3, run["stderr"])
        self.assertFalse(facts["complete"])
        self.assertEqual(facts["statuses"][tenant_a.lower()], "unknown")
        expected = dict(self.clean_facts["statuses"])
        expected[tenant_a.lower()] = "unknown"
        self.assertEqual(facts["statuses"], expected, "every other customer is unchanged")
        self.assertGreater(state["graph_stats"]["failed_by_rule"], 0)
        self.assertTrue(run["report"]["errors"], "the failed reads are listed in errors")
        undecided = {(i["tenantId"] or "").lower() for i in run["report"].get("inconclusive", [])}
        self.assertIn(tenant_b.lower(), undecided, "B's conditional access check is reported as not decided")
        self.assertEqual(facts["findings"], self.clean_facts["findings"], "no finding is guessed")

    def test_a_token_outage_is_unknown_not_a_refused_sign_in(self):
        # The token endpoint answers 503 every time for customer C: no token could be had, but
        # the tenant never said no, so C is unknown, not access_denied with tenant.sign-in-failed.
        tenant_c = sorted(self.scenario["graph"]["customers"])[5]
        scenario = json.loads(json.dumps(self.scenario))
        scenario.setdefault("tenants", {})[tenant_c] = {
            "error": {"error": "temporarily_unavailable", "codes": [], "status": 503}}
        run, _ = self.collect(scenario)
        facts = harness.report_facts(run["report"])
        self.assertEqual(run["code"], 3, run["stderr"])
        self.assertFalse(facts["complete"])
        expected = dict(self.clean_facts["statuses"])
        expected[tenant_c.lower()] = "unknown"
        self.assertEqual(facts["statuses"], expected)
        self.assertEqual(facts["findings"], self.clean_facts["findings"], "no sign-in finding is guessed")
        sign_in_errors = [e for e in run["report"]["errors"]
                          if e["tenantId"].lower() == tenant_c.lower() and e["operation"] == "signIn"]
        self.assertEqual(len(sign_in_errors), 1, run["report"]["errors"])
        self.assertIn("503", sign_in_errors[0]["message"])

    def test_a_named_customer_is_not_called_unknown_when_the_lists_were_not_read(self):
        scenario = json.loads(json.dumps(self.scenario))
        rules = [{"method": "GET", "path": r"^/tenantRelationships/delegatedAdminRelationships$",
                  "status": 403, "code": "Authorization_RequestDenied", "message": "Insufficient privileges"},
                 {"method": "GET", "path": r"^/contracts$",
                  "status": 403, "code": "Authorization_RequestDenied", "message": "Insufficient privileges"}]
        scenario["faults"] = {"fail": rules}
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            harness.login(BINARY, emu, cache)
            result = harness.run(BINARY, ["tenant", "--json", "Somebody Unlisted"], harness.clean_env(emu, cache))
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("cannot tell whether \"Somebody Unlisted\" is a customer", result.stderr)
        self.assertNotIn("unknown customer", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
