"""The pass/fail list of the end-to-end scripts that check many things in one run: each check is
recorded with what was seen, every one is printed at the end, and the script fails if any did.
"""
results = []


def check(name, condition, detail=""):
    """Records one check; returns whether it held (so a script can skip what depends on it)."""
    results.append((name, bool(condition), detail))
    return bool(condition)


def expect_input_error(name, proc, *fragments):
    """Bad input as gdapcheck must answer it: exit 2, every fragment on stderr, nothing on stdout."""
    ok = proc.returncode == 2 and all(f in proc.stderr for f in fragments) and proc.stdout == ""
    check(name, ok, f"exit {proc.returncode}, stderr: {proc.stderr.strip()[:600]}")
    return proc


def report():
    """Prints every check (the failures with what was seen) and returns the exit code."""
    failed = [r for r in results if not r[1]]
    for name, ok, detail in results:
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0
