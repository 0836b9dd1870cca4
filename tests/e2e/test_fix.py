#!/usr/bin/env python3
"""gdapcheck fix: the plan and the script for every example, offline and live.

The script holds exactly the commands the JSON report gives each finding (one source for both),
each block framed by its tenant's Connect-MgGraph and Disconnect-MgGraph; the exit code is the
plan's (0 nothing to change, 1 something to change, 3 planned from facts not all read); bad input
is exit 2; a live plan is the offline plan of the same facts.
"""

import glob
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.json")))
ENV = dict(os.environ, NO_COLOR="1")


def example(name):
    return os.path.join(ROOT, "examples", name + ".json")


class FixTest(unittest.TestCase):
    def test_script_is_the_reports_commands_for_every_example(self):
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                report = json.loads(harness.run(BINARY, ["tenant", "--snapshot", path, "--json"], ENV).stdout)
                wanted = [(c["tenantId"], c["command"]) for f in report["findings"] for c in f["commands"]]
                script = harness.run(BINARY, ["fix", "--snapshot", path, "--script"], ENV)
                self.assertIn(script.returncode, (0, 1, 3), script.stderr)
                got, tenant = [], None
                for line in script.stdout.splitlines():
                    if not line or line.startswith("#"):
                        continue
                    if line.startswith("Connect-MgGraph -TenantId "):
                        self.assertIsNone(tenant, "a block ends before the next starts")
                        tenant = line.split()[2]
                    elif line == "Disconnect-MgGraph":
                        self.assertIsNotNone(tenant)
                        tenant = None
                    else:
                        self.assertIsNotNone(tenant, f"{line} runs after a Connect-MgGraph")
                        got.append((tenant, line))
                self.assertIsNone(tenant, "the last block is closed")
                self.assertEqual(sorted(got), sorted(wanted))
                # One Connect-MgGraph per tenant.
                connects = [line for line in script.stdout.splitlines() if line.startswith("Connect-MgGraph")]
                self.assertEqual(len(connects), len({t for t, _ in wanted}))

                plan = harness.run(BINARY, ["fix", "--snapshot", path], ENV)
                self.assertEqual(plan.returncode, script.returncode)
                if not report["complete"]:
                    self.assertEqual(plan.returncode, 3, plan.stderr)
                elif report["findings"]:
                    self.assertEqual(plan.returncode, 1, plan.stderr)
                    self.assertTrue(plan.stdout.startswith("Plan: "), plan.stdout[:200])
                else:
                    self.assertEqual((plan.returncode, plan.stdout), (0, "Nothing to fix: no finding.\n"))
                for tenant_id, command in wanted:
                    self.assertIn("     " + command + "\n", plan.stdout, "each command whole, on its own line")

    def test_plan_names_what_where_and_why(self):
        plan = harness.run(BINARY, ["fix", "--snapshot", example("gdap-user-not-in-security-group")], ENV)
        self.assertEqual(plan.returncode, 1, plan.stderr)
        self.assertIn("Plan: 1 change(s) by PowerShell (1 of them gdapcheck fix --apply can make), 0 fix(es) "
                      "by hand. Nothing has been changed.", plan.stdout)
        self.assertIn("Apply: gdapcheck fix --apply can make this change", plan.stdout)
        self.assertIn("Why:   gdap.user-not-in-security-group in Contoso Ltd", plan.stdout)
        self.assertIn("Where: Northwind IT Partners", plan.stdout)
        self.assertIn("New-MgGroupMember -GroupId ", plan.stdout)
        by_hand = harness.run(BINARY, ["fix", "--snapshot", example("gdap-relationship-expired")], ENV)
        self.assertEqual(by_hand.returncode, 1, by_hand.stderr)
        self.assertIn("By hand (no command does these):", by_hand.stdout)
        self.assertIn("- gdap.relationship-expired:", by_hand.stdout)

    def test_bad_input_is_exit_2(self):
        healthy = example("healthy")
        for args, words in [
            (["fix", "--snapshot", os.path.join(ROOT, "no-such.json")], "no-such.json"),
            (["fix", "--snapshot", healthy, "--client-id", "x"], "live collection only"),
            (["fix", "--snapshot", healthy, "--app", "x"], "--app applies to live collection only"),
            (["--cloud", "usgov", "fix", "--snapshot", healthy], "--cloud applies to live collection only"),
            (["fix", "--snapshot", healthy, "No Such Customer"], "No Such Customer"),
            (["fix", "--snapshot", healthy, "--profile", "nope"], "nope"),
        ]:
            with self.subTest(args=args):
                result = harness.run(BINARY, args, ENV)
                self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                self.assertIn(words, result.stderr)

    def test_live_plan_is_the_offline_plan(self):
        path = example("gdap-user-not-in-security-group")
        with open(path, encoding="utf-8") as handle:
            snapshot = json.load(handle)
        offline = harness.run(BINARY, ["fix", "--snapshot", path, "--script"], ENV)
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(
                scenario_from_snapshot.from_snapshot(snapshot)) as emu:
            cache = os.path.join(tmp, "cache")
            harness.login(BINARY, emu, cache)
            live = harness.run(BINARY, ["fix", "--script", "--profile", snapshot["profile"]],
                               harness.clean_env(emu, cache), timeout=120)
            self.assertEqual(live.returncode, offline.returncode, live.stderr)
            strip = lambda text: [l for l in text.splitlines() if not l.startswith("# gdapcheck fix")]
            self.assertEqual(strip(live.stdout), strip(offline.stdout))
            # A plan changes nothing.
            self.assertEqual(emu.state().get("writes", []), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
