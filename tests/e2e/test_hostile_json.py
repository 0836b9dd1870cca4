#!/usr/bin/env python3
"""Hostile JSON in the files users hand gdapcheck (snapshots, rules, profiles): a number too large
for a double or nesting a million deep is exit 2 naming the file and the place, never an internal
error or a crash; and two runs saving the same snapshot at once leave a whole snapshot, one of
theirs, both reporting honestly.

Usage: test_hostile_json.py GDAPCHECK
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from checklist import check, expect_input_error, report


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AS_OF = ["--as-of", "2026-11-20T09:00:00Z"]


def run(binary, args):
    return subprocess.run([binary] + args, capture_output=True, text=True, cwd=ROOT, timeout=120)


def write(path, text):
    with open(path, "w") as handle:
        handle.write(text)
    return path


def huge_numbers(binary, tmp, healthy_text):
    # Inserted as text: Python's json would write 1e400 as Infinity.
    snapshot = write(os.path.join(tmp, "huge.json"),
                     healthy_text.replace('"customers": [\n    {', '"customers": [\n    {"n": 1e400,', 1))
    expect_input_error("1e400 in a snapshot", run(binary, ["tenant", "--snapshot", snapshot] + AS_OF),
                       snapshot + ": /customers/0/n: the number 1e400 is too large")

    profile = write(os.path.join(tmp, "huge-profile.json"),
                    '{"name": "huge", "requiredRoles": ["Security Reader"], "extra": [1, 1e400]}')
    expect_input_error("1e400 in a profile", run(binary, ["tenant", "--snapshot", os.path.join(ROOT, "examples", "healthy.json"),
                        "--profile", profile] + AS_OF),
                       profile + ": /extra/1: the number 1e400 is too large")

    rules_dir = os.path.join(tmp, "rules")
    os.makedirs(rules_dir)
    with open(os.path.join(ROOT, "rules", "gdap.missing-roles.json")) as handle:
        rule_text = handle.read()
    rule = write(os.path.join(rules_dir, "gdap.missing-roles.json"),
                 rule_text.replace("{", '{"severityScore": 1' + "0" * 400 + ",", 1))
    expect_input_error("1e400 in a rule file", run(binary, ["tenant", "--snapshot", os.path.join(ROOT, "examples", "healthy.json"),
                        "--rules-dir", rules_dir] + AS_OF),
                       rule + ": /severityScore: the number 1" + "0" * 400 + " is too large")


def deep_nesting(binary, tmp, healthy_text):
    deep = "[" * 1_000_000 + "]" * 1_000_000
    snapshot = write(os.path.join(tmp, "deep.json"), healthy_text.rstrip()[:-1] + ', "x": ' + deep + "}\n")
    expect_input_error("a snapshot nested a million deep", run(binary, ["tenant", "--snapshot", snapshot] + AS_OF),
                       snapshot + ": /x/0/0/0", "nested deeper than")


def concurrent_saves(binary, tmp, healthy_text):
    # Two different inputs saved to one path at once, many times: the file is always one of them.
    first = json.loads(healthy_text)
    second = json.loads(healthy_text)
    second["partner"]["displayName"] = "Second Partner"
    second["customers"] = second["customers"] * 40
    inputs = []
    for name, document in (("first", first), ("second", second)):
        path = write(os.path.join(tmp, name + "-in.json"), json.dumps(document))
        inputs.append(path)
    target = os.path.join(tmp, "shared.json")
    expected = []
    for path in inputs:
        single = os.path.join(tmp, os.path.basename(path) + ".alone")
        proc = run(binary, ["tenant", "--snapshot", path, "--save-snapshot", single] + AS_OF)
        check("saving alone works", proc.returncode in (0, 1), proc.stderr[:400])
        with open(single) as handle:
            expected.append(handle.read())
    for trial in range(8):
        procs = [subprocess.Popen([binary, "tenant", "--snapshot", path, "--save-snapshot", target] + AS_OF,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                 for path in inputs]
        errors = [proc.communicate(timeout=120)[1] for proc in procs]
        codes = [proc.returncode for proc in procs]
        with open(target) as handle:
            saved = handle.read()
        check(f"trial {trial}: the saved snapshot is one of the two, whole", saved in expected,
              f"{len(saved)} bytes")
        check(f"trial {trial}: both runs finish honestly", all(code in (0, 1) for code in codes)
              and not any("cannot write" in error for error in errors), f"exit {codes}: {errors}")
    leftovers = [name for name in os.listdir(tmp) if ".tmp." in name]
    check("no temporary file is left behind", not leftovers, str(leftovers))


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="gdapcheck-e2e-")
    try:
        with open(os.path.join(ROOT, "examples", "healthy.json")) as handle:
            healthy_text = handle.read()
        huge_numbers(binary, tmp, healthy_text)
        deep_nesting(binary, tmp, healthy_text)
        concurrent_saves(binary, tmp, healthy_text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


if __name__ == "__main__":
    sys.exit(main())
