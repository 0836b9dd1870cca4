#!/usr/bin/env python3
"""Two (and more) gdapcheck processes refreshing at once share one cache without losing updates.

The emulator refuses replaced refresh tokens and answers slowly, so a process that read the
refresh token before another one rotated it would fail: only a locked read-refresh-write works."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()
TENANTS = [f"{i:08d}-aaaa-bbbb-cccc-dddddddddddd" for i in range(6)]


class ConcurrencyTest(unittest.TestCase):
    def test_parallel_refreshes_for_different_tenants(self):
        with tempfile.TemporaryDirectory() as tmp, \
                harness.Emulator({"device": {"interval": 0}, "refresh": {"delay": 0.2}}) as emu:
            cache = os.path.join(tmp, "cache")
            env = harness.clean_env(emu, cache)
            self.assertEqual(harness.run(BINARY, ["login"], env).returncode, 0)
            for round_number in range(2):
                processes = [subprocess.Popen([BINARY, "whoami", "--json", "--tenant", tenant], env=env,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                             for tenant in TENANTS]
                for tenant, process in zip(TENANTS, processes):
                    out, err = process.communicate(timeout=60)
                    self.assertEqual(process.returncode, 0, f"round {round_number}: {err}")
                    self.assertEqual(json.loads(out)["tenantId"], tenant)
            with open(os.path.join(cache, "tokens.json"), encoding="utf-8") as handle:
                data = json.load(handle)
            (account,) = data["accounts"].values()
            for tenant in TENANTS:
                self.assertIn(tenant, account["accessTokens"])
            # Round two reused every token from round one.
            refreshes = [r for r in emu.state()["requests"] if r["grant_type"] == "refresh_token"]
            self.assertEqual(len(refreshes), len(TENANTS))
            self.assertEqual(sorted(os.listdir(cache)), ["tokens.json", "tokens.lock"])

    def test_parallel_logins_leave_a_valid_cache(self):
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator({"device": {"interval": 0}}) as emu:
            cache = os.path.join(tmp, "cache")
            env = harness.clean_env(emu, cache)
            processes = [subprocess.Popen([BINARY, "login"], env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True) for _ in range(4)]
            for process in processes:
                _, err = process.communicate(timeout=60)
                self.assertEqual(process.returncode, 0, err)
            who = harness.run(BINARY, ["whoami", "--json"], env)
            self.assertEqual(who.returncode, 0, who.stderr)
            self.assertEqual(json.loads(who.stdout)["account"], "admin@partner.example")


if __name__ == "__main__":
    unittest.main(verbosity=2)
