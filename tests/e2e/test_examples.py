#!/usr/bin/env python3
"""Golden-output tests of the built binary on every example snapshot.

Each case runs `gdapcheck tenant --snapshot examples/<name>.json` and checks the exit code, the
rule ids in `findings`, each customer's `status`, and the whole JSON report against
tests/e2e/golden/<name>.json (text and markdown for some). After an intended change to the
output, regenerate with `python3 tests/e2e/test_examples.py build/src/gdapcheck --update`
and review the diff before committing it.

Usage: test_examples.py GDAPCHECK [--update]
"""
import json
import os
import subprocess
import sys

AS_OF = "2026-11-20T09:00:00Z"  # the examples' collection time; keeps expiry maths fixed
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(HERE, "golden")

# name, profile, --fail-on, exit code, rule ids expected in findings, customer statuses,
# extra golden formats.
CASES = [
    ("healthy", "default", "error", 0, [], ["active", "active", "active"], ["text", "markdown"]),
    ("csp-mfa-not-prompted", "default", "error", 1, ["csp.mfa-not-prompted"], ["active"] * 3, ["text"]),
    ("csp-user-not-global-admin", "syncro", "error", 1, ["csp.user-not-global-admin"], ["active"] * 3, []),
    ("csp-user-not-in-adminagents", "default", "error", 1, ["csp.user-not-in-adminagents"],
     ["unknown"] * 3, ["text"]),
    ("csp-no-customer-relationships", "default", "error", 1,
     ["csp.no-customer-relationships", "gdap.missing-admin-relationship"],
     ["missing_admin_relationship"] * 3, []),
    ("gdap-missing-admin-relationship", "default", "error", 1, ["gdap.missing-admin-relationship"],
     ["missing_admin_relationship"], ["text"]),
    ("gdap-relationship-expired", "default", "error", 1, ["gdap.relationship-expired"], ["expired"], []),
    ("gdap-relationship-expiring", "default", "warning", 1, ["gdap.relationship-expiring"], ["expiring"], []),
    ("gdap-global-admin-blocks-auto-extend", "default", "warning", 1,
     ["gdap.global-admin-blocks-auto-extend"], ["active"], []),
    ("gdap-missing-security-group", "default", "error", 1,
     ["gdap.access-assignment-not-active", "gdap.missing-security-group"], ["missing_security_group"], []),
    ("gdap-user-not-in-security-group", "default", "error", 1, ["gdap.user-not-in-security-group"],
     ["missing_security_group"], []),
    ("gdap-missing-roles", "default", "error", 1, ["gdap.missing-roles"], ["missing_roles"], ["text", "markdown"]),
    ("tenant-missing-service-principal", "syncro", "error", 1, ["tenant.missing-service-principal"],
     ["active"], ["text"]),
    ("tenant-conditional-access-blocks-partner", "default", "warning", 1,
     ["tenant.conditional-access-blocks-partner"], ["active"], []),
    ("tenant-sign-in-failed", "default", "error", 1, ["tenant.sign-in-failed"], ["access_denied"], ["text"]),
    ("entra-sync-app-problems", "entra-sync", "error", 1,
     ["app.missing-admin-consent", "app.secret-expired", "app.secret-expiring"], ["active"] * 3, []),
    ("incomplete-reads", "default", "error", 3, [], ["active", "unknown", "active"], ["text"]),
]


def run(binary, args):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    proc = subprocess.run([binary] + args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def compare(name, actual, update, failures):
    path = os.path.join(GOLDEN, name)
    if update:
        with open(path, "w") as handle:
            handle.write(actual)
        return
    if not os.path.exists(path):
        failures.append(f"{name}: golden file missing (run with --update and review it)")
        return
    with open(path) as handle:
        expected = handle.read()
    if expected != actual:
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "actual", n=2))
        failures.append(f"{name}: output differs from the golden file:\n{diff[:4000]}")


def main():
    binary = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    failures = []
    for name, profile, fail_on, exit_code, rule_ids, statuses, formats in CASES:
        base = ["tenant", "--snapshot", f"examples/{name}.json", "--as-of", AS_OF, "--profile", profile,
                "--fail-on", fail_on]
        code, out, err = run(binary, base + ["--json"])
        if code != exit_code:
            failures.append(f"{name}: exit {code}, expected {exit_code}; stderr: {err.strip()}")
        try:
            report = json.loads(out)
        except json.JSONDecodeError as error:
            failures.append(f"{name}: --json output is not JSON ({error})")
            continue
        found = sorted({f["ruleId"] for f in report["findings"]})
        if found != sorted(rule_ids):
            failures.append(f"{name}: findings {found}, expected {sorted(rule_ids)}")
        got_statuses = [c["status"] for c in report["customers"]]
        if got_statuses != statuses:
            failures.append(f"{name}: statuses {got_statuses}, expected {statuses}")
        if report["complete"] != (exit_code != 3):
            failures.append(f"{name}: complete={report['complete']} disagrees with exit {exit_code}")
        compare(f"{name}.json", out, update, failures)
        for fmt in formats:
            code, out, _ = run(binary, base + ["--format", fmt, "--no-color"])
            if code != exit_code:
                failures.append(f"{name} --format {fmt}: exit {code}, expected {exit_code}")
            if "\x1b[" in out:
                failures.append(f"{name} --format {fmt}: colour escape with --no-color")
            compare(f"{name}.{'txt' if fmt == 'text' else 'md'}", out, update, failures)
    for failure in failures:
        print("FAIL", failure)
    failed_cases = {case[0] for case in CASES
                    if any(f.split(":", 1)[0].split(" ", 1)[0] in (case[0], f"{case[0]}.json", f"{case[0]}.txt",
                                                                  f"{case[0]}.md") for f in failures)}
    print(f"{len(CASES) - len(failed_cases)} passed, {len(failed_cases)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
