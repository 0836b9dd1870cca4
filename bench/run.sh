#!/usr/bin/env bash
# Offline diagnosis speed and memory: wall time and peak RSS of `gdapcheck tenant --snapshot`
# on synthetic partners of growing size; medians of several runs. Not part of the test suite.
#
# Usage: bench/run.sh [GDAPCHECK] [RUNS]   (default build/src/gdapcheck, 7 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/src/gdapcheck}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '%-10s %-10s %-14s %-14s %-14s\n' customers format "median ms" "median MB RSS" "ms/customer"
for customers in 10 100 1000 5000; do
  python3 bench/make_snapshot.py "$customers" "$work/snapshot.json"
  for format in json text; do
    : >"$work/ms"; : >"$work/kb"
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      /usr/bin/time -f '%M' -o "$work/time" "$binary" tenant --snapshot "$work/snapshot.json" \
        --format "$format" --as-of 2026-11-20T09:00:00Z >/dev/null || true
      end=$(date +%s%N)
      echo $(( (end - start) / 1000000 )) >>"$work/ms"
      cat "$work/time" >>"$work/kb"
    done
    ms=$(median <"$work/ms")
    kb=$(median <"$work/kb")
    printf '%-10s %-10s %-14s %-14s %-14s\n' "$customers" "$format" "$ms" \
      "$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')" \
      "$(awk -v m="$ms" -v c="$customers" 'BEGIN {printf "%.3f", m / c}')"
  done
done
