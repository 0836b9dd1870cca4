#!/usr/bin/env bash
# Installs what gdapcheck needs to build and test, from Debian 12's own packages (run as root).
# Nothing else is downloaded at install or build time; at test time, once, the PowerShell grammar
# of tree-sitter from npm (tests/e2e/test_powershell_lines.py, into the build directory).
set -euo pipefail
packages=(
  g++ cmake ninja-build                  # toolchain
  ccache                                 # the test suite rebuilds what the quick start built
  clang libclang-rt-14-dev               # the sanitised test build and the fuzz targets (libFuzzer)
  libcli11-dev nlohmann-json3-dev libfmt-dev libcurl4-openssl-dev libssl-dev  # libraries
  libmimalloc-dev                        # the allocator gdapcheck links (faster on large partners)
  catch2 python3 ca-certificates openssl # tests (Catch2 2.x; python3 runs the e2e tests and emulator;
                                         # openssl checks the certificate sign-in's signature)
  clang-format clang-tidy                # style and static-analysis checks in CI
  faketime                               # the e2e tests run again two years ahead: none may age
  dpkg-dev file man-db                   # the .deb: dpkg-shlibdeps computes its Depends, CPack finds
                                         # the binaries with file, man renders the man page
  zsh fish                               # the completion tests ask each shell for its completions
  chromium libxml2-utils                 # the HTML report loaded in a real browser; xmllint checks
                                         # the JUnit report against its schema
  nodejs                                 # runs tree-sitter's PowerShell grammar, which parses every
                                         # PowerShell line the reports print
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# npm installs that grammar (tests/powershell/package-lock.json) into the build directory when
# the test first runs. A Node.js from elsewhere may bring its own npm, which Debian's would clash with.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
