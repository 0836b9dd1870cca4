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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEALTHY = os.path.join(ROOT, "examples", "healthy.json")
AS_OF = ["--as-of", "2026-11-20T09:00:00Z"]
results = []


def run(binary, args, cwd=ROOT, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GDAPCHECK_")}
    env["NO_COLOR"] = "1"
    return subprocess.run([binary] + args, capture_output=True, text=True, env=env, cwd=cwd,
                          input=stdin, timeout=60)


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def expect_refusal(binary, name, args, *fragments, absent=(), cwd=ROOT):
    """Exit 2, nothing on stdout, every fragment on stderr, none of `absent`."""
    proc = run(binary, args, cwd=cwd)
    ok = (proc.returncode == 2 and proc.stdout == "" and all(f in proc.stderr for f in fragments)
          and not any(a in proc.stderr for a in absent))
    check(name, ok, f"exit {proc.returncode}, stdout {proc.stdout[:200]!r}, stderr: {proc.stderr.strip()[:600]}")
    return proc


def expect_success(binary, name, args, want_exit=0, cwd=ROOT):
    proc = run(binary, args, cwd=cwd)
    check(name, proc.returncode == want_exit, f"exit {proc.returncode}, stderr: {proc.stderr.strip()[:600]}")
    return proc


def unknown_commands_and_options(binary):
    expect_refusal(binary, "unknown command suggests the closest", ["tenat"],
                   "gdapcheck: unknown command 'tenat'; did you mean 'tenant'?\n",
                   "Run 'gdapcheck --help' for usage.", absent=["A subcommand is required"])
    expect_refusal(binary, "unknown command in another case", ["WHOAMI"], "did you mean 'whoami'?")
    expect_refusal(binary, "unknown command with its arguments", ["rlues", "gdap.missing-roles"],
                   "unknown command 'rlues'; did you mean 'rules'?",
                   absent=["not expected", "gdap.missing-roles'"])
    expect_refusal(binary, "unknown command far from all lists the commands", ["frobnicate"],
                   "unknown command 'frobnicate' (commands: tenant, rules, login, logout, whoami)")
    expect_refusal(binary, "no command at all lists the commands", [],
                   "no command given (commands: tenant, rules, login, logout, whoami)")
    expect_refusal(binary, "a global option alone is no command", ["--verbose"], "no command given")

    expect_refusal(binary, "unknown option suggests the closest option of the command",
                   ["tenant", "--profle", "cipp", "--snapshot", HEALTHY],
                   "gdapcheck: unknown option '--profle' for 'tenant'; did you mean '--profile'?",
                   "Run 'gdapcheck tenant --help' for usage.", absent=["not expected"])
    expect_refusal(binary, "unknown option with =value", ["tenant", "--profle=cipp", "--snapshot", HEALTHY],
                   "unknown option '--profle' for 'tenant'; did you mean '--profile'?", absent=["=cipp"])
    expect_refusal(binary, "unknown option of login", ["login", "--tenat", "contoso.com"],
                   "unknown option '--tenat' for 'login'; did you mean '--tenant'?")
    expect_refusal(binary, "a global option's typo after the command", ["tenant", "--verbos", "--snapshot", HEALTHY],
                   "did you mean '--verbose'?")
    expect_refusal(binary, "an option of another command gets no false suggestion", ["login", "--json"],
                   "unknown option '--json' for 'login'", absent=["did you mean"])
    expect_refusal(binary, "a command's option before the command", ["--json", "tenant", "--snapshot", HEALTHY],
                   "'--json' goes after the command: gdapcheck tenant --json")
    expect_refusal(binary, "a command's option and no command", ["--format", "json"],
                   "'--format' goes after the command it belongs to (tenant)", "no command given",
                   absent=["unknown command 'json'"])
    expect_refusal(binary, "an option shared by commands and no command", ["--json"],
                   "'--json' goes after the command it belongs to (tenant, whoami)")
    expect_refusal(binary, "a global option's typo before a mistyped command", ["--verbos", "tenat"],
                   "unknown option '--verbos'; did you mean '--verbose'?",
                   "unknown command 'tenat'; did you mean 'tenant'?")
    expect_refusal(binary, "an extra argument is named with its command", ["logout", "now"],
                   "unexpected argument 'now' for 'logout'")
    # A secret typed after a mistyped option is neither echoed nor offered the hidden trap option.
    expect_refusal(binary, "a mistyped secret option does not echo its value",
                   ["login", "--client-secre", "s3cr3t-value-xyz"],
                   "unknown option '--client-secre' for 'login'; did you mean '--client-secret-stdin'?",
                   absent=["s3cr3t-value-xyz"])


def enum_values(binary, tmp):
    proc = expect_success(binary, "--format in capitals", ["tenant", "--snapshot", HEALTHY, "--format", "MarkDown"] + AS_OF)
    check("--format MarkDown prints markdown", "- [" in proc.stdout or "|" in proc.stdout, proc.stdout[:300])
    proc = expect_success(binary, "--format JSON", ["tenant", "--snapshot", HEALTHY, "--format", "JSON"] + AS_OF)
    check("--format JSON prints JSON", proc.stdout.startswith("{") and json.loads(proc.stdout)["complete"] is True)
    expect_refusal(binary, "unknown --format lists the formats", ["tenant", "--snapshot", HEALTHY, "--format", "htm"],
                   "--format: 'htm' is not one of text, json, markdown")

    expiring = os.path.join(ROOT, "examples", "gdap-relationship-expiring.json")
    expect_success(binary, "--fail-on WARNING", ["tenant", "--snapshot", expiring, "--fail-on", "WARNING",
                                                 "--as-of", "2026-11-20T09:00:00Z"], want_exit=1)
    expect_success(binary, "--fail-on Never", ["tenant", "--snapshot", expiring, "--fail-on", "Never"] + AS_OF)
    expect_refusal(binary, "unknown --fail-on lists the levels", ["tenant", "--snapshot", HEALTHY, "--fail-on", "sometimes"],
                   "--fail-on: 'sometimes' is not one of error, warning, info, never")

    expect_success(binary, "--cloud in capitals", ["--cloud", "USGov", "rules"])
    expect_refusal(binary, "unknown --cloud lists the clouds", ["--cloud", "mars", "rules"],
                   "--cloud: 'mars' is not one of global, usgov, usgovdod, china")

    proc = expect_success(binary, "--profile in capitals", ["tenant", "--snapshot", HEALTHY, "--profile", "CIPP", "--json"] + AS_OF)
    check("--profile CIPP uses the cipp profile", proc.returncode == 0 and json.loads(proc.stdout)["profile"] == "cipp",
          proc.stdout[:200])
    expect_refusal(binary, "unknown --profile lists the shipped profiles", ["tenant", "--snapshot", HEALTHY, "--profile", "nosuch"],
                   "unknown profile 'nosuch': not one of cipp, default, entra-sync, sync365, syncro, nor a profile file")
    # A profile file still works by path, also a bare file name in the working folder.
    shutil.copy(os.path.join(ROOT, "rules", "profiles", "syncro.json"), os.path.join(tmp, "ours"))
    proc = expect_success(binary, "--profile by a bare file name", ["tenant", "--snapshot", HEALTHY, "--profile", "ours",
                                                                   "--json"] + AS_OF, cwd=tmp)
    check("--profile ours reads the file", proc.returncode == 0 and json.loads(proc.stdout)["profile"] == "syncro",
          proc.stdout[:200])
    expect_success(binary, "--profile by path", ["tenant", "--snapshot", HEALTHY, "--profile", os.path.join(tmp, "ours")] + AS_OF)


def conflicts(binary, tmp):
    expect_refusal(binary, "--json with --format markdown", ["tenant", "--snapshot", HEALTHY, "--json", "--format", "markdown"],
                   "--json and --format markdown ask for two different formats")
    expect_refusal(binary, "--json with --format text", ["tenant", "--snapshot", HEALTHY, "--json", "--format", "text"],
                   "--json and --format text")
    proc = expect_success(binary, "--json with --format json is fine",
                          ["tenant", "--snapshot", HEALTHY, "--json", "--format", "JSON"] + AS_OF)
    check("--json --format json prints JSON", proc.stdout.startswith("{"))

    copy = os.path.join(tmp, "copy.json")
    shutil.copy(HEALTHY, copy)
    with open(copy, "rb") as handle:
        before = handle.read()
    expect_refusal(binary, "--save-snapshot over the --snapshot it reads", ["tenant", "--snapshot", copy, "--save-snapshot", copy],
                   "would overwrite the --snapshot file it reads")
    other_spelling = os.path.join(tmp, "sub", "..", "copy.json")
    os.makedirs(os.path.join(tmp, "sub"))
    expect_refusal(binary, "the same file spelled differently", ["tenant", "--snapshot", copy, "--save-snapshot", other_spelling],
                   "would overwrite")
    expect_refusal(binary, "the same file by a relative path", ["tenant", "--snapshot", "copy.json", "--save-snapshot",
                                                                "./copy.json"], "would overwrite", cwd=tmp)
    link = os.path.join(tmp, "link.json")
    os.symlink(copy, link)
    expect_refusal(binary, "the same file through a symlink", ["tenant", "--snapshot", copy, "--save-snapshot", link],
                   "would overwrite")
    with open(copy, "rb") as handle:
        check("the refused runs left the snapshot alone", handle.read() == before)
    resaved = os.path.join(tmp, "resaved.json")
    expect_success(binary, "--save-snapshot to another file is fine",
                   ["tenant", "--snapshot", copy, "--save-snapshot", resaved] + AS_OF)
    check("the other file was written", os.path.exists(resaved))

    for args, flag in [(["--app", "Contoso Sync"], "--app"), (["--app-id", "00000000-0000-0000-0000-000000000001"], "--app"),
                       (["--concurrency", "8"], "--concurrency")]:
        expect_refusal(binary, f"{args[0]} with --snapshot", ["tenant", "--snapshot", HEALTHY] + args,
                       f"{flag} applies to live collection only; --snapshot reads saved facts offline")
    expect_refusal(binary, "--cloud with --snapshot", ["--cloud", "usgov", "tenant", "--snapshot", HEALTHY],
                   "--cloud applies to live collection only")

    expect_refusal(binary, "two app-only credentials", ["login", "--client-secret-stdin", "--certificate", "cert.pem"],
                   "--client-secret-stdin and --certificate are two different credentials")
    expect_refusal(binary, "a certificate key without its certificate", ["login", "--certificate-key", "key.pem"],
                   "--certificate-key needs --certificate")


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="gdapcheck-e2e-")
    try:
        unknown_commands_and_options(binary)
        enum_values(binary, tmp)
        conflicts(binary, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    failed = [r for r in results if not r[1]]
    for name, ok, detail in results:
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
