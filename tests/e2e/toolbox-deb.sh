#!/usr/bin/env bash
# Debian package: `dpkg-buildpackage -us -uc -b` in a scratch copy of the tree builds an installable
# .deb with the binary, the man page and the completions; checked with dpkg-deb -c / -f, lintian
# (when installed) and `dpkg --dry-run -i` (as root), and unpacked into a scratch root to run.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

missing=""
for c in dpkg-buildpackage dh scdoc pkg-config; do command -v $c >/dev/null || missing="$missing $c"; done
if [ -n "$missing" ]; then
        echo "ok 1 # SKIP no$missing (apt-get install dpkg-dev debhelper scdoc pkgconf)"; echo "1..1"; exit 0
fi
if ! (cd "$top" && dpkg-checkbuilddeps) 2>"$tmp/deps"; then
        echo "ok 1 # SKIP build dependencies missing: $(sed -n 's/.*Unmet build dependencies: //p' "$tmp/deps")"; echo "1..1"; exit 0
fi

mkdir -p "$tmp/src"
(cd "$top" && git ls-files -co --exclude-standard -z | grep -zv '^build/' | xargs -0 cp --parents -t "$tmp/src")
(cd "$tmp/src" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc -b) >"$tmp/log" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -n 25 "$tmp/log" | sed 's/^/# /'
check "dpkg-buildpackage -us -uc -b succeeds" '[ $rc -eq 0 ]'
deb=$(ls "$tmp"/unitsec_*.deb 2>/dev/null | head -n 1)
check "a unitsec .deb was built" '[ -n "$deb" ]'
[ -n "$deb" ] || { echo "1..$n"; exit 0; }
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/files"
for f in /usr/bin/unitsec /usr/share/man/man1/unitsec.1.gz /usr/share/bash-completion/completions/unitsec \
        /usr/share/zsh/vendor-completions/_unitsec /usr/share/doc/unitsec/copyright \
        /usr/share/doc/unitsec/examples/unitsec-fleet.yml; do
        check "the package ships $f" 'grep -qxF "$f" "$tmp/files"'
done
check "nothing outside /usr" '! grep -v "^/usr\(/\|$\)" "$tmp/files" | grep -qv "^/$"'
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends names the shared libraries ($depends)" \
        'echo "$depends" | grep -q libc6 && echo "$depends" | grep -q libseccomp2 && echo "$depends" | grep -q libjson-c'
recommends=$(dpkg-deb -f "$deb" Recommends)
check "Recommends libsystemd0, loaded for the online mode ($recommends)" 'echo "$recommends" | grep -q libsystemd0'
if command -v lintian >/dev/null; then
        lintian --fail-on error "$deb" >"$tmp/lintian" 2>&1
        lrc=$?
        grep -v 'running with root privileges' "$tmp/lintian" | sed 's/^/# lintian: /' | head -n 20
        check "lintian finds no error" '[ $lrc -eq 0 ]'
else
        n=$((n + 1)); echo "ok $n # SKIP lintian is not installed"
fi
if [ "$(id -u)" = 0 ]; then
        dpkg --dry-run -i "$deb" >"$tmp/dry" 2>&1
        drc=$?
        [ $drc -eq 0 ] || sed 's/^/# /' "$tmp/dry"
        check "dpkg --dry-run -i: installs cleanly (dependencies met)" '[ $drc -eq 0 ]'
else
        n=$((n + 1)); echo "ok $n # SKIP dpkg --dry-run -i needs root"
fi
dpkg-deb -x "$deb" "$tmp/root"
check "the unpacked binary runs" '"$tmp/root/usr/bin/unitsec" --version | grep -q "^unitsec $(cat "$top/VERSION")"'
check "its man page renders" 'man -l "$tmp/root/usr/share/man/man1/unitsec.1.gz" 2>/dev/null | grep -q "EXIT STATUS"'
echo "1..$n"
