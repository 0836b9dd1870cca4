#!/usr/bin/env python3
"""`--format csv` on every example: Python's csv module reads it back and writes the very same
bytes (RFC 4180, CRLF records, minimal quoting), and its rows say what the JSON report says
(customer statuses, one failed row per finding with its title and first step, not_checked rows for
undecided rules). A snapshot with hostile names shows no cell can start a spreadsheet formula.

Usage: test_report_csv.py GDAPCHECK
"""

import collections
import csv
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_examples  # noqa: E402
from report_examples import examples, json_report, run  # noqa: E402

BINARY = report_examples.binary_from_argv()
HEADER = ["tenant_id", "tenant_name", "domain", "tenant_type", "customer_status", "rule_id",
          "requirement", "result", "severity", "title", "detail", "first_step", "profile", "app",
          "evaluated_at", "collected_at", "run_warnings", "suppression_reason",
          "suppression_expires"]
BOM = "\ufeff".encode()


def read_csv(raw):
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def write_csv(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


class EveryExample(unittest.TestCase):
    def test_round_trip_and_agreement_with_json(self):
        for example in examples():
            with self.subTest(example=example.name):
                report, code = json_report(BINARY, example)
                result = run(BINARY, example.args + ["--format", "csv"])
                self.assertEqual(result.returncode, code, result.stderr)
                raw = result.stdout
                self.assertTrue(raw.startswith(BOM), "UTF-8 byte order mark for Excel")
                rows = read_csv(raw)
                self.assertEqual(write_csv(rows), raw[len(BOM):], "csv module writes it back byte for byte")
                self.assertEqual(rows[0], HEADER)
                self.check_rows(report, [dict(zip(HEADER, row)) for row in rows[1:]])

    def check_rows(self, report, rows):
        for row in rows:
            self.assertEqual(row["evaluated_at"], report["generatedAt"])
            self.assertEqual(row["profile"], report["profile"])
            self.assertEqual(row["collected_at"], report["collectedAt"])
            self.assertEqual(row["app"], report["app"] or "")
            self.assertEqual(row["run_warnings"], "")
            self.assertIn(row["result"], ("passed", "failed", "not_checked"))
        partner_rows = [row for row in rows if row["tenant_type"] == "partner"]
        self.assertTrue(partner_rows, "the partner's requirements have rows")
        self.assertTrue(all(row["tenant_id"] == report["partner"]["tenantId"] for row in partner_rows))
        for customer in report["customers"]:
            mine = [row for row in rows if row["tenant_id"] == customer["tenantId"]]
            self.assertTrue(mine, f"customer {customer['tenantId']} has rows")
            for row in mine:
                self.assertEqual(row["customer_status"], customer["status"])
                self.assertEqual(row["tenant_name"], report_examples.tenant_name(report, customer["tenantId"]))
                self.assertEqual(row["domain"], customer["defaultDomain"] or "")
        # One failed row per finding, with its title, severity and first step.
        failed = collections.Counter((row["tenant_id"], row["rule_id"], row["title"], row["severity"],
                                      row["first_step"]) for row in rows if row["result"] == "failed")
        expected = collections.Counter((f["tenantId"], f["ruleId"], f["title"], f["severity"],
                                        (f["remediation"] or [""])[0]) for f in report["findings"])
        self.assertEqual(failed, expected)
        # Every undecided rule without a finding is a not_checked row saying why.
        found = {(f["tenantId"], f["ruleId"]) for f in report["findings"]}
        undecided = {(g["tenantId"], g["ruleId"]) for g in report["inconclusive"]} - found
        not_checked = {(row["tenant_id"], row["rule_id"]) for row in rows if row["result"] == "not_checked"}
        self.assertEqual(not_checked, undecided)
        for row in rows:
            if row["result"] == "not_checked":
                self.assertTrue(row["detail"], "a not_checked row says why")


class HostileNames(unittest.TestCase):
    def test_no_cell_starts_a_formula(self):
        def inject(snapshot):
            customer = snapshot["customers"][0]
            customer["displayName"] = '=HYPERLINK("http://evil.example","click"),"x"'
            customer["defaultDomain"] = "@SUM(1+1)"
            snapshot["partner"]["displayName"] = "+cmd|' /C calc'!A0"

        with report_examples.modified_example("gdap-missing-roles.json", inject) as snapshot:
            result = run(BINARY, ["tenant", "--snapshot", snapshot, "--format", "csv"])
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = read_csv(result.stdout)
        cells = [cell for row in rows for cell in row]
        for cell in cells:
            self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t", "\r"), f"formula-like cell {cell!r}")
        self.assertIn("'=HYPERLINK(\"http://evil.example\",\"click\"),\"x\"", cells)
        self.assertIn("'@SUM(1+1)", cells)
        self.assertIn("'+cmd|' /C calc'!A0", cells)


if __name__ == "__main__":
    unittest.main()
