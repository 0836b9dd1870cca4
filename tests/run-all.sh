#!/usr/bin/env bash
# The whole test suite, as CI runs it: a Release (-O3, what users build) build in which any
# compiler warning is an error, with every test (unit, rule, golden, end-to-end against the
# loopback emulator, fuzz corpus replays), the golden and end-to-end tests again with the clock
# two years ahead (faketime), the .deb built from it installed, run and removed again (as root),
# a clang build under ASan + UBSan with every test again and every fuzz target fuzzed for a
# bounded time, a clang-format check and a clang-tidy pass over src/. (Developers build
# RelWithDebInfo with warnings as errors: `cmake --preset dev`.) Run from anywhere; needs what
# tests/install-deps.sh installs. GDAP_SKIP_TIDY=1 skips the (~7 min) clang-tidy pass;
# GDAP_FUZZ_SECONDS sets the time per fuzz target (default 30).
#
# How the stages stay under an hour on two cores:
# - ccache (CMakeLists.txt uses it when installed): the Release build compiles exactly what the
#   README's quick start compiled a minute earlier, so it is served from the cache. That needs
#   the same compiler command line, so the build does not pass -Werror; instead any "warning:"
#   in its output (ccache replays a cached compile's warnings) fails the stage, as -Werror would.
# - One sanitised build: the ASan + UBSan stage is built with clang and GDAP_FUZZ=ON, so the
#   same build runs the whole suite under the sanitizers and holds the libFuzzer targets (before,
#   a GCC sanitised build; GCC's warnings are checked by the Release build, clang's by this one).
# - clang-tidy runs each check once: .clang-tidy turns off the cert-* aliases of checks that
#   their own family already runs (same check, same or stricter options there).
# - clang-tidy leaves out the clang-analyzer-* checks (two thirds of its time, ~15 minutes here):
#   the path-sensitive bugs they look for (null, use-after-free, leaks, uninitialised reads) are
#   what the ASan + UBSan suite and the fuzzers catch by running the code. GDAP_TIDY_ANALYZER=1
#   runs them too; .clang-tidy keeps them on for editors and `clang-tidy` by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
stage_started=$SECONDS
stage() {
  if [[ -n "${stage_name:-}" ]]; then
    echo "== $stage_name: $((SECONDS - stage_started)) s"
  fi
  stage_name=$1 stage_started=$SECONDS
  echo "== $1"
}
trap 'stage_name=${stage_name:-}; [[ -n $stage_name ]] && echo "== $stage_name: $((SECONDS - stage_started)) s"' EXIT

stage "style: clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src include tests -name '*.[ch]pp')
clang-format --dry-run -Werror "${sources[@]}"

stage "build and test (Release, any compiler warning is an error)"
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-ci -j "$jobs" 2>&1 | tee build-ci/build-output.log
if grep -q 'warning:' build-ci/build-output.log; then
  echo "the Release build has warnings (shown above); warnings are errors here" >&2
  exit 1
fi
ctest --test-dir build-ci --output-on-failure -j "$jobs"

stage "golden and end-to-end tests again, the clock two years ahead (nothing may depend on today)"
# Offset mode: every process (gdapcheck, the emulator, python) sees the same moved clock.
if (($(faketime -f '+730d' date +%s) < $(date +%s) + 729 * 86400)); then
  echo "faketime does not move the clock; the rerun would prove nothing" >&2
  exit 1
fi
faketime -f '+730d' ctest --test-dir build-ci --output-on-failure -j "$jobs" -R '^e2e\.'

stage "the Debian package: cpack, dpkg -i, run the installed example, man page, completion, dpkg -r"
bash tests/check-deb.sh build-ci

stage "build (clang) and test under AddressSanitizer + UndefinedBehaviorSanitizer, with the fuzz targets"
# -O1, as the sanitizers' own documentation advises: at -O0 with libFuzzer's coverage hooks the
# suite's linear-time tests (explain over a 50 MB paste) take several times their CPU bound, and
# the fuzzers run a fraction of the inputs. -O1 keeps every sanitizer check and the stack traces.
CXX=clang++ cmake -S . -B build-ci-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DGDAP_WARNINGS_AS_ERRORS=ON -DGDAP_FUZZ=ON >/dev/null
cmake --build build-ci-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-ci-asan --output-on-failure -j "$jobs"

stage "fuzzing: every target for ${GDAP_FUZZ_SECONDS:-30} s from its corpus (tests/fuzz/README.md)"
bash tests/fuzz/run.sh --no-build --build build-ci-asan --jobs "$jobs" \
  --seconds "${GDAP_FUZZ_SECONDS:-30}"

if [[ "${GDAP_SKIP_TIDY:-0}" != 1 ]]; then
  if [[ "${GDAP_TIDY_ANALYZER:-0}" == 1 ]]; then
    tidy_checks=() tidy_what="every check in .clang-tidy"
  else
    tidy_checks=(--checks=-clang-analyzer-*)
    tidy_what=".clang-tidy without the clang-analyzer-* checks"
  fi
  stage "static analysis: clang-tidy over src/ ($tidy_what; warnings are errors)"
  git ls-files 'src/*.cpp' | xargs -P "$jobs" -n 4 clang-tidy -p build-ci --quiet "${tidy_checks[@]}"
fi
