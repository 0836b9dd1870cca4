#!/usr/bin/env python3
"""`--format junit` on every example, at every --fail-on: valid against the JUnit schema CI
servers accept (tests/e2e/schemas/junit.xsd, checked with xmllint from libxml2-utils), one suite
for the partner and one per customer, one case per requirement; failures are exactly the findings
at or above --fail-on (message: the title; body: the numbered steps), skipped cases exactly the
rules that could not be decided; the exit code is the one the JSON run gives.

Usage: test_report_junit.py GDAPCHECK
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_examples  # noqa: E402
from report_examples import examples, fails, json_report, run  # noqa: E402

BINARY = report_examples.binary_from_argv()
SCHEMA = os.path.join(report_examples.HERE, "schemas", "junit.xsd")


def validate(xml_bytes):
    """xmllint's verdict on the document against the schema: (ok, messages)."""
    with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as handle:
        handle.write(xml_bytes)
    try:
        result = subprocess.run(["xmllint", "--noout", "--schema", SCHEMA, handle.name],
                                capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(handle.name)
    return result.returncode == 0, result.stderr


class Schema(unittest.TestCase):
    def test_xmllint_is_installed(self):
        self.assertIsNotNone(shutil.which("xmllint"),
                             "xmllint is missing: run tests/install-deps.sh (Debian package libxml2-utils)")

    def test_the_schema_rejects_what_ci_servers_reject(self):
        # The schema must be able to fail: a suite without its counts, a case with two outcomes.
        ok, _ = validate(b'<testsuites><testsuite name="x"><testcase name="a"/></testsuite></testsuites>')
        self.assertFalse(ok)
        ok, _ = validate(b'<testsuites><testsuite name="x" tests="1" failures="1" errors="0">'
                         b'<testcase name="a"><failure/><skipped/></testcase></testsuite></testsuites>')
        self.assertFalse(ok)
        ok, messages = validate(b'<testsuites><testsuite name="x" tests="1" failures="1" errors="0">'
                                b'<testcase name="a"><failure message="m">body</failure></testcase>'
                                b'</testsuite></testsuites>')
        self.assertTrue(ok, messages)


class EveryExample(unittest.TestCase):
    def test_valid_and_agreeing_with_json(self):
        for example in examples():
            for fail_on in ("error", "warning", "info", "never"):
                with self.subTest(example=example.name, fail_on=fail_on):
                    report, code = json_report(BINARY, example, "--fail-on", fail_on)
                    result = run(BINARY, example.args + ["--format", "junit", "--fail-on", fail_on])
                    self.assertEqual(result.returncode, code, result.stderr)
                    ok, messages = validate(result.stdout)
                    self.assertTrue(ok, messages)
                    self.check(report, ElementTree.fromstring(result.stdout), fail_on)

    def check(self, report, root, fail_on):
        suites = root.findall("testsuite")
        self.assertEqual(len(suites), 1 + len(report["customers"]))
        by_tenant = {}
        for suite in suites:
            properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
            self.assertEqual(properties["evaluatedAt"], report["generatedAt"])
            self.assertEqual(properties["profile"], report["profile"])
            self.assertEqual(properties["collectedAt"], report["collectedAt"])
            self.assertEqual(properties.get("app"), report["app"])
            self.assertNotIn("warning", properties)
            cases = suite.findall("testcase")
            self.assertEqual(int(suite.get("tests")), len(cases))
            self.assertEqual(int(suite.get("failures")), len(suite.findall("testcase/failure")))
            self.assertEqual(int(suite.get("skipped")), len(suite.findall("testcase/skipped")))
            by_tenant[properties["tenantId"]] = suite
        self.assertEqual(suites[0].find("properties/property[@name='tenantId']").get("value"),
                         report["partner"]["tenantId"])
        for customer in report["customers"]:
            suite = by_tenant[customer["tenantId"]]
            status = suite.find("properties/property[@name='status']").get("value")
            self.assertEqual(status, customer["status"])
        self.assertEqual(int(root.get("tests")), sum(int(s.get("tests")) for s in suites))
        self.assertEqual(int(root.get("failures")), sum(int(s.get("failures")) for s in suites))

        failing = {}
        for finding in report["findings"]:
            if fails(finding, fail_on):
                failing.setdefault((finding["tenantId"], finding["ruleId"]), []).append(finding)
        failed = {}
        skipped = set()
        for tenant_id, suite in by_tenant.items():
            for case in suite.findall("testcase"):
                rule_id = case.get("name").split(":", 1)[0]
                if case.find("failure") is not None:
                    failed[(tenant_id, rule_id)] = case.find("failure")
                if case.find("skipped") is not None:
                    skipped.add((tenant_id, rule_id))
        self.assertEqual(set(failed), set(failing))
        for key, failure in failed.items():
            titles = [finding["title"] for finding in failing[key]]
            self.assertEqual(failure.get("message"), "; ".join(titles))
            for finding in failing[key]:
                for number, step in enumerate(finding["remediation"], start=1):
                    self.assertIn(f"{number}. {step}", failure.text)
        undecided = {(g["tenantId"], g["ruleId"]) for g in report["inconclusive"]} - set(failing)
        self.assertEqual(skipped, undecided)


if __name__ == "__main__":
    unittest.main()
