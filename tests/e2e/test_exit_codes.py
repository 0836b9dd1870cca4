#!/usr/bin/env python3
"""Exit codes a scheduler can trust: --only and --skip narrow the rules (ids and families checked,
an unknown id is exit 2 with a suggestion, the report says what was left out), --incomplete-exit
sets the code of a run that could not read or check something, and a customer that could not be
checked never becomes a pass, not even with --fail-on never.

Usage: test_exit_codes.py GDAPCHECK
"""

import csv
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_examples  # noqa: E402
from report_examples import run  # noqa: E402

BINARY = report_examples.binary_from_argv()
MISSING_ROLES = "examples/gdap-missing-roles.json"
SIGN_IN_FAILED = "examples/tenant-sign-in-failed.json"
INCOMPLETE = "examples/incomplete-reads.json"
HEALTHY = "examples/healthy.json"


def tenant(snapshot, *args):
    result = run(BINARY, ["tenant", "--snapshot", snapshot, *args])
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def rule_ids(report, key):
    return sorted({item["ruleId"] for item in report[key]})


def evaluated(snapshot, *args):
    """The rules a run evaluated: the CSV export has one row per requirement and tenant."""
    result = run(BINARY, ["tenant", "--snapshot", snapshot, "--format", "csv", *args])
    rows = csv.DictReader(io.StringIO(result.stdout.decode("utf-8-sig")))
    return sorted({row["rule_id"] for row in rows if row["rule_id"]})


class OnlyAndSkip(unittest.TestCase):
    def test_only_evaluates_the_named_rules_and_says_the_rest_were_not_checked(self):
        code, out, err = tenant(MISSING_ROLES, "--json", "--only", "gdap.missing-roles")
        self.assertEqual(code, 1, err)
        report = json.loads(out)
        self.assertEqual(evaluated(MISSING_ROLES, "--only", "gdap.missing-roles"),
                         ["gdap.missing-roles"])
        self.assertEqual(rule_ids(report, "findings"), ["gdap.missing-roles"])
        self.assertTrue(any("left out by --only/--skip" in w for w in report["warnings"]),
                        report["warnings"])

    def test_skip_leaves_the_failing_rule_out_and_the_run_passes(self):
        code, out, err = tenant(MISSING_ROLES, "--json", "--skip", "gdap.missing-roles")
        self.assertEqual(code, 0, err)
        report = json.loads(out)
        self.assertNotIn("gdap.missing-roles",
                         evaluated(MISSING_ROLES, "--skip", "gdap.missing-roles"))
        self.assertEqual(report["findings"], [])

    def test_families_and_lists(self):
        self.assertEqual(tenant(MISSING_ROLES, "--only", "csp.*,gdap.missing-roles")[0], 1)
        ran = evaluated(MISSING_ROLES, "--only", "csp.*,gdap.missing-roles")
        self.assertIn("gdap.missing-roles", ran)
        self.assertIn("csp.mfa-not-prompted", ran)
        self.assertTrue(all(i.startswith("csp.") or i == "gdap.missing-roles" for i in ran), ran)
        narrowed = ["--only", "gdap.*", "--skip", "gdap.missing-roles"]
        self.assertEqual(tenant(MISSING_ROLES, *narrowed)[0], 0)
        ran = evaluated(MISSING_ROLES, *narrowed)
        self.assertTrue(ran and all(i.startswith("gdap.") for i in ran), ran)
        self.assertNotIn("gdap.missing-roles", ran)

    def test_an_unknown_rule_id_is_a_usage_error_with_a_suggestion(self):
        for option in ("--only", "--skip"):
            code, out, err = tenant(MISSING_ROLES, option, "gdap.mising-roles")
            self.assertEqual(code, 2, err)
            self.assertEqual(out, "")
            self.assertIn(f'{option}: unknown rule id "gdap.mising-roles"', err)
            self.assertIn('did you mean "gdap.missing-roles"', err)
        code, _, err = tenant(MISSING_ROLES, "--skip", "nosuch.*")
        self.assertEqual(code, 2, err)


class IncompleteExit(unittest.TestCase):
    def test_incomplete_runs_exit_with_the_chosen_code(self):
        self.assertEqual(tenant(INCOMPLETE)[0], 3)
        code, _, err = tenant(INCOMPLETE, "--incomplete-exit", "5")
        self.assertEqual(code, 5, err)
        self.assertIn("incomplete (exit 5)", err)
        self.assertEqual(tenant(INCOMPLETE, "--incomplete-exit", "0")[0], 0)

    def test_it_changes_nothing_for_complete_runs(self):
        self.assertEqual(tenant(HEALTHY, "--incomplete-exit", "5")[0], 0)
        self.assertEqual(tenant(MISSING_ROLES, "--incomplete-exit", "5")[0], 1)

    def test_out_of_range_is_a_usage_error(self):
        code, _, err = tenant(HEALTHY, "--incomplete-exit", "256")
        self.assertEqual(code, 2, err)
        code, _, err = tenant(HEALTHY, "--incomplete-exit", "three")
        self.assertEqual(code, 2, err)


class CustomerThatCouldNotBeChecked(unittest.TestCase):
    """A customer sign-in failure is a finding (tenant.sign-in-failed, an error) that explains why
    the customer's other rules could not run: exit 1 by default. When that finding does not fail
    the run, the unchecked customer makes it incomplete, never a pass; a suppression that accepts
    the finding makes it a pass."""

    def test_a_failed_customer_sign_in_is_exit_1(self):
        code, out, err = tenant(SIGN_IN_FAILED, "--json")
        self.assertEqual(code, 1, err)
        self.assertIn("tenant.sign-in-failed", rule_ids(json.loads(out), "findings"))

    def test_with_fail_on_never_it_is_incomplete_not_a_pass(self):
        code, _, err = tenant(SIGN_IN_FAILED, "--fail-on", "never")
        self.assertEqual(code, 3, err)
        self.assertEqual(tenant(SIGN_IN_FAILED, "--fail-on", "never", "--incomplete-exit",
                                "4")[0], 4)

    def test_an_accepted_sign_in_failure_passes(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "suppressions.json")
            with open(path, "w", encoding="utf-8") as out:
                json.dump([{"ruleId": "tenant.sign-in-failed", "tenant": "*",
                            "reason": "customer leaving us", "expires": "2026-12-31"}], out)
            code, _, err = tenant(SIGN_IN_FAILED, "--suppressions", path)
            self.assertEqual(code, 0, err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
