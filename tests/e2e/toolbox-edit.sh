#!/usr/bin/env bash
# fast
# unitsec edit: refuses without a terminal and $EDITOR, runs $EDITOR on a prefilled copy, shows the
# warnings and the exposure, writes atomically under --root; unchanged/empty/broken texts write nothing.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" | head -20; fi; }

root=$tmp/root
mkdir -p "$root/lib/systemd/system" "$root/etc"
cat >"$root/lib/systemd/system/demo.service" <<'UNIT'
[Unit]
Description=demo

[Service]
ExecStart=/usr/bin/demo
UNIT
dropin=$root/etc/systemd/system/demo.service.d/override.conf
export TMPDIR=$tmp
unset SYSTEMD_EDITOR VISUAL
ed() { EDITOR="$1" "$bin" --no-pager --root="$root" edit "${@:2}" </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?; }

EDITOR= "$bin" --root="$root" edit demo.service </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no terminal and no \$EDITOR: refused with a message" '[ $rc -eq 1 ] && grep -q "no terminal and no \$EDITOR" "$tmp/err" && [ ! -e "$dropin" ]'

cat >"$tmp/editor" <<'SH'
#!/bin/sh
cp "$1" "$TMPDIR/seen"
printf '[Service]\nPrivateTmp=yes\nNoSuchKey=1\n' >>"$1"
SH
chmod +x "$tmp/editor"
ed "$tmp/editor" demo.service
check "the editor's text is written" '[ $rc -eq 0 ] && grep -q "^PrivateTmp=yes" "$dropin"'
check "the editor saw a [Service] section to fill" 'grep -q "^\[Service\]" "$tmp/seen"'
check "the header lines are not written" '! grep -q "^#~" "$dropin"'
check "the warning names the drop-in file and line" 'grep -q "demo.service.d/override.conf:[0-9]*: .*NoSuchKey" "$tmp/err"'
check "the exposure before and after is shown before writing" \
        'grep -n "exposure 9.6 UNSAFE -> 9.[0-9] UNSAFE" "$tmp/out" | grep -q "^1:" && grep -q "^written: $dropin" "$tmp/out"'
check "no temporary file is left" '[ -z "$(ls -d "$tmp"/unitsec-edit-* 2>/dev/null)" ]'

ed true demo.service
check "unchanged text: nothing written" '[ $rc -eq 0 ] && grep -q "unchanged" "$tmp/out"'

before=$(cat "$dropin")
ed "sh -c 'printf \"[Service\\n\" >\"\$1\"' x" demo.service
check "a text that breaks the unit is refused and the file kept" '[ $rc -eq 1 ] && [ "$(cat "$dropin")" = "$before" ]'
ed false demo.service
check "a failing editor writes nothing" '[ $rc -eq 1 ] && [ "$(cat "$dropin")" = "$before" ]'
ed "sh -c ': >\"\$1\"' x" --drop-in=empty.conf demo.service
check "an empty text writes nothing" '[ $rc -eq 0 ] && [ ! -e "${dropin%/*}/empty.conf" ]'

ed true --harden=strict --drop-in=50-harden.conf demo.service
check "--harden prefills the proposal" '[ $rc -eq 0 ] && grep -q "^ProtectSystem=strict" "${dropin%/*}/50-harden.conf" && grep -q "9.[0-9] UNSAFE -> [0-9]" "$tmp/out"'
ed true --harden=bogus demo.service
check "a bad level is a usage error" '[ $rc -eq 1 ] && grep -q "harden=" "$tmp/err"'
ed true --drop-in=../x.conf demo.service
check "a drop-in name with a slash is refused" '[ $rc -eq 1 ]'
ed true demo.socket
check "only services" '[ $rc -eq 1 ] && grep -q "only works on services" "$tmp/err"'
echo "1..$n"
