#!/usr/bin/env bash
# fast
# unitsec cat on small trees: file order and headers, blank lines between files and units,
# masked / not found / invalid names (exit 1, the other units still printed), path arguments,
# --help. Expected outputs are written by hand from the rules (systemctl cat's layout).
set -u
UNITSEC=${UNITSEC:-build/unitsec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
check() { # $1 = what, $2 = expected, $3 = actual
        n=$((n + 1))
        if [ "$2" == "$3" ]; then
                echo "ok $n - $1"
        else
                echo "not ok $n - $1"
                diff <(echo "$2") <(echo "$3") | sed 's/^/# /'
        fi
}
r=$tmp/root
mkdir -p $r/etc/systemd/system/a.service.d $r/lib/systemd/system/a.service.d $r/lib/systemd/system/service.d
printf '[Service]\nExecStart=/bin/a\n' >$r/lib/systemd/system/a.service
printf '[Service]\nPrivateTmp=yes\n' >$r/etc/systemd/system/a.service.d/20-b.conf
printf '[Service]\nPrivateTmp=no\n' >$r/lib/systemd/system/a.service.d/20-b.conf
printf '[Service]\nUser=x' >$r/lib/systemd/system/a.service.d/10-a.conf
printf '[Service]\nNoNewPrivileges=yes\n' >$r/lib/systemd/system/service.d/30-all.conf
printf '[Service]\nExecStart=/bin/b\n' >$r/lib/systemd/system/b@.service
ln -s /dev/null $r/etc/systemd/system/m.service
ln -s /lib/systemd/system/a.service $r/etc/systemd/system/alias.service

out=$("$UNITSEC" cat --root=$r a.service 2>&1); rc=$?
check "fragment, then drop-ins by name, the earlier directory shadowing" "# /lib/systemd/system/a.service
[Service]
ExecStart=/bin/a

# /lib/systemd/system/a.service.d/10-a.conf
[Service]
User=x

# /etc/systemd/system/a.service.d/20-b.conf
[Service]
PrivateTmp=yes

# /lib/systemd/system/service.d/30-all.conf
[Service]
NoNewPrivileges=yes" "$out"
check "exit status 0" 0 $rc

out=$("$UNITSEC" cat --root=$r alias.service b@.service 2>/dev/null | grep '^#\|^$')
check "an alias shows its target; a template is instantiated; a blank line between units" "# /lib/systemd/system/a.service

# /lib/systemd/system/a.service.d/10-a.conf

# /etc/systemd/system/a.service.d/20-b.conf

# /lib/systemd/system/service.d/30-all.conf

# /lib/systemd/system/b@.service

# /lib/systemd/system/service.d/30-all.conf" "$out"

out=$("$UNITSEC" cat --root=$r m.service nope.service bad b@x.service 2>$tmp/err); rc=$?
check "masked, missing and invalid units fail, the others are printed" "# /lib/systemd/system/b@.service
[Service]
ExecStart=/bin/b

# /lib/systemd/system/service.d/30-all.conf
[Service]
NoNewPrivileges=yes" "$out"
check "exit status 1 when a unit failed" 1 $rc
check "masked unit message" 1 "$(grep -c 'unit m.service is masked' $tmp/err)"
check "missing unit message" 1 "$(grep -c 'unit nope.service not found' $tmp/err)"
check "invalid name message" 1 "$(grep -c "'bad' is not a valid unit name" $tmp/err)"

mkdir -p $tmp/dir
printf '[Service]\nExecStart=/bin/p\n' >$tmp/dir/p.service
out=$(cd $tmp && SYSTEMD_UNIT_PATH= "$UNITSEC" cat dir/p.service 2>&1)
check "a path argument adds its directory" "# $tmp/dir/p.service
[Service]
ExecStart=/bin/p" "$out"

mkfifo $tmp/dir/f.service
mkdir $tmp/dir/d.service
timeout 10 "$UNITSEC" cat $tmp/dir/f.service $tmp/dir/d.service >/dev/null 2>$tmp/err; rc=$?
check "a FIFO or a directory given as a unit: exit 1, no hang" 1 $rc
check "... each named in a message" 2 "$(grep -c "is not a regular file" $tmp/err)"

"$UNITSEC" cat --help >$tmp/help 2>&1; rc=$?
check "--help exits 0" 0 $rc
check "--help shows the usage" 1 "$(grep -c '^Usage: unitsec cat' $tmp/help)"
"$UNITSEC" cat >/dev/null 2>&1; rc=$?
check "no unit is a usage error" 1 $rc
echo "1..$n"
