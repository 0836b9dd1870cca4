#!/usr/bin/env python3
"""--redact: a snapshot and reports that can travel with a ticket. Every example, redacted, saved
with --save-snapshot - and rendered in every report format at once, must contain none of the
example's names, domains, UPNs, mail addresses or whole tenant and object ids (in any letter case),
and the redacted snapshot must diagnose exactly as the original: the same exit code, customer
statuses, and rule ids on the same customers (ids keep their last segment, so customers are
matched by it).

Usage: test_redact.py GDAPCHECK
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import examples_readme  # noqa: E402
import personal_data  # noqa: E402
import report_examples  # noqa: E402

BINARY = report_examples.binary_from_argv()
EXAMPLES = report_examples.examples()
DOCUMENTED = {documented.name: documented for documented in examples_readme.read()}
FORMATS = {"text": "txt", "json": "json", "markdown": "md", "html": "html", "csv": "csv",
           "junit": "xml"}
def verdict(report):
    """Exit-relevant facts of a JSON report, tenants named by their ids' last segment."""
    def last(tenant_id):
        return tenant_id[-12:].lower()
    return {
        "statuses": [(last(c["tenantId"]), c["status"]) for c in report["customers"]],
        "findings": sorted((f["ruleId"], last(f["tenantId"] or "")) for f in report["findings"]),
        "inconclusive": sorted((g["ruleId"], last(g["tenantId"] or ""))
                               for g in report["inconclusive"]),
        "complete": report["complete"],
        "byStatus": report["summary"]["byStatus"],
    }


def with_snapshot(args, path):
    args = list(args)
    args[args.index("--snapshot") + 1] = path
    return args


class RedactEveryExample(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def redact(self, example):
        """The redacted snapshot (standard output) and every format's report (files)."""
        folder = os.path.join(self.tmp.name, example.name)
        os.makedirs(folder)
        args = example.args + ["--redact", "--save-snapshot", "-"]
        for format, extension in FORMATS.items():
            args += ["-o", os.path.join(folder, f"report.{extension}:{format}")]
        result = report_examples.run(BINARY, args)
        expected_exit = report_examples.json_report(BINARY, example)[1]
        self.assertEqual(result.returncode, expected_exit, result.stderr.decode())
        outputs = {"snapshot": result.stdout.decode("utf-8")}
        for format, extension in FORMATS.items():
            with open(os.path.join(folder, f"report.{extension}"), encoding="utf-8") as handle:
                outputs[format] = handle.read()
        return outputs

    def test_no_name_domain_upn_mail_or_id_survives_in_any_output(self):
        for example in EXAMPLES:
            with self.subTest(example=example.name):
                outputs = self.redact(example)
                with open(example.path, encoding="utf-8") as handle:
                    original = json.load(handle)
                redacted = json.loads(outputs["snapshot"])
                # Applications whose ids stay whole are published by their vendors, names too.
                published = (personal_data.service_principal_app_ids(original) &
                             personal_data.service_principal_app_ids(redacted))
                personal = personal_data.personal_strings(original, published)
                self.assertTrue(personal, "the example names somebody")
                for where, text in outputs.items():
                    lowered = text.lower()
                    left = sorted(item for item in personal if item in lowered)
                    self.assertEqual(left, [], f"{where} of {example.name} still says them")

    def test_the_redacted_snapshot_diagnoses_as_the_original(self):
        for example in EXAMPLES:
            with self.subTest(example=example.name):
                outputs = self.redact(example)
                path = os.path.join(self.tmp.name, example.name, "redacted.json")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(outputs["snapshot"])
                original, original_exit = report_examples.json_report(BINARY, example)
                result = report_examples.run(BINARY, with_snapshot(example.args, path) + ["--json"])
                self.assertEqual(result.returncode, original_exit, result.stderr.decode())
                again = json.loads(result.stdout)
                self.assertEqual(verdict(again), verdict(original))
                documented = DOCUMENTED[example.name]  # what examples/README.md promises
                self.assertEqual(result.returncode, documented.exit_code)
                self.assertEqual([c["status"] for c in again["customers"]], documented.statuses)
                self.assertEqual(sorted({f["ruleId"] for f in again["findings"]}),
                                 documented.rule_ids)
                # The report of the redacting run itself says the same.
                self.assertEqual(verdict(json.loads(outputs["json"])), verdict(original))

    def test_pseudonyms_read_like_the_issue_promises(self):
        example = next(e for e in EXAMPLES if e.name == "healthy")
        redacted = json.loads(self.redact(example)["snapshot"])
        with open(example.path, encoding="utf-8") as handle:
            original = json.load(handle)
        for number, (before, after) in enumerate(zip(original["customers"],
                                                     redacted["customers"]), start=1):
            self.assertEqual(after["displayName"], f"Customer-{number}")
            self.assertRegex(after["defaultDomain"], rf"^customer-{number}(-\d+)?\.example$")
            self.assertEqual(after["tenantId"],
                             "00000000-0000-0000-0000-" + before["tenantId"][-12:].lower())
        self.assertEqual(redacted["partner"]["displayName"], "Partner")
        self.assertRegex(redacted["partner"]["user"]["userPrincipalName"],
                         r"^user-\d+@partner(\.onmicrosoft)?\.example$")
        # The same customer is called the same everywhere: in contracts and relationships too.
        names = {c["tenantId"]: c["displayName"] for c in redacted["customers"]}
        for contract in redacted["partner"]["contracts"]["value"]:
            self.assertEqual(contract["displayName"], names[contract["customerId"]])
        for relationship in redacted["partner"]["relationships"]["value"]:
            customer = relationship["customer"]
            self.assertEqual(customer["displayName"], names[customer["tenantId"]])

    def test_the_same_run_twice_gives_the_same_pseudonyms(self):
        example = next(e for e in EXAMPLES if e.name == "entra-sync-app-problems")
        first = self.redact(example)["snapshot"]
        self.tmp.cleanup()
        self.tmp = tempfile.TemporaryDirectory()
        self.assertEqual(self.redact(example)["snapshot"], first)


class RedactWithSelection(unittest.TestCase):
    def test_customers_are_named_as_the_technician_knows_them(self):
        example = next(e for e in EXAMPLES if e.name == "healthy")
        with open(example.path, encoding="utf-8") as handle:
            original = json.load(handle)
        wanted = original["customers"][1]
        result = report_examples.run(BINARY, example.args + [wanted["displayName"], "--redact",
                                                             "--json"])
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        report = json.loads(result.stdout)
        self.assertEqual([c["tenantId"][-12:] for c in report["customers"]],
                         [wanted["tenantId"][-12:]])
        self.assertEqual(report["customers"][0]["displayName"], "Customer-2")
        self.assertNotIn(wanted["displayName"].lower(), result.stdout.decode().lower())

    def test_a_redacted_snapshot_redacted_again_stays_as_it_is(self):
        example = next(e for e in EXAMPLES if e.name == "tenant-sign-in-failed")
        once = report_examples.run(BINARY, example.args + ["--redact", "--save-snapshot", "-"])
        self.assertEqual(once.returncode, 1, once.stderr.decode())
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as handle:
            handle.write(once.stdout)
        try:
            twice = report_examples.run(BINARY, with_snapshot(example.args, handle.name) +
                                        ["--redact", "--save-snapshot", "-"])
        finally:
            os.unlink(handle.name)
        self.assertEqual(twice.returncode, 1, twice.stderr.decode())
        self.assertEqual(json.loads(twice.stdout), json.loads(once.stdout))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
