#!/usr/bin/env python3
"""Configuration is checked before the user is asked for anything: `login` with a token cache
folder it cannot use, and `tenant --save-snapshot` into a folder it cannot write, stop with exit 2
and the reason before a single request reaches the (emulated) Microsoft endpoints.
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()
APP_ID = "6f1c2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f"


class LoginChecksCacheFirst(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def refused(self, cache_dir, *fragments, args=(), **env):
        with harness.Emulator({"device": {"interval": 0},
                               "apps": {APP_ID: {"secret": "app-secret"}}}) as emu:
            result = harness.run(BINARY, ["login", *args], harness.clean_env(emu, cache_dir, **env))
            requests = emu.state()["requests"]
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "")
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
        self.assertNotIn("devicelogin", result.stderr, "no device code is shown")
        self.assertEqual(requests, [], "no request reached the sign-in service")
        return result

    def test_a_cache_folder_that_cannot_be_created(self):
        self.refused("/proc/x", "cannot create the token cache folder /proc/x", "GDAPCHECK_CACHE_DIR")

    def test_a_cache_folder_that_is_a_file(self):
        path = os.path.join(self.tmp.name, "not-a-folder")
        with open(path, "w") as handle:
            handle.write("x")
        self.refused(path, f"the token cache folder {path} is not a folder")

    def test_a_cache_folder_that_cannot_be_written(self):
        # /sys refuses new files even to root.
        self.refused("/sys", "cannot write the token cache: cannot create a file in /sys")

    def test_app_only_sign_in_checks_the_cache_first_too(self):
        self.refused("/proc/x", "cannot create the token cache folder /proc/x",
                     GDAPCHECK_TENANT="partner.example", GDAPCHECK_CLIENT_ID=APP_ID,
                     GDAPCHECK_CLIENT_SECRET="app-secret")

    def test_a_usable_cache_folder_is_created_and_login_goes_ahead(self):
        cache = os.path.join(self.tmp.name, "new", "cache")
        with harness.Emulator({"device": {"interval": 0}}) as emu:
            result = harness.run(BINARY, ["login"], harness.clean_env(emu, cache))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(cache)), ["tokens.json", "tokens.lock"],
                         "the write check leaves nothing behind")


class SaveSnapshotChecksFolderFirst(harness.SignedInEmulatorTest):
    binary = BINARY

    @classmethod
    def make_scenario(cls):
        return scenario_from_snapshot.from_example("healthy.json")

    def refused(self, destination, fragment):
        harness.reset_stats(self.emu)
        result = harness.run(BINARY, ["tenant", "--save-snapshot", destination], self.env())
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn(f"gdapcheck: --save-snapshot {destination}: {fragment}", result.stderr)
        self.assertEqual(self.emu.state()["requests"], [], "nothing was collected")

    def test_a_missing_folder(self):
        self.refused("/nonexistent/dir/x.json", "the folder /nonexistent/dir does not exist")

    def test_a_folder_that_refuses_files(self):
        self.refused("/sys/x.json", "cannot create a file in /sys: Permission denied")

    def test_a_folder_in_place_of_the_file(self):
        with tempfile.TemporaryDirectory() as folder:
            self.refused(folder, f"{folder} is a folder")

    def test_a_file_in_place_of_the_folder(self):
        with tempfile.NamedTemporaryFile() as handle:
            self.refused(os.path.join(handle.name, "x.json"), f"{handle.name} is not a folder")

    def test_a_writable_folder_gets_the_snapshot_and_nothing_else(self):
        with tempfile.TemporaryDirectory() as folder:
            saved = os.path.join(folder, "saved.json")
            result = harness.run(BINARY, ["tenant", "--fail-on", "never", "--save-snapshot", saved], self.env())
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(os.listdir(folder), ["saved.json"])
            with open(saved, encoding="utf-8") as handle:
                self.assertEqual(json.load(handle)["schemaVersion"], 2)


if __name__ == "__main__":
    unittest.main()
