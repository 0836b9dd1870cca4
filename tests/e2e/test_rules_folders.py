#!/usr/bin/env python3
"""A rules folder of one's own (--rules-dir, GDAPCHECK_RULES_DIR) adds to gdapcheck's rules or
replaces them by id, and can never make a shipped rule disappear: a folder that would leave one of
gdapcheck's checks without a rule is refused (exit 2), so configuration cannot produce a pass.

Usage: test_rules_folders.py GDAPCHECK
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BINARY = ""
EXAMPLE = os.path.join(ROOT, "examples", "csp-user-not-in-adminagents.json")
RULE_ID = "csp.user-not-in-adminagents"


def run(args, binary=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k not in ("GDAPCHECK_RULES_DIR", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run([binary or BINARY] + args, capture_output=True, text=True, env=full_env,
                          cwd=ROOT, timeout=60)


def finding_ids(proc):
    return [finding["ruleId"] for finding in json.loads(proc.stdout)["findings"]]


class RulesFolders(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="gdap-rules-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def folder(self, name):
        path = os.path.join(self.tmp, name)
        os.makedirs(path)
        return path

    def assert_finds_the_shipped_rule(self, args, env=None):
        proc = run(["tenant", "--snapshot", EXAMPLE, "--json"] + args, env=env)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(RULE_ID, finding_ids(proc))
        return proc

    def test_an_empty_folder_keeps_every_shipped_rule(self):
        empty = self.folder("empty")
        self.assert_finds_the_shipped_rule(["--rules-dir", empty])
        self.assert_finds_the_shipped_rule([], env={"GDAPCHECK_RULES_DIR": empty})
        listing = run(["rules", "--rules-dir", empty])
        self.assertEqual(listing.returncode, 0, listing.stderr)
        for name in os.listdir(os.path.join(ROOT, "rules")):
            if name.endswith(".json"):
                self.assertIn(name[:-5], listing.stdout)
        self.assertIn("with your rules from " + empty, listing.stdout)

    def test_a_folder_of_profiles_only_keeps_every_shipped_rule_and_adds_its_profile(self):
        own = self.folder("own")
        os.makedirs(os.path.join(own, "profiles"))
        with open(os.path.join(ROOT, "rules", "profiles", "default.json")) as handle:
            profile = json.load(handle)
        profile["name"] = "ours"
        profile["requireMfa"] = False
        with open(os.path.join(own, "profiles", "ours.json"), "w") as handle:
            json.dump(profile, handle)
        proc = self.assert_finds_the_shipped_rule(["--rules-dir", own, "--profile", "ours"])
        self.assertEqual(json.loads(proc.stdout)["profile"], "ours")
        listing = run(["rules", "--rules-dir", own])
        profiles_line = next(line for line in listing.stdout.splitlines() if line.startswith("Profiles"))
        self.assertIn(" ours", profiles_line)
        self.assertIn(" syncro", profiles_line)

    def test_a_rule_of_ones_own_replaces_the_shipped_one_with_the_same_id(self):
        own = self.folder("own")
        with open(os.path.join(ROOT, "rules", RULE_ID + ".json")) as handle:
            rule = json.load(handle)
        rule["title"] = "Our own words for the AdminAgents rule"
        with open(os.path.join(own, RULE_ID + ".json"), "w") as handle:
            json.dump(rule, handle)
        proc = self.assert_finds_the_shipped_rule(["--rules-dir", own])
        titles = [f["title"] for f in json.loads(proc.stdout)["findings"] if f["ruleId"] == RULE_ID]
        self.assertEqual(titles, ["Our own words for the AdminAgents rule"])
        shown = run(["rules", RULE_ID, "--rules-dir", own])
        self.assertIn(os.path.join(own, RULE_ID + ".json"), shown.stdout)

    def test_a_new_rule_is_added_to_the_shipped_ones(self):
        own = self.folder("own")
        with open(os.path.join(ROOT, "rules", RULE_ID + ".json")) as handle:
            rule = json.load(handle)
        rule["id"] = "csp.adminagents-again"
        with open(os.path.join(own, "csp.adminagents-again.json"), "w") as handle:
            json.dump(rule, handle)
        proc = self.assert_finds_the_shipped_rule(["--rules-dir", own])
        self.assertIn("csp.adminagents-again", finding_ids(proc))

    def binary_alone(self):
        """A copy of the binary with no rules beside it, as when it is moved out of its install."""
        binary = os.path.join(self.folder("bin"), "gdapcheck")
        shutil.copy2(BINARY, binary)
        return binary

    def test_renaming_a_rule_in_a_full_copy_changes_nothing_but_its_id(self):
        binary = self.binary_alone()
        renamed = os.path.join(self.tmp, "renamed")
        shutil.copytree(os.path.join(ROOT, "rules"), renamed)
        with open(os.path.join(renamed, RULE_ID + ".json")) as handle:
            rule = json.load(handle)
        os.remove(os.path.join(renamed, RULE_ID + ".json"))
        rule["id"] = "csp.account-outside-adminagents"
        with open(os.path.join(renamed, rule["id"] + ".json"), "w") as handle:
            json.dump(rule, handle)
        # Half a rename (the error catalogue still names the old id) is caught by the loader.
        half = run(["tenant", "--snapshot", EXAMPLE, "--rules-dir", renamed], binary=binary)
        self.assertEqual(half.returncode, 2, half.stderr)
        self.assertIn(f'unknown rule id "{RULE_ID}"', half.stderr)
        self.assertIn(os.path.join(renamed, "errors"), half.stderr)
        # The whole rename, catalogue included.
        for name in os.listdir(os.path.join(renamed, "errors")):
            path = os.path.join(renamed, "errors", name)
            with open(path) as handle:
                text = handle.read()
            with open(path, "w") as handle:
                handle.write(text.replace(f'"{RULE_ID}"', f'"{rule["id"]}"'))
        original = run(["tenant", "--snapshot", EXAMPLE, "--json"])
        proc = run(["tenant", "--snapshot", EXAMPLE, "--json", "--rules-dir", renamed], binary=binary)
        self.assertEqual(proc.returncode, original.returncode, proc.stderr)
        before, after = json.loads(original.stdout), json.loads(proc.stdout)
        rename = lambda rule_id: "csp.account-outside-adminagents" if rule_id == RULE_ID else rule_id
        self.assertEqual(after["complete"], before["complete"])
        # The same findings and gaps (the order follows the ids, so it may differ).
        self.assertEqual(sorted((rename(f["ruleId"]), f["tenantId"] or "") for f in before["findings"]),
                         sorted((f["ruleId"], f["tenantId"] or "") for f in after["findings"]))
        self.assertEqual(sorted((g["ruleId"], g["tenantId"], rename(g["blockedBy"] or "")) for g in before["inconclusive"]),
                         sorted((g["ruleId"], g["tenantId"], g["blockedBy"] or "") for g in after["inconclusive"]))
        self.assertEqual([c["status"] for c in before["customers"]], [c["status"] for c in after["customers"]])

    def test_without_the_shipped_rules_a_partial_folder_is_refused(self):
        binary = self.binary_alone()
        profiles_only = self.folder("profiles-only")
        shutil.copytree(os.path.join(ROOT, "rules", "profiles"), os.path.join(profiles_only, "profiles"))
        for args in (["tenant", "--snapshot", EXAMPLE], ["rules"]):
            proc = run(args + ["--rules-dir", profiles_only], binary=binary)
            self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
            self.assertIn("without a rule", proc.stderr)
            self.assertIn("user-not-in-adminagents", proc.stderr)
            self.assertEqual(proc.stdout, "")
            nothing = run(args, binary=binary)
            self.assertEqual(nothing.returncode, 2, nothing.stdout + nothing.stderr)
            self.assertIn("cannot find gdapcheck's rules", nothing.stderr)
        # A full copy given by hand is all it needs.
        full = os.path.join(self.tmp, "full")
        shutil.copytree(os.path.join(ROOT, "rules"), full)
        proc = run(["tenant", "--snapshot", EXAMPLE, "--json", "--rules-dir", full], binary=binary)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(RULE_ID, finding_ids(proc))


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
