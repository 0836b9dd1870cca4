#!/usr/bin/env bash
# The whole test suite, as CI runs it: a Release (-O3, what users build) warnings-as-errors build
# with every test (unit, rule, golden, end-to-end against the loopback emulator), the golden and
# end-to-end tests again with the clock two years ahead (faketime), the .deb built from it
# installed, run and removed again (as root), the same again under ASan + UBSan, a clang-format
# check and a clang-tidy pass over src/. (Developers build RelWithDebInfo with warnings as errors:
# `cmake --preset dev`.) Run from anywhere; needs what tests/install-deps.sh installs.
# GDAP_SKIP_TIDY=1 skips the (slow, ~15 min) clang-tidy pass.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== style: clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src include tests -name '*.[ch]pp')
clang-format --dry-run -Werror "${sources[@]}"

echo "== build and test (Release, warnings are errors)"
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=Release -DGDAP_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build-ci -j "$jobs"
ctest --test-dir build-ci --output-on-failure -j "$jobs"

echo "== golden and end-to-end tests again, the clock two years ahead (nothing may depend on today)"
# Offset mode: every process (gdapcheck, the emulator, python) sees the same moved clock.
if (($(faketime -f '+730d' date +%s) < $(date +%s) + 729 * 86400)); then
  echo "faketime does not move the clock; the rerun would prove nothing" >&2
  exit 1
fi
faketime -f '+730d' ctest --test-dir build-ci --output-on-failure -j "$jobs" -R '^e2e\.'

echo "== the Debian package: cpack, dpkg -i, run the installed example, man page, completion, dpkg -r"
bash tests/check-deb.sh build-ci

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-ci-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDAP_WARNINGS_AS_ERRORS=ON \
  -DGDAP_SANITIZE=ON >/dev/null
cmake --build build-ci-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-ci-asan --output-on-failure -j "$jobs"

if [[ "${GDAP_SKIP_TIDY:-0}" != 1 ]]; then
  echo "== static analysis: clang-tidy over src/ (.clang-tidy, warnings are errors)"
  git ls-files 'src/*.cpp' | xargs -P "$jobs" -n 4 clang-tidy -p build-ci --quiet
fi
