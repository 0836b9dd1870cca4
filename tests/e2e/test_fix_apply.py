#!/usr/bin/env python3
"""gdapcheck fix --apply: the safe changes made through Graph, checked afterwards, on every example.

For every example whose plan has a change gdapcheck can make ("Apply: gdapcheck fix --apply can
make this change"), the example becomes an emulator scenario and

- `fix --apply --yes` (no terminal) makes the changes: the emulator records each write, the
  account consents once to each write permission through a second device-code sign-in (a refresh
  token cannot ask for new permissions; the emulator answers AADSTS65001 as Entra does), and the
  output ends with a line per finding it worked on;
- the following `tenant --json` no longer has the findings the changes fix (the example's own
  finding, or for gdap.missing-roles the part a group membership fixes), and the plan has nothing
  left that gdapcheck can make;
- a second `fix --apply --yes` changes nothing and says so;
- every request is in the audit log (JSON lines, mode 0600) with its request id, and no token or
  secret the emulator handed out appears in it or in any output.

Without --yes and without a terminal, `fix --apply` changes nothing and exits 2, before signing in.
"""

import contextlib
import glob
import json
import os
import pty
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.json")))
ENV = dict(os.environ, NO_COLOR="1")
CAN_APPLY = "Apply: gdapcheck fix --apply can make this change"
# What each example's changes must leave behind in the next collection: its own finding gone, or
# for gdap.missing-roles the roles a group membership gives, with the roles no relationship has
# awaiting the customer's approval of a new one (the rest needs an edited assignment, by hand).
GONE = {
    "csp-user-not-in-adminagents": "csp.user-not-in-adminagents",
    "gdap-user-not-in-security-group": "gdap.user-not-in-security-group",
    "tenant-missing-service-principal": "tenant.missing-service-principal",
    "gdap-relationship-expiring": "gdap.relationship-expiring",
    "security-group-removed": "gdap.missing-security-group",
}


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def profile_options(snapshot):
    return ["--profile", snapshot["profile"]] + (["--app", snapshot["app"]] if snapshot["app"] else [])


@contextlib.contextmanager
def signed_in(snapshot):
    """The emulator playing `snapshot`, with the account signed in: (emulator, env, cache folder)."""
    with tempfile.TemporaryDirectory() as tmp, harness.Emulator(
            scenario_from_snapshot.from_snapshot(snapshot)) as emu:
        cache = os.path.join(tmp, "cache")
        harness.login(BINARY, emu, cache)
        yield emu, harness.clean_env(emu, cache), cache


def fixable_examples():
    found = []
    for path in EXAMPLES:
        plan = harness.run(BINARY, ["fix", "--snapshot", path], ENV)
        if CAN_APPLY in plan.stdout:
            found.append(path)
    return found


class FixApplyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fixable = fixable_examples()

    def test_the_examples_that_can_be_fixed(self):
        names = {os.path.basename(p)[:-5] for p in self.fixable}
        self.assertLessEqual(set(GONE), names, "each of these examples has a change gdapcheck can make")
        self.assertIn("gdap-missing-roles", names)
        self.assertNotIn("healthy", names)

    def apply_example(self, path):
        name = os.path.basename(path)[:-5]
        snapshot = load(path)
        options = profile_options(snapshot)
        with signed_in(snapshot) as (emu, env, cache):
            before = json.loads(harness.run(BINARY, ["tenant", "--json"] + options, env, timeout=120).stdout)
            # The JSON report says which commands fix --apply makes itself, and what they do.
            applies = [c["apply"] for f in before["findings"] for c in f["commands"] if c["apply"]]
            self.assertTrue(applies, name)
            for apply in applies:
                self.assertEqual(set(apply), {"action", "what"})
                self.assertTrue(apply["what"], name)

            applied = harness.run(BINARY, ["fix", "--apply", "--yes"] + options, env, timeout=180)
            self.assertIn(applied.returncode, (0, 1), f"{name}: {applied.stdout}\n{applied.stderr}")
            self.assertIn("After the changes:", applied.stdout, name)
            self.assertNotIn("failed:", applied.stdout, name)
            writes = emu.state()["writes"]
            self.assertTrue(writes, f"{name}: something was written")
            self.assertTrue(all(w["status"] in (200, 201, 204) for w in writes), f"{name}: {writes}")
            self.assertIn("sign in once more to consent", applied.stderr, f"{name}: incremental consent")

            after_run = harness.run(BINARY, ["tenant", "--json"] + options, env, timeout=120)
            after = json.loads(after_run.stdout)
            rules_after = {(f["ruleId"], f["tenantId"]) for f in after["findings"]}
            if name in GONE:
                gone = [(f["ruleId"], f["tenantId"]) for f in before["findings"] if f["ruleId"] == GONE[name]]
                self.assertTrue(gone, name)
                for key in gone:
                    self.assertNotIn(key, rules_after, f"{name}: {key} is fixed")
                    self.assertIn(f"{key[0]} in ", applied.stdout)
                self.assertIn(": fixed", applied.stdout, name)
            if name == "gdap-missing-roles":
                missing = [f for f in after["findings"] if f["ruleId"] == "gdap.missing-roles"]
                self.assertTrue(missing, "the roles no relationship holds are still missing")
                evidence = missing[0]["evidence"]
                self.assertEqual(evidence["notMember"], [], "the group membership was made")
                self.assertEqual(evidence["newRelationship"], [], "the new relationship was requested")
                self.assertEqual(evidence["notInRelationship"], [])
                self.assertEqual([a["status"] for a in evidence["awaitingApproval"]], ["approvalPending"])
                self.assertIn("awaiting approval: relationship 'gdapcheck_", applied.stdout)
                self.assertIn("https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
                              "granularAdminRelationships/", applied.stdout)
            plan_after = harness.run(BINARY, ["fix"] + options, env, timeout=120)
            self.assertNotIn(CAN_APPLY, plan_after.stdout, f"{name}: nothing left that gdapcheck can make")
            self.assertEqual(plan_after.returncode, after_run.returncode)

            again = harness.run(BINARY, ["fix", "--apply", "--yes"] + options, env, timeout=180)
            self.assertEqual(again.returncode, after_run.returncode, again.stderr)
            self.assertIn("Nothing here gdapcheck can change itself", again.stdout, name)
            self.assertEqual(emu.state()["writes"], writes, f"{name}: the second run changes nothing")

            audit = os.path.join(cache, "audit.jsonl")
            self.assertEqual(stat.S_IMODE(os.stat(audit).st_mode), 0o600)
            with open(audit, encoding="utf-8") as handle:
                audit_text = handle.read()
            lines = [json.loads(line) for line in audit_text.splitlines()]
            sent = [line for line in lines if line["request"]["method"] != "GET"]
            self.assertEqual(len(sent), len(writes), f"{name}: one audit line per write")
            for line in lines:
                self.assertEqual(set(line), {"time", "account", "tenant", "ruleId", "action", "request", "status",
                                             "result", "requestId", "message"})
                self.assertTrue(line["requestId"], f"{name}: {line}")
                self.assertIn(line["result"], ("done", "already done", "accepted", "not sent",
                                               "sent for approval"))
            for secret in emu.state().get("issued", []):
                for text in (applied.stdout, applied.stderr, again.stdout, audit_text):
                    self.assertNotIn(secret, text, f"{name}: a token or secret leaked")

    def test_apply_fixes_every_fixable_example(self):
        for path in self.fixable:
            with self.subTest(example=os.path.basename(path)):
                self.apply_example(path)

    def test_a_new_relationship_once_approved_is_given_to_a_group(self):
        """gdap.missing-roles, end to end: the roles no relationship holds go into a new relationship,
        locked for approval; once the customer approves it, the next fix --apply gives its roles to
        a group the account is in, and only the role that needs an edited assignment is left."""
        snapshot = load(os.path.join(ROOT, "examples", "gdap-missing-roles.json"))
        options = profile_options(snapshot)
        with signed_in(snapshot) as (emu, env, cache):
            first = harness.run(BINARY, ["fix", "--apply", "--yes"] + options, env, timeout=180)
            self.assertIn(first.returncode, (0, 1), first.stdout + first.stderr)
            created = [w for w in emu.state()["writes"]
                       if w["method"] == "POST" and w["path"].rstrip("/").endswith("delegatedAdminRelationships")]
            self.assertEqual(len(created), 1, emu.state()["writes"])
            report = json.loads(harness.run(BINARY, ["tenant", "--json"] + options, env, timeout=120).stdout)
            pending = next(f for f in report["findings"] if f["ruleId"] == "gdap.missing-roles")
            relationship_id = pending["evidence"]["awaitingApproval"][0]["id"]
            self.assertEqual(emu.approve_relationship(relationship_id).get("status"), "active")

            second = harness.run(BINARY, ["fix", "--apply", "--yes"] + options, env, timeout=180)
            self.assertIn(second.returncode, (0, 1), second.stdout + second.stderr)
            self.assertIn("gdap.missing-roles in Contoso Ltd: partly fixed: ", second.stdout)
            self.assertIn("Missing: Exchange Administrator.", second.stdout)
            assigned = [w for w in emu.state()["writes"] if w["path"].endswith("/accessAssignments")]
            self.assertEqual(len(assigned), 1, second.stdout)
            self.assertIn(relationship_id, assigned[0]["path"])
            report = json.loads(harness.run(BINARY, ["tenant", "--json"] + options, env, timeout=120).stdout)
            left = next(f for f in report["findings"] if f["ruleId"] == "gdap.missing-roles")
            self.assertEqual(left["evidence"]["missingRoles"], ["Exchange Administrator"],
                             "only the role on no assignment is left, which needs an edited assignment")
            self.assertEqual(left["evidence"]["awaitingApproval"], [])

    def test_a_relationship_never_locked_is_locked_not_requested_again(self):
        """gdap.missing-admin-relationship with a relationship left 'created' (made through Graph, its
        lockForApproval never sent): the plan locks it, no new relationship is requested, and the
        next run finds it waiting for the customer's approval, with nothing left to do."""
        snapshot = load(os.path.join(ROOT, "examples", "gdap-missing-admin-relationship.json"))
        relationship = snapshot["partner"]["relationships"]["value"][0]
        relationship["status"] = "created"
        options = profile_options(snapshot)
        with signed_in(snapshot) as (emu, env, cache):
            before = json.loads(harness.run(BINARY, ["tenant", "--json"] + options, env, timeout=120).stdout)
            finding = next(f for f in before["findings"] if f["ruleId"] == "gdap.missing-admin-relationship")
            self.assertEqual([r["id"] for r in finding["evidence"]["unlockedRelationships"]], [relationship["id"]])
            self.assertFalse(any("Request admin relationship" in step for step in finding["remediation"]))
            self.assertEqual([c["apply"]["action"] for c in finding["commands"]], ["lock-for-approval"])

            applied = harness.run(BINARY, ["fix", "--apply", "--yes"] + options, env, timeout=180)
            self.assertIn(applied.returncode, (0, 1), applied.stdout + applied.stderr)
            writes = emu.state()["writes"]
            self.assertEqual([(w["method"], w["path"].split("/")[-1], w["status"]) for w in writes],
                             [("POST", "requests", 201)], writes)
            self.assertIn(relationship["id"], writes[0]["path"])
            self.assertIn("https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
                          "granularAdminRelationships/" + relationship["id"], applied.stdout)

            after = json.loads(harness.run(BINARY, ["tenant", "--json"] + options, env, timeout=120).stdout)
            finding = next(f for f in after["findings"] if f["ruleId"] == "gdap.missing-admin-relationship")
            self.assertEqual(finding["evidence"]["unlockedRelationships"], [])
            self.assertEqual([r["status"] for r in finding["evidence"]["pendingRelationships"]], ["approvalPending"])
            again = harness.run(BINARY, ["fix", "--apply", "--yes"] + options, env, timeout=180)
            self.assertIn("Nothing here gdapcheck can change itself", again.stdout)
            self.assertEqual(emu.state()["writes"], writes, "the second run changes nothing")

    def test_without_a_terminal_or_yes_nothing_changes(self):
        path = os.path.join(ROOT, "examples", "csp-user-not-in-adminagents.json")
        snapshot = load(path)
        with signed_in(snapshot) as (emu, env, cache):
            requests = len(emu.state().get("requests", []))
            result = harness.run(BINARY, ["fix", "--apply", "--profile", snapshot["profile"]],
                                 env, stdin="y\n")
            self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
            self.assertIn("not a terminal", result.stderr)
            self.assertIn("--yes", result.stderr)
            self.assertEqual(emu.state()["writes"], [])
            self.assertEqual(len(emu.state().get("requests", [])), requests, "refused before signing in")
            self.assertFalse(os.path.exists(os.path.join(cache, "audit.jsonl")))

    def test_a_declined_consent_fails_that_change_and_the_run_still_ends_with_its_summary(self):
        path = os.path.join(ROOT, "examples", "csp-user-not-in-adminagents.json")
        snapshot = load(path)
        with signed_in(snapshot) as (emu, env, cache):
            emu.update({"device": {"outcome": "decline"}})
            result = harness.run(BINARY, ["fix", "--apply", "--yes", "--profile", snapshot["profile"]],
                                 env, timeout=180)
            self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
            self.assertIn("failed: no consent to GroupMember.ReadWrite.All", result.stdout)
            self.assertIn("After the changes:", result.stdout)
            self.assertIn("csp.user-not-in-adminagents in ", result.stdout)
            self.assertIn("not changed", result.stdout)
            self.assertEqual(emu.state()["writes"], [])

    def run_at_terminal(self, args, env, answers):
        """gdapcheck with a terminal as standard input, the answers typed in advance."""
        master, slave = pty.openpty()
        try:
            os.write(master, answers.encode())
            return subprocess.run([BINARY] + args, env=env, stdin=slave, capture_output=True, text=True,
                                  timeout=120)
        finally:
            os.close(slave)
            os.close(master)

    def test_at_a_terminal_it_asks_before_each_change(self):
        path = os.path.join(ROOT, "examples", "csp-user-not-in-adminagents.json")
        snapshot = load(path)
        with signed_in(snapshot) as (emu, env, cache):
            options = ["fix", "--apply", "--profile", snapshot["profile"]]
            declined = self.run_at_terminal(options, env, "n\n")
            self.assertIn("Make this change? [y/N/q]", declined.stderr)
            self.assertIn("Skipped: not confirmed.", declined.stdout)
            self.assertIn("not changed", declined.stdout)
            self.assertEqual(declined.returncode, 1, declined.stderr)
            self.assertEqual(emu.state()["writes"], [], "a no changes nothing")
            made = self.run_at_terminal(options, env, "yes\n")
            self.assertIn(made.returncode, (0, 1), made.stdout + made.stderr)
            self.assertIn("csp.user-not-in-adminagents in ", made.stdout)
            self.assertIn(": fixed", made.stdout)
            self.assertEqual([w["status"] for w in emu.state()["writes"]], [204])

    def test_bad_combinations_are_exit_2(self):
        path = os.path.join(ROOT, "examples", "csp-user-not-in-adminagents.json")
        for args, words in ((["--apply", "--yes", "--snapshot", path], "--snapshot"),
                            (["--yes"], "without --apply"),
                            (["--apply", "--yes", "--script"], "choose one")):
            with self.subTest(args=args):
                result = harness.run(BINARY, ["fix"] + args, ENV)
                self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                self.assertIn(words, result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
