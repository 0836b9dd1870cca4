#!/usr/bin/env python3
"""The command line at the door: an unknown command or option is named with the closest real one,
enum values are matched in any case and a wrong one lists the valid ones, and options that
contradict each other (or would be silently ignored) are refused, each with exit 2, a sentence on
stderr and nothing on stdout.

Usage: test_cli_usage.py GDAPCHECK
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

BINARY = harness.binary_from_argv()
HEALTHY = os.path.join(ROOT, "examples", "healthy.json")
AS_OF = ["--as-of", "2026-11-20T09:00:00Z"]


def run(args, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_")}
    env["NO_COLOR"] = "1"
    return subprocess.run([BINARY] + args, capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


class UsageTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="gdapcheck-e2e-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def refused(self, name, args, *fragments, absent=(), cwd=ROOT):
        """Exit 2, nothing on stdout, every fragment on stderr, none of `absent`."""
        with self.subTest(name):
            proc = run(args, cwd)
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertEqual(proc.stdout, "")
            for fragment in fragments:
                self.assertIn(fragment, proc.stderr)
            for fragment in absent:
                self.assertNotIn(fragment, proc.stderr)

    def succeeds(self, name, args, want_exit=0, cwd=ROOT):
        with self.subTest(name):
            proc = run(args, cwd)
            self.assertEqual(proc.returncode, want_exit, proc.stderr)
        return proc

    def test_unknown_commands_and_options(self):
        self.refused("unknown command suggests the closest", ["tenat"],
                     "gdapcheck: unknown command 'tenat'; did you mean 'tenant'?\n",
                     "Run 'gdapcheck --help' for usage.", absent=["A subcommand is required"])
        self.refused("unknown command in another case", ["WHOAMI"], "did you mean 'whoami'?")
        self.refused("unknown command with its arguments", ["rlues", "gdap.missing-roles"],
                     "unknown command 'rlues'; did you mean 'rules'?",
                     absent=["not expected", "gdap.missing-roles'"])
        self.refused("unknown command far from all lists the commands", ["frobnicate"],
                     "unknown command 'frobnicate' (commands: tenant, rules, login, logout, whoami, "
                     "accounts, explain, diff, fix, completion)")
        self.refused("the hidden command the build uses is never suggested", ["manpag"],
                     "unknown command 'manpag' (commands: ", absent=["manpage"])
        self.refused("no command at all lists the commands", [],
                     "no command given (commands: tenant, rules, login, logout, whoami, accounts, "
                     "explain, diff, fix, completion)")
        self.refused("a global option alone is no command", ["--verbose"], "no command given")

        self.refused("unknown option suggests the closest option of the command",
                     ["tenant", "--profle", "cipp", "--snapshot", HEALTHY],
                     "gdapcheck: unknown option '--profle' for 'tenant'; did you mean '--profile'?",
                     "Run 'gdapcheck tenant --help' for usage.", absent=["not expected"])
        self.refused("unknown option with =value", ["tenant", "--profle=cipp", "--snapshot", HEALTHY],
                     "unknown option '--profle' for 'tenant'; did you mean '--profile'?", absent=["=cipp"])
        self.refused("unknown option of login", ["login", "--tenat", "contoso.com"],
                     "unknown option '--tenat' for 'login'; did you mean '--tenant'?")
        self.refused("a global option's typo after the command", ["tenant", "--verbos", "--snapshot", HEALTHY],
                     "did you mean '--verbose'?")
        self.refused("an option of another command gets no false suggestion", ["login", "--json"],
                     "unknown option '--json' for 'login'", absent=["did you mean"])
        self.refused("a command's option before the command", ["--json", "tenant", "--snapshot", HEALTHY],
                     "'--json' goes after the command: gdapcheck tenant --json")
        self.refused("a command's option and no command", ["--format", "json"],
                     "'--format' goes after the command it belongs to (tenant)", "no command given",
                     absent=["unknown command 'json'"])
        self.refused("an option shared by commands and no command", ["--json"],
                     "'--json' goes after the command it belongs to (tenant, whoami, accounts, explain, diff)")
        self.refused("a global option's typo before a mistyped command", ["--verbos", "tenat"],
                     "unknown option '--verbos'; did you mean '--verbose'?",
                     "unknown command 'tenat'; did you mean 'tenant'?")
        self.refused("a mistyped explain", ["explian", "AADSTS50020"],
                     "unknown command 'explian'; did you mean 'explain'?", absent=["AADSTS50020"])
        # The text after a mistyped option of explain is a pasted error: it may hold a secret.
        self.refused("unknown option of explain, the pasted text not echoed",
                     ["explain", "--jsno", "AADSTS50020 password=hunter2-hunter2"],
                     "unknown option '--jsno' for 'explain'; did you mean '--json'?",
                     "Run 'gdapcheck explain --help' for usage.", absent=["hunter2", "AADSTS50020"])
        self.refused("explain's option before the command", ["--list", "explain"],
                     "'--list' goes after the command: gdapcheck explain --list")
        self.refused("an extra argument is named with its command", ["logout", "now"],
                     "unexpected argument 'now' for 'logout'")
        # A secret typed after a mistyped option is neither echoed nor offered the hidden trap option.
        self.refused("a mistyped secret option does not echo its value",
                     ["login", "--client-secre", "s3cr3t-value-xyz"],
                     "unknown option '--client-secre' for 'login'; did you mean '--client-secret-stdin'?",
                     absent=["s3cr3t-value-xyz"])

    def test_enum_values_in_any_case_and_the_valid_ones_listed(self):
        proc = self.succeeds("--format in capitals",
                             ["tenant", "--snapshot", HEALTHY, "--format", "MarkDown"] + AS_OF)
        self.assertIn("- [", proc.stdout, "--format MarkDown prints the markdown checklist")
        proc = self.succeeds("--format JSON", ["tenant", "--snapshot", HEALTHY, "--format", "JSON"] + AS_OF)
        self.assertIs(json.loads(proc.stdout)["complete"], True, "--format JSON prints JSON")
        self.refused("unknown --format lists the formats", ["tenant", "--snapshot", HEALTHY, "--format", "htm"],
                     "--format: 'htm' is not one of text, json, markdown")

        expiring = os.path.join(ROOT, "examples", "gdap-relationship-expiring.json")
        self.succeeds("--fail-on WARNING", ["tenant", "--snapshot", expiring, "--fail-on", "WARNING"] + AS_OF,
                      want_exit=1)
        self.succeeds("--fail-on Never", ["tenant", "--snapshot", expiring, "--fail-on", "Never"] + AS_OF)
        self.refused("unknown --fail-on lists the levels",
                     ["tenant", "--snapshot", HEALTHY, "--fail-on", "sometimes"],
                     "--fail-on: 'sometimes' is not one of error, warning, info, never")

        self.succeeds("--cloud in capitals", ["--cloud", "USGov", "rules"])
        self.refused("unknown --cloud lists the clouds", ["--cloud", "mars", "rules"],
                     "--cloud: 'mars' is not one of global, usgov, usgovdod, china")

        proc = self.succeeds("--profile in capitals",
                             ["tenant", "--snapshot", HEALTHY, "--profile", "CIPP", "--json"] + AS_OF)
        self.assertEqual(json.loads(proc.stdout)["profile"], "cipp")
        self.refused("unknown --profile lists the shipped profiles",
                     ["tenant", "--snapshot", HEALTHY, "--profile", "nosuch"],
                     "unknown profile 'nosuch': not one of cipp, default, entra-sync, sync365, syncro, "
                     "nor a profile file")
        # A profile file still works by path, and by a bare file name in the working folder.
        shutil.copy(os.path.join(ROOT, "rules", "profiles", "syncro.json"), os.path.join(self.tmp, "ours"))
        proc = self.succeeds("--profile by a bare file name",
                             ["tenant", "--snapshot", HEALTHY, "--profile", "ours", "--json"] + AS_OF, cwd=self.tmp)
        self.assertEqual(json.loads(proc.stdout)["profile"], "syncro")
        self.succeeds("--profile by path",
                      ["tenant", "--snapshot", HEALTHY, "--profile", os.path.join(self.tmp, "ours")] + AS_OF)

    def test_contradicting_options_are_refused(self):
        self.refused("--json with --format markdown",
                     ["tenant", "--snapshot", HEALTHY, "--json", "--format", "markdown"],
                     "--json and --format markdown ask for two different formats")
        self.refused("--json with --format text", ["tenant", "--snapshot", HEALTHY, "--json", "--format", "text"],
                     "--json and --format text")
        proc = self.succeeds("--json with --format json is fine",
                             ["tenant", "--snapshot", HEALTHY, "--json", "--format", "JSON"] + AS_OF)
        self.assertIs(json.loads(proc.stdout)["complete"], True)

        for args, flag in [(["--app", "Contoso Sync"], "--app"),
                           (["--app-id", "00000000-0000-0000-0000-000000000001"], "--app"),
                           (["--concurrency", "8"], "--concurrency")]:
            self.refused(f"{args[0]} with --snapshot", ["tenant", "--snapshot", HEALTHY] + args,
                         f"{flag} applies to live collection only; --snapshot reads saved facts offline")
        self.refused("--cloud with --snapshot", ["--cloud", "usgov", "tenant", "--snapshot", HEALTHY],
                     "--cloud applies to live collection only")

        self.refused("two app-only credentials", ["login", "--client-secret-stdin", "--certificate", "cert.pem"],
                     "--client-secret-stdin and --certificate are two different credentials")
        self.refused("a certificate key without its certificate", ["login", "--certificate-key", "key.pem"],
                     "--certificate-key needs --certificate")

    def test_save_snapshot_over_the_snapshot_it_reads_is_refused(self):
        copy = os.path.join(self.tmp, "copy.json")
        shutil.copy(HEALTHY, copy)
        with open(copy, "rb") as handle:
            before = handle.read()
        os.makedirs(os.path.join(self.tmp, "sub"))
        link = os.path.join(self.tmp, "link.json")
        os.symlink(copy, link)
        for name, save, cwd in [("the same path", copy, ROOT),
                                ("with ..", os.path.join(self.tmp, "sub", "..", "copy.json"), ROOT),
                                ("relative", "./copy.json", self.tmp),
                                ("through a symlink", link, ROOT)]:
            self.refused(f"--save-snapshot {name}", ["tenant", "--snapshot", copy, "--save-snapshot", save],
                         "would overwrite the --snapshot file it reads", cwd=cwd)
        with open(copy, "rb") as handle:
            self.assertEqual(handle.read(), before, "the refused runs left the snapshot alone")

        resaved = os.path.join(self.tmp, "resaved.json")
        self.succeeds("--save-snapshot to another file is fine",
                      ["tenant", "--snapshot", copy, "--save-snapshot", resaved] + AS_OF)
        self.assertTrue(os.path.exists(resaved), "the other file was written")


if __name__ == "__main__":
    unittest.main()
