#!/usr/bin/env bash
# fast
# make install DESTDIR=... PREFIX=/usr puts the binary, the man page and the shell completions
# where Debian expects them; every page renders with `man --warnings -l` without a warning.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
build=$(dirname "$bin")
build=${build#"$top"/}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

if ! command -v scdoc >/dev/null; then
        echo "ok 1 # SKIP scdoc is not installed (apt-get install scdoc): no man pages to install"; echo "1..1"; exit 0
fi
make -C "$top" -s BUILD="$build" install DESTDIR="$tmp/dest" PREFIX=/usr >"$tmp/log" 2>&1
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/log" | tail -n 15
check "make install DESTDIR= PREFIX=/usr succeeds" '[ $rc -eq 0 ]'
d=$tmp/dest/usr
check "binary in /usr/bin" '[ -x "$d/bin/unitsec" ] && "$d/bin/unitsec" --version | grep -q "^unitsec "'
check "man page in /usr/share/man/man1" '[ -s "$d/share/man/man1/unitsec.1" ]'
check "bash completion in /usr/share/bash-completion/completions/unitsec" \
        'bash -n "$d/share/bash-completion/completions/unitsec" && grep -q "complete -F _unitsec unitsec" "$d/share/bash-completion/completions/unitsec"'
check "zsh completion in /usr/share/zsh/vendor-completions/_unitsec" \
        'head -n 1 "$d/share/zsh/vendor-completions/_unitsec" | grep -q "^#compdef unitsec"'
for page in "$d"/share/man/man*/*; do
        if ! command -v man >/dev/null; then
                n=$((n + 1)); echo "ok $n # SKIP man is not installed"; break
        fi
        warn=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
        check "man --warnings -l ${page##*/} renders without warnings" '[ -z "$warn" ]'
        [ -z "$warn" ] || echo "$warn" | head -n 5 | sed 's/^/# /'
done
# every verb of the binary has its section in the page
verbs=$("$bin" --help | sed -n '/^Verbs:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
missing=""
for v in $verbs; do
        grep -q "^## $v\b" "$top/man/unitsec.1.scd" || missing="$missing $v"
done
check "the page has a section for every verb ($(echo $verbs))" '[ -z "$missing" ]'
[ -z "$missing" ] || echo "# missing:$missing"
for v in $verbs; do
        "$bin" "$v" --help >"$tmp/help" 2>&1
        grep -q "man unitsec" "$tmp/help" || short="${short:-} $v"
done
check "every verb's --help points to the man page" '[ -z "${short:-}" ]'
[ -z "${short:-}" ] || echo "# verbs whose --help does not point to the page:$short"
echo "1..$n"
