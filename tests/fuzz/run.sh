#!/usr/bin/env bash
# Builds the fuzz targets (clang + libFuzzer under ASan + UBSan, -DGDAP_FUZZ=ON) and runs each one
# for a bounded time from its committed corpus and regression inputs. A crash, sanitizer report,
# leak, time-out, memory blow-up or oracle violation fails the run; the input is kept in
# BUILD/fuzz-artifacts/ (with its fix, it goes to tests/fuzz/regressions/<target>/ so every
# build's CTest replays it). Prints the executions of every target (tests/fuzz/README.md).
#
# Usage: tests/fuzz/run.sh [--seconds N] [--jobs N] [--build DIR] [--no-build] [--merge] [--seed]
#                          [TARGET...]
#   --seconds N  time per target (default 60)
#   --jobs N     targets fuzzed at once (default: the number of cores)
#   --build DIR  the GDAP_FUZZ build folder (default build-fuzz; configured when it has none)
#   --no-build   use DIR as it is (tests/run-all.sh builds it itself)
#   --merge      afterwards, merge what each run found into the committed corpus (-merge=1 keeps
#                only inputs that add coverage)
#   --seed       first merge tests/fuzz/seeds.py's inputs (examples, rules, emulator answers)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=60 jobs=$(nproc) build=build-fuzz do_build=1 merge=0 seed=0 targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --merge) merge=1; shift ;;
    --seed) seed=1; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all_targets=(snapshot rule profile graph_page batch token_reply jwt_claims token_cache url explain)
((${#targets[@]})) || targets=("${all_targets[@]}")

if ((do_build)); then
  if [[ ! -f "$build/CMakeCache.txt" ]]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGDAP_FUZZ=ON \
      "${launcher[@]}" >/dev/null
  fi
  cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"
fi

work="$build/fuzz-runs"
artifacts="$build/fuzz-artifacts"
rm -rf "$work"
mkdir -p "$work" "$artifacts"
if ((seed)); then
  python3 tests/fuzz/seeds.py "$work/seeds"
  for target in "${targets[@]}"; do
    mkdir -p "tests/fuzz/corpus/$target"
    "$build/tests/fuzz/fuzz_$target" -merge=1 "tests/fuzz/corpus/$target" "$work/seeds/$target" \
      >"$work/$target.seed.log" 2>&1
  done
fi

run_one() {
  local target=$1
  mkdir -p "$work/new/$target"
  local inputs=("tests/fuzz/corpus/$target")
  [[ -d "tests/fuzz/regressions/$target" ]] && inputs+=("tests/fuzz/regressions/$target")
  # New inputs go to the first folder; the committed corpus is only read. detect_leaks: a leak
  # is a defect too. -timeout: one input taking a minute means a hang or worse than linear time
  # (the slowest seeds take ~4 s in CI's unoptimised sanitised build, 12 s on a starved machine).
  if ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/fuzz_$target" "$work/new/$target" \
    "${inputs[@]}" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 -max_len=65536 \
    -dict=tests/fuzz/json.dict -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
    >"$work/$target.log" 2>&1; then
    echo ok >"$work/$target.status"
  else
    echo FAILED >"$work/$target.status"
  fi
}
export -f run_one
export build work artifacts seconds
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'

failed=0 total=0
printf '%-12s %-7s %12s %9s %7s\n' target result executions exec/s corpus
for target in "${targets[@]}"; do
  status=$(cat "$work/$target.status")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$target.log" | tail -n 1)
  corpus=$(find "tests/fuzz/corpus/$target" -type f | wc -l)
  printf '%-12s %-7s %12s %9s %7s\n' "$target" "$status" "${runs:-0}" "${rate:-0}" "$corpus"
  total=$((total + ${runs:-0}))
  if [[ $status != ok ]]; then
    failed=1
    echo "---- $target: the end of its log ($work/$target.log); inputs in $artifacts/"
    tail -n 60 "$work/$target.log"
  fi
done
echo "total executions: $total in ${seconds} s per target"
if ((merge)) && ((failed == 0)); then
  for target in "${targets[@]}"; do
    "$build/tests/fuzz/fuzz_$target" -merge=1 "tests/fuzz/corpus/$target" "$work/new/$target" \
      >"$work/$target.merge.log" 2>&1
  done
  echo "merged new coverage into tests/fuzz/corpus/"
fi
exit "$failed"
