#!/usr/bin/env bash
# Fleet use without an agent: contrib/ansible/unitsec-fleet.yml run twice against this machine
# (connection local) stores one document per run and merges them with unitsec report (before and
# after, HTML page); the ad-hoc commands of the man page do the same. Skipped without Ansible.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$tmp/log" | tail -n 15; fi; }
if ! command -v ansible-playbook >/dev/null || ! command -v ansible >/dev/null; then
        echo "ok 1 # SKIP Ansible is not installed (apt-get install ansible-core)"; echo "1..1"; exit 0
fi
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/unitsec"
py=$(command -v /usr/bin/python3 || command -v python3)
printf 'web1 ansible_connection=local ansible_python_interpreter=%s\n' "$py" >"$tmp/inventory"
export PATH="$tmp/bin:$PATH" ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP="$tmp/ansible-tmp" ANSIBLE_REMOTE_TEMP="$tmp/ansible-tmp"
play() {
        ansible-playbook -i "$tmp/inventory" "$top/contrib/ansible/unitsec-fleet.yml" \
                -e ansible_become=false -e unitsec_results="$tmp/results" >"$tmp/log" 2>&1
}
play; rc=$?
check "the playbook runs" '[ $rc -eq 0 ]'
check "one document stored for the host" '[ $(ls "$tmp"/results/web1-*.json | wc -l) -eq 1 ]'
check "the report page is written" 'grep -q "unitsec-data" "$tmp/results/report.html"'
sleep 1
play; rc=$?
check "a second run" '[ $rc -eq 0 ] && [ $(ls "$tmp"/results/web1-*.json | wc -l) -eq 2 ]'
check "the merged table shows before and after" 'grep -q "before and after" "$tmp/log"'
ansible all -i "$tmp/inventory" -m shell -a "unitsec --no-pager security --format=json > $tmp/adhoc.json" >"$tmp/log" 2>&1 &&
        ansible all -i "$tmp/inventory" -m fetch \
                -a "src=$tmp/adhoc.json dest=$tmp/fetched/{{ inventory_hostname }}.json flat=yes" >>"$tmp/log" 2>&1 &&
        unitsec report "$tmp"/fetched/*.json >"$tmp/log" 2>&1
rc=$?
check "the man page's ad-hoc commands feed unitsec report" '[ $rc -eq 0 ] && grep -q "units on 1 host" "$tmp/log"'
echo "1..$n"
