#!/usr/bin/env python3
"""Every example snapshot, collected live from the emulator, diagnoses like the snapshot itself.

For each example examples/README.md lists, the snapshot becomes an emulator scenario
(tests/emulator/scenario_from_snapshot.py); `gdapcheck login` then `gdapcheck tenant --json`
(live, evaluated now, with the profile and `--app` the example records; the scenario's dates moved
so that the example's collection time is now) must
give the same exit code, the same status per customer tenant id, the same findings (ruleId,
tenantId, severity) and the same `complete` as the example's documented command,
`gdapcheck tenant --snapshot examples/X.json --json`, which takes all of that from the file.

entra-sync checks the integration's app registration (`--app`). The example gives each customer
its own registration (same display name, different app ids) and records the name: the case runs
with `--app NAME` on the scenario as it is, and once more with `--app APP_ID` on a scenario where
every customer's registration has the first customer's app id.
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
import examples_readme  # noqa: E402
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()


def integration_app(snapshot):
    for customer in snapshot["customers"]:
        app = (customer.get("integrationApp") or {}).get("value")
        if app and app.get("appId"):
            return app
    return None


class LiveExamplesTest(unittest.TestCase):
    def check_case(self, example, by_app_id=False):
        with open(example.path, encoding="utf-8") as handle:
            snapshot = json.load(handle)
        # The documented command (test_examples checks it is exactly this), from any folder.
        offline = harness.run(BINARY, ["tenant", "--snapshot", example.path, "--json"], dict(os.environ, NO_COLOR="1"))
        self.assertEqual(offline.returncode, example.exit_code, f"{example.name}: {offline.stderr}")
        expected = harness.report_facts(json.loads(offline.stdout))

        app = integration_app(snapshot) if snapshot["app"] else None
        app_id = app["appId"] if app and by_app_id else None
        scenario = scenario_from_snapshot.from_snapshot(snapshot, app_id=app_id)
        live_options = ["--json", "--profile", snapshot["profile"]]
        if snapshot["app"]:
            live_options += ["--app", app_id or snapshot["app"]]
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            saved_path = os.path.join(tmp, "saved.json")
            harness.login(BINARY, emu, cache)
            live = harness.run(BINARY, ["tenant", "--save-snapshot", saved_path] + live_options,
                               harness.clean_env(emu, cache), timeout=120)
            try:
                report = json.loads(live.stdout)
            except json.JSONDecodeError:
                self.fail(f"{example.name}: live --json output is not JSON (exit {live.returncode}): {live.stderr}")
            got = harness.report_facts(report)
            self.assertEqual(live.returncode, offline.returncode,
                             f"{example.name}: exit code live {live.returncode}, snapshot {offline.returncode}\n"
                             f"stderr: {live.stderr}\nerrors: {report.get('errors')}")
            self.assertEqual(got["statuses"], expected["statuses"], f"{example.name}: customer statuses")
            self.assertEqual(got["findings"], expected["findings"], f"{example.name}: findings")
            self.assertEqual(got["complete"], expected["complete"],
                             f"{example.name}: complete (errors: {report.get('errors')})")
            with open(saved_path, encoding="utf-8") as handle:
                saved = json.load(handle)
            self.assertEqual((saved["profile"], saved["app"]), (snapshot["profile"], app_id or snapshot["app"]),
                             f"{example.name}: the live snapshot records the profile and app it was collected for")
            stats = emu.state()["graph_stats"]
            self.assertEqual(stats["unauthorized"], 0, f"{example.name}: every Graph request carried a valid token")


def make_test(example, by_app_id=False):
    return lambda self: self.check_case(example, by_app_id)


for _example in examples_readme.read():
    _name = "test_" + _example.name.replace("-", "_")
    setattr(LiveExamplesTest, _name, make_test(_example))
    with open(_example.path, encoding="utf-8") as _handle:
        if json.load(_handle).get("app"):
            setattr(LiveExamplesTest, _name + "_by_app_id", make_test(_example, by_app_id=True))


if __name__ == "__main__":
    unittest.main(verbosity=2)
