#!/usr/bin/env python3
"""Device-code login against the loopback emulator, then whoami (offline) and logout."""

import json
import os
import stat
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()
FAST = {"device": {"interval": 0}}


class LoginTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache", "gdapcheck")

    def tearDown(self):
        self.tmp.cleanup()

    def login(self, emu, *args, **env):
        return harness.run(BINARY, ["login", *args], harness.clean_env(emu, self.cache, **env))

    def test_login_completes_once_approved_and_whoami_reports_account_and_mfa(self):
        scenario = {"device": {"interval": 0, "pending_polls": 2}}
        with harness.Emulator(scenario) as emu:
            result = self.login(emu)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("https://microsoft.com/devicelogin", result.stderr)
            self.assertNotIn("devicelogin", result.stdout, "the prompt belongs on stderr")
            self.assertIn("admin@partner.example", result.stdout)
            state = emu.state()
            polls = [p["answer"] for p in state["polls"]]
            self.assertEqual(polls, ["authorization_pending", "authorization_pending", "tokens"])
            device = [r for r in state["requests"] if r["path"].endswith("/devicecode")][0]
            self.assertEqual(device["path"], "/organizations/oauth2/v2.0/devicecode")
            self.assertEqual(device["client_id"], "14d82eec-204b-4c2f-b7e8-296a70dab67e")
            scopes = device["scope"].split()
            for scope in ["https://graph.microsoft.com/User.Read",
                          "https://graph.microsoft.com/DelegatedAdminRelationship.Read.All",
                          "offline_access", "openid", "profile"]:
                self.assertIn(scope, scopes)

            # whoami works from the cache alone: stop the emulator first.
            emu.stop()
            who = harness.run(BINARY, ["whoami", "--json"], harness.clean_env(emu, self.cache))
            self.assertEqual(who.returncode, 0, who.stderr)
            data = json.loads(who.stdout)
            self.assertEqual(data["account"], "admin@partner.example")
            self.assertEqual(data["tenantId"], "11111111-2222-3333-4444-555555555555")
            self.assertIs(data["mfa"], True)
            self.assertEqual(data["roles"], ["Global Administrator"])
            self.assertEqual(data["kind"], "delegated")
            self.assertFalse(data["tokenExpired"])
            self.assertIsNotNone(data["tokenExpiresAt"])

            text = harness.run(BINARY, ["whoami"], harness.clean_env(emu, self.cache))
            self.assertEqual(text.returncode, 0, text.stderr)
            self.assertIn("MFA:      yes", text.stdout)
            self.assertIn("Global Administrator", text.stdout)

    def test_mfa_no_and_unknown(self):
        with harness.Emulator({"device": {"interval": 0}, "account": {"amr": ["pwd"]}}) as emu:
            self.assertEqual(self.login(emu).returncode, 0)
            data = json.loads(harness.run(BINARY, ["whoami", "--json"],
                                          harness.clean_env(emu, self.cache)).stdout)
            self.assertIs(data["mfa"], False)
        # Opaque access token: account from the id_token, MFA unknown (null), not guessed.
        with harness.Emulator({"device": {"interval": 0}, "tokens": {"format": "opaque"}}) as emu:
            self.assertEqual(self.login(emu).returncode, 0)
            data = json.loads(harness.run(BINARY, ["whoami", "--json"],
                                          harness.clean_env(emu, self.cache)).stdout)
            self.assertIsNone(data["mfa"])
            self.assertEqual(data["account"], "admin@partner.example")
            self.assertFalse(data["rolesKnown"])
            self.assertEqual(data["roles"], [])

    def test_tenant_and_client_id_flags_and_env(self):
        with harness.Emulator(FAST) as emu:
            result = self.login(emu, "--tenant", "partner.example", "--client-id", "my-client")
            self.assertEqual(result.returncode, 0, result.stderr)
            device = [r for r in emu.state()["requests"] if r["path"].endswith("/devicecode")][0]
            self.assertEqual(device["path"], "/partner.example/oauth2/v2.0/devicecode")
            self.assertEqual(device["client_id"], "my-client")
            result = self.login(emu, GDAPCHECK_TENANT="contoso.example", GDAPCHECK_CLIENT_ID="env-client")
            self.assertEqual(result.returncode, 0, result.stderr)
            paths = [r["path"] for r in emu.state()["requests"] if r["path"].endswith("/devicecode")]
            self.assertEqual(paths[-1], "/contoso.example/oauth2/v2.0/devicecode")

    def test_cache_permissions_and_logout(self):
        with harness.Emulator(FAST) as emu:
            self.assertEqual(self.login(emu).returncode, 0)
        self.assertEqual(stat.S_IMODE(os.stat(self.cache).st_mode), 0o700)
        cache_file = os.path.join(self.cache, "tokens.json")
        self.assertEqual(stat.S_IMODE(os.stat(cache_file).st_mode), 0o600)
        leftovers = [n for n in os.listdir(self.cache) if n not in ("tokens.json", "tokens.lock")]
        self.assertEqual(leftovers, [], "no temporary files may stay behind")

        out = harness.run(BINARY, ["logout"], harness.clean_env(emu, self.cache))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertFalse(os.path.exists(cache_file))
        who = harness.run(BINARY, ["whoami"], harness.clean_env(emu, self.cache))
        self.assertEqual(who.returncode, 3)
        self.assertIn("gdapcheck login", who.stderr)
        self.assertEqual(who.stdout, "")

    def test_default_cache_location_follows_xdg(self):
        with harness.Emulator(FAST) as emu:
            env = harness.clean_env(emu, "")
            del env["GDAPCHECK_CACHE_DIR"]
            env["XDG_CACHE_HOME"] = os.path.join(self.tmp.name, "xdg")
            result = harness.run(BINARY, ["login"], env)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.exists(os.path.join(self.tmp.name, "xdg", "gdapcheck", "tokens.json")))
            del env["XDG_CACHE_HOME"]
            env["HOME"] = os.path.join(self.tmp.name, "home")
            result = harness.run(BINARY, ["login"], env)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.exists(
                os.path.join(self.tmp.name, "home", ".cache", "gdapcheck", "tokens.json")))

    def test_plain_http_to_a_remote_host_is_refused(self):
        with harness.Emulator(FAST) as emu:
            env = harness.clean_env(emu, self.cache, GDAPCHECK_AUTHORITY_HOST="http://login.example.com")
            result = harness.run(BINARY, ["login"], env)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("loopback", result.stderr)
            self.assertNotIn("internal error", result.stderr)

    def test_manual_approval_through_the_control_endpoint(self):
        import subprocess
        import threading
        with harness.Emulator({"device": {"interval": 1, "approve": "manual"}}) as emu:
            env = harness.clean_env(emu, self.cache)
            process = subprocess.Popen([BINARY, "login"], env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)
            deadline = time.time() + 20
            while time.time() < deadline and not emu.state()["device_codes"]:
                time.sleep(0.1)
            time.sleep(1.5)
            self.assertIsNone(process.poll(), "login must keep polling until approved")
            emu.approve()
            out, err = process.communicate(timeout=30)
            self.assertEqual(process.returncode, 0, err)
            self.assertIn("Signed in as admin@partner.example", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
