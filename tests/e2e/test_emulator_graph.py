#!/usr/bin/env python3
"""The emulator's own Graph self-test (tests/emulator/selftest.py) under CTest.

It checks the emulator, not gdapcheck: the binary path CTest passes is accepted and ignored."""

import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
    sys.argv.pop(1)
runpy.run_path(os.path.join(HERE, "..", "emulator", "selftest.py"), run_name="__main__")
