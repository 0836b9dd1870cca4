#!/usr/bin/env python3
"""Ctrl-C during live collection stops the run at once with exit 130: no report on stdout (a
half-read partner must not look like a result), and the token cache stays usable.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()


class LiveInterruptTest(unittest.TestCase):
    def test_ctrl_c_stops_the_run_with_130(self):
        scenario = scenario_from_snapshot.synthetic(40)
        with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
            cache = os.path.join(tmp, "cache")
            harness.login(BINARY, emu, cache)
            emu.update({"network": {"latency_ms": 400}})  # slow enough to be caught mid-run
            env = harness.clean_env(emu, cache)
            process = subprocess.Popen([BINARY, "tenant", "--json", "--concurrency", "2"], env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(1.0)
            started = time.monotonic()
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=30)
            self.assertLess(time.monotonic() - started, 5, "stops promptly")
            self.assertEqual(process.returncode, 130, stderr)
            self.assertEqual(stdout, "", "no report from a half-read partner")
            emu.update({"network": {"latency_ms": 0}})
            again = harness.run(BINARY, ["tenant", "--json"], env)
            self.assertEqual(again.returncode, 0, again.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
