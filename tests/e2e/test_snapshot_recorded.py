#!/usr/bin/env python3
"""What a snapshot records decides how it is diagnosed offline: its collection time is the
evaluation time unless --as-of says otherwise (and the text report warns when a snapshot more than
30 days old is judged as of now, in every format); its profile is checked unless --profile names another (a recorded
profile that cannot be found here is a usage error, exit 2, pointing at --profile). Every format
names the profile (and app) and both times.

Usage: test_snapshot_recorded.py GDAPCHECK
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()
EXAMPLE = os.path.join(ROOT, "examples", "tenant-missing-service-principal.json")  # records syncro


def run(*args, cwd=ROOT):
    return subprocess.run([BINARY] + list(args), capture_output=True, text=True, cwd=cwd, timeout=60,
                          env=dict(os.environ, NO_COLOR="1"))


def findings(proc):
    return sorted({f["ruleId"] for f in json.loads(proc.stdout)["findings"]})


class SnapshotRecordedTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="gdapcheck-profile-")
        with open(EXAMPLE, encoding="utf-8") as handle:
            self.snapshot = json.load(handle)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write_snapshot(self, name, **changes):
        snapshot = dict(self.snapshot, **changes)
        for key in [k for k, v in changes.items() if v is Ellipsis]:
            del snapshot[key]
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(snapshot, handle)
        return path

    def test_the_recorded_profile_decides_and_the_report_names_it(self):
        self.assertEqual(self.snapshot["profile"], "syncro")
        proc = run("tenant", "--snapshot", EXAMPLE, "--json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["profile"], "syncro")
        self.assertEqual(findings(proc), ["tenant.missing-service-principal"])
        text = run("tenant", "--snapshot", EXAMPLE)
        self.assertTrue(text.stdout.startswith("Profile syncro · evaluated at "), text.stdout[:200])
        markdown = run("tenant", "--snapshot", EXAMPLE, "--format", "markdown")
        self.assertIn("· profile `syncro` ·", markdown.stdout)

    def test_an_explicit_profile_wins(self):
        proc = run("tenant", "--snapshot", EXAMPLE, "--json", "--profile", "default")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["profile"], "default")
        self.assertEqual(findings(proc), [])

    def test_a_snapshot_from_before_the_profile_was_recorded_uses_default(self):
        old = self.write_snapshot("old.json", profile=..., app=...)
        proc = run("tenant", "--snapshot", old, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        report = json.loads(proc.stdout)
        self.assertEqual((report["profile"], report["app"]), ("default", None))

    def test_a_recorded_profile_file_is_used_from_anywhere(self):
        profile = os.path.join(self.tmp, "our-msp.json")
        with open(profile, "w", encoding="utf-8") as handle:
            json.dump({"name": "our-msp", "requiredRoles": ["Exchange Administrator"], "requireMfa": True,
                       "requiredServicePrincipals": [{"appId": "fc780465-2017-40d4-a0c5-307022471b92"}]},
                      handle)
        absolute = self.write_snapshot("absolute.json", profile=profile)
        proc = run("tenant", "--snapshot", absolute, "--json", cwd="/")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["profile"], "our-msp")
        self.assertEqual(findings(proc), ["tenant.missing-service-principal"])
        # Written by hand, relative: taken from the snapshot's folder, not the working folder.
        relative = self.write_snapshot("relative.json", profile="our-msp.json")
        proc = run("tenant", "--snapshot", relative, "--json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["profile"], "our-msp")

    def test_a_recorded_profile_file_that_is_gone_is_a_usage_error_pointing_at_profile(self):
        gone = os.path.join(self.tmp, "deleted-profile.json")
        path = self.write_snapshot("orphan.json", profile=gone)
        proc = run("tenant", "--snapshot", path)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertIn(f"{path} was collected with the profile file {gone}, which does not exist here", proc.stderr)
        self.assertIn("--profile", proc.stderr)
        self.assertEqual(run("tenant", "--snapshot", path, "--profile", "syncro").returncode, 1)

    def test_a_recorded_profile_this_build_does_not_ship_is_a_usage_error(self):
        path = self.write_snapshot("future.json", profile="rewst")
        proc = run("tenant", "--snapshot", path)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn('was collected with the profile "rewst", which is not among the shipped profiles', proc.stderr)
        self.assertIn("--profile", proc.stderr)

    def test_the_recorded_app_is_named_in_every_format(self):
        example = os.path.join(ROOT, "examples", "entra-sync-app-problems.json")
        report = json.loads(run("tenant", "--snapshot", example, "--json").stdout)
        self.assertEqual((report["profile"], report["app"]), ("entra-sync", "Pinnacle Directory Sync"))
        text = run("tenant", "--snapshot", example).stdout
        self.assertTrue(text.startswith("Profile entra-sync (app Pinnacle Directory Sync) · "), text[:200])
        markdown = run("tenant", "--snapshot", example, "--format", "markdown").stdout
        self.assertIn("profile `entra-sync` (app Pinnacle Directory Sync)", markdown)
        html = run("tenant", "--snapshot", example, "--format", "html").stdout
        self.assertIn('<b id="run-profile">entra-sync (app Pinnacle Directory Sync)</b>', html)
        rows = list(csv.DictReader(io.StringIO(
            run("tenant", "--snapshot", example, "--format", "csv").stdout.lstrip("\ufeff"), newline="")))
        self.assertEqual({(row["profile"], row["app"]) for row in rows}, {("entra-sync", "Pinnacle Directory Sync")})
        junit = ElementTree.fromstring(run("tenant", "--snapshot", example, "--format", "junit").stdout)
        for suite in junit.findall("testsuite"):
            self.assertEqual(suite.find("properties/property[@name='app']").get("value"), "Pinnacle Directory Sync")

    def test_evaluated_at_the_collection_time_unless_as_of_says_otherwise(self):
        collected = self.snapshot["collectedAt"]
        report = json.loads(run("tenant", "--snapshot", EXAMPLE, "--json").stdout)
        self.assertEqual((report["evaluatedAt"], report["generatedAt"], report["collectedAt"]), (collected,) * 3)
        text = run("tenant", "--snapshot", EXAMPLE).stdout
        self.assertTrue(text.startswith(f"Profile syncro · evaluated at {collected} · collected at {collected}\n"),
                        text[:200])
        later = json.loads(run("tenant", "--snapshot", EXAMPLE, "--json", "--as-of", "2027-01-01T00:00:00Z").stdout)
        self.assertEqual((later["evaluatedAt"], later["collectedAt"]), ("2027-01-01T00:00:00Z", collected))
        markdown = run("tenant", "--snapshot", EXAMPLE, "--format", "markdown", "--as-of", "2027-01-01T00:00:00Z")
        self.assertIn(f"· evaluated at 2027-01-01T00:00:00Z · collected at {collected}\n", markdown.stdout)

    def test_an_old_snapshot_judged_as_of_now_is_called_out_on_the_report(self):
        def collected_days_ago(days):
            moment = time.gmtime(time.time() - days * 86400)
            return self.write_snapshot(f"{days}-days.json", collectedAt=time.strftime("%Y-%m-%dT%H:%M:%SZ", moment))

        old = collected_days_ago(45)
        text = run("tenant", "--snapshot", old, "--as-of", "now")
        self.assertEqual(text.returncode, 1, text.stderr)  # the verdict itself is unchanged
        lines = text.stdout.splitlines()
        self.assertTrue(lines[1].startswith("Warning: this snapshot was collected on "), text.stdout[:400])
        self.assertIn("45 days before this evaluation (--as-of now)", text.stdout)
        markdown = run("tenant", "--snapshot", old, "--as-of", "now", "--format", "markdown")
        self.assertIn("**Warning:** this snapshot was collected on", markdown.stdout)
        html = run("tenant", "--snapshot", old, "--as-of", "now", "--format", "html")
        self.assertIn('<p class="warning">Warning: this snapshot was collected on', html.stdout)
        rows = list(csv.DictReader(io.StringIO(
            run("tenant", "--snapshot", old, "--as-of", "now", "--format", "csv").stdout.lstrip("\ufeff"),
            newline="")))
        self.assertTrue(rows)
        for row in rows:
            self.assertTrue(row["run_warnings"].startswith("this snapshot was collected on"), row)
        junit = ElementTree.fromstring(run("tenant", "--snapshot", old, "--as-of", "now", "--format", "junit").stdout)
        for suite in junit.findall("testsuite"):
            warnings = [p.get("value") for p in suite.findall("properties/property[@name='warning']")]
            self.assertEqual(len(warnings), 1, warnings)
            self.assertIn("45 days before this evaluation", warnings[0])
            self.assertTrue(suite.find("system-err").text.startswith("Warning: this snapshot was collected on"))
        # Not without --as-of now: then the snapshot is judged as of its own collection.
        for report_format in ("text", "markdown", "html", "junit"):
            self.assertNotIn("Warning:", run("tenant", "--snapshot", old, "--format", report_format).stdout)
        # Not for a recent snapshot.
        self.assertNotIn("Warning:", run("tenant", "--snapshot", collected_days_ago(20), "--as-of", "now").stdout)

    def test_a_profile_that_is_not_a_string_names_the_file_and_key(self):
        path = self.write_snapshot("typed.json", profile=7)
        proc = run("tenant", "--snapshot", path)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f"{path}: /profile: expected a string or null", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
