#!/usr/bin/env python3
"""A verbose run of every sign-in path leaks no token, refresh token, device code or secret to
stdout, stderr or any file in the cache folder other than the 0600 token cache itself."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()
APP = "99999999-8888-7777-6666-555555555555"
SECRET = "Xy9~app.secret_value-0123456789abcdef"
CUSTOMER = "aaaaaaaa-1111-2222-3333-444444444444"
BLOCKED = "cccccccc-1111-2222-3333-444444444444"


def fragments(secret):
    """The secret itself and, for JWTs, each segment that is not a plain header."""
    parts = [secret]
    if secret.count(".") == 2:
        parts += [p for p in secret.split(".")[1:] if len(p) >= 16]
    return parts


class RedactionTest(unittest.TestCase):
    def test_verbose_runs_leak_nothing(self):
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator({
            "device": {"interval": 0, "pending_polls": 1},
            "apps": {APP: {"secret": SECRET}},
            "tenants": {BLOCKED: {"error": {"error": "invalid_grant", "codes": [53003]}}},
        }) as emu:
            cache = os.path.join(tmp, "cache")
            env = harness.clean_env(emu, cache)
            app_env = harness.clean_env(emu, cache, GDAPCHECK_CLIENT_SECRET=SECRET)
            runs = [
                harness.run(BINARY, ["--verbose", "login"], env),
                harness.run(BINARY, ["--verbose", "whoami"], env),
                harness.run(BINARY, ["--verbose", "whoami", "--json"], env),
                harness.run(BINARY, ["--verbose", "whoami", "--tenant", CUSTOMER, "--json"], env),
                harness.run(BINARY, ["--verbose", "whoami", "--tenant", BLOCKED], env),
                harness.run(BINARY, ["--verbose", "login", "--tenant", CUSTOMER, "--client-id", APP], app_env),
                harness.run(BINARY, ["--verbose", "login", "--tenant", CUSTOMER, "--client-id", APP,
                                     "--client-secret-stdin"], env, stdin=SECRET + "\n"),
                harness.run(BINARY, ["--verbose", "login", "--tenant", CUSTOMER, "--client-id", APP],
                            harness.clean_env(emu, cache, GDAPCHECK_CLIENT_SECRET=SECRET + "-wrong")),
            ]
            self.assertEqual([r.returncode for r in runs], [0, 0, 0, 0, 3, 0, 0, 3],
                             [r.stderr for r in runs])
            output = "\n".join(r.stdout + r.stderr for r in runs)
            self.assertIn("http: POST", output, "the verbose log must describe the requests")
            self.assertIn("[redacted]", output)
            self.assertIn("AADSTS53003", output)

            issued = emu.state()["issued"] + [SECRET, SECRET + "-wrong"]
            self.assertGreater(len(issued), 8)
            others = harness.files_under(cache, skip={"tokens.json"})
            for secret in issued:
                for fragment in fragments(secret):
                    self.assertNotIn(fragment, output)
                    for path, text in others.items():
                        self.assertNotIn(fragment, text, path)
            # The secret never reaches the cache either: app-only asks for it again.
            with open(os.path.join(cache, "tokens.json"), encoding="utf-8") as handle:
                self.assertNotIn(SECRET, handle.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
