#!/usr/bin/env python3
"""Every example snapshot, collected live from the emulator, diagnoses like the snapshot itself.

For each case of test_examples.CASES the snapshot becomes an emulator scenario
(tests/emulator/scenario_from_snapshot.py); `gdapcheck login` then `gdapcheck tenant --json`
(live) must give the same exit code, the same status per customer tenant id, the same findings
(ruleId, tenantId, severity) and the same `complete` as
`gdapcheck tenant --snapshot examples/X.json --json` with the same profile, --fail-on and --as-of.

entra-sync checks the integration's app registration (`--app`). The example gives each customer
its own registration (same display name, different app ids): the case runs with `--app NAME`
on the scenario as it is, and once more with `--app APP_ID` on a scenario where every customer's
registration has the first customer's app id.
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402
from test_examples import AS_OF, CASES  # noqa: E402

BINARY = harness.live_binary_from_argv()


def integration_app(snapshot):
    for customer in snapshot["customers"]:
        app = (customer.get("integrationApp") or {}).get("value")
        if app and app.get("appId"):
            return app
    return None


class LiveExamplesTest(unittest.TestCase):
    def check_case(self, name, profile, fail_on, by_app_id=False):
        path = os.path.join(ROOT, "examples", f"{name}.json")
        with open(path, encoding="utf-8") as handle:
            snapshot = json.load(handle)
        options = ["--json", "--as-of", AS_OF, "--profile", profile, "--fail-on", fail_on]
        offline = harness.run(BINARY, ["tenant", "--snapshot", path] + options, dict(os.environ, NO_COLOR="1"))
        expected = harness.report_facts(json.loads(offline.stdout))

        app = integration_app(snapshot) if profile == "entra-sync" else None
        app_id = app["appId"] if app and by_app_id else None
        scenario = scenario_from_snapshot.from_snapshot(snapshot, app_id=app_id)
        live_options = list(options)
        if app:
            live_options += ["--app", app_id or app["displayName"]]
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            harness.login(BINARY, emu, cache)
            live = harness.run(BINARY, ["tenant"] + live_options, harness.clean_env(emu, cache), timeout=120)
            try:
                report = json.loads(live.stdout)
            except json.JSONDecodeError:
                self.fail(f"{name}: live --json output is not JSON (exit {live.returncode}): {live.stderr}")
            got = harness.report_facts(report)
            self.assertEqual(live.returncode, offline.returncode,
                             f"{name}: exit code live {live.returncode}, snapshot {offline.returncode}\n"
                             f"stderr: {live.stderr}\nerrors: {report.get('errors')}")
            self.assertEqual(got["statuses"], expected["statuses"], f"{name}: customer statuses")
            self.assertEqual(got["findings"], expected["findings"], f"{name}: findings")
            self.assertEqual(got["complete"], expected["complete"],
                             f"{name}: complete (errors: {report.get('errors')})")
            stats = emu.state()["graph_stats"]
            self.assertEqual(stats["unauthorized"], 0, f"{name}: every Graph request carried a valid token")


def make_test(case):
    name, profile, fail_on = case[0], case[1], case[2]
    return lambda self: self.check_case(name, profile, fail_on)


for _case in CASES:
    setattr(LiveExamplesTest, "test_" + _case[0].replace("-", "_"), make_test(_case))
    if _case[1] == "entra-sync":
        setattr(LiveExamplesTest, "test_" + _case[0].replace("-", "_") + "_by_app_id",
                lambda self, c=_case: self.check_case(c[0], c[1], c[2], by_app_id=True))


if __name__ == "__main__":
    unittest.main(verbosity=2)
