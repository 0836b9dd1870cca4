#!/usr/bin/env python3
"""The command line on bad input and on terminals: clear errors naming the file and the place,
exit 2 and never a crash; customer selection; colour only on a terminal and never with NO_COLOR.

Usage: test_cli_input.py GDAPCHECK
"""
import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile
from checklist import check, expect_input_error, report


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AS_OF = ["--as-of", "2026-11-20T09:00:00Z"]


def run(binary, args, env=None):
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([binary] + args, capture_output=True, text=True, env=full_env, cwd=ROOT, timeout=60)


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="gdapcheck-e2e-")
    try:
        healthy = os.path.join(ROOT, "examples", "healthy.json")
        with open(healthy) as handle:
            text = handle.read()
        snapshot = json.loads(text)

        truncated = os.path.join(tmp, "truncated.json")
        with open(truncated, "w") as handle:
            handle.write(text[: len(text) // 2])
        expect_input_error("truncated snapshot", run(binary, ["tenant", "--snapshot", truncated]),
                           truncated, "truncated")

        wrong = json.loads(text)
        wrong["partner"]["relationships"]["value"][0]["status"] = 5
        wrong["customers"][1]["signIn"] = {"value": {"succeeded": "yes"}}
        wrong["partner"]["typo"] = True
        bad_types = os.path.join(tmp, "bad-types.json")
        with open(bad_types, "w") as handle:
            json.dump(wrong, handle)
        expect_input_error("wrong types are all named with their JSON path", run(binary, ["tenant", "--snapshot", bad_types]), bad_types,
                           "/partner/relationships/value/0/status: expected a string, got a number",
                           "/customers/1/signIn/value/succeeded: expected true or false",
                           '/partner/typo: unknown key "typo"')

        newer = json.loads(text)
        newer["schemaVersion"] = 99
        newer_path = os.path.join(tmp, "newer.json")
        with open(newer_path, "w") as handle:
            json.dump(newer, handle)
        expect_input_error("newer schema version", run(binary, ["tenant", "--snapshot", newer_path]),
                           "/schemaVersion", "unsupported snapshot schema version 99")

        not_object = os.path.join(tmp, "array.json")
        with open(not_object, "w") as handle:
            handle.write("[1, 2, 3]\n")
        expect_input_error("snapshot that is not an object", run(binary, ["tenant", "--snapshot", not_object]),
                           "expected an object")

        huge = os.path.join(tmp, "huge-string.json")
        long_name = json.loads(text)
        long_name["customers"][0]["displayName"] = "x" * 5_000_000
        with open(huge, "w") as handle:
            json.dump(long_name, handle)
        proc = run(binary, ["tenant", "--snapshot", huge, "--json"] + AS_OF)
        check("a 5 MB display name is handled, not a crash", proc.returncode == 0, proc.stderr[:300])

        expect_input_error("missing snapshot file", run(binary, ["tenant", "--snapshot", os.path.join(tmp, "nope.json")]),
                           "nope.json")

        expect_input_error("unknown customer", run(binary, ["tenant", "nosuch.example", "--snapshot", healthy]),
                           'unknown customer "nosuch.example"')
        expect_input_error("a typo suggests the customer", run(binary, ["tenant", "Fabrikm Inc", "--snapshot", healthy]),
                           'unknown customer "Fabrikm Inc": no customer has this tenant id, domain or name; '
                           'did you mean "Fabrikam Inc (fabrikam.com)"?')
        proc = run(binary, ["tenant", "FABRIK", "--snapshot", healthy, "--json"])
        named = [c["displayName"] for c in json.loads(proc.stdout)["customers"]] if proc.returncode == 0 else []
        check("part of a name selects its one customer", named == ["Fabrikam Inc"],
              f"exit {proc.returncode}: {proc.stderr.strip()[:300]}")
        expect_input_error("part of several names is ambiguous", run(binary, ["tenant", ".com", "--snapshot", healthy]),
                           'customer ".com" is ambiguous')
        expect_input_error("unknown profile", run(binary, ["tenant", "--snapshot", healthy, "--profile", "nosuch"]),
                           "unknown profile 'nosuch'", "default")
        expect_input_error("bad --as-of", run(binary, ["tenant", "--snapshot", healthy, "--as-of", "yesterday"]),
                           "--as-of")
        expect_input_error("bad --fail-on", run(binary, ["tenant", "--snapshot", healthy, "--fail-on", "sometimes"]),
                           "--fail-on")

        # A rules directory with several broken files: every problem reported, each with file and place.
        rules = os.path.join(tmp, "rules")
        shutil.copytree(os.path.join(ROOT, "rules"), rules)
        broken = os.path.join(rules, "gdap.missing-roles.json")
        with open(broken) as handle:
            rule = json.load(handle)
        rule["severity"] = "critical"
        rule["colour"] = "red"
        rule["detail"] = "Missing {nosuchKey}"
        with open(broken, "w") as handle:
            json.dump(rule, handle)
        with open(os.path.join(rules, "csp.mfa-not-prompted.json"), "w") as handle:
            handle.write('{"id": "csp.mfa-not-prompted", "check": "no-such-check"')
        proc = expect_input_error("every problem of every rule file", run(binary, ["tenant", "--snapshot", healthy, "--rules-dir", rules]),
                                  "gdap.missing-roles.json: /severity", "gdap.missing-roles.json: /colour",
                                  "gdap.missing-roles.json: /detail: unknown placeholder '{nosuchKey}'",
                                  "csp.mfa-not-prompted.json: /: invalid JSON")
        proc = run(binary, ["rules", "--rules-dir", rules])
        check("rules command on broken rules exits 2", proc.returncode == 2, proc.stderr[:300])

        profile = os.path.join(tmp, "profile.json")
        with open(profile, "w") as handle:
            json.dump({"name": "mine", "requiredRoles": ["Exchange Admin"], "severity": {"gdap.nope": "error"}}, handle)
        expect_input_error("bad profile file", run(binary, ["tenant", "--snapshot", healthy, "--profile", profile]),
                           profile, "/requiredRoles/0", 'unknown role "Exchange Admin"', "/severity/gdap.nope")

        # Customer selection by id, domain and name, case-insensitive.
        for query in ["5e8a1c4f-2d7b-4a9e-8c3f-6b1d4e7a0c29", "FABRIKAM.COM", "fabrikam.onmicrosoft.com", "fabrikam inc"]:
            proc = run(binary, ["tenant", query, "--snapshot", healthy, "--json"] + AS_OF)
            names = [c["displayName"] for c in json.loads(proc.stdout)["customers"]] if proc.returncode == 0 else []
            check(f"select customer by {query!r}", names == ["Fabrikam Inc"], f"exit {proc.returncode} {names}")

        # rules command.
        proc = run(binary, ["rules"])
        ids = [f[:-5] for f in os.listdir(os.path.join(ROOT, "rules")) if f.endswith(".json")]
        check("rules lists every rule with severity", proc.returncode == 0 and
              all(i in proc.stdout for i in ids) and "warning" in proc.stdout, proc.stdout[:300])
        proc = run(binary, ["rules", "tenant.missing-service-principal"])
        check("rules ID shows remediation", proc.returncode == 0 and "New-MgServicePrincipal" in proc.stdout)
        proc = run(binary, ["rules", "gdap.nope"])
        check("rules with unknown id exits 2", proc.returncode == 2 and "gdap.nope" in proc.stderr)

        # Colour: only on a terminal, never with NO_COLOR or --no-color.
        example = os.path.join(ROOT, "examples", "gdap-missing-roles.json")
        for label, env, extra, want in [("terminal", {}, [], True), ("NO_COLOR", {"NO_COLOR": "1"}, [], False),
                                        ("--no-color", {}, ["--no-color"], False)]:
            out = run_in_terminal(binary, extra + ["tenant", "--snapshot", example] + AS_OF, env)
            check(f"colour on a terminal ({label})", ("\x1b[" in out) == want, repr(out[:200]))
        proc = run(binary, ["tenant", "--snapshot", example] + AS_OF)
        check("no colour when stdout is not a terminal", "\x1b[" not in proc.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    return report()


def run_in_terminal(binary, args, env):
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env["TERM"] = "xterm"
    full_env.update(env)
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execve(binary, [binary] + args, full_env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


if __name__ == "__main__":
    sys.exit(main())
