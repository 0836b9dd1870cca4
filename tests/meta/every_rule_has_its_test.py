#!/usr/bin/env python3
"""Every rule file has a unit test case named by its id (design §5: every rule has its own test),
and every test case named like a rule id names a rule that exists, so renaming a rule cannot leave
it untested or its test stale.

Usage: every_rule_has_its_test.py GDAP_TESTS RULES_DIR
"""
import os
import re
import subprocess
import sys

RULE_ID = re.compile(r"^(csp|gdap|tenant|app)\.[a-z0-9-]+$")


def main():
    tests_binary, rules_dir = sys.argv[1], sys.argv[2]
    listed = subprocess.run([tests_binary, "--list-test-names-only"], capture_output=True, text=True,
                            check=False, timeout=60)
    names = {line.strip() for line in listed.stdout.splitlines() if line.strip()}
    rule_ids = {name[:-5] for name in os.listdir(rules_dir) if name.endswith(".json")}
    if not rule_ids:
        print(f"no rule files in {rules_dir}")
        return 1
    untested = sorted(rule_ids - names)
    stale = sorted(name for name in names if RULE_ID.match(name) and name not in rule_ids)
    for rule_id in untested:
        print(f"rule {rule_id} ({rules_dir}/{rule_id}.json) has no test case named {rule_id!r}")
    for name in stale:
        print(f"test case {name!r} is named like a rule, but {rules_dir}/{name}.json does not exist")
    if untested or stale:
        return 1
    print(f"{len(rule_ids)} rules, each with its own test case")
    return 0


if __name__ == "__main__":
    sys.exit(main())
