#!/usr/bin/env python3
"""Live collection follows every @odata.nextLink: with Graph answering short pages (fewer than
$top) and an empty first page that still has a next page, the result is the clean one.
Also: a throttled read is retried no sooner than its Retry-After, a 429 without Retry-After
is still retried, and throttling at the token endpoint does not fail a customer's sign-in.
"""

import json
import math
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


def collect(scenario, login_scenario=None):
    with tempfile.TemporaryDirectory() as tmp, harness.Emulator(login_scenario or scenario) as emu:
        cache = os.path.join(tmp, "cache")
        harness.login(BINARY, emu, cache)
        if login_scenario:
            emu.update(scenario)
        harness.reset_stats(emu)
        result = harness.run(BINARY, ["tenant", "--json"], harness.clean_env(emu, cache), timeout=240)
        state = emu.state()
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"--json output is not JSON (exit {result.returncode}): {result.stderr}")
    return result, report, state


def reads_of(state, path, tenant=None):
    """(time, status) of every read of `path` (direct or inside a $batch), in time order."""
    found = [(r["time"], r.get("status")) for r in state["requests"]
             if r["path"] == "/v1.0" + path and (tenant is None or (r.get("tenant") or "").lower() == tenant)]
    found += [(s["time"], s["status"]) for s in state["subrequests"]
              if s["path"].lstrip("/") == path.lstrip("/") and (tenant is None or (s["tenant"] or "").lower() == tenant)]
    return sorted(found)


class LivePagingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scenario = scenario_from_snapshot.synthetic(CUSTOMERS, seed=31)
        result, report, _ = collect(cls.scenario)
        cls.clean = (result.returncode, harness.report_facts(report))

    def assert_clean(self, result, report, what):
        self.assertEqual((result.returncode, harness.report_facts(report)), self.clean,
                         f"{what}: stderr {result.stderr[-2000:]}\nerrors {report.get('errors')}")

    def test_short_and_empty_pages(self):
        scenario = json.loads(json.dumps(self.scenario))
        scenario["graph"]["page_cap"] = 7
        scenario["graph"]["empty_first_page"] = True
        result, report, state = collect(scenario)
        self.assert_clean(result, report, "pages of at most 7, first pages empty")
        relationships = len(self.scenario["graph"]["partner"]["relationships"])
        self.assertGreaterEqual(len(reads_of(state, "/contracts")), 1 + math.ceil(CUSTOMERS / 7))
        self.assertGreaterEqual(len(reads_of(state, "/tenantRelationships/delegatedAdminRelationships")),
                                1 + math.ceil(relationships / 7))

    def test_retry_after_is_honoured(self):
        tenant = sorted(self.scenario["graph"]["customers"])[5].lower()
        scenario = json.loads(json.dumps(self.scenario))
        scenario["faults"] = {"fail": [{"path": r"^/identity/conditionalAccess/policies$", "tenant": tenant,
                                        "status": 429, "code": "TooManyRequests", "retry_after": 2, "times": 1}]}
        result, report, state = collect(scenario)
        self.assert_clean(result, report, "one 429 with Retry-After: 2")
        reads = reads_of(state, "/identity/conditionalAccess/policies", tenant)
        self.assertGreaterEqual(len(reads), 2, reads)
        self.assertEqual(reads[0][1], 429)
        self.assertGreaterEqual(reads[1][0] - reads[0][0], 1.9, "the retry waited for Retry-After")

    def test_429_without_retry_after_is_retried(self):
        # Conditional access reads are throttled per tenant without a Retry-After (graph-api.md §12.3).
        tenant = sorted(self.scenario["graph"]["customers"])[9].lower()
        scenario = json.loads(json.dumps(self.scenario))
        scenario["faults"] = {"fail": [{"path": r"^/identity/conditionalAccess/policies$", "tenant": tenant,
                                        "status": 429, "code": "TooManyRequests", "times": 2}]}
        result, report, state = collect(scenario)
        self.assert_clean(result, report, "two 429s without Retry-After")
        self.assertEqual([status for _, status in reads_of(state, "/identity/conditionalAccess/policies", tenant)],
                         [429, 429, 200])

    def test_throttled_token_endpoint(self):
        scenario = json.loads(json.dumps(self.scenario))
        faults = {"faults": {"include_token": True, "seed": 3, "rate_429": 0.1, "rate_503": 0.05, "retry_after": 1}}
        result, report, state = collect(faults, login_scenario=scenario)
        self.assert_clean(result, report, "10 % 429 + 5 % 503 at the token endpoint too")
        self.assertGreater(state["graph_stats"]["throttled"]["total"], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
