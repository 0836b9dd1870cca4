#!/usr/bin/env python3
"""`--format html` of every example, loaded in headless Chromium (Debian's package) over the
DevTools protocol: no console error, no exception, no request beyond the file itself (the page is
self-contained and its Content-Security-Policy lets only its own script run, which it does); the
DOM says what the JSON report says (customer rows and cards with their statuses, counts per
status, each finding with its numbered steps, the partner chain, what could not be read, when it
was evaluated); sorting, filtering and the copy buttons work; a snapshot whose names carry markup
and script shows them as text and runs none of it. Each page and a full-page screenshot are kept in
build/test-artifacts/html/.

Exits 125 (skipped) with a message only when Chromium is not installed.

Usage: test_report_html.py GDAPCHECK
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402
import report_examples  # noqa: E402
from report_examples import examples, json_report, run  # noqa: E402

BINARY = report_examples.binary_from_argv()
ARTEFACTS = report_examples.artefact_dir(BINARY, "html")

# The text of each step as shown: lines as the browser lays them out, copy buttons left out.
STEPS_OF = """(rule, tenantCard) => {
  const scope = tenantCard ? document.querySelector(`article.card[data-tenant-id="${tenantCard}"]`)
                           : document.getElementById('partner');
  return Array.from(scope.querySelectorAll(`.finding[data-rule="${rule}"]`)).map(finding => ({
    title: finding.querySelector('.title').textContent,
    severity: finding.getAttribute('data-severity'),
    steps: Array.from(finding.querySelectorAll('ol.steps > li')).map(li => {
      const copy = li.cloneNode(true);
      copy.querySelectorAll('button').forEach(button => button.remove());
      return copy.innerHTML.split('<br>').map(line => {
        const holder = document.createElement('div');
        holder.innerHTML = line;
        return holder.textContent;
      });
    }),
  }));
}"""


def render(example_args, name):
    """Write the example's HTML report to the artefact folder; return its path and exit code."""
    result = run(BINARY, example_args + ["--format", "html"])
    path = os.path.join(ARTEFACTS, f"{name}.html")
    with open(path, "wb") as handle:
        handle.write(result.stdout)
    return path, result


def url_of(path):
    return "file://" + os.path.abspath(path)


class ReportPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.browser = browser.Chromium()

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()

    def load(self, path):
        page = self.browser.open(url_of(path))
        self.assertEqual(page.problems(), [], "no console error, exception or policy violation")
        self.assertEqual(page.requested_urls(), [url_of(path)], "nothing fetched beyond the page")
        self.assertEqual(page.evaluate("document.documentElement.className"), "js", "the script ran")
        return page

    def test_every_example(self):
        for example in examples():
            with self.subTest(example=example.name):
                report, code = json_report(BINARY, example)
                path, result = render(example.args, example.name)
                self.assertEqual(result.returncode, code, result.stderr)
                page = self.load(path)
                self.check_page(page, report)
                page.screenshot(os.path.join(ARTEFACTS, f"{example.name}.png"))
                self.assertGreater(os.path.getsize(os.path.join(ARTEFACTS, f"{example.name}.png")), 10000)

    def check_page(self, page, report):
        self.assertEqual(page.evaluate("document.getElementById('evaluated-at').textContent"),
                         report["generatedAt"])
        self.assertEqual(page.evaluate("document.getElementById('collected-at').textContent"),
                         report["collectedAt"])
        profile = report["profile"] + (f" (app {report['app']})" if report["app"] else "")
        self.assertEqual(page.evaluate("document.getElementById('run-profile').textContent"), profile)
        self.assertEqual(page.evaluate("document.querySelectorAll('header .warning').length"), 0)
        # Partner chain.
        user = report["partner"]["user"]
        for link, value in (("mfa", user["mfa"]), ("admin-agents", user["inAdminAgents"]),
                            ("global-admin", user["globalAdmin"])):
            shown = page.evaluate(f"document.querySelector('[data-link={link}]').lastChild.textContent")
            self.assertEqual(shown, {True: "yes", False: "no", None: "unknown"}[value], link)
        # Customer table, counts and cards.
        customers = report["customers"]
        rows = page.evaluate("Array.from(document.querySelectorAll('#customer-table tbody tr'))"
                             ".map(r => [r.cells[0].textContent, r.getAttribute('data-status'),"
                             " r.cells[2].textContent])")
        self.assertEqual(rows or [], [[report_examples.tenant_name(report, c["tenantId"]), c["status"], c["status"]]
                                      for c in customers])
        if customers:
            counts = page.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('.filters button'))"
                                   ".map(b => [b.getAttribute('data-status'), Number(b.querySelector('.count').textContent)]))")
            self.assertEqual(counts, {"all": len(customers), **report["summary"]["byStatus"]})
        cards = page.evaluate("Array.from(document.querySelectorAll('article.card'))"
                              ".map(c => [c.getAttribute('data-tenant-id'), c.querySelector('.status').textContent])")
        self.assertEqual(cards, [[c["tenantId"], c["status"]] for c in customers])
        # Each card's role grid agrees with missingRoles: the required roles not held are exactly
        # those; unknown is said, not drawn.
        for customer in customers:
            card = f"document.querySelector('article.card[data-tenant-id=\"{customer['tenantId']}\"]')"
            if customer["missingRoles"] is None:
                self.assertTrue(page.evaluate(f"{card}.querySelector('.role-grid-unknown') !== null"))
                continue
            missing = page.evaluate(f"Array.from({card}.querySelectorAll('.role-grid tbody tr'))"
                                    ".filter(tr => tr.dataset.state !== 'held' && !tr.querySelector('.tag'))"
                                    ".map(tr => tr.cells[0].textContent)")
            self.assertEqual(sorted(missing), sorted(customer["missingRoles"]), customer["tenantId"])
        # Every finding, under its tenant, with its steps in order.
        customer_ids = {c["tenantId"] for c in customers}
        for finding in report["findings"]:
            card = finding["tenantId"] if finding["tenantId"] in customer_ids else None
            shown = page.evaluate(f"({STEPS_OF})({json.dumps(finding['ruleId'])}, {json.dumps(card)})")
            match = [item for item in shown if item["title"] == finding["title"]]
            self.assertEqual(len(match), 1, f"{finding['ruleId']} shown once under its tenant: {shown}")
            self.assertEqual(match[0]["severity"], finding["severity"])
            self.assertEqual([[line.strip() for line in step] for step in match[0]["steps"]],
                             [[line.strip() for line in step.split("\n")] for step in finding["remediation"]])
        # What could not be read or decided.
        self.assertEqual(page.evaluate("document.querySelectorAll('#read-errors tbody tr').length"),
                         len(report["errors"]))
        self.assertEqual(page.evaluate("document.querySelectorAll('#gaps tbody tr').length"),
                         len(report["inconclusive"]))

    def test_sorting_and_filtering(self):
        # Three customers, two statuses; two renamed so that sorting by name changes the order.
        def rename(snapshot):
            snapshot["customers"][0]["displayName"] = "zeta Holdings"
            snapshot["customers"][2]["displayName"] = "Alpha Works"

        with report_examples.modified_example("incomplete-reads.json", rename) as snapshot:
            path, result = render(["tenant", "--snapshot", snapshot], "interaction")
        self.assertEqual(result.returncode, 3, result.stderr)
        page = self.load(path)
        names = "Array.from(document.querySelectorAll('#customer-table tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].textContent)"
        before = page.evaluate(names)
        self.assertEqual(len(before), 3)
        header = "document.querySelectorAll('#customer-table th button')"
        page.evaluate(f"{header}[0].click()")
        self.assertEqual(page.evaluate(names), sorted(before, key=str.casefold))
        page.evaluate(f"{header}[0].click()")
        self.assertEqual(page.evaluate(names), sorted(before, key=str.casefold, reverse=True))
        self.assertEqual(page.evaluate(f"{header}[0].parentNode.getAttribute('aria-sort')"), "descending")
        page.evaluate(f"{header}[2].click()")  # status: active before unknown
        statuses = page.evaluate("Array.from(document.querySelectorAll('#customer-table tbody tr')).map(r => r.getAttribute('data-status'))")
        self.assertEqual(statuses, ["active", "active", "unknown"])

        page.evaluate("document.querySelector('.filters button[data-status=unknown]').click()")
        visible = page.evaluate("Array.from(document.querySelectorAll('#customer-table tbody tr')).filter(r => !r.hidden).map(r => r.getAttribute('data-status'))")
        self.assertEqual(visible, ["unknown"])
        self.assertEqual(page.evaluate("document.getElementById('customer-shown').textContent"), "Showing 1 of 3")
        self.assertEqual(page.evaluate("Array.from(document.querySelectorAll('article.card')).filter(c => !c.hidden).length"), 1)
        page.evaluate("document.querySelector('.filters button[data-status=all]').click()")
        page.evaluate("(() => { const box = document.getElementById('customer-search');"
                      " box.value = 'ALPHA'; box.dispatchEvent(new Event('input')); })()")
        self.assertEqual(page.evaluate(names), ["Alpha Works"])
        page.screenshot(os.path.join(ARTEFACTS, "interaction-filtered.png"))

    def test_a_copy_button_copies_exactly_its_command(self):
        example = next(e for e in examples() if e.name == "tenant-missing-service-principal")
        path, _ = render(example.args, "copy-button")
        page = self.load(path)
        self.browser.call("Browser.grantPermissions",
                          {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        button = "document.querySelector('button.copy')"
        command = page.evaluate(f"{button}.parentNode.querySelector('code').textContent")
        self.assertTrue(command.startswith("Connect-MgGraph -TenantId "), command)
        page.evaluate(f"{button}.click()")
        self.assertEqual(page.evaluate("navigator.clipboard.readText()"), command)
        self.assertEqual(page.evaluate(f"{button}.textContent"), "Copied")

    def test_hostile_names_are_text(self):
        hostile = {
            "partner": '</title><script>window.__pwned = "partner"</script>',
            "customer": '<script>window.__pwned = "customer"</script><img src=x onerror="window.__pwned = 1">',
            "domain": '"><svg onload="window.__pwned = 2">.example',
        }

        def inject(snapshot):
            snapshot["partner"]["displayName"] = hostile["partner"]
            snapshot["customers"][0]["displayName"] = hostile["customer"]
            snapshot["customers"][0]["defaultDomain"] = hostile["domain"]

        with report_examples.modified_example("gdap-missing-roles.json", inject) as snapshot:
            path, result = render(["tenant", "--snapshot", snapshot], "hostile-names")
        self.assertEqual(result.returncode, 1, result.stderr)
        page = self.load(path)
        self.assertIsNone(page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)"))
        self.assertEqual(page.evaluate("document.querySelectorAll('script').length"), 1)
        self.assertEqual(page.evaluate("document.querySelectorAll('img, svg, iframe').length"), 0)
        self.assertEqual(page.evaluate("document.querySelector('article.card h3').textContent"), hostile["customer"])
        self.assertEqual(page.evaluate("document.querySelector('#customer-table tbody tr').cells[1].textContent"),
                         hostile["domain"])
        self.assertEqual(page.evaluate("document.querySelector('h1').textContent"), "GDAP report: " + hostile["partner"])
        page.screenshot(os.path.join(ARTEFACTS, "hostile-names.png"))


if __name__ == "__main__":
    if not browser.available():
        print(f"SKIP: Chromium is not installed ({browser.EXECUTABLE}); tests/install-deps.sh installs "
              "Debian's chromium package", file=sys.stderr)
        sys.exit(125)
    unittest.main()
