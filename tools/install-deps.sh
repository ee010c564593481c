#!/bin/sh
# Installs what building and testing unitsec needs on Debian 12 / Ubuntu, if missing.
#   tools/install-deps.sh          build + test dependencies
#   tools/install-deps.sh --fuzz   also clang and libFuzzer for `make fuzz`
set -eu
pkgs="build-essential pkg-config libseccomp-dev libjson-c-dev libcmocka-dev libcap-dev libsystemd-dev python3 systemd systemd-container"
[ "${1:-}" = "--fuzz" ] && pkgs="$pkgs clang libclang-rt-14-dev"
missing=""
for p in $pkgs; do
        dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
