"""Helpers for end-to-end tests: start the emulator, run the built gdapcheck against it.

Used by tests/e2e/test_auth_*.py (and later the Graph tests). Standard library only.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, "emulator.py")
SKIP = 125  # CTest SKIP_RETURN_CODE


class Emulator:
    """The emulator as a context manager: `with Emulator({"device": {...}}) as emu:`."""

    def __init__(self, scenario=None):
        self.scenario = scenario or {}
        self.process = None
        self.port = None
        self._scenario_file = None

    def __enter__(self):
        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(self.scenario, handle)
        handle.close()
        self._scenario_file = handle.name
        self.process = subprocess.Popen([sys.executable, EMULATOR, "--scenario", handle.name],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.isdigit():
            self.process.kill()
            raise RuntimeError("emulator did not start")
        self.port = int(line)
        return self

    def __exit__(self, *exc):
        self.stop()
        os.unlink(self._scenario_file)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process and self.process.stdout and not self.process.stdout.closed:
            self.process.stdout.close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def approve(self, user_code=None):
        return self._call("POST", "/_control/approve", {} if user_code is None else {"user_code": user_code})

    def decline(self, user_code=None):
        return self._call("POST", "/_control/decline", {} if user_code is None else {"user_code": user_code})

    def approve_relationship(self, relationship_id):
        """The customer approves a relationship the partner locked for approval."""
        return self._call("POST", "/_control/approve-relationship", {"id": relationship_id})

    def update(self, scenario):
        return self._call("POST", "/_control/scenario", scenario)

    def state(self):
        return self._call("GET", "/_control/state")


def clean_env(emulator, cache_dir, **extra):
    """The environment for a gdapcheck run: no inherited GDAPCHECK_* settings, the emulator as
    the authority, a private cache folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_")}
    env["GDAPCHECK_AUTHORITY_HOST"] = emulator.url
    env["GDAPCHECK_GRAPH_URL"] = emulator.url
    env["GDAPCHECK_CACHE_DIR"] = cache_dir
    env["NO_COLOR"] = "1"
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def run(binary, args, env, stdin=None, timeout=60):
    """Run gdapcheck; returns CompletedProcess with text stdout/stderr."""
    return subprocess.run([binary] + list(args), env=env, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def binary_from_argv():
    """The gdapcheck binary passed by CTest; exits 125 (skip) when it is missing."""
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: test_X.py <path-to-gdapcheck>; binary missing, skipping", file=sys.stderr)
        sys.exit(SKIP)
    binary = os.path.abspath(sys.argv.pop(1))
    return binary


def files_under(folder, skip=()):
    """Text of every file under `folder` except the names in `skip`."""
    texts = {}
    for root, _, names in os.walk(folder):
        for name in names:
            if name in skip:
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                texts[path] = handle.read().decode("utf-8", "replace")
    return texts


# --- live collection (gdapcheck tenant without --snapshot) ------------------------------------

def has_live_collection(binary):
    """Whether this gdapcheck collects live from Graph (`tenant --concurrency` exists)."""
    result = subprocess.run([binary, "tenant", "--help"], capture_output=True, text=True, timeout=30)
    return "--concurrency" in result.stdout


def live_binary_from_argv():
    """binary_from_argv(), and fail (not skip) when the binary cannot collect live: live
    collection is a shipped feature, so its absence is a regression."""
    binary = binary_from_argv()
    if not has_live_collection(binary):
        print("gdapcheck cannot collect live (tenant --concurrency missing)", file=sys.stderr)
        sys.exit(1)
    return binary


def login(binary, emulator, cache_dir, **extra):
    """Device-code sign-in against the emulator (the scenario should say device.interval 0)."""
    result = run(binary, ["login"], clean_env(emulator, cache_dir, **extra))
    if result.returncode != 0:
        raise AssertionError(f"login failed ({result.returncode}): {result.stderr}")
    return result


def report_facts(report):
    """What a live run must reproduce: completeness, each customer's status and default domain by
    tenant id, and the findings as sorted (ruleId, tenantId, severity) triples."""
    return {
        "complete": report["complete"],
        "statuses": {c["tenantId"].lower(): c["status"] for c in report["customers"]},
        "defaultDomains": {c["tenantId"].lower(): c["defaultDomain"] for c in report["customers"]},
        "findings": sorted((f["ruleId"], (f["tenantId"] or "").lower(), f["severity"])
                           for f in report["findings"]),
    }


def reset_stats(emulator):
    return emulator._call("POST", "/_control/reset-stats", {})


class PrivateCacheTest(unittest.TestCase):
    """A test class whose every test gets its own temporary folder (`self.tmp`) and token cache
    folder in it (`self.cache`); `self.env(emu)` is the environment of a run against `emu`."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache")

    def tearDown(self):
        self.tmp.cleanup()

    def env(self, emu, **extra):
        return clean_env(emu, self.cache, **extra)


class SignedInEmulatorTest(unittest.TestCase):
    """A test class with one emulator for all its tests, signed in once. Subclasses set
    `binary` and define `make_scenario()`; tests use `cls.emu`, `cls.cache` and `env()`."""

    binary = None

    @classmethod
    def make_scenario(cls):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.scenario = cls.make_scenario()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cache = os.path.join(cls.tmp.name, "cache")
        cls.emu = Emulator(cls.scenario).__enter__()
        login(cls.binary, cls.emu, cls.cache)

    @classmethod
    def tearDownClass(cls):
        cls.emu.__exit__(None, None, None)
        cls.tmp.cleanup()

    def env(self, **extra):
        return clean_env(self.emu, self.cache, **extra)
