#!/usr/bin/env python3
"""Every example snapshot gives the verdict examples/README.md documents, and its golden report.

The list of examples, their commands and their verdicts (exit code, finding rule ids, customer
statuses) come from the table in examples/README.md. This test checks that table against the
files (every example listed, every listed file present, the command has no extra flag, the name's
promised finding is there, the dates agree with the collection time), then runs each documented
command as written and compares: the exit code, the rule ids and statuses (through `--json`), and
the whole JSON report (text and markdown for some) with tests/e2e/golden/<name>.*.

After an intended change to the output, regenerate with
`python3 tests/e2e/test_examples.py build/src/gdapcheck --update` and review the diff.

Usage: test_examples.py GDAPCHECK [--update]
"""
import difflib
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import examples_readme  # noqa: E402

ROOT = examples_readme.ROOT
GOLDEN = os.path.join(HERE, "golden")

# Reports kept as golden files besides JSON, per example.
GOLDEN_FORMATS = {
    "healthy": ["text", "markdown"],
    "csp-mfa-not-prompted": ["text"],
    "csp-user-not-in-adminagents": ["text"],
    "gdap-missing-admin-relationship": ["text"],
    "gdap-missing-roles": ["text", "markdown"],
    "tenant-missing-service-principal": ["text"],
    "tenant-sign-in-failed": ["text"],
    "incomplete-reads": ["text"],
    "entra-sync-app-problems": ["text"],
}
RULE_NAMESPACES = ("csp", "gdap", "tenant", "app")


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
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "actual", n=2))
        failures.append(f"{name}: output differs from the golden file:\n{diff[:4000]}")


def promise_broken(example):
    """Why the example does not show what its name promises, or None."""
    namespace, _, rest = example.name.partition("-")
    if namespace in RULE_NAMESPACES:
        rule_id = f"{namespace}.{rest}"
        return None if rule_id in example.rule_ids else f"the name promises {rule_id}"
    if example.name == "healthy":
        healthy = example.exit_code == 0 and not example.rule_ids and set(example.statuses) == {"active"}
        return None if healthy else "the name promises exit 0, no findings, every customer active"
    if example.name == "incomplete-reads":
        return None if example.exit_code == 3 else "the name promises exit 3 (incomplete)"
    if example.name == "entra-sync-app-problems":
        app_rules = [r for r in example.rule_ids if r.startswith("app.")]
        return None if app_rules else "the name promises app.* findings"
    if example.name == "relationship-lifecycle":
        lifecycle = {"gdap.access-assignment-not-active", "gdap.mlt-relationship-only",
                     "gdap.relationship-terminating", "gdap.reseller-approval-pending"}
        missing = lifecycle - set(example.rule_ids)
        return f"the name promises {', '.join(sorted(missing))}" if missing else None
    if example.name == "security-group-removed":
        # The group's assignment is deleted, so the relationship has no active security group.
        return None if "gdap.missing-security-group" in example.rule_ids else \
            "the name promises gdap.missing-security-group"
    return "no promise is known for this name: add one to promise_broken()"


def timestamp(text):
    return datetime.strptime(re.sub(r"\.\d+Z$", "Z", text), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def date_problems(snapshot):
    """Where the example's dates disagree with its collection time or with each other (Graph:
    endDateTime = activatedDateTime + duration; created before activated; nothing but an end
    date after the collection)."""
    problems = []
    collected = timestamp(snapshot["collectedAt"])
    for r in (snapshot["partner"].get("relationships") or {}).get("value") or []:
        where = f"relationship {r['displayName']}"
        created, activated, end = (r.get(k) and timestamp(r[k]) for k in
                                   ("createdDateTime", "activatedDateTime", "endDateTime"))
        if created and created > collected:
            problems.append(f"{where}: created after the collection")
        if activated and (activated > collected or (created and activated < created)):
            problems.append(f"{where}: activated after the collection or before its creation")
        if r["status"] == "approvalPending" and created and collected - created > timedelta(days=90):
            problems.append(f"{where}: a request lapses 90 days after its creation")
        if r["status"] in ("active", "expired") and activated and end:
            days = int(re.fullmatch(r"P(\d+)D", r["duration"]).group(1))
            if end - activated != timedelta(days=days):
                problems.append(f"{where}: ends {end:%Y-%m-%d}, not activation + {r['duration']}")
        if r["status"] == "active" and end and end <= collected:
            problems.append(f"{where}: active, yet it ended before the collection")
        if r["status"] == "expired" and end and end > collected:
            problems.append(f"{where}: expired, yet it ends after the collection")
        for a in (r.get("accessAssignments") or {}).get("value") or []:
            for key in ("createdDateTime", "lastModifiedDateTime"):
                if a.get(key) and (timestamp(a[key]) > collected or (activated and timestamp(a[key]) < activated)):
                    problems.append(f"{where}: assignment {a['id']} {key} outside activation..collection")
    return problems


def check_table(examples, failures):
    files = examples_readme.example_files()
    listed = [example.file for example in examples]
    for name in sorted(set(files) - set(listed)):
        failures.append(f"examples/{name}: not listed in examples/README.md")
    for name in sorted(set(listed)):
        if listed.count(name) > 1:
            failures.append(f"examples/README.md: {name} listed {listed.count(name)} times")
        if name not in files:
            failures.append(f"examples/README.md: lists {name}, which does not exist")
    for example in examples:
        where = f"examples/README.md:{example.line}: {example.file}"
        if example.command != ["gdapcheck", "tenant", "--snapshot", f"examples/{example.file}"]:
            failures.append(f"{where}: the command must be the bare `gdapcheck tenant --snapshot "
                            f"examples/{example.file}`, got {' '.join(example.command)}")
        broken = promise_broken(example)
        if broken:
            failures.append(f"{where}: {broken}")
        if example.file in files:
            with open(example.path, encoding="utf-8") as handle:
                for problem in date_problems(json.load(handle)):
                    failures.append(f"examples/{example.file}: {problem}")


def check_example(binary, example, update, failures):
    name = example.name
    with open(example.path, encoding="utf-8") as handle:
        snapshot = json.load(handle)
    command = example.command[1:]

    code, out, err = run(binary, command + ["--no-color"])
    if code != example.exit_code:
        failures.append(f"{name}: `{' '.join(example.command)}` exit {code}, documented {example.exit_code}; "
                        f"stderr: {err.strip()}")
    for rule_id in example.rule_ids:
        if f" {rule_id}: " not in out:
            failures.append(f"{name}: the text report does not show {rule_id}")
    header = f"Profile {snapshot['profile']}"
    if not out.startswith(header):
        failures.append(f"{name}: the text report does not start with {header!r}")

    code, out, err = run(binary, command + ["--json"])
    if code != example.exit_code:
        failures.append(f"{name}: --json exit {code}, documented {example.exit_code}; stderr: {err.strip()}")
    try:
        report = json.loads(out)
    except json.JSONDecodeError as error:
        failures.append(f"{name}: --json output is not JSON ({error})")
        return
    found = sorted({f["ruleId"] for f in report["findings"]})
    if found != example.rule_ids:
        failures.append(f"{name}: findings {found}, documented {example.rule_ids}")
    got_statuses = [c["status"] for c in report["customers"]]
    if got_statuses != example.statuses:
        failures.append(f"{name}: statuses {got_statuses}, documented {example.statuses}")
    if report["complete"] != (example.exit_code != 3):
        failures.append(f"{name}: complete={report['complete']} disagrees with exit {example.exit_code}")
    if report["profile"] != snapshot["profile"]:
        failures.append(f"{name}: evaluated with profile {report['profile']}, collected for {snapshot['profile']}")
    if (report["evaluatedAt"], report["collectedAt"]) != (snapshot["collectedAt"],) * 2:
        failures.append(f"{name}: evaluated at {report['evaluatedAt']} (collected {report['collectedAt']}), "
                        f"not at its collection time {snapshot['collectedAt']}")
    compare(f"{name}.json", out, update, failures)
    for fmt in GOLDEN_FORMATS.get(name, []):
        code, out, _ = run(binary, command + ["--format", fmt, "--no-color"])
        if code != example.exit_code:
            failures.append(f"{name} --format {fmt}: exit {code}, documented {example.exit_code}")
        if "\x1b[" in out:
            failures.append(f"{name} --format {fmt}: colour escape with --no-color")
        compare(f"{name}.{'txt' if fmt == 'text' else 'md'}", out, update, failures)


def main():
    binary = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    failures = []
    examples = examples_readme.read()
    check_table(examples, failures)
    for name in GOLDEN_FORMATS:
        if name not in [example.name for example in examples]:
            failures.append(f"GOLDEN_FORMATS names {name}, which examples/README.md does not list")
    for example in examples:
        if os.path.exists(example.path):
            check_example(binary, example, update, failures)
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(examples)} examples, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
