#!/usr/bin/env python3
"""The README's crontab recipes (readme_recipes.py), each line's command run exactly as written
with `sh -c`, as cron runs it: the built gdapcheck first on PATH, HOME in a temporary folder and
the loopback emulator as Microsoft; then what the recipe promises is checked. (The nightly RMM
script recipe is run by test_app_only_runs.py.)
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))
import harness  # noqa: E402
import readme_recipes  # noqa: E402
import scenario_from_snapshot  # noqa: E402

BINARY = harness.live_binary_from_argv()


class ReadmeRecipesTest(unittest.TestCase):
    def run_recipe(self, name, scenario):
        with tempfile.TemporaryDirectory() as home, harness.Emulator(scenario) as emu:
            cache = os.path.join(home, "cache")
            harness.login(BINARY, emu, cache)
            env = harness.clean_env(emu, cache, HOME=home)
            env["PATH"] = os.path.dirname(BINARY) + os.pathsep + env.get("PATH", "")
            os.makedirs(os.path.join(home, "gdapcheck"))
            results = [subprocess.run(["sh", "-c", line], env=env, cwd=home, capture_output=True, text=True,
                                      timeout=120) for line in readme_recipes.crontab_commands(readme_recipes.recipe(name))]
            files = harness.files_under(home, skip=("tokens.json", "tokens.lock"))
        return results, {os.path.relpath(path, home): text for path, text in files.items()}

    def test_watch_cron_line(self):
        scenario = scenario_from_snapshot.from_example("healthy.json")
        scenario["device"] = {"interval": 0}
        results, files = self.run_recipe("watch-cron", scenario)
        self.assertEqual(len(results), 1)
        self.assertEqual(results[0].returncode, 0, files.get("gdapcheck/contoso.log"))
        log = files["gdapcheck/contoso.log"]
        self.assertIn("checking every 30m until clean for 14h", log)
        self.assertIn("clean (--until clean); stopped after 1 round (exit 0)", log)
        report = json.loads(files["gdapcheck/contoso.json"])
        self.assertEqual([c["defaultDomain"] for c in report["customers"]], ["contoso.com"])
        self.assertEqual(report["findings"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
