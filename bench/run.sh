#!/usr/bin/env bash
# Offline diagnosis speed and memory: wall time, CPU time and peak RSS of
# `gdapcheck tenant --snapshot` on synthetic partners of growing size; medians of several runs.
# Not part of the test suite.
#
# Usage: bench/run.sh [GDAPCHECK] [RUNS] [SIZES] [FORMATS] [unreadable]
#   GDAPCHECK  default build/src/gdapcheck
#   RUNS       default 7
#   SIZES      customers per partner, comma-separated (default 10,100,1000,5000; the
#              100,000-customer figure in bench/README.md is `bench/run.sh BINARY 3 100000`)
#   FORMATS    report formats, comma-separated (default json,text; also markdown,html,csv,junit)
#   unreadable every customer's service principals and conditional access policies could not be
#              read (make_snapshot.py --unreadable): the most read errors and gaps per customer
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/src/gdapcheck}
runs=${2:-7}
sizes=${3:-10,100,1000,5000}
formats=${4:-json,text}
snapshot_flags=()
if [ "${5:-}" = unreadable ]; then
  snapshot_flags=(--unreadable)
elif [ -n "${5:-}" ]; then
  echo "bench/run.sh: the fifth argument is \"unreadable\" or nothing, not \"$5\"" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '%-10s %-7s %-10s %-10s %-14s %-12s %-12s\n' customers format "median ms" "median CPU s" \
  "median MB RSS" "ms/customer" "KB/customer"
for customers in ${sizes//,/ }; do
  python3 bench/make_snapshot.py "$customers" "$work/snapshot.json" "${snapshot_flags[@]}"
  for format in ${formats//,/ }; do
    : >"$work/ms"; : >"$work/kb"; : >"$work/cpu"
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      /usr/bin/time -f '%M %U %S' -o "$work/time" "$binary" tenant --snapshot "$work/snapshot.json" \
        --format "$format" --as-of 2026-11-20T09:00:00Z >/dev/null 2>&1 || true
      end=$(date +%s%N)
      echo $(( (end - start) / 1000000 )) >>"$work/ms"
      # The last line: a failing run (findings exit 1) puts "Command exited..." before it.
      read -r kb user system < <(tail -n 1 "$work/time")
      echo "$kb" >>"$work/kb"
      awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f\n", u + s}' >>"$work/cpu"
    done
    ms=$(median <"$work/ms")
    kb=$(median <"$work/kb")
    cpu=$(median <"$work/cpu")
    printf '%-10s %-7s %-10s %-12s %-14s %-12s %-12s\n' "$customers" "$format" "$ms" "$cpu" \
      "$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')" \
      "$(awk -v m="$ms" -v c="$customers" 'BEGIN {printf "%.3f", m / c}')" \
      "$(awk -v k="$kb" -v c="$customers" 'BEGIN {printf "%.1f", k / c}')"
  done
done
