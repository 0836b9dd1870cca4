#!/usr/bin/env bash
# The .deb as a user gets it: builds it from a build tree (cpack), installs it with dpkg -i,
# diagnoses the installed healthy example with /usr/bin/gdapcheck, renders the man page with
# man -l, loads the bash completion, and removes the package with dpkg -r, checking that every
# path the package holds is back as it was. Needs root and what tests/install-deps.sh installs.
#   bash tests/check-deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: check-deb.sh BUILD_DIR}" && pwd)

if [[ $(id -u) != 0 ]]; then
  echo "check-deb: installing a package needs root; skipped"
  exit 0
fi
if [[ -e /usr/bin/gdapcheck ]] || dpkg-query -W -f='${Status}' gdapcheck 2>/dev/null | grep -q " installed$"; then
  echo "check-deb: gdapcheck is already installed here; remove it first (dpkg -r gdapcheck)" >&2
  exit 1
fi

rm -f "$build"/gdapcheck_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/gdapcheck_*.deb)
deb=${debs[0]}
echo "built $(basename "$deb"); Depends: $(dpkg-deb -f "$deb" Depends)"

# What exists of the package's paths now, to compare after removal.
mapfile -t paths < <(dpkg-deb -c "$deb" | awk '{print substr($6, 2)}' | sed 's:/$::' | grep -v '^$')
existing_before=$(for path in "${paths[@]}"; do [[ -e $path ]] && echo "$path"; done || true)

unpacked=$(mktemp -d)
remove() {
  dpkg -r gdapcheck >/dev/null 2>&1 || true
  rm -rf "$unpacked"
}
trap remove EXIT

dpkg -i "$deb" >/dev/null
/usr/bin/gdapcheck --version
/usr/bin/gdapcheck tenant --snapshot /usr/share/gdapcheck/examples/healthy.json >/dev/null
echo "ok: /usr/bin/gdapcheck tenant --snapshot /usr/share/gdapcheck/examples/healthy.json (exit 0)"

# Debian's container images tell dpkg not to install man pages (path-exclude=/usr/share/man/* in
# /etc/dpkg/dpkg.cfg.d/docker); there, render the page the package holds instead.
man_page=/usr/share/man/man1/gdapcheck.1
if [[ ! -f $man_page ]]; then
  echo "note: dpkg was told not to install man pages here (path-exclude in /etc/dpkg/dpkg.cfg.d);" \
    "rendering the package's own copy"
  dpkg-deb -x "$deb" "$unpacked"
  man_page=$unpacked/usr/share/man/man1/gdapcheck.1
fi
warnings=$(MANWIDTH=80 man --warnings -l "$man_page" 2>&1 >/dev/null)
if [[ -n $warnings ]]; then
  echo "man -l $man_page warns:" >&2
  echo "$warnings" >&2
  exit 1
fi
MANWIDTH=80 man -l "$man_page" | grep -q "^EXIT STATUS"
echo "ok: man -l $man_page renders without a warning"

bash -c 'source /usr/share/bash-completion/completions/gdapcheck && complete -p gdapcheck'

dpkg -r gdapcheck >/dev/null
trap - EXIT
rm -rf "$unpacked"
if [[ -e /usr/bin/gdapcheck ]]; then
  echo "check-deb: /usr/bin/gdapcheck is still there after dpkg -r" >&2
  exit 1
fi
existing_after=$(for path in "${paths[@]}"; do [[ -e $path ]] && echo "$path"; done || true)
if [[ $existing_before != "$existing_after" ]]; then
  echo "check-deb: dpkg -r did not leave the package's paths as they were:" >&2
  diff <(echo "$existing_before") <(echo "$existing_after") >&2 || true
  exit 1
fi
echo "ok: dpkg -r gdapcheck removed it and left the machine as it was"
