#!/usr/bin/env python3
"""`gdapcheck diff OLD NEW`: two snapshots, two reports or one of each; exactly what changed;
exit 1 when anything got worse, 0 otherwise; bad input is exit 2 naming the file.

Usage: test_diff.py GDAPCHECK
"""

import copy
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEALTHY = os.path.join(ROOT, "examples", "healthy.json")


def run(binary, *args, stdin=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, input=stdin,
                          env=dict(os.environ, NO_COLOR="1"), timeout=60)


def without_roles(snapshot, customer_name):
    """The same snapshot in which one customer's relationships grant no role."""
    broken = copy.deepcopy(snapshot)
    for relationship in broken["partner"]["relationships"]["value"]:
        if relationship["customer"]["displayName"] == customer_name:
            relationship["roles"] = []
            for assignment in relationship["accessAssignments"]["value"]:
                assignment["roles"] = []
    return broken


def main():
    binary = sys.argv[1]
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    with open(HEALTHY, encoding="utf-8") as handle:
        healthy = json.load(handle)
    with tempfile.TemporaryDirectory() as tmp:
        broken_path = os.path.join(tmp, "broken.json")
        with open(broken_path, "w", encoding="utf-8") as handle:
            json.dump(without_roles(healthy, "Fabrikam Inc"), handle)

        same = run(binary, "diff", HEALTHY, HEALTHY)
        check(same.returncode == 0, f"diff X X: exit {same.returncode}\n{same.stderr}")
        check("Nothing changed." in same.stdout, f"diff X X says: {same.stdout}")

        worse = run(binary, "diff", HEALTHY, broken_path)
        check(worse.returncode == 1, f"worse: exit {worse.returncode}\n{worse.stderr}")
        lines = [line.strip() for line in worse.stdout.splitlines() if line.startswith("  ")]
        check(lines and all(line.startswith("Fabrikam Inc") for line in lines),
              f"worse names only Fabrikam:\n{worse.stdout}")
        check(any("status active -> missing_roles" in line for line in lines),
              f"worse says the status change:\n{worse.stdout}")
        check(any("new error gdap.missing-roles" in line for line in lines),
              f"worse says the new finding:\n{worse.stdout}")

        better = run(binary, "diff", broken_path, HEALTHY, "--json")
        check(better.returncode == 0, f"better: exit {better.returncode}\n{better.stderr}")
        document = json.loads(better.stdout)
        check(document["changed"] and not document["worse"], f"better JSON: {better.stdout}")
        check([c["label"] for c in document["statusChanges"]] == ["Fabrikam Inc (fabrikam.com)"]
              or [c["label"].split(" (")[0] for c in document["statusChanges"]] == ["Fabrikam Inc"],
              f"better names Fabrikam only: {document['statusChanges']}")
        check(all(f["direction"] == "better" for f in document["findings"]["resolved"]),
              f"resolved findings are better: {document['findings']}")

        # A report on one side, a snapshot on the other (yesterday's --json against today's
        # snapshot), and standard input for one of them.
        report = run(binary, "tenant", "--snapshot", HEALTHY, "--json")
        check(report.returncode == 0, f"tenant --json: exit {report.returncode}\n{report.stderr}")
        mixed = run(binary, "diff", "-", broken_path, stdin=report.stdout)
        check(mixed.returncode == 1 and "Fabrikam Inc" in mixed.stdout,
              f"report vs snapshot: exit {mixed.returncode}\n{mixed.stdout}{mixed.stderr}")
        check("standard input" in mixed.stdout, f"stdin is named: {mixed.stdout}")

        # Bad input: exit 2, naming the file (and the place when it is a report).
        not_json = os.path.join(tmp, "not.json")
        with open(not_json, "w", encoding="utf-8") as handle:
            handle.write("{ nope")
        bad = run(binary, "diff", HEALTHY, not_json)
        check(bad.returncode == 2 and "not.json" in bad.stderr, f"not JSON: {bad.returncode} {bad.stderr}")
        bad_report = json.loads(report.stdout)
        bad_report["customers"][0]["status"] = 7
        bad_path = os.path.join(tmp, "bad-report.json")
        with open(bad_path, "w", encoding="utf-8") as handle:
            json.dump(bad_report, handle)
        bad = run(binary, "diff", bad_path, HEALTHY)
        check(bad.returncode == 2 and "bad-report.json: /customers/0/status" in bad.stderr,
              f"bad report: {bad.returncode} {bad.stderr}")
        missing = run(binary, "diff", HEALTHY, os.path.join(tmp, "missing.json"))
        check(missing.returncode == 2 and "missing.json" in missing.stderr,
              f"missing file: {missing.returncode} {missing.stderr}")
        both = run(binary, "diff", "-", "-", stdin="{}")
        check(both.returncode == 2, f"- -: {both.returncode} {both.stderr}")
        one = run(binary, "diff", HEALTHY)
        check(one.returncode == 2, f"one argument: {one.returncode} {one.stderr}")

    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
