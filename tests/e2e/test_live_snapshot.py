#!/usr/bin/env python3
"""`gdapcheck tenant --save-snapshot FILE` (live, evaluated now) writes a snapshot that
`--snapshot FILE` diagnoses to the same result (evaluated, by default, at its collection time,
with the profile it records), and no token or other secret the emulator handed out appears in
stdout, stderr (also with --verbose) or the saved file.
"""

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


class LiveSnapshotTest(unittest.TestCase):
    def round_trip(self, scenario, *options):
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            saved = os.path.join(tmp, "saved.json")
            harness.login(BINARY, emu, cache)
            live = harness.run(BINARY, ["--verbose", "tenant", "--json", *options,
                                        "--save-snapshot", saved], harness.clean_env(emu, cache), timeout=120)
            self.assertTrue(os.path.exists(saved), f"no snapshot written: {live.stderr}")
            with open(saved, encoding="utf-8") as handle:
                saved_text = handle.read()
            # No --profile: the snapshot says which one it was collected for.
            offline = harness.run(BINARY, ["tenant", "--json", "--snapshot", saved],
                                  dict(os.environ, NO_COLOR="1"))
            self.assertEqual(offline.returncode, live.returncode,
                             f"live {live.returncode} ({live.stderr[-1500:]}), from the saved snapshot "
                             f"{offline.returncode} ({offline.stderr})")
            self.assertEqual(harness.report_facts(json.loads(offline.stdout)),
                             harness.report_facts(json.loads(live.stdout)))
            self.assertIn("gdapcheck:", live.stderr, "--verbose logs the requests")
            issued = [s for s in emu.state()["issued"] if s]
            self.assertTrue(issued)
            for secret in issued:
                for where, text in (("stdout", live.stdout), ("stderr", live.stderr), ("snapshot", saved_text)):
                    self.assertNotIn(secret, text, f"a secret the emulator issued appears in {where}")
                    # A token's signature or payload alone is still a leak.
                    for part in secret.split("."):
                        if len(part) >= 24:
                            self.assertNotIn(part, text, f"part of a secret appears in {where}")
            return json.loads(saved_text)

    def test_healthy_partner(self):
        with open(os.path.join(ROOT, "examples", "healthy.json"), encoding="utf-8") as handle:
            snapshot = json.load(handle)
        saved = self.round_trip(scenario_from_snapshot.from_snapshot(snapshot))
        self.assertEqual(saved["schemaVersion"], 2)
        self.assertEqual((saved["profile"], saved["app"]), ("default", None))
        self.assertEqual(sorted(c["tenantId"] for c in saved["customers"]),
                         sorted(c["tenantId"] for c in snapshot["customers"]))

    def test_failed_reads_and_sign_ins_survive_the_round_trip(self):
        # incomplete-reads: a 403 on access assignments and CA policies that stay throttled;
        # plus a customer whose sign-in fails with AADSTS53003.
        with open(os.path.join(ROOT, "examples", "incomplete-reads.json"), encoding="utf-8") as handle:
            snapshot = json.load(handle)
        scenario = scenario_from_snapshot.from_snapshot(snapshot)
        scenario["tenants"] = {snapshot["customers"][0]["tenantId"]: {
            "error": {"error": "invalid_grant", "codes": [53003], "status": 400}}}
        saved = self.round_trip(scenario)
        first = next(c for c in saved["customers"] if c["tenantId"] == snapshot["customers"][0]["tenantId"])
        self.assertEqual(first["signIn"]["value"]["succeeded"], False)
        self.assertEqual(first["signIn"]["value"]["errorCodes"], [53003])

    def test_synthetic_partner_with_the_syncro_profile(self):
        saved = self.round_trip(scenario_from_snapshot.synthetic(12, seed=4), "--profile", "syncro")
        self.assertEqual((saved["profile"], saved["app"]), ("syncro", None))

    def test_a_profile_file_is_recorded_by_its_absolute_path(self):
        with tempfile.TemporaryDirectory() as folder:
            profile = os.path.join(folder, "our-msp.json")
            with open(profile, "w", encoding="utf-8") as handle:
                json.dump({"name": "our-msp", "requiredRoles": ["Exchange Administrator"], "requireMfa": True}, handle)
            saved = self.round_trip(scenario_from_snapshot.synthetic(3, seed=5), "--profile",
                                    os.path.relpath(profile))
            self.assertEqual(saved["profile"], os.path.realpath(profile))


if __name__ == "__main__":
    unittest.main(verbosity=2)
