#!/usr/bin/env python3
"""gdapcheck explain: a pasted error in, its meaning, causes, fix and confirming command out.
Exit codes (0 recognised, 1 not, 2 usage), standard input, the JSON shape, --list, secrets never
echoed, and hostile input (50 MB, binary, invalid UTF-8, NUL bytes) answered in bounded time.

Usage: test_explain.py GDAPCHECK
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from checklist import check, report


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# An instrumented, unoptimised build (ASan + UBSan) is ten times slower or more: time bounds that
# fit an optimised build would only measure the sanitizers.
SANITIZED = os.environ.get("GDAP_SANITIZED") == "1"

PARTNER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
APP = "00001111-aaaa-2222-bbbb-3333cccc4444"
TRACE = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
ISSUE_EXAMPLE = (f"AADSTS50020: User account 'a@b.com' from identity provider 'https://sts.windows.net/"
                 f"{PARTNER_TENANT}/' does not exist in tenant 'Contoso' and cannot access the application "
                 f"'{APP}'(Contoso Sync) in that tenant.")


def run(binary, args, stdin=b"", env=None, timeout=120):
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    # Offline: no proxy or sign-in host would answer, and the token cache is somewhere empty.
    full_env.update({"https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
                     "GDAPCHECK_AUTHORITY_HOST": "http://127.0.0.1:9", "GDAPCHECK_GRAPH_URL": "http://127.0.0.1:9"})
    full_env.update(env or {})
    return subprocess.run([binary] + args, input=stdin, capture_output=True, env=full_env, cwd=ROOT,
                          timeout=timeout)


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds_of(binary, args, stdin=b"", env=None, timeout=300):
    """The process and the processor time it took (not wall time: other jobs share the machine)."""
    before = children_cpu_seconds()
    proc = run(binary, args, stdin=stdin, env=env, timeout=timeout)
    return proc, children_cpu_seconds() - before


def text_of(proc):
    return proc.stdout.decode("utf-8")  # raises if the output is not valid UTF-8


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="gdapcheck-explain-")
    try:
        cases(binary, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


def cases(binary, tmp):
    env = {"GDAPCHECK_CACHE_DIR": os.path.join(tmp, "no-cache")}

    # The issue's example: causes, the rules that confirm them, the command, the ids extracted.
    proc = run(binary, ["explain", ISSUE_EXAMPLE], env=env)
    out = text_of(proc)
    check("issue example: exit 0", proc.returncode == 0, proc.stderr[:300])
    for fragment in ["no GDAP access", "security group", "guest", "gdap.user-not-in-security-group",
                     "gdap.relationship-expired", "Confirm: gdapcheck tenant Contoso", "tenant 'Contoso'", APP,
                     PARTNER_TENANT, "a@b.com", "Most likely cause:"]:
        check(f"issue example text names {fragment!r}", fragment in out, out[:2000])
    check("nothing written to stderr", proc.stderr == b"", proc.stderr[:300])
    check("no colour into a pipe", "\x1b[" not in out)
    check("no token cache was created", not os.path.exists(env["GDAPCHECK_CACHE_DIR"]))

    proc = run(binary, ["explain", "--json", ISSUE_EXAMPLE], env=env)
    report = json.loads(proc.stdout)
    check("--json: exit 0", proc.returncode == 0)
    check("--json: schemaVersion 1", report.get("schemaVersion") == 1)
    check("--json: top-level keys", list(report)[:3] == ["schemaVersion", "matches", "evidence"], list(report))
    match = report["matches"][0]
    check("--json: match keys", list(match)[:9] == ["id", "title", "codes", "meaning", "causes", "fix", "ruleIds",
                                                     "confirm", "references"], list(match))
    check("--json: the entry", match["id"] == "aadsts.50020" and "AADSTS50020" in match["codes"], match["id"])
    check("--json: confirm", match["confirm"] == "gdapcheck tenant Contoso", match["confirm"])
    check("--json: rule ids", "gdap.user-not-in-security-group" in match["ruleIds"])
    check("--json: references are Microsoft's",
          all(r.startswith("https://learn.microsoft.com/") for r in match["references"]))
    evidence = report["evidence"]
    check("--json: evidence keys", list(evidence)[:9] == ["tenantIds", "tenantNames", "appIds", "upns", "traceId",
                                                          "correlationId", "requestId", "timestamp", "httpStatus"],
          list(evidence))
    check("--json: tenant and app ids extracted",
          evidence["tenantIds"] == [PARTNER_TENANT] and evidence["appIds"] == [APP]
          and evidence["tenantNames"] == ["Contoso"] and evidence["upns"] == ["a@b.com"], evidence)
    check("--json: unknown values are null", evidence["traceId"] is None and evidence["httpStatus"] is None)

    # Standard input: a multi-line log with several errors, most specific first.
    log = ("2026-11-20 09:00:01 [contoso.onmicrosoft.com] CSP Auth: Consent Failure\n"
           "2026-11-20 09:00:02 {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS53003: Access has been "
           "blocked by Conditional Access policies.\\r\\nTrace ID: " + TRACE + "\",\"error_codes\":[53003]}\n"
           "2026-11-20 09:00:03 HTTP/1.1 403 Forbidden\n").encode()
    proc = run(binary, ["explain", "--json"], stdin=log, env=env)
    report = json.loads(proc.stdout)
    ids = [m["id"] for m in report["matches"]]
    check("stdin: exit 0", proc.returncode == 0, proc.stderr[:300])
    check("stdin: several errors, most specific first", ids[:2] == ["aadsts.53003", "syncro.consent-failure"], ids)
    check("stdin: a generic status is left out when something specific matched", "http.403-forbidden" not in ids, ids)
    check("stdin: trace id and HTTP status", report["evidence"]["traceId"] == TRACE
          and report["evidence"]["httpStatus"] == 403, report["evidence"])

    proc = run(binary, ["explain", "aadsts.50177"], env=env)
    check("an entry by its id", proc.returncode == 0 and "passthrough" in text_of(proc), proc.stdout[:300])

    # Nothing recognised: exit 1, the closest entries.
    proc = run(binary, ["explain", "the consent thing for the relationship roles is odd"], env=env)
    out = text_of(proc)
    check("unrecognised: exit 1", proc.returncode == 1, proc.returncode)
    check("unrecognised: says so and suggests", "does not recognise" in out and "Closest entries" in out, out)
    proc = run(binary, ["explain", "--json", "AADSTS12345: brand new"], env=env)
    report = json.loads(proc.stdout)
    check("unknown AADSTS code: exit 1, named", proc.returncode == 1 and report["matches"] == []
          and report["unknownCodes"] == ["AADSTS12345"], report)
    out = text_of(run(binary, ["explain", "AADSTS12345"], env=env))
    check("unknown AADSTS code: Microsoft's lookup page", "https://login.microsoftonline.com/error?code=12345" in out)

    # Usage errors: exit 2, nothing on stdout.
    for name, args, stdin in [("no text at all", ["explain"], b""), ("blank stdin", ["explain"], b" \n\t\n"),
                              ("--list with TEXT", ["explain", "--list", "x"], b""),
                              ("unknown flag", ["explain", "--frobnicate", "x"], b"")]:
        proc = run(binary, args, stdin=stdin, env=env)
        check(f"usage: {name}: exit 2", proc.returncode == 2 and proc.stdout == b"", (proc.returncode, proc.stderr))
    rules = os.path.join(tmp, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    broken = os.path.join(rules, "errors", "syncro.json")
    with open(broken) as handle:
        data = json.load(handle)
    data["entries"][0]["confirm"] = "reauthorize"
    data["entries"][1]["ruleIds"] = ["gdap.no-such-rule"]
    with open(broken, "w") as handle:
        json.dump(data, handle)
    proc = run(binary, ["explain", "--rules-dir", rules, "Consent Failure"], env=env)
    err = proc.stderr.decode()
    check("broken catalogue: exit 2 naming file and path", proc.returncode == 2
          and f"{broken}: /entries/0/confirm" in err and f"{broken}: /entries/1/ruleIds/0" in err, err)
    proc = run(binary, ["tenant", "--rules-dir", rules, "--snapshot", os.path.join(ROOT, "examples", "healthy.json")],
               env=env)
    check("broken catalogue stops the tenant command too (exit 2)", proc.returncode == 2, proc.stderr[:300])
    shutil.rmtree(os.path.join(rules, "errors"))
    # A rules folder of one's own without errors/ keeps the shipped catalogue in force.
    proc = run(binary, ["explain", "--rules-dir", rules, "Consent Failure"], env=env)
    check("--rules-dir without errors/: the shipped catalogue", proc.returncode == 0, proc.stderr)
    # With no shipped rules beside the binary (copied out of its install), the catalogue is missing.
    alone = os.path.join(tmp, "bin")
    os.makedirs(alone)
    shutil.copy2(binary, os.path.join(alone, "gdapcheck"))
    proc = run(os.path.join(alone, "gdapcheck"), ["explain", "--rules-dir", rules, "x"], env=env)
    check("missing catalogue: exit 2", proc.returncode == 2 and b"error catalogue not found" in proc.stderr,
          proc.stderr)

    # --list, text and JSON: every entry of every file.
    expected = set()
    for name in os.listdir(os.path.join(ROOT, "rules", "errors")):
        with open(os.path.join(ROOT, "rules", "errors", name)) as handle:
            expected.update(e["id"] for e in json.load(handle)["entries"])
    proc = run(binary, ["explain", "--list"], env=env)
    out = text_of(proc)
    check("--list: exit 0 and every id", proc.returncode == 0 and all(i in out for i in expected), len(expected))
    proc = run(binary, ["explain", "--list", "--json"], env=env)
    listed = json.loads(proc.stdout)
    check("--list --json: every id with its title", {e["id"] for e in listed["entries"]} == expected
          and all(e["title"] for e in listed["entries"]))

    # Secrets in the paste are never printed back, in text or JSON.
    jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiI1YjE4Mzc5YiIsImFtciI6WyJwd2QiXX0.c2lnbmF0dXJl"
    secret = "abc8Q~R2x.Vg6_kLmN3pQrStUvWxYz0123456789-AbC"
    refresh = "0.AVYAv4j5cvGGr0GRqy180BHbR2sE9IUs3iVOm7WBIqDOtOqBAFk.AgABAAEAAAD--DLA3VO7QrddgJg7WevrAgDs"
    paste = (f"Authorization: Bearer {jwt}\nclient_secret={secret}&refresh_token={refresh}\npassword: Hunter2Hunter2\n"
             f"{ISSUE_EXAMPLE}").encode()
    for args in (["explain"], ["explain", "--json"]):
        proc = run(binary, args, stdin=paste, env=env)
        leaked = [s for s in (jwt, secret, refresh, "Hunter2Hunter2", jwt[:20]) if s.encode() in proc.stdout + proc.stderr]
        check(f"secrets hidden ({' '.join(args)})", proc.returncode == 0 and not leaked, leaked)

    # Hostile input: binary, NUL bytes, invalid UTF-8 — a clear answer, valid UTF-8 out, no crash.
    garbage = bytes((i * 7919) % 256 for i in range(200_000))
    proc = run(binary, ["explain"], stdin=garbage, env=env)
    check("binary garbage: exit 1, said plainly", proc.returncode == 1 and "binary data" in text_of(proc),
          (proc.returncode, proc.stdout[:200], proc.stderr[:200]))
    proc = run(binary, ["explain", "--json"], stdin=b"\x00\xff\xfeAADSTS53003\x00 blocked \xc3\x28", env=env)
    check("NUL and invalid UTF-8 around a code: recognised", proc.returncode == 0
          and json.loads(proc.stdout)["matches"][0]["id"] == "aadsts.53003", proc.stdout[:300])
    proc = run(binary, ["explain"], stdin="Consent Failure \udcff".encode("utf-8", "surrogateescape"), env=env)
    check("invalid UTF-8: output is valid UTF-8", proc.returncode == 0 and text_of(proc))

    # A 50 MB paste: linear, bounded time, the error at its end still found.
    line = b"2026-11-20T09:00:12Z INFO sync tenant=5b18379b-2b4e-4c3a-9d1e-7f6a5b4c3d2e ok <b>&amp;</b> 42\n"
    big = line * (50 * 1024 * 1024 // len(line)) + b"AADSTS7000222: The provided client secret keys are expired."
    proc, elapsed = cpu_seconds_of(binary, ["explain", "--json"], stdin=big, env=env, timeout=280)
    bound = 200 if SANITIZED else 30  # about 2.5 s of processor time in an optimised build
    check(f"50 MB paste: recognised in {elapsed:.1f} s of processor time (bound {bound} s)",
          proc.returncode == 0 and elapsed < bound
          and json.loads(proc.stdout)["matches"][0]["id"] == "aadsts.7000222", (proc.returncode, proc.stderr[:300]))

    # Instant: explain costs little beyond starting the program at all (which loads the HTTP and
    # TLS libraries every command links): it reads the catalogue, nothing else. Best of several
    # runs; the bound leaves room for a machine busy with other jobs (about 5 ms more when idle).
    if not SANITIZED:
        def best(args):
            return min(cpu_seconds_of(binary, args, env=env)[1] for _ in range(7))
        bare = best(["--version"])
        explain = best(["explain", "AADSTS53003"])
        check(f"explain starts fast: {explain * 1000:.1f} ms of processor time, {bare * 1000:.1f} ms for --version "
              f"(bound: 40 ms more)", explain - bare < 0.040, (explain, bare))

    # gdapcheck rules ID names the catalogue entries linked to the rule.
    proc = run(binary, ["rules", "tenant.conditional-access-blocks-partner"], env=env)
    out = text_of(proc)
    check("rules ID lists the errors it explains", proc.returncode == 0 and "Errors it explains" in out
          and "aadsts.53003" in out and "aadsts.50178" in out, out[-800:])


if __name__ == "__main__":
    sys.exit(main())
