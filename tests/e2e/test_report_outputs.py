#!/usr/bin/env python3
"""Where reports go: -o FILE[:FORMAT] for any format, several at once, each file replaced
atomically and its folder checked before anything is collected; what standard output gets; `-` for
standard input and output (`--snapshot -`, `--save-snapshot -`, `-o -`); and the combinations that
are refused (exit 2) because they would mix two things in one place.

Usage: test_report_outputs.py GDAPCHECK
"""

import json
import os
import pty
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "examples", "gdap-missing-roles.json")
OFFLINE = ["tenant", "--snapshot", EXAMPLE]
FORMATS = {"txt": "text", "json": "json", "md": "markdown", "html": "html", "csv": "csv", "xml": "junit"}


def run(args, stdin=None, env=None):
    """Run gdapcheck; stdout and stderr as text with their line ends as written (CSV's CRLF)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_")}
        env.pop("NO_COLOR", None)
    result = subprocess.run([BINARY, *args], env=env, capture_output=True, timeout=60,
                            input=stdin.encode() if stdin is not None else None)
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(),
                                       result.stderr.decode())


def read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


class Files(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def test_every_format_by_extension_and_nothing_on_stdout(self):
        args = list(OFFLINE)
        for extension in FORMATS:
            args += ["-o", self.path(f"report.{extension}")]
        result = run(args)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout, "", "every report went to a file")
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(f"report.{e}" for e in FORMATS),
                         "no temporary file left behind")
        for extension, format in FORMATS.items():
            with self.subTest(format=format):
                expected = run(OFFLINE + ["--format", format]).stdout
                self.assertEqual(read(self.path(f"report.{extension}")), expected)

    def test_an_explicit_format_wins_over_the_extension(self):
        result = run(OFFLINE + ["-o", self.path("results:junit"), "-o", self.path("a.txt:JSON")])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertTrue(read(self.path("results")).startswith("<?xml"))
        self.assertEqual(json.loads(read(self.path("a.txt")))["schemaVersion"], 1)

    def test_a_colon_that_names_no_format_is_part_of_the_name(self):
        name = self.path("gdap-2026-11-20T10:00.html")
        result = run(OFFLINE + ["-o", name])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertTrue(read(name).startswith("<!DOCTYPE html>"))

    def test_format_on_stdout_as_well_as_files(self):
        # The issue's own example: text on the terminal, HTML and JUnit in files.
        result = run(OFFLINE + ["--format", "text", "-o", self.path("report.html:html"),
                                "-o", self.path("results.xml:junit")])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout, run(OFFLINE).stdout)
        self.assertTrue(read(self.path("report.html")).startswith("<!DOCTYPE html>"))
        self.assertIn("<testsuites", read(self.path("results.xml")))
        # The role grid is worked out only when a report shows it: an HTML file among text on the
        # terminal still gets it, as it does alone.
        grid = '<table class="role-grid">'
        alone = run(OFFLINE + ["--format", "html"]).stdout
        self.assertGreater(alone.count(grid), 0)
        self.assertEqual(read(self.path("report.html")).count(grid), alone.count(grid))

    def test_dash_is_standard_output(self):
        self.assertEqual(run(OFFLINE + ["-o", "-"]).stdout, run(OFFLINE).stdout)
        csv = run(OFFLINE + ["-o", "-:csv", "-o", self.path("r.json")])
        self.assertEqual(csv.stdout, run(OFFLINE + ["--format", "csv"]).stdout)
        self.assertTrue(os.path.exists(self.path("r.json")))

    def test_text_in_a_file_has_no_colour_while_the_terminal_gets_it(self):
        controller, terminal = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_") and k != "NO_COLOR"}
        env["TERM"] = "xterm"
        process = subprocess.Popen([BINARY, *OFFLINE, "--format", "text", "-o", self.path("r.txt")],
                                   stdout=terminal, stderr=subprocess.PIPE, env=env)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=60)
        os.close(controller)
        self.assertIn(b"\x1b[", shown, "colour on the terminal")
        self.assertNotIn("\x1b[", read(self.path("r.txt")))
        self.assertEqual(read(self.path("r.txt")), run(OFFLINE).stdout)

    def test_an_existing_file_is_replaced_whole(self):
        target = self.path("report.json")
        with open(target, "w") as handle:
            handle.write("x" * 1_000_000)
        result = run(OFFLINE + ["-o", target])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(json.loads(read(target))["schemaVersion"], 1)
        self.assertEqual(os.listdir(self.dir), ["report.json"])

    def refused(self, args, *fragments, stdin=None):
        result = run(args, stdin=stdin)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "")
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
        return result

    def test_unknown_extension(self):
        self.refused(OFFLINE + ["-o", self.path("report.out")],
                     "cannot tell the format from the file name", ":html", "junit")

    def test_a_missing_folder_stops_the_run_before_any_file_is_written(self):
        self.refused(OFFLINE + ["-o", self.path("good.html"), "-o", "/nonexistent/dir/r.csv"],
                     "-o /nonexistent/dir/r.csv: the folder /nonexistent/dir does not exist")
        self.assertEqual(os.listdir(self.dir), [])

    def test_the_system_says_why_a_folder_refuses_files(self):
        self.refused(OFFLINE + ["-o", "/sys/r.html"], "-o /sys/r.html: cannot create a file in /sys: ")
        if os.geteuid() != 0:  # root writes anywhere; /sys refuses even root
            locked = self.path("locked")
            os.mkdir(locked)
            os.chmod(locked, stat.S_IRUSR | stat.S_IXUSR)
            self.refused(OFFLINE + ["-o", os.path.join(locked, "r.html")], "Permission denied")

    def test_a_folder_in_place_of_the_file(self):
        self.refused(OFFLINE + ["-o", self.dir + ":html"], f"{self.dir} is a folder")

    def test_two_reports_to_one_file(self):
        self.refused(OFFLINE + ["-o", self.path("r.html"), "-o", os.path.join(self.dir, ".", "r.html:csv")],
                     "is named twice")

    def test_a_report_over_the_snapshot(self):
        self.refused(OFFLINE + ["-o", EXAMPLE + ":json"], "is also the snapshot this run reads or saves")

    def test_two_reports_on_stdout(self):
        self.refused(OFFLINE + ["--json", "-o", "-:csv"], "two reports would go to standard output")
        self.refused(OFFLINE + ["-o", "-", "-o", "-:html"], "two reports would go to standard output")


class StandardStreams(unittest.TestCase):
    def test_snapshot_from_stdin(self):
        with open(EXAMPLE, encoding="utf-8") as handle:
            text = handle.read()
        from_file = run(OFFLINE + ["--json"])
        from_stdin = run(["tenant", "--snapshot", "-", "--json"], stdin=text)
        self.assertEqual(from_stdin.returncode, from_file.returncode, from_stdin.stderr)
        self.assertEqual(from_stdin.stdout, from_file.stdout)

    def test_bad_stdin_names_standard_input(self):
        result = run(["tenant", "--snapshot", "-"], stdin='{"schemaVersion": 1, "partner": ')
        self.assertEqual(result.returncode, 2)
        self.assertIn("standard input", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_snapshot_to_stdout_and_back(self):
        saved = run(OFFLINE + ["--save-snapshot", "-"])
        self.assertEqual(saved.returncode, 1, saved.stderr)
        snapshot = json.loads(saved.stdout)  # nothing but the snapshot on stdout
        self.assertEqual(snapshot["schemaVersion"], 2)
        again = run(["tenant", "--snapshot", "-", "--json"], stdin=saved.stdout)
        self.assertEqual(again.stdout, run(OFFLINE + ["--json"]).stdout)

    def test_snapshot_to_stdout_with_reports_in_files(self):
        with tempfile.TemporaryDirectory() as folder:
            result = run(OFFLINE + ["--save-snapshot", "-", "-o", os.path.join(folder, "r.html")])
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertEqual(json.loads(result.stdout)["schemaVersion"], 2)
            self.assertTrue(os.path.exists(os.path.join(folder, "r.html")))

    def test_snapshot_and_a_report_both_on_stdout_are_refused(self):
        for extra in (["--json"], ["--format", "text"], ["-o", "-"]):
            with self.subTest(extra=extra):
                result = run(OFFLINE + ["--save-snapshot", "-", *extra])
                self.assertEqual(result.returncode, 2)
                self.assertIn("--save-snapshot - writes the snapshot to standard output", result.stderr)
                self.assertEqual(result.stdout, "")


class LiveRunChecksOutputsFirst(harness.SignedInEmulatorTest):
    binary = BINARY

    @classmethod
    def make_scenario(cls):
        return scenario_from_snapshot.from_example("gdap-missing-roles.json")

    def test_an_unwritable_report_stops_the_run_before_collecting(self):
        harness.reset_stats(self.emu)
        result = harness.run(BINARY, ["tenant", "-o", "/nonexistent/dir/r.html"], self.env())
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("-o /nonexistent/dir/r.html: the folder /nonexistent/dir does not exist", result.stderr)
        self.assertEqual(self.emu.state()["requests"], [], "nothing was collected")

    def test_a_live_run_writes_its_reports_and_snapshot_to_stdout(self):
        with tempfile.TemporaryDirectory() as folder:
            result = run(["tenant", "--save-snapshot", "-", "-o", os.path.join(folder, "r.csv"),
                          "-o", os.path.join(folder, "r.xml")], env=self.env())
            self.assertEqual(result.returncode, 1, result.stderr)
            snapshot = json.loads(result.stdout)
            self.assertEqual(len(snapshot["customers"]), 1)
            self.assertEqual(sorted(os.listdir(folder)), ["r.csv", "r.xml"])
            offline = run(["tenant", "--snapshot", "-", "--format", "csv"], stdin=result.stdout)
            self.assertEqual(read(os.path.join(folder, "r.csv")), offline.stdout,
                             "the live run's CSV is the CSV of the snapshot it collected")


if __name__ == "__main__":
    unittest.main()
