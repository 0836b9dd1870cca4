#!/usr/bin/env python3
"""Hostile input through every command: names chosen by other organisations (customer,
relationship and group names, the account's UPN and name inside its tokens) never put a control
character, escape sequence or bidi override on the terminal in any format; malformed files
(very long ids, invalid UTF-8) get exit 2 naming the file, never a crash or raw bytes on the
terminal; a relationship without a name is named by its id.

Usage: test_hostile_input.py GDAPCHECK
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
AS_OF = ["--as-of", "2026-11-20T09:00:00Z"]
FABRIKAM = "5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29"

# An OSC title change ended by BEL, a screen clear, a C1 CSI, a right-to-left override, a carriage
# return and line feed that would start a forged line, and a NUL.
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202egpj.exe\r\nFORGED LINE\x00"
HOSTILE_CUSTOMER = "Fabrikam" + CONTROLS + " Inc"
HOSTILE_UPN = "admin" + CONTROLS + "@partner.example"
HOSTILE_NAME = "Partner" + CONTROLS + " Admin"

FORBIDDEN = [b"\x1b", b"\x07", b"\x00", b"\r"] + [bytes([0xC2, c]) for c in range(0x80, 0xA0)] + \
    [("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"[i]).encode() for i in range(9)]


def run(args, env=None, cwd=ROOT, timeout=120, stdin=None):
    """gdapcheck with bytes out, so what reaches a terminal is checked byte for byte."""
    full_env = dict(os.environ) if env is None else env
    full_env.pop("NO_COLOR", None)
    return subprocess.run([BINARY, *args], capture_output=True, env=full_env, cwd=cwd,
                          timeout=timeout, input=stdin)


def example(name):
    with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as handle:
        return json.load(handle)


def hostile_snapshot():
    snapshot = example("healthy.json")
    partner = snapshot["partner"]
    partner["displayName"] = "Northwind" + CONTROLS
    partner["user"]["userPrincipalName"] = HOSTILE_UPN
    partner["user"]["displayName"] = HOSTILE_NAME
    for relationship in partner["relationships"]["value"]:
        relationship["displayName"] = "GDAP" + CONTROLS
        if relationship["customer"]["tenantId"] == FABRIKAM:
            relationship["customer"]["displayName"] = HOSTILE_CUSTOMER
            for assignment in relationship["accessAssignments"]["value"]:
                assignment["groupDisplayName"] = "Admins" + CONTROLS
    for customer in snapshot["customers"]:
        if customer["tenantId"] == FABRIKAM:
            customer["displayName"] = HOSTILE_CUSTOMER
    for contract in partner["contracts"]["value"]:
        if contract["customerId"] == FABRIKAM:
            contract["displayName"] = HOSTILE_CUSTOMER
    return snapshot


class TerminalSafeAssertions(unittest.TestCase):
    def assert_terminal_safe(self, data, where):
        for sequence in FORBIDDEN:
            self.assertNotIn(sequence, data, f"{where} carries {sequence!r}")
        text = data.decode("utf-8")  # valid UTF-8 throughout
        for line in text.splitlines():
            self.assertFalse(line.startswith("FORGED LINE"), f"{where}: a name started a line")

    def write(self, name, content):
        path = os.path.join(self.tmp.name, name)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode) as handle:
            handle.write(content)
        return path

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()


class OfflineHostileNamesTest(TerminalSafeAssertions):
    def setUp(self):
        super().setUp()
        self.snapshot = self.write("hostile.json", json.dumps(hostile_snapshot()))

    def test_every_report_format_shows_the_names_safely(self):
        for fmt in ["text", "markdown", "html", "csv", "junit"]:
            result = run(["tenant", "--snapshot", self.snapshot, "--format", fmt, *AS_OF])
            self.assertIn(result.returncode, (0, 1), result.stderr)
            # CSV ends its records with CRLF (RFC 4180); a CR anywhere else is a forged line.
            stdout = result.stdout.replace(b"\r\n", b"\n") if fmt == "csv" else result.stdout
            self.assert_terminal_safe(stdout, f"{fmt} report")
            self.assert_terminal_safe(result.stderr, f"{fmt} stderr")
            self.assertIn(b"Fabrikam", result.stdout)

    def test_json_keeps_the_names_and_escapes_what_would_act_on_a_terminal(self):
        result = run(["tenant", "--snapshot", self.snapshot, "--json", *AS_OF])
        self.assertIn(result.returncode, (0, 1), result.stderr)
        self.assert_terminal_safe(result.stdout, "JSON report")
        self.assertIn(b"\\u009b", result.stdout)
        self.assertIn(b"\\u202e", result.stdout)
        report = json.loads(result.stdout)
        names = {c["tenantId"]: c["displayName"] for c in report["customers"]}
        self.assertEqual(names[FABRIKAM], HOSTILE_CUSTOMER, "the JSON value is the name as read")
        self.assertEqual(report["partner"]["user"]["upn"], HOSTILE_UPN)

    def test_did_you_mean_shows_a_hostile_name_safely(self):
        result = run(["tenant", "--snapshot", self.snapshot, "Fabrikm", *AS_OF])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(b"did you mean", result.stderr)
        self.assertIn(b"Fabrikam", result.stderr)
        self.assert_terminal_safe(result.stderr, "suggestion")
        self.assertEqual(result.stdout, b"")

    def test_diff_rules_and_explain_show_the_names_safely(self):
        healthy = os.path.join(ROOT, "examples", "healthy.json")
        for args in (["diff", healthy, self.snapshot], ["diff", self.snapshot, healthy, "--json"],
                     ["rules"], ["explain"]):
            pasted = ("AADSTS50020: User account " + HOSTILE_UPN + " from identity provider").encode()
            result = run(args, stdin=pasted if args == ["explain"] else None)
            self.assertIn(result.returncode, (0, 1), result.stderr)
            self.assert_terminal_safe(result.stdout, " ".join(args[:2]))
            self.assert_terminal_safe(result.stderr, " ".join(args[:2]) + " (stderr)")

    def test_saved_snapshot_keeps_the_names_as_read(self):
        saved = os.path.join(self.tmp.name, "saved.json")
        result = run(["tenant", "--snapshot", self.snapshot, "--save-snapshot", saved, *AS_OF])
        self.assertIn(result.returncode, (0, 1), result.stderr)
        with open(saved, encoding="utf-8") as handle:
            customers = {c["tenantId"]: c for c in json.load(handle)["customers"]}
        self.assertEqual(customers[FABRIKAM]["displayName"], HOSTILE_CUSTOMER)


class MalformedFilesTest(TerminalSafeAssertions):
    def expect_input_error(self, args, *fragments):
        result = run(args)
        self.assertEqual(result.returncode, 2, result.stderr[-2000:])
        self.assertEqual(result.stdout, b"")
        self.assert_terminal_safe(result.stderr, "error message")
        for fragment in fragments:
            self.assertIn(fragment.encode(), result.stderr)
        return result

    def test_invalid_bytes_in_a_file_are_not_echoed_raw(self):
        path = self.write("bytes.json", b'{"schemaVersion": 1, "cloud": "\xff\x1b[2J\xc2\x9b"}')
        result = self.expect_input_error(["tenant", "--snapshot", path], path, "invalid JSON")
        self.assertIn("\ufffd".encode(), result.stderr)

    def test_very_long_ids_in_rules_and_profiles_are_errors_not_crashes(self):
        rules = os.path.join(self.tmp.name, "rules")
        shutil.copytree(os.path.join(ROOT, "rules"), rules)
        with open(os.path.join(rules, "gdap.relationship-expiring.json"), encoding="utf-8") as handle:
            rule = json.load(handle)
        rule["id"] = "gdap." + "a-" * 40000
        long_file = os.path.join(rules, "gdap.long.json")
        with open(long_file, "w", encoding="utf-8") as handle:
            json.dump(rule, handle)
        self.expect_input_error(["rules", "--rules-dir", rules], long_file, "is not a rule id")

        profile = self.write("long.json", json.dumps(
            {"name": "long", "requiredServicePrincipals": [{"appId": "f" * 60000}]}))
        self.expect_input_error(["tenant", "--snapshot", os.path.join(ROOT, "examples", "healthy.json"),
                                 "--profile", profile], profile, "not an application id")


class UnnamedRelationshipTest(TerminalSafeAssertions):
    def test_a_relationship_without_a_name_is_named_by_its_id(self):
        snapshot = example("gdap-global-admin-blocks-auto-extend.json")
        ids = []
        for relationship in snapshot["partner"]["relationships"]["value"]:
            relationship["displayName"] = ""
            ids.append(relationship["id"])
        path = self.write("unnamed.json", json.dumps(snapshot))
        result = run(["tenant", "--snapshot", path, *AS_OF])
        self.assertIn(result.returncode, (0, 1), result.stderr)
        text = result.stdout.decode()
        self.assertIn("gdap.global-admin-blocks-auto-extend", text)
        self.assertNotIn("terminate ''", text)
        self.assertNotIn("none with", text)
        self.assertTrue(any(f"unnamed relationship {i}" in text.replace('\n', ' ').replace('  ', '') for i in ids), text)


class TokenCacheRefusalTest(TerminalSafeAssertions):
    """A cache that is not the user's own regular file is refused at once with the reason: exit 3
    for commands that need a sign-in, exit 2 for login (before any device code is shown)."""

    def cache_env(self):
        env = dict(os.environ)
        env["GDAPCHECK_CACHE_DIR"] = self.folder
        return env

    def setUp(self):
        super().setUp()
        self.folder = os.path.join(self.tmp.name, "cache")
        os.mkdir(self.folder, 0o700)
        self.file = os.path.join(self.folder, "tokens.json")

    def expect_refusal(self, reason):
        whoami = run(["whoami"], self.cache_env(), timeout=20)
        self.assertEqual(whoami.returncode, 3, whoami.stderr)
        self.assertIn(self.file.encode(), whoami.stderr)
        self.assertIn(reason.encode(), whoami.stderr)
        login = run(["login", "--tenant", "contoso.onmicrosoft.com"], self.cache_env(), timeout=20)
        self.assertEqual(login.returncode, 2, login.stderr)
        self.assertIn(reason.encode(), login.stderr)
        self.assertNotIn(b"devicelogin", login.stderr + login.stdout)

    def test_a_symlink_is_not_followed_and_its_target_is_left_alone(self):
        target = self.write("elsewhere.json", '{"version": 1}')
        os.chmod(target, 0o644)
        os.symlink(target, self.file)
        self.expect_refusal("symbolic link")
        self.assertEqual(os.stat(target).st_mode & 0o777, 0o644)

    def test_a_fifo_is_refused_without_waiting(self):
        os.mkfifo(self.file, 0o600)
        self.expect_refusal("not a regular file")

    def test_a_cache_of_the_wrong_shape_is_refused_and_logout_repairs_it(self):
        with open(self.file, "w", encoding="utf-8") as handle:
            handle.write('{"version": "1"}')
        os.chmod(self.file, 0o600)
        whoami = run(["whoami"], self.cache_env())
        self.assertEqual(whoami.returncode, 3, whoami.stderr)
        self.assertIn(b"gdapcheck logout", whoami.stderr)
        self.assertNotIn(b"internal error", whoami.stderr)
        self.assertEqual(run(["logout"], self.cache_env()).returncode, 0)
        self.assertFalse(os.path.exists(self.file))

    def test_a_folder_open_to_others_is_narrowed(self):
        os.chmod(self.folder, 0o777)
        run(["whoami"], self.cache_env())
        self.assertEqual(os.stat(self.folder).st_mode & 0o777, 0o700)


class LiveHostileNamesTest(TerminalSafeAssertions):
    """The account's UPN and name come inside its tokens; customer names from Graph."""

    @classmethod
    def setUpClass(cls):
        scenario = scenario_from_snapshot.from_snapshot(hostile_snapshot())
        scenario["device"] = {"interval": 0}
        cls.emu = harness.Emulator(scenario).__enter__()
        cls.home = tempfile.TemporaryDirectory()
        cls.cache = os.path.join(cls.home.name, "cache")

    @classmethod
    def tearDownClass(cls):
        cls.emu.__exit__(None, None, None)
        cls.home.cleanup()

    def env(self):
        return harness.clean_env(self.emu, self.cache)

    def test_login_whoami_and_a_live_run_show_the_account_safely(self):
        login = run(["login"], self.env())
        self.assertEqual(login.returncode, 0, login.stderr)
        self.assert_terminal_safe(login.stdout, "login")
        self.assert_terminal_safe(login.stderr, "login prompt")
        self.assertIn(b"Signed in as admin", login.stdout)

        whoami = run(["whoami"], self.env())
        self.assertEqual(whoami.returncode, 0, whoami.stderr)
        self.assert_terminal_safe(whoami.stdout, "whoami")
        self.assertIn(b"Partner", whoami.stdout)

        as_json = run(["whoami", "--json"], self.env())
        self.assertEqual(as_json.returncode, 0, as_json.stderr)
        self.assert_terminal_safe(as_json.stdout, "whoami --json")
        data = json.loads(as_json.stdout)
        self.assertEqual(data["account"], HOSTILE_UPN)
        self.assertEqual(data["displayName"], HOSTILE_NAME)

        if not harness.has_live_collection(BINARY):
            return
        for args in (["tenant"], ["tenant", "--format", "markdown"], ["tenant", "--json"],
                     ["tenant", "--verbose"], ["tenant", "Fabrikm"]):
            result = run(args, self.env())
            self.assertIn(result.returncode, (0, 1, 2), result.stderr[-2000:])
            self.assert_terminal_safe(result.stdout, " ".join(args))
            self.assert_terminal_safe(result.stderr, " ".join(args) + " (stderr)")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
