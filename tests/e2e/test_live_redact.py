#!/usr/bin/env python3
"""--redact on a live run: the facts are redacted as soon as they are collected, so the saved
snapshot and every -o report hold none of the tenants' names, domains, UPNs or mail addresses,
yet diagnose as an unredacted live run of the same tenants; a customer named on the command line
is found by its real name. Collected from the loopback emulator, serving an example as Graph
would.

Usage: test_live_redact.py GDAPCHECK
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
import personal_data  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()


def load_example(name):
    with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as handle:
        return json.load(handle)


def by_last_segment(facts):
    """report_facts with every tenant id cut to its last segment, as --redact keeps it."""
    return {
        "complete": facts["complete"],
        "statuses": {tenant[-12:]: status for tenant, status in facts["statuses"].items()},
        "findings": sorted((rule, tenant[-12:], severity)
                           for rule, tenant, severity in facts["findings"]),
    }


class LiveRedaction(unittest.TestCase):
    def collect(self, example, extra):
        """An unredacted and a redacted live run of `example`; the redacted one saves its
        snapshot and writes an HTML and a CSV report. Returns both reports and the outputs."""
        snapshot = load_example(example)
        options = ["--json", "--profile", snapshot["profile"]]
        if snapshot["app"]:
            options += ["--app", snapshot["app"]]
        with tempfile.TemporaryDirectory() as tmp, \
                harness.Emulator(scenario_from_snapshot.from_snapshot(snapshot)) as emu:
            cache = os.path.join(tmp, "cache")
            harness.login(BINARY, emu, cache)
            env = harness.clean_env(emu, cache)
            plain = harness.run(BINARY, ["tenant", *extra, *options], env, timeout=120)
            saved = os.path.join(tmp, "saved.json")
            redacted = harness.run(
                BINARY, ["tenant", *extra, *options, "--redact", "--save-snapshot", saved,
                         "-o", os.path.join(tmp, "report.html"),
                         "-o", os.path.join(tmp, "report.csv")], env, timeout=120)
            self.assertEqual(redacted.returncode, plain.returncode, redacted.stderr)
            outputs = harness.files_under(tmp, skip={"cache"})
            outputs = {path: text for path, text in outputs.items()
                       if not path.startswith(cache)}
            outputs["stdout"] = redacted.stdout
        return snapshot, json.loads(plain.stdout), json.loads(redacted.stdout), outputs

    def check_nothing_personal(self, snapshot, outputs):
        personal = personal_data.personal_strings(
            snapshot, personal_data.service_principal_app_ids(snapshot) - {
                app["appId"].lower() for app in integration_apps(snapshot)})
        self.assertTrue(personal)
        self.assertEqual(len(outputs), 4, sorted(outputs))  # the snapshot, two reports, stdout
        for where, text in outputs.items():
            left = sorted(item for item in personal if item in text.lower())
            self.assertEqual(left, [], f"{where} still says them")

    def test_every_customer_with_the_integration_app(self):
        snapshot, plain, redacted, outputs = self.collect("entra-sync-app-problems.json", [])
        self.check_nothing_personal(snapshot, outputs)
        self.assertEqual(by_last_segment(harness.report_facts(redacted)),
                         by_last_segment(harness.report_facts(plain)))
        self.assertEqual([c["displayName"] for c in redacted["customers"]],
                         ["Customer-1", "Customer-2", "Customer-3"])
        self.assertEqual(redacted["app"], "Application-1")

    def test_a_customer_named_by_its_real_name(self):
        example = load_example("healthy.json")
        wanted = example["customers"][2]
        snapshot, plain, redacted, outputs = self.collect("healthy.json",
                                                          [wanted["displayName"]])
        self.check_nothing_personal(snapshot, outputs)
        self.assertEqual([c["tenantId"][-12:] for c in redacted["customers"]],
                         [wanted["tenantId"][-12:]])
        self.assertEqual(by_last_segment(harness.report_facts(redacted)),
                         by_last_segment(harness.report_facts(plain)))


def integration_apps(snapshot):
    return [customer["integrationApp"]["value"] for customer in snapshot["customers"]
            if (customer.get("integrationApp") or {}).get("value")]


if __name__ == "__main__":
    unittest.main(verbosity=2)
