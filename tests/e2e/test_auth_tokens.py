#!/usr/bin/env python3
"""Per-tenant tokens through GDAP: refresh at {authority}/{customer}/oauth2/v2.0/token, rotation
saved every time, reuse of unexpired tokens, refresh ahead of expiry, typed AADSTS failures."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()
CUSTOMER_A = "aaaaaaaa-1111-2222-3333-444444444444"
CUSTOMER_B = "bbbbbbbb-1111-2222-3333-444444444444"
BLOCKED = "cccccccc-1111-2222-3333-444444444444"
USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1"
GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"

SCENARIO = {
    "device": {"interval": 0},
    "tenants": {
        CUSTOMER_A: {"claims": {"wids": [USER_ADMIN, GLOBAL_READER]}},
        CUSTOMER_B: {"claims": {"wids": [GLOBAL_READER], "amr": ["pwd"]}},
        BLOCKED: {"error": {"error": "invalid_grant", "codes": [50020]}},
    },
}


class TokensTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache")

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, emu, *args):
        return harness.run(BINARY, list(args), harness.clean_env(emu, self.cache))

    def token_requests(self, emu):
        return [r for r in emu.state()["requests"] if r["grant_type"] == "refresh_token"]

    def cached_refresh_token(self):
        with open(os.path.join(self.cache, "tokens.json"), encoding="utf-8") as handle:
            data = json.load(handle)
        (account,) = data["accounts"].values()
        return account["refreshToken"], account

    def test_customer_tokens_rotation_and_reuse(self):
        with harness.Emulator(SCENARIO) as emu:
            self.assertEqual(self.run_cli(emu, "login").returncode, 0)
            login_rt, _ = self.cached_refresh_token()

            a = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_A, "--json")
            self.assertEqual(a.returncode, 0, a.stderr)
            data = json.loads(a.stdout)
            self.assertEqual(data["tenantId"], CUSTOMER_A)
            self.assertEqual(data["requestedTenant"], CUSTOMER_A)
            self.assertEqual(data["account"], "admin@partner.example")
            self.assertEqual(sorted(data["roles"]), ["Global Reader", "User Administrator"])
            (first,) = self.token_requests(emu)
            self.assertEqual(first["path"], f"/{CUSTOMER_A}/oauth2/v2.0/token")
            self.assertEqual(first["refresh_token"], login_rt)
            self.assertIn("https://graph.microsoft.com/.default", first["scope"].split())
            rotated, _ = self.cached_refresh_token()
            self.assertNotEqual(rotated, login_rt, "the rotated refresh token must be saved")

            # The emulator refuses replaced refresh tokens, so this only works with the newest.
            b = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_B, "--json")
            self.assertEqual(b.returncode, 0, b.stderr)
            self.assertIs(json.loads(b.stdout)["mfa"], False)
            second = self.token_requests(emu)[1]
            self.assertEqual(second["refresh_token"], rotated)

            # Unexpired access tokens are reused: no new request.
            again = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_A, "--json")
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(len(self.token_requests(emu)), 2)

            # The home tenant view is unchanged and offline.
            home = json.loads(self.run_cli(emu, "whoami", "--json").stdout)
            self.assertEqual(home["tenantId"], "11111111-2222-3333-4444-555555555555")
            self.assertEqual(home["roles"], ["Global Administrator"])

    def test_refresh_a_few_minutes_before_expiry(self):
        scenario = dict(SCENARIO, tokens={"expires_in": 240})  # inside the 5-minute margin
        with harness.Emulator(scenario) as emu:
            self.assertEqual(self.run_cli(emu, "login").returncode, 0)
            for _ in range(3):
                result = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_A)
                self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(len(self.token_requests(emu)), 3)
            # The home tenant token, also near expiry, is refreshed at the home tenant.
            result = self.run_cli(emu, "whoami", "--tenant", "11111111-2222-3333-4444-555555555555")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(self.token_requests(emu)[-1]["path"],
                             "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token")

    def test_aadsts_failure_is_typed_and_keeps_the_session(self):
        with harness.Emulator(SCENARIO) as emu:
            self.assertEqual(self.run_cli(emu, "login").returncode, 0)
            rt_before, _ = self.cached_refresh_token()
            blocked = self.run_cli(emu, "whoami", "--tenant", BLOCKED)
            self.assertEqual(blocked.returncode, 3)
            for text in ["invalid_grant", "AADSTS50020", BLOCKED, "trace id", "correlation id",
                         "GDAP access"]:
                self.assertIn(text, blocked.stderr)
            self.assertEqual(blocked.stdout, "")
            rt_after, account = self.cached_refresh_token()
            self.assertEqual(rt_after, rt_before, "a failed refresh must not touch the session")
            self.assertNotIn(BLOCKED, account["accessTokens"])
            ok = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_A)
            self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_revoked_refresh_token_asks_for_login(self):
        with harness.Emulator(SCENARIO) as emu:
            self.assertEqual(self.run_cli(emu, "login").returncode, 0)
            path = os.path.join(self.cache, "tokens.json")
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            for account in data["accounts"].values():
                account["refreshToken"] = "RT.not-issued-by-the-server"
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
            result = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_A)
            self.assertEqual(result.returncode, 3)
            self.assertIn("AADSTS70008", result.stderr)
            self.assertIn("gdapcheck login", result.stderr)

    def test_not_signed_in(self):
        with harness.Emulator(SCENARIO) as emu:
            result = self.run_cli(emu, "whoami", "--tenant", CUSTOMER_A)
            self.assertEqual(result.returncode, 3)
            self.assertIn("gdapcheck login", result.stderr)
            self.assertEqual(emu.state()["requests"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
