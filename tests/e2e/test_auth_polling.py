#!/usr/bin/env python3
"""Every device-code polling outcome, end to end against the emulator (RFC 8628 §3.5)."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import harness  # noqa: E402

BINARY = harness.binary_from_argv()


class PollingTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache")

    def tearDown(self):
        self.tmp.cleanup()

    def login(self, scenario):
        with harness.Emulator(scenario) as emu:
            result = harness.run(BINARY, ["login"], harness.clean_env(emu, self.cache))
            return result, emu.state()

    def assert_failed(self, result, *words):
        self.assertEqual(result.returncode, 3, result.stderr)
        for word in words:
            self.assertIn(word, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertFalse(os.path.exists(os.path.join(self.cache, "tokens.json")))

    def test_pending_then_tokens_stops_polling_at_once(self):
        result, state = self.login({"device": {"interval": 0, "pending_polls": 3}})
        self.assertEqual(result.returncode, 0, result.stderr)
        answers = [p["answer"] for p in state["polls"]]
        self.assertEqual(answers, ["authorization_pending"] * 3 + ["tokens"])

    def test_slow_down_adds_five_seconds(self):
        result, state = self.login({"device": {"interval": 0, "slow_down_polls": [1]}})
        self.assertEqual(result.returncode, 0, result.stderr)
        answers = [p["answer"] for p in state["polls"]]
        self.assertEqual(answers, ["slow_down", "tokens"], "a too-early poll would get slow_down again")
        gap = state["polls"][1]["time"] - state["polls"][0]["time"]
        self.assertGreaterEqual(gap, 4.75)
        self.assertLess(gap, 9)

    def test_missing_interval_means_five_seconds(self):
        started = time.time()
        result, state = self.login({"device": {"include_interval": False, "interval": 5}})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([p["answer"] for p in state["polls"]], ["tokens"])
        devicecode = [r for r in state["requests"] if r["path"].endswith("/devicecode")][0]
        self.assertGreaterEqual(state["polls"][0]["time"] - devicecode["time"], 4.75)
        self.assertLess(time.time() - started, 30)

    def test_prompt_built_from_uri_and_code_without_message(self):
        result, _ = self.login({"device": {"interval": 0, "include_message": False}})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("https://microsoft.com/devicelogin", result.stderr)
        self.assertIn("enter the code", result.stderr)

    def test_declined(self):
        result, _ = self.login({"device": {"interval": 0, "pending_polls": 1, "outcome": "decline"}})
        self.assert_failed(result, "declined", "authorization_declined")

    def test_access_denied_is_a_refusal_too(self):
        result, _ = self.login({"device": {"interval": 0, "outcome": "access_denied"}})
        self.assert_failed(result, "declined", "access_denied")

    def test_expired_token(self):
        result, _ = self.login({"device": {"interval": 0, "outcome": "expire"}})
        self.assert_failed(result, "expired")

    def test_expiry_noticed_by_the_client(self):
        result, state = self.login({"device": {"interval": 1, "expires_in": 2, "outcome": "never"}})
        self.assert_failed(result, "expired")
        self.assertLessEqual(len(state["polls"]), 3)

    def test_bad_verification_code(self):
        result, _ = self.login({"device": {"interval": 0, "outcome": "bad_code"}})
        self.assert_failed(result, "bad_verification_code")

    def test_other_error_carries_aadsts_and_ids(self):
        result, state = self.login({"device": {"interval": 0, "outcome": "error",
                                               "error": {"error": "invalid_grant", "codes": [50076]}}})
        self.assert_failed(result, "invalid_grant", "AADSTS50076", "trace id", "correlation id",
                           "multi-factor")
        self.assertEqual(len(state["polls"]), 1, "no polling after a hard error")

    def test_devicecode_request_failure(self):
        result, _ = self.login({"device": {"devicecode_error": {"error": "unauthorized_client",
                                                                "codes": [700016]}}})
        self.assert_failed(result, "unauthorized_client", "AADSTS700016")

    def test_unreachable_authority(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_")}
        env.update(GDAPCHECK_AUTHORITY_HOST=f"http://127.0.0.1:{port}", GDAPCHECK_CACHE_DIR=self.cache)
        result = harness.run(BINARY, ["login"], env)
        self.assert_failed(result, "could not reach")

    def test_ctrl_c_ends_cleanly_with_130(self):
        with harness.Emulator({"device": {"interval": 1, "outcome": "never"}}) as emu:
            process = subprocess.Popen([BINARY, "login"], env=harness.clean_env(emu, self.cache),
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.time() + 20
            while time.time() < deadline and len(emu.state()["polls"]) < 1:
                time.sleep(0.1)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=10)
            self.assertEqual(process.returncode, 130, err)
            self.assertIn("cancelled", err)
            self.assertEqual(out, "")
            self.assertNotIn("internal error", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
