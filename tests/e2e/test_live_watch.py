#!/usr/bin/env python3
"""`gdapcheck tenant --watch INTERVAL` against the loopback emulator, as an RMM job or a waiting
technician uses it: the partner is fixed between two rounds and the watch says what changed and
stops clean (exit 0); a round whose sign-in fails is said, retried and the watch goes on; Graph's
throttling, outages and dropped connections do not stop it; Ctrl-C ends it with the last round's
code; and the options refuse what they cannot honour.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
CUSTOMERS = 3


class Watch:
    """A `gdapcheck tenant --watch` process whose output is read as it comes."""

    def __init__(self, args, env):
        self.process = subprocess.Popen([BINARY, "tenant"] + args, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.out, self.err = [], []
        self.readers = [threading.Thread(target=self._read, args=(stream, sink), daemon=True)
                        for stream, sink in ((self.process.stdout, self.out), (self.process.stderr, self.err))]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream, sink):
        for line in stream:
            sink.append(line)

    def stdout(self):
        return "".join(self.out)

    def stderr(self):
        return "".join(self.err)

    def wait_for(self, what, text_of, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if what in text_of():
                return True
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"never saw {what!r}; stdout:\n{self.stdout()}\nstderr:\n{self.stderr()}")

    def finish(self, timeout=90):
        code = self.process.wait(timeout=timeout)
        for reader in self.readers:
            reader.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        return code


class LiveWatchTest(harness.PrivateCacheTest):
    def setUp(self):
        super().setUp()
        self.scenario = scenario_from_snapshot.synthetic(CUSTOMERS, seed=21)
        self.scenario["device"] = {"interval": 0}
        self.account = self.scenario["account"]
        self.groups = self.scenario["graph"]["partner"]["groups"]

    def admin_agents_members(self, members):
        groups = [dict(g, members=members) if g["displayName"] == "AdminAgents" else g for g in self.groups]
        return {"graph": {"partner": {"groups": groups}}}

    def start(self, emu, args):
        harness.login(BINARY, emu, self.cache)
        return Watch(args, self.env(emu))

    def test_fixed_between_rounds_prints_the_change_and_exits_clean(self):
        self.scenario["graph"]["partner"]["groups"] = self.admin_agents_members([])["graph"]["partner"]["groups"]
        report = os.path.join(self.tmp.name, "latest.json")
        with harness.Emulator(self.scenario) as emu:
            watch = self.start(emu, ["--watch", "1s", "--until", "clean", "-o", report + ":json", "--format", "text"])
            watch.wait_for("csp.user-not-in-adminagents", watch.stdout)
            emu.update(self.admin_agents_members([self.account["oid"]]))
            code = watch.finish()
        out, err = watch.stdout(), watch.stderr()
        self.assertEqual(code, 0, err)
        self.assertIn("checking every 1s until clean", err)
        self.assertRegex(out, r"Round \d+ \(\d{4}-\d\d-\d\dT[0-9:]+Z\):\n")
        self.assertIn("Better", out)
        self.assertIn("clean (--until clean)", err)
        first_report, _, changes = out.partition("\nRound ")
        self.assertIn("csp.user-not-in-adminagents", first_report)
        self.assertIn("csp.user-not-in-adminagents", changes.partition("Better")[2], "named as resolved")
        with open(report) as handle:
            self.assertIn('"findings": []', handle.read(), "-o holds the last round's whole report")

    def test_a_round_that_cannot_sign_in_is_retried(self):
        self.scenario["tokens"] = {"expires_in": 1}  # every round refreshes its token
        refused = {"error": "invalid_grant", "codes": [700082], "status": 400}
        tenants = {self.account["tid"]: {"error": refused}, "organizations": {"error": refused}}
        with harness.Emulator(self.scenario) as emu:
            watch = self.start(emu, ["--watch", "1s", "--for", "5m", "--fail-on", "never"])
            watch.wait_for("Customer", watch.stdout)
            emu.update({"tenants": tenants})
            watch.wait_for("could not run", watch.stderr)
            watch.wait_for("trying again in 2s", watch.stderr)
            emu.update({"tenants": {key: {"error": None} for key in tenants}})
            watch.wait_for("nothing changed", watch.stdout)
            watch.process.send_signal(signal.SIGINT)
            code = watch.finish()
        err = watch.stderr()
        self.assertIn("AADSTS700082", err)
        self.assertIn("Ctrl-C", err)
        self.assertEqual(code, 0, "the last round that ran was clean: " + err)

    def test_throttling_outages_and_resets_do_not_stop_it(self):
        self.scenario["faults"] = {"rate_429": 0.2, "rate_503": 0.2, "rate_reset": 0.1, "retry_after": 0,
                                   "seed": 5}
        with harness.Emulator(self.scenario) as emu:
            watch = self.start(emu, ["--watch", "1s", "--for", "15s"])
            code = watch.finish()
        out, err = watch.stdout(), watch.stderr()
        self.assertIn(code, (0, 3), err)
        self.assertIn("Round 2", out, err)
        self.assertIn("--for 15s is up", err)
        self.assertNotIn("internal error", err)

    def test_ctrl_c_while_waiting_keeps_the_last_rounds_code(self):
        self.scenario["graph"]["partner"]["groups"] = self.admin_agents_members([])["graph"]["partner"]["groups"]
        with harness.Emulator(self.scenario) as emu:
            watch = self.start(emu, ["--watch", "1h"])
            watch.wait_for("csp.user-not-in-adminagents", watch.stdout)
            time.sleep(0.3)
            watch.process.send_signal(signal.SIGINT)
            code = watch.finish(timeout=15)
        self.assertEqual(code, 1, watch.stderr())
        self.assertIn("Ctrl-C; stopped after 1 round (exit 1)", watch.stderr())

    def test_options_it_cannot_honour_are_refused(self):
        example = os.path.join(HERE, "..", "..", "examples", "healthy.json")
        cases = [
            (["--watch", "30"], "--watch: \"30\" is not a duration"),
            (["--watch", "0s"], "is not a duration"),
            (["--until", "clean"], "--until says when --watch stops"),
            (["--for", "1h"], "--for says when --watch stops"),
            (["--watch", "1m", "--until", "done"], "--until"),
            (["--watch", "1m", "--snapshot", example], "cannot watch a --snapshot file"),
            (["--watch", "1m", "--json"], "-o FILE:json"),
            (["--watch", "1m", "--save-snapshot", "-"], "--save-snapshot FILE"),
            (["--watch", "1m", "--for", "soon"], "--for: \"soon\" is not a duration"),
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_")}
        env["GDAPCHECK_CACHE_DIR"] = os.path.join(self.tmp.name, "empty-cache")
        for args, message in cases:
            with self.subTest(args=args):
                result = harness.run(BINARY, ["tenant"] + args, env)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(message, result.stderr)
                self.assertEqual(result.stdout, "")


if __name__ == "__main__":
    unittest.main(verbosity=2)
