"""The README's recipes for unattended runs, read as the tests run them.

A recipe is the fenced `sh` block right after a `<!-- recipe: NAME ... -->` comment in README.md.
The tests run each exactly as written against the loopback emulator, so the README cannot promise
a command that does not work.
"""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_CRON_FIELDS = re.compile(r"^(\S+\s+){5}")


def recipe(name):
    """The text of the recipe NAME; AssertionError when the README has none."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        text = handle.read()
    found = re.search(r"<!-- recipe: " + re.escape(name) + r"\b[^>]*-->\n```sh\n(.*?)```", text, re.S)
    if not found:
        raise AssertionError(f"README.md has no recipe {name!r}")
    return found.group(1)


def crontab_commands(block):
    """The command of each crontab line in `block` (what follows the five time fields), as cron
    hands it to sh."""
    return [_CRON_FIELDS.sub("", line) for line in block.splitlines()
            if line.strip() and not line.startswith("#") and _CRON_FIELDS.match(line)]
