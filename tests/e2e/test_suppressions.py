#!/usr/bin/env python3
"""Accepted exceptions (`gdapcheck tenant --suppressions FILE`) over the gdap-missing-roles
example: the suppressed finding fails nothing and leaves the customer's status alone, every format
lists it apart with its reason and expiry, an expired and an unmatched suppression are warnings,
the default file is read from $XDG_CONFIG_HOME, and a bad file stops the run with exit 2 naming
the file and the place. The example is judged as of its collection time, so none of this depends
on today's date.

Usage: test_suppressions.py GDAPCHECK
"""

import csv
import io
import json
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_examples  # noqa: E402
from report_examples import run  # noqa: E402

BINARY = report_examples.binary_from_argv()
SNAPSHOT = "examples/gdap-missing-roles.json"  # evaluated as of 2026-11-20T09:00:00Z
REASON = "New relationship with Teams & SharePoint sent; customer approves after the audit"

ACCEPTED = {"ruleId": "gdap.missing-roles", "tenant": "contoso.com", "reason": REASON,
            "expires": "2026-12-31"}
EXPIRED = {"ruleId": "csp.mfa-not-prompted", "tenant": "*", "reason": "old exception",
           "expires": "2026-10-31T00:00:00Z"}
UNMATCHED = {"ruleId": "gdap.missing-security-group", "tenant": "Contoso Ltd",
             "reason": "fixed since", "expires": "2027-06-30"}


class Suppressions(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, entries, name="suppressions.json"):
        path = os.path.join(self.tmp.name, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            json.dump(entries, out)
        return path

    def tenant(self, *args, env=None):
        result = run(BINARY, ["tenant", "--snapshot", SNAPSHOT, *args], env=env)
        return result.returncode, result.stdout.decode(), result.stderr.decode()

    def test_suppressed_finding_fails_nothing_and_sets_no_status(self):
        path = self.write([ACCEPTED, EXPIRED, UNMATCHED])
        code, out, err = self.tenant("--json", "--suppressions", path)
        self.assertEqual(code, 0, err)
        report = json.loads(out)
        self.assertEqual(report["findings"], [])
        self.assertEqual([c["status"] for c in report["customers"]], ["active"])
        self.assertEqual(report["summary"]["byStatus"], {"active": 1})
        self.assertEqual(report["summary"]["error"], 0)
        self.assertEqual(report["summary"]["suppressed"], 1)
        (accepted,) = report["suppressed"]
        self.assertEqual(accepted["ruleId"], "gdap.missing-roles")
        self.assertEqual(accepted["severity"], "error")
        self.assertEqual(accepted["suppression"],
                         {"tenant": "contoso.com", "reason": REASON, "expires": "2026-12-31"})
        self.assertTrue(report["complete"])
        warnings = report["warnings"]
        self.assertEqual(len(warnings), 2, warnings)
        self.assertIn("csp.mfa-not-prompted for every tenant) expired 2026-10-31", warnings[0])
        self.assertIn("gdap.missing-security-group for Contoso Ltd) matches no finding",
                      warnings[1])
        self.assertIn(path + " /1", warnings[0])
        self.assertIn(path + " /2", warnings[1])
        # Without the file the same run fails on the finding.
        code, out, _ = self.tenant("--json")
        self.assertEqual(code, 1)
        self.assertEqual(json.loads(out)["customers"][0]["status"], "missing_roles")

    def test_every_format_lists_it_apart_with_reason_and_expiry(self):
        path = self.write([ACCEPTED, UNMATCHED])
        outputs = {}
        for fmt in ("text", "markdown", "html", "csv", "junit"):
            code, out, err = self.tenant("--format", fmt, "--suppressions", path)
            self.assertEqual(code, 0, f"{fmt}: {err}")
            outputs[fmt] = out

        text = outputs["text"]
        self.assertIn("Accepted exceptions (suppressed: they fail nothing)", text)
        self.assertIn("accepted until 2026-12-31: New relationship with Teams & SharePoint", text)
        self.assertIn("1 suppressed", text)
        self.assertIn("Warning:", text)
        self.assertIn("matches no finding", text)
        self.assertRegex(text, r"Contoso Ltd\s+contoso\.com\s+active")

        markdown = outputs["markdown"]
        self.assertIn("## Accepted exceptions (suppressed)", markdown)
        self.assertIn("`gdap.missing-roles` error (Contoso Ltd)", markdown)
        self.assertIn("accepted until 2026-12-31", markdown)
        self.assertIn("status `active`", markdown)
        # Not ticked: the requirement is still unmet, only accepted.
        self.assertIn("- [ ] The account holds every required role — accepted until 2026-12-31",
                      markdown)

        html = outputs["html"]
        self.assertIn('<section id="suppressed">', html)
        self.assertIn("Teams &amp; SharePoint sent", html)  # escaped like every other string
        self.assertIn("<td>2026-12-31</td>", html)
        self.assertIn('<ul class="suppressed">', html)  # in the customer's card too

        rows = list(csv.DictReader(io.StringIO(outputs["csv"].lstrip("\ufeff"))))
        suppressed = [row for row in rows if row["result"] == "suppressed"]
        self.assertEqual(len(suppressed), 1, rows)
        self.assertEqual(suppressed[0]["rule_id"], "gdap.missing-roles")
        self.assertEqual(suppressed[0]["customer_status"], "active")
        self.assertEqual(suppressed[0]["suppression_reason"], REASON)
        self.assertEqual(suppressed[0]["suppression_expires"], "2026-12-31")
        self.assertEqual(suppressed[0]["first_step"], "")  # nothing to do while it is accepted
        self.assertIn("matches no finding", suppressed[0]["run_warnings"])

        root = ElementTree.fromstring(outputs["junit"])
        self.assertEqual(root.get("failures"), "0")
        case = next(c for c in root.iter("testcase")
                    if c.get("name").startswith("gdap.missing-roles"))
        self.assertIsNone(case.find("failure"))
        skipped = case.find("skipped")
        self.assertIsNotNone(skipped)
        self.assertIn("suppressed, accepted until 2026-12-31: New relationship", skipped.get("message"))

    def test_an_expired_suppression_counts_again(self):
        path = self.write([dict(ACCEPTED, expires="2026-11-19")])
        code, out, _ = self.tenant("--json", "--suppressions", path)
        self.assertEqual(code, 1)
        report = json.loads(out)
        self.assertEqual([f["ruleId"] for f in report["findings"]], ["gdap.missing-roles"])
        self.assertEqual(report["suppressed"], [])
        self.assertEqual(report["customers"][0]["status"], "missing_roles")
        self.assertEqual(len(report["warnings"]), 1)
        self.assertIn("expired 2026-11-19", report["warnings"][0])
        # Judged as of a day it still held, the same file suppresses again.
        code, out, _ = self.tenant("--json", "--suppressions", path, "--as-of", "2026-11-19T12:00:00Z")
        self.assertEqual(code, 0)
        self.assertEqual(len(json.loads(out)["suppressed"]), 1)

    def test_redacted_run_suppresses_the_same_and_names_nobody(self):
        path = self.write([dict(ACCEPTED, reason="Contoso Ltd signs the new relationship"),
                           UNMATCHED], name="contoso-exceptions.json")
        for fmt in ("json", "text", "markdown", "html", "csv", "junit"):
            code, out, err = self.tenant("--format", fmt, "--redact", "--suppressions", path)
            self.assertEqual(code, 0, f"{fmt}: {err}")
            self.assertIn("signs the new relationship", out)
            self.assertIn("matches no finding", out)
            self.assertNotIn("contoso", out.lower(), fmt)
        report = json.loads(self.tenant("--json", "--redact", "--suppressions", path)[1])
        self.assertEqual([c["status"] for c in report["customers"]], ["active"])
        self.assertEqual(report["suppressed"][0]["suppression"]["tenant"],
                         report["customers"][0]["tenantId"])

    def test_default_file_from_xdg_config_home(self):
        config = os.path.join(self.tmp.name, "config")
        self.write([ACCEPTED], name=os.path.join("config", "gdapcheck", "suppressions.json"))
        code, out, _ = self.tenant("--json", env={"XDG_CONFIG_HOME": config})
        self.assertEqual(code, 0)
        self.assertEqual(len(json.loads(out)["suppressed"]), 1)
        # No default file: nothing suppressed, nothing said.
        code, out, err = self.tenant("--json", env={"XDG_CONFIG_HOME": self.tmp.name})
        self.assertEqual(code, 1)
        self.assertEqual(err, "")
        # --suppressions wins over the default file.
        other = self.write([UNMATCHED], name="other.json")
        code, out, _ = self.tenant("--json", "--suppressions", other,
                                   env={"XDG_CONFIG_HOME": config})
        self.assertEqual(code, 1)
        self.assertEqual(json.loads(out)["suppressed"], [])

    def test_bad_files_exit_2_naming_file_and_place(self):
        missing = os.path.join(self.tmp.name, "absent.json")
        code, out, err = self.tenant("--suppressions", missing)
        self.assertEqual(code, 2)
        self.assertIn(missing, err)
        self.assertEqual(out, "")
        cases = [
            (dict(ACCEPTED, ruleId="gdap.missing-rolez"), '/0/ruleId: unknown rule id "gdap.missing-rolez"'),
            (dict(ACCEPTED, expires="31/12/2026"), "/0/expires: not an ISO-8601 date"),
            (dict(ACCEPTED, reason=""), "/0/reason: must not be empty"),
            (dict(ACCEPTED, tenant=5), "/0/tenant: expected a string, got a number"),
            (dict(ACCEPTED, note="x"), '/0/note: unknown key "note"'),
        ]
        for entry, message in cases:
            path = self.write([entry])
            code, out, err = self.tenant("--suppressions", path)
            self.assertEqual(code, 2, err)
            self.assertIn(f"{path}: {message}", err)
            self.assertEqual(out, "")
        # A broken default file is no less an error than a named one.
        config = os.path.join(self.tmp.name, "config")
        self.write([dict(ACCEPTED, reason="")],
                   name=os.path.join("config", "gdapcheck", "suppressions.json"))
        code, _, err = self.tenant(env={"XDG_CONFIG_HOME": config})
        self.assertEqual(code, 2)
        self.assertIn(os.path.join(config, "gdapcheck", "suppressions.json") + ": /0/reason", err)


if __name__ == "__main__":
    unittest.main()
