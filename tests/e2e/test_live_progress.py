#!/usr/bin/env python3
"""Progress of a live run goes to stderr only when stderr is a terminal: "N/M customers, elapsed,
time left" rewritten in place and cleared at the end, never mixed into the JSON on stdout; with
stderr a pipe (scripts, CI) there is no progress line at all.
"""

import json
import os
import pty
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()


class LiveProgressTest(harness.SignedInEmulatorTest):
    binary = BINARY

    @classmethod
    def make_scenario(cls):
        scenario = scenario_from_snapshot.synthetic(12)
        scenario.setdefault("network", {})["latency_ms"] = 20
        return scenario

    def test_progress_on_a_terminal(self):
        master, slave = pty.openpty()
        env = harness.clean_env(self.emu, self.cache)
        process = subprocess.Popen([BINARY, "tenant", "--json"], env=env, stdout=subprocess.PIPE,
                                   stderr=slave, text=True)
        os.close(slave)
        stdout, _ = process.communicate(timeout=60)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        self.assertEqual(process.returncode, 0, seen)
        text = seen.decode("utf-8", "replace")
        self.assertIn("12/12 customers", text)
        self.assertIn("elapsed", text)
        self.assertTrue(text.rstrip("\r\n").endswith("\x1b[K"), "the progress line is cleared at the end")
        self.assertEqual(len(json.loads(stdout)["customers"]), 12, "stdout holds only the report")

    def test_no_progress_into_a_pipe(self):
        result = harness.run(BINARY, ["tenant", "--json"], harness.clean_env(self.emu, self.cache))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("customers,", result.stderr)
        self.assertNotIn("\x1b", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
