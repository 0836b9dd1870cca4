"""The example snapshots every report format is tested on, and the reference they are checked
against: the JSON report of the same run (design §4), so text, CSV, JUnit and HTML can never
disagree with what scripts read.
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import examples_readme  # noqa: E402  (examples/README.md says how each example is diagnosed)


class Example:
    def __init__(self, documented):
        self.name = documented.name
        self.path = documented.path
        self.args = documented.command[1:]  # the documented command, without "gdapcheck"


def examples():
    return [Example(documented) for documented in examples_readme.read()]


def run(binary, args, stdin=None, env=None):
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment.update(env or {})
    return subprocess.run([binary, *args], capture_output=True, input=stdin, env=environment,
                          cwd=ROOT, timeout=120)


def json_report(binary, example, *extra):
    result = run(binary, example.args + ["--json", *extra])
    return json.loads(result.stdout), result.returncode


@contextlib.contextmanager
def modified_example(file_name, change):
    """A temporary copy of examples/<file_name> after change(snapshot_dict); yields its path."""
    with open(os.path.join(ROOT, "examples", file_name), encoding="utf-8") as handle:
        snapshot = json.load(handle)
    change(snapshot)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(snapshot, handle)
    try:
        yield handle.name
    finally:
        os.unlink(handle.name)


def binary_from_argv():
    if len(sys.argv) < 2:
        sys.exit(f"usage: {sys.argv[0]} GDAPCHECK")
    return os.path.abspath(sys.argv.pop(1))


def artefact_dir(binary, kind):
    """build/test-artifacts/<kind>, beside the build's src/ folder that holds the binary."""
    build = os.path.dirname(os.path.dirname(binary))
    path = os.path.join(build, "test-artifacts", kind)
    os.makedirs(path, exist_ok=True)
    return path


def tenant_name(report, tenant_id):
    """What the reports call a tenant: display name, else domain, else id (report/common)."""
    partner = report["partner"]
    if tenant_id == partner["tenantId"]:
        return partner["displayName"] or tenant_id
    for customer in report["customers"]:
        if customer["tenantId"] == tenant_id:
            return customer["displayName"] or customer["defaultDomain"] or tenant_id
    return tenant_id


SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def fails(finding, fail_on):
    return fail_on != "never" and SEVERITY_RANK[finding["severity"]] >= SEVERITY_RANK[fail_on]
