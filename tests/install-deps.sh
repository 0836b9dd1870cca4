#!/usr/bin/env bash
# Installs what gdapcheck needs to build and test, from Debian 12's own packages (run as root).
# Nothing else is downloaded, at install, build or test time.
set -euo pipefail
packages=(
  g++ cmake ninja-build                  # toolchain
  ccache                                 # the test suite rebuilds what the quick start built
  clang libclang-rt-14-dev               # the sanitised test build and the fuzz targets (libFuzzer)
  libcli11-dev nlohmann-json3-dev libfmt-dev libcurl4-openssl-dev libssl-dev  # libraries
  catch2 python3 ca-certificates openssl # tests (Catch2 2.x; python3 runs the e2e tests and emulator;
                                         # openssl checks the certificate sign-in's signature)
  clang-format clang-tidy                # style and static-analysis checks in CI
  faketime                               # the e2e tests run again two years ahead: none may age
  dpkg-dev file man-db                   # the .deb: dpkg-shlibdeps computes its Depends, CPack finds
                                         # the binaries with file, man renders the man page
  zsh fish                               # the completion tests ask each shell for its completions
  chromium libxml2-utils                 # the HTML report loaded in a real browser; xmllint checks
                                         # the JUnit report against its schema
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
