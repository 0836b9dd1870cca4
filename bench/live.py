#!/usr/bin/env python3
"""Live-collection benchmark: `gdapcheck tenant --json` against the loopback emulator playing
Microsoft Graph with injected network latency.

For each size (default 1,000 and 5,000 synthetic healthy customers) the emulator serves the
partner and every customer with `network.latency_ms` (default 100) on every request. gdapcheck
signs in first (not timed); each timed run starts from a copy of that fresh token cache, so every
run redeems one token per customer as a first run would. Configurations: the defaults, the
defaults with 5 % of Graph requests throttled (429, Retry-After 1), and `--concurrency 64` (a
fixed 64 in flight, the earlier default) for comparison on the same machine at the same time.

Printed per configuration: median wall time of the runs, requests by kind and per customer
(from the emulator's graph_stats, tokens included), 429s sent, peak requests in flight, peak RSS
and CPU time of gdapcheck, the emulator's CPU time, the machine's load average, and the ratio of
the wall time to the critical path: the longest chain of dependent round trips, which is the
partner's relationship pages (300 a page, one after the other) plus a customer's token and its
$batch of reads.

Usage: bench/live.py [GDAPCHECK] [--sizes 1000,5000] [--runs 5] [--latency-ms 100]
                     [--configs defaults,throttled,fixed64]
"""

import argparse
import random
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
import harness  # noqa: E402
import scenario_from_snapshot  # noqa: E402

RELATIONSHIPS_PER_PAGE = 300  # the collector's $top for delegatedAdminRelationships


def critical_path_round_trips(scenario):
    """The partner's relationship pages come one after the other; the customers named on the
    last page then need their token and their $batch of reads."""
    relationships = len(scenario["graph"]["partner"]["relationships"])
    return -(-relationships // RELATIONSHIPS_PER_PAGE) + 2


def ideal_client_seconds(customers, pages, parts_per_customer, latency_s, rate_429, retry_after_s,
                         trials=400, seed=1):
    """The median time of an ideal client under the emulator's fault model: unlimited requests in
    flight, no CPU time, Retry-After honoured to the millisecond. Every request and every $batch
    part is throttled independently with probability `rate_429` (as tests/emulator does). The
    chain per customer: its relationship page (pages come one after the other), its token, its
    $batch, and any throttled part re-sent alone. With no throttling this is the critical path;
    with it, the slowest of many customers waits out several Retry-Afters, which no client can
    avoid while honouring them."""
    rng = random.Random(seed)

    def one_request():
        elapsed = latency_s
        while rng.random() < rate_429:
            elapsed += retry_after_s + latency_s
        return elapsed

    results = []
    for _ in range(trials):
        page_done, elapsed = [], 0.0
        for _ in range(pages):
            elapsed += one_request()
            page_done.append(elapsed)
        slowest = 0.0
        whole_parts, extra_part = divmod(parts_per_customer, 1)
        for customer in range(customers):
            finished = page_done[min(customer * pages // customers, pages - 1)] + one_request() + one_request()
            parts = int(whole_parts) + (1 if rng.random() < extra_part else 0)
            resent = max((retry_after_s + one_request() for _ in range(parts) if rng.random() < rate_429),
                         default=0.0)
            slowest = max(slowest, finished + resent)
        results.append(slowest)
    return statistics.median(results)


CONFIGS = {
    "defaults": ([], {}),
    "throttled": ([], {"rate_429": 0.05, "retry_after": 1}),
    "fixed64": (["--concurrency", "64"], {}),
}
CONFIG_NAMES = {"defaults": "defaults", "throttled": "defaults, 5% 429", "fixed64": "--concurrency 64"}


def emulator_cpu_seconds(emu):
    with open(f"/proc/{emu.process.pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# gdapcheck is started by this small launcher, not by the benchmark itself: a child's ru_maxrss
# includes what it had before exec, and a child forked from this (growing) Python process would
# report this process's size instead of gdapcheck's whenever that is larger.
LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open(os.environ["GDAP_BENCH_USAGE"], "w") as handle:
    handle.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_run(binary, args, env):
    """Wall time, exit code, peak RSS (MB) and CPU time of one gdapcheck run, and its report."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r", suffix=".usage") as usage_file:
        launcher_env = dict(env, GDAP_BENCH_USAGE=usage_file.name)
        started = time.monotonic()
        process = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, binary] + args, env=launcher_env,
                                 stdout=out, stderr=err)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        usage_file.seek(0)
        maxrss_kb, cpu = (usage_file.read().split() or ["0", "0"])[:2]
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        report = None
    return {"wall": wall, "code": process.returncode, "rss_mb": int(maxrss_kb) / 1024.0,
            "cpu": float(cpu), "report": report, "stderr": stderr}


def bench_size(binary, customers, latency_ms, runs, configs):
    scenario = scenario_from_snapshot.synthetic(customers, seed=customers)
    scenario["network"] = {"latency_ms": latency_ms}
    round_trips = critical_path_round_trips(scenario)
    results = []
    with tempfile.TemporaryDirectory() as tmp, harness.Emulator(scenario) as emu:
        login_cache = os.path.join(tmp, "login-cache")
        harness.login(binary, emu, login_cache)
        for key in configs:
            args, faults = CONFIGS[key]
            name = CONFIG_NAMES[key]
            emu.update({"faults": dict({"seed": 1, "rate_429": 0.0, "retry_after": 1}, **faults)})
            samples = []
            for number in range(runs):
                cache = os.path.join(tmp, f"cache-{name}-{number}")
                shutil.copytree(login_cache, cache)
                harness.reset_stats(emu)
                cpu_before = emulator_cpu_seconds(emu)
                run = timed_run(binary, ["tenant", "--json", *args], harness.clean_env(emu, cache))
                run["emulator_cpu"] = emulator_cpu_seconds(emu) - cpu_before
                run["load"] = os.getloadavg()[0]
                run["stats"] = emu.state()["graph_stats"]
                shutil.rmtree(cache)
                if run["report"] is None or run["code"] != 0:
                    print(f"  {name} run {number}: exit {run['code']}\n{run['stderr'][-2000:]}", file=sys.stderr)
                samples.append(run)
            results.append((key, samples))
    return round_trips, results


def summarise(customers, latency_ms, round_trips, key, samples):
    name = CONFIG_NAMES[key]
    walls = [s["wall"] for s in samples]
    median = statistics.median(walls)
    typical = sorted(samples, key=lambda s: s["wall"])[len(samples) // 2]
    stats = typical["stats"]
    report = typical["report"] or {}
    statuses = {}
    for customer in report.get("customers", []):
        statuses[customer["status"]] = statuses.get(customer["status"], 0) + 1
    critical = round_trips * latency_ms / 1000.0
    faults = CONFIGS[key][1]
    parts_per_customer = stats["subrequests_total"] / customers
    ideal = ideal_client_seconds(customers, round_trips - 2, parts_per_customer,
                                 latency_ms / 1000.0, faults.get("rate_429", 0.0), faults.get("retry_after", 1))
    return {
        "customers": customers, "config": name, "runs": len(samples),
        "critical_path_round_trips": round_trips,
        "load_average": round(statistics.median(s["load"] for s in samples), 1),
        "median_s": round(median, 3), "min_s": round(min(walls), 3), "max_s": round(max(walls), 3),
        "critical_path_s": critical, "ratio_to_critical_path": round(median / critical, 2),
        "ideal_client_s": round(ideal, 2), "ratio_to_ideal_client": round(median / ideal, 2),
        "requests_total": stats["requests_total"],
        "requests_per_customer": round(stats["requests_total"] / customers, 2),
        "requests_by_kind": stats["requests"], "subrequests_total": stats["subrequests_total"],
        "throttled_429": stats["throttled"]["total"], "peak_in_flight": stats["peak_in_flight"],
        "connections": stats.get("connections"),
        "peak_rss_mb": round(max(s["rss_mb"] for s in samples), 1),
        "median_rss_mb": round(statistics.median(s["rss_mb"] for s in samples), 1),
        "emulator_cpu_s": round(typical["emulator_cpu"], 2),
        "gdapcheck_cpu_s": round(typical["cpu"], 2),
        "exit_codes": sorted({s["code"] for s in samples}), "complete": report.get("complete"),
        "statuses": statuses,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", nargs="?", default=os.path.join(ROOT, "build", "src", "gdapcheck"))
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--configs", default="defaults,throttled,fixed64",
                        help="which of " + ", ".join(CONFIGS) + " to run, comma-separated")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON too")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    configs = [c for c in args.configs.split(",") if c]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration {', '.join(unknown)}; choose from {', '.join(CONFIGS)}")
    summaries = []
    # Benchmark a private copy (with its rules), so a rebuild of the shared build directory
    # during the runs cannot mix two builds or fail a run.
    private = tempfile.mkdtemp(prefix="gdapcheck-bench-")
    rules = os.path.join(os.path.dirname(binary), "rules")
    shutil.copytree(rules if os.path.isdir(rules) else os.path.join(ROOT, "rules"), os.path.join(private, "rules"))
    shutil.copy2(binary, os.path.join(private, "gdapcheck"))
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            round_trips, results = bench_size(os.path.join(private, "gdapcheck"), size, args.latency_ms, args.runs,
                                              configs)
            for key, samples in results:
                summaries.append(summarise(size, args.latency_ms, round_trips, key, samples))
    finally:
        shutil.rmtree(private)
    header = (f"{'customers':>9}  {'configuration':<18} {'median s':>8} {'crit s':>6} {'x crit':>6} {'ideal s':>7} {'x ideal':>7} {'req':>6} "
              f"{'req/cust':>8} {'429s':>5} {'peak':>5} {'RSS MB med/max':>14} {'CPU s':>5} {'emu CPU':>7} "
              f"{'load':>5}  statuses")
    print(f"latency {args.latency_ms} ms per request; critical path = (relationship pages + 2) x latency; "
          f"ideal s = the median of an ideal client under the same faults (see ideal_client_seconds); "
          f"median of {args.runs} runs; load = the 1-minute load average of this {os.cpu_count()}-core machine")
    print(header)
    for s in summaries:
        statuses = ",".join(f"{k}={v}" for k, v in sorted(s["statuses"].items()))
        print(f"{s['customers']:>9}  {s['config']:<18} {s['median_s']:>8.2f} {s['critical_path_s']:>6.1f} "
              f"{s['ratio_to_critical_path']:>6.2f} {s['ideal_client_s']:>7.2f} {s['ratio_to_ideal_client']:>7.2f} "
              f"{s['requests_total']:>6} {s['requests_per_customer']:>8.2f} "
              f"{s['throttled_429']:>5} {s['peak_in_flight']:>5} {s['median_rss_mb']:>6.1f} / {s['peak_rss_mb']:>5.1f} "
              f"{s['gdapcheck_cpu_s']:>5.2f} {s['emulator_cpu_s']:>7.2f} {s['load_average']:>5.1f}  {statuses}")
    for s in summaries:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(s["requests_by_kind"].items()))
        print(f"  {s['customers']} / {s['config']}: {kinds}; {s['subrequests_total']} sub-requests; "
              f"{s['connections']} connections; "
              f"exit {s['exit_codes']}; runs {s['min_s']:.2f}-{s['max_s']:.2f} s")
    if args.json:
        print(json.dumps(summaries, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
