#!/bin/sh
# Installs what building and testing unitsec needs on Debian 12 / Ubuntu, if missing.
#   tools/install-deps.sh          build + test dependencies
#   tools/install-deps.sh --fuzz   also clang and libFuzzer for `make fuzz`
#   tools/install-deps.sh --bench  also hyperfine and strace for `make bench` (it falls back to its
#                                  own timer without hyperfine)
# The daemons (nginx, redis, memcached) are only there for tests/e2e/run-daemons.sh, the
# packaging, browser and Ansible tools for the tests of issue 8 (they skip without them): a
# policy-rc.d answering 101 keeps their installation from starting them, and whatever
# policy-rc.d was there before is put back afterwards.
set -eu
pkgs="build-essential pkg-config libseccomp-dev libjson-c-dev libcmocka-dev libcap-dev libsystemd-dev python3 systemd systemd-container"
pkgs="$pkgs bubblewrap nginx-light redis-server memcached"
# the man page, the .deb, SARIF validation and the HTML report's browser test
pkgs="$pkgs scdoc debhelper dpkg-dev lintian python3-jsonschema chromium chromium-driver python3-selenium ansible-core"
[ "${1:-}" = "--fuzz" ] && pkgs="$pkgs clang libclang-rt-14-dev"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs hyperfine strace"
missing=""
for p in $pkgs; do
        dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
saved=""
if [ -e "$policy" ] || [ -L "$policy" ]; then
        saved="$policy.unitsec-saved.$$"
        $sudo mv "$policy" "$saved"
fi
restore_policy() {
        $sudo rm -f "$policy"
        if [ -n "$saved" ]; then $sudo mv "$saved" "$policy"; fi
}
trap restore_policy EXIT
trap 'exit 1' INT TERM HUP
printf '#!/bin/sh\n# written by unitsec tools/install-deps.sh while installing: start no service\nexit 101\n' |
        $sudo tee "$policy" >/dev/null
$sudo chmod 0755 "$policy"
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
