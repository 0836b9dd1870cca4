#!/usr/bin/env python3
"""App-only runs end to end, and the account model every command shares (issue 14).

`login` records the account it signed in (delegated or app-only; cloud, tenant, client id) as the
one in use; `whoami`, `tenant` and `logout` use it without repeating flags, `--cloud`,
`--client-id` and `--tenant` pick another cached account, `accounts` lists them. An app-only run
reports MFA as not applicable (never unknown, never a pass), exits 0 on a healthy partner, and
`--user UPN` checks that account's GDAP path as a delegated run of that account does.
"""

import copy
import json
import os
import subprocess
import sys
import unittest
from xml.etree import ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import readme_recipes  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
APP = "99999999-8888-7777-6666-555555555555"
SECRET = "app~Secret.For-Tests_0123456789"
DEFAULT_CLIENT = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
OTHER_USER = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b"
OTHER_UPN = "tech2@northwindit.onmicrosoft.com"


def example_scenario(name):
    with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as handle:
        snapshot = json.load(handle)
    scenario = scenario_from_snapshot.from_snapshot(snapshot)
    # The partner's app registration, with the application permissions a nightly check needs.
    scenario["apps"] = {APP: {"secret": SECRET, "roles": [
        "DelegatedAdminRelationship.Read.All", "User.Read.All", "GroupMember.Read.All",
        "Directory.Read.All", "Policy.Read.All", "Application.Read.All"]}}
    return snapshot, scenario


def findings(report, leave_out=()):
    return sorted((f["ruleId"], (f["tenantId"] or "").lower(), f["severity"]) for f in report["findings"]
                  if f["ruleId"] not in leave_out)


def read_kinds(emu):
    """The Graph routes the emulator answered, directly or inside $batch."""
    stats = emu.state()["graph_stats"]
    return set(stats["requests"]) | set(stats["subrequests"])


class AppOnlyRunTest(harness.PrivateCacheTest):
    def app_login(self, emu, tenant, *extra, cloud=None):
        args = (["--cloud", cloud] if cloud else []) + ["login", "--tenant", tenant, "--client-id", APP,
                                                         "--client-secret-stdin", *extra]
        result = harness.run(BINARY, args, self.env(emu), stdin=SECRET + "\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_app_only_end_to_end_on_a_healthy_partner(self):
        snapshot, scenario = example_scenario("healthy.json")
        partner = snapshot["partner"]["tenantId"]
        with harness.Emulator(scenario) as emu:
            self.app_login(emu, partner)
            # No flags: the account just signed in.
            who = harness.run(BINARY, ["whoami"], self.env(emu))
            self.assertEqual(who.returncode, 0, who.stderr)
            self.assertIn("application " + APP, who.stdout)
            self.assertIn("MFA:      not applicable", who.stdout)
            who_json = json.loads(harness.run(BINARY, ["whoami", "--json"], self.env(emu)).stdout)
            self.assertEqual((who_json["kind"], who_json["clientId"], who_json["tenantId"]), ("app", APP, partner))

            # The secret for the customers' tokens comes from the environment (never argv).
            run = harness.run(BINARY, ["tenant", "--json"], self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET),
                              timeout=120)
            self.assertEqual(run.returncode, 0, run.stderr + run.stdout[:2000])
            report = json.loads(run.stdout)
            self.assertTrue(report["complete"])
            self.assertEqual(report["partner"]["signIn"], "app")
            self.assertIsNone(report["partner"]["user"]["mfa"])
            not_applicable = {rule["ruleId"]: rule["reason"] for rule in report["notApplicable"]}
            self.assertIn("no MFA claim", not_applicable["csp.mfa-not-prompted"])
            self.assertIn("--user", not_applicable["gdap.user-not-in-security-group"])
            self.assertNotIn("csp.mfa-not-prompted", [f["ruleId"] for f in report["findings"]])
            self.assertNotIn("csp.mfa-not-prompted", [g["ruleId"] for g in report["inconclusive"]])
            self.assertEqual(report["errors"], [])
            # Graph's rule: /me is for delegated tokens; an app-only run never asks for it.
            kinds = read_kinds(emu)
            self.assertIn("delegatedAdminRelationships", kinds)
            self.assertFalse(kinds & {"me", "me/transitiveMemberOf", "users/{id}/transitiveMemberOf"}, kinds)

            # The text report says so too; the secret from standard input works as well.
            text = harness.run(BINARY, ["tenant", "--client-secret-stdin"], self.env(emu),
                               stdin=SECRET + "\n", timeout=120)
            self.assertEqual(text.returncode, 0, text.stderr)
            self.assertIn("MFA           not applicable", text.stdout)
            self.assertIn("Not applicable to this run", text.stdout)
            self.assertNotIn(SECRET, text.stdout + text.stderr)

    def test_user_finds_the_missing_group_as_the_delegated_run_does(self):
        snapshot, scenario = example_scenario("gdap-user-not-in-security-group.json")
        partner = snapshot["partner"]["tenantId"]
        upn = snapshot["partner"]["user"]["userPrincipalName"]
        # A second technician who is in every group, AdminAgents included.
        graph_partner = scenario["graph"]["partner"]
        graph_partner.setdefault("users", []).append(
            {"id": OTHER_USER, "userPrincipalName": OTHER_UPN, "displayName": "Second technician",
             "directoryRoles": ["62e90394-69f5-4237-9190-012177145e10"]})
        for group in graph_partner["groups"]:
            group["members"] = list(group.get("members", [])) + [OTHER_USER]
        with harness.Emulator(scenario) as emu:
            harness.login(BINARY, emu, self.cache)
            delegated = harness.run(BINARY, ["tenant", "--json"], self.env(emu), timeout=120)
            self.assertEqual(delegated.returncode, 1, delegated.stderr)
            delegated_report = json.loads(delegated.stdout)
            self.assertIn("gdap.user-not-in-security-group", [f["ruleId"] for f in delegated_report["findings"]])

            self.app_login(emu, partner)
            app = harness.run(BINARY, ["tenant", "--json", "--user", upn],
                              self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET), timeout=120)
            self.assertEqual(app.returncode, 1, app.stderr)
            app_report = json.loads(app.stdout)
            # The same findings for that account, but for MFA, which an app-only run cannot check.
            self.assertEqual(findings(app_report), findings(delegated_report, {"csp.mfa-not-prompted"}))
            self.assertEqual(app_report["partner"]["user"]["upn"], upn)
            self.assertIn("users/{id}/transitiveMemberOf", read_kinds(emu))
            self.assertEqual([r["ruleId"] for r in app_report["notApplicable"]], ["csp.mfa-not-prompted"])
            missing = [f for f in app_report["findings"] if f["ruleId"] == "gdap.user-not-in-security-group"]
            expected = [f for f in delegated_report["findings"] if f["ruleId"] == "gdap.user-not-in-security-group"]
            self.assertEqual([(f["detail"], f["remediation"]) for f in missing],
                             [(f["detail"], f["remediation"]) for f in expected])

            # A delegated sign-in checks another account with --user too: this one is in the group.
            other = harness.run(BINARY, ["tenant", "--json", "--client-id", DEFAULT_CLIENT, "--user", OTHER_UPN],
                                self.env(emu), timeout=120)
            other_report = json.loads(other.stdout)
            self.assertEqual(other_report["partner"]["signIn"], "delegated")
            self.assertEqual(other_report["partner"]["user"]["upn"], OTHER_UPN)
            self.assertNotIn("gdap.user-not-in-security-group", [f["ruleId"] for f in other_report["findings"]])

            unknown_user = harness.run(BINARY, ["tenant", "--json", "--user", "nobody@northwindit.onmicrosoft.com"],
                                       self.env(emu, GDAPCHECK_CLIENT_SECRET=SECRET), timeout=120)
            self.assertEqual(unknown_user.returncode, 3, unknown_user.stderr)
            self.assertIn("Request_ResourceNotFound", unknown_user.stdout)

    def test_accounts_listing_and_picking_another(self):
        snapshot, scenario = example_scenario("healthy.json")
        partner = snapshot["partner"]["tenantId"]
        with harness.Emulator(scenario) as emu:
            harness.login(BINARY, emu, self.cache)
            self.app_login(emu, partner)
            listing = harness.run(BINARY, ["accounts", "--json"], self.env(emu))
            self.assertEqual(listing.returncode, 0, listing.stderr)
            accounts = json.loads(listing.stdout)["accounts"]
            self.assertEqual([(a["kind"], a["clientId"], a["current"]) for a in accounts],
                             [("app", APP, True), ("delegated", DEFAULT_CLIENT, False)])
            self.assertEqual(accounts[0]["tenantId"], partner)
            self.assertEqual(accounts[0]["cloud"], "global")
            text = harness.run(BINARY, ["accounts"], self.env(emu)).stdout
            self.assertIn("* app", text)
            with open(os.path.join(self.cache, "tokens.json"), encoding="utf-8") as handle:
                cache = json.load(handle)
            for account in cache["accounts"].values():
                for secret in [account["refreshToken"]] + [t["token"] for t in account["accessTokens"].values()]:
                    if secret:
                        self.assertNotIn(secret, listing.stdout + text)
            self.assertNotIn(SECRET, json.dumps(cache))  # the secret is never cached

            # --client-id picks the delegated account for one command; the app stays in use.
            who = json.loads(harness.run(BINARY, ["whoami", "--json", "--client-id", DEFAULT_CLIENT],
                                         self.env(emu)).stdout)
            self.assertEqual(who["kind"], "delegated")
            self.assertEqual(json.loads(harness.run(BINARY, ["whoami", "--json"], self.env(emu)).stdout)["kind"], "app")

            # logout forgets the account in use only; the other one is then in use.
            out = harness.run(BINARY, ["logout"], self.env(emu))
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn(APP, out.stdout)
            accounts = json.loads(harness.run(BINARY, ["accounts", "--json"], self.env(emu)).stdout)["accounts"]
            self.assertEqual([(a["kind"], a["current"]) for a in accounts], [("delegated", True)])
            self.assertEqual(harness.run(BINARY, ["logout", "--all"], self.env(emu)).returncode, 0)
            self.assertEqual(json.loads(harness.run(BINARY, ["accounts", "--json"], self.env(emu)).stdout),
                             {"accounts": []})
            empty = harness.run(BINARY, ["--cloud", "usgov", "accounts"], self.env(emu))
            self.assertIn("sign in with 'gdapcheck login --cloud usgov'", empty.stdout)

    def test_kept_secret_serves_later_runs_and_only_on_request(self):
        snapshot, scenario = example_scenario("healthy.json")
        partner = snapshot["partner"]["tenantId"]
        cache_file = os.path.join(self.cache, "tokens.json")

        def cached_text():
            with open(cache_file, encoding="utf-8") as handle:
                return handle.read()

        with harness.Emulator(scenario) as emu:
            kept = self.app_login(emu, partner, "--keep-secret")
            self.assertIn("credential is kept in", kept.stdout)
            self.assertIn(SECRET, cached_text())
            self.assertEqual(os.stat(cache_file).st_mode & 0o777, 0o600)
            listing = json.loads(harness.run(BINARY, ["accounts", "--json"], self.env(emu)).stdout)
            self.assertEqual(listing["accounts"][0]["keptCredential"], "secret")
            self.assertIn("(secret kept)", harness.run(BINARY, ["accounts"], self.env(emu)).stdout)

            # No secret in the environment or on stdin: the kept one signs in to every customer.
            run = harness.run(BINARY, ["tenant", "--json"], self.env(emu), timeout=120)
            self.assertEqual(run.returncode, 0, run.stderr + run.stdout[:2000])
            self.assertTrue(json.loads(run.stdout)["complete"])
            self.assertNotIn(SECRET, run.stdout + run.stderr + kept.stdout + kept.stderr)

            # A sign-in without --keep-secret forgets it; the hint then says how to keep one.
            self.app_login(emu, partner)
            self.assertNotIn(SECRET, cached_text())
            self.assertIsNone(json.loads(harness.run(BINARY, ["accounts", "--json"], self.env(emu)).stdout)
                              ["accounts"][0]["keptCredential"])
            again = harness.run(BINARY, ["tenant", "--json"], self.env(emu), timeout=120)
            self.assertEqual(again.returncode, 3, again.stderr)
            self.assertIn("--keep-secret", again.stderr + again.stdout)

            # Nothing to keep without an app-only credential: a usage error, no device code.
            refused = harness.run(BINARY, ["login", "--keep-secret"], self.env(emu))
            self.assertEqual(refused.returncode, 2, refused.stderr)
            self.assertIn("--keep-secret keeps an app-only credential", refused.stderr)

            # logout forgets the account and the secret with it.
            self.app_login(emu, partner, "--keep-secret")
            self.assertEqual(harness.run(BINARY, ["logout"], self.env(emu)).returncode, 0)
            self.assertFalse(os.path.exists(cache_file) and SECRET in cached_text())

    def test_wrong_client_id_names_the_cloud_in_the_login_hint(self):
        snapshot, scenario = example_scenario("healthy.json")
        partner = snapshot["partner"]["tenantId"]
        with harness.Emulator(scenario) as emu:
            self.app_login(emu, partner, cloud="usgov")
            self.assertEqual(json.loads(harness.run(BINARY, ["accounts", "--json"], self.env(emu)).stdout)
                             ["accounts"][0]["cloud"], "usgov")
            for command in (["tenant", "--json"], ["whoami"]):
                wrong = harness.run(BINARY, command + ["--client-id", "11111111-2222-3333-4444-555555555555"],
                                    self.env(emu), timeout=60)
                self.assertEqual(wrong.returncode, 3, wrong.stderr)
                self.assertEqual(wrong.stdout, "")
                self.assertIn("no cached sign-in with client 11111111-2222-3333-4444-555555555555", wrong.stderr)
                self.assertIn(f"run 'gdapcheck login --cloud usgov --tenant {partner} --client-id "
                              "11111111-2222-3333-4444-555555555555 --client-secret-stdin'", wrong.stderr)
            # A secret is never taken as an argument, and never repeated back.
            for command in (["tenant"], ["whoami"]):
                refused = harness.run(BINARY, command + ["--client-secret", SECRET], self.env(emu))
                self.assertEqual(refused.returncode, 2)
                self.assertIn("never pass a client secret on the command line", refused.stderr)
                self.assertNotIn(SECRET, refused.stdout + refused.stderr)
            # The account signed in there is used without repeating --cloud.
            who = json.loads(harness.run(BINARY, ["whoami", "--json"], self.env(emu)).stdout)
            self.assertEqual(who["cloud"], "usgov")
            # Asking for another cloud names that cloud in the hint.
            china = harness.run(BINARY, ["--cloud", "china", "whoami"], self.env(emu))
            self.assertEqual(china.returncode, 3)
            self.assertIn("gdapcheck login --cloud china", china.stderr)

    def test_nightly_rmm_recipe_from_the_readme(self):
        block = readme_recipes.recipe("nightly-rmm")
        script = os.path.join(self.tmp.name, "nightly.sh")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(block)
        snapshot, scenario = example_scenario("healthy.json")
        report_path = os.path.join(self.tmp.name, "gdapcheck-report.json")
        with harness.Emulator(scenario) as emu:
            # What the RMM job sets: its variables, the binary on PATH.
            env = self.env(emu, GDAPCHECK_TENANT=snapshot["partner"]["tenantId"], GDAPCHECK_CLIENT_ID=APP,
                           GDAPCHECK_CLIENT_SECRET=SECRET, GDAPCHECK_REPORT=report_path, HOME=self.tmp.name)
            env["PATH"] = os.path.dirname(BINARY) + os.pathsep + env.get("PATH", "")
            result = harness.run("/bin/sh", [script], env, timeout=120)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            with open(report_path, encoding="utf-8") as handle:
                report = json.load(handle)
            self.assertTrue(report["complete"])
            self.assertEqual(report["partner"]["signIn"], "app")

            # The exit code reaches the RMM: access assignments removed are a finding (exit 1).
            relationships = copy.deepcopy(scenario["graph"]["partner"]["relationships"])
            for relationship in relationships:
                relationship["accessAssignments"] = []
            emu.update({"graph": {"partner": {"relationships": relationships}}})
            failed = harness.run("/bin/sh", [script], env, timeout=120)
            self.assertEqual(failed.returncode, 1, failed.stdout + failed.stderr)
            with open(report_path, encoding="utf-8") as handle:
                self.assertIn("gdap.missing-security-group",
                              [f["ruleId"] for f in json.load(handle)["findings"]])

    def test_pipeline_junit_recipe_from_the_readme(self):
        script = os.path.join(self.tmp.name, "step.sh")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(readme_recipes.recipe("pipeline-junit"))
        snapshot, scenario = example_scenario("healthy.json")
        work = os.path.join(self.tmp.name, "job")
        os.makedirs(work)
        with harness.Emulator(scenario) as emu:
            env = self.env(emu, GDAPCHECK_TENANT=snapshot["partner"]["tenantId"], GDAPCHECK_CLIENT_ID=APP,
                           GDAPCHECK_CLIENT_SECRET=SECRET, HOME=self.tmp.name)
            env["PATH"] = os.path.dirname(BINARY) + os.pathsep + env.get("PATH", "")
            passed = subprocess.run(["/bin/sh", script], env=env, cwd=work, capture_output=True, text=True,
                                    timeout=120)
            self.assertEqual(passed.returncode, 0, passed.stdout + passed.stderr)
            with open(os.path.join(work, "results.xml"), encoding="utf-8") as handle:
                results = ElementTree.parse(handle).getroot()
            self.assertEqual(sum(int(s.get("failures")) for s in results.iter("testsuite")), 0)
            self.assertTrue(os.path.getsize(os.path.join(work, "gdap-report.html")) > 0)
            with open(os.path.join(work, "snapshot.json"), encoding="utf-8") as handle:
                self.assertEqual(json.load(handle)["partner"]["signIn"], "app")

            # Access assignments removed: a finding, so the step fails.
            relationships = copy.deepcopy(scenario["graph"]["partner"]["relationships"])
            for relationship in relationships:
                relationship["accessAssignments"] = []
            emu.update({"graph": {"partner": {"relationships": relationships}}})
            failed = subprocess.run(["/bin/sh", script], env=env, cwd=work, capture_output=True, text=True,
                                    timeout=120)
            self.assertEqual(failed.returncode, 1, failed.stdout + failed.stderr)
            with open(os.path.join(work, "results.xml"), encoding="utf-8") as handle:
                failures = [f.get("message") for f in ElementTree.parse(handle).getroot().iter("failure")]
            self.assertTrue(failures, "the warning is a failed test case")


if __name__ == "__main__":
    unittest.main()
