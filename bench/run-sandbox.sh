#!/usr/bin/env bash
# Start-up cost of the `run` sandbox against the nearest bubblewrap command line, measured
# side by side in one run (interleaved, so that load on the machine hits both alike), and
# printed as a ratio. Fails if unitsec is slower than bubblewrap (ratio above 1.0).
#   bench/run-sandbox.sh [UNITSEC] [ROUNDS]
set -u
U=${1:-build/unitsec}
rounds=${2:-200}
if [ "$(id -u)" != 0 ]; then echo "run-sandbox bench: needs root, skipped"; exit 0; fi
if ! command -v bwrap >/dev/null; then echo "run-sandbox bench: bwrap not installed (apt-get install bubblewrap), skipped"; exit 0; fi
unitsec_cmd=("$U" run -p ProtectSystem=strict -p PrivateTmp=yes -p PrivateDevices=yes -p ProtectHome=yes -- true)
# The same view: / read-only except the API file systems, fresh /tmp and /var/tmp, a
# minimal /dev, the home directories hidden by empty file systems.
bwrap_cmd=(bwrap --ro-bind / / --bind /proc /proc --bind /sys /sys --dev /dev --tmpfs /tmp --tmpfs /var/tmp
        --tmpfs /home --tmpfs /root -- true)
"${unitsec_cmd[@]}" 2>/dev/null || { echo "run-sandbox bench: unitsec run failed"; exit 1; }
"${bwrap_cmd[@]}" || { echo "run-sandbox bench: bwrap failed"; exit 1; }
now() { date +%s%N; }
tu=0 tb=0
for _ in $(seq "$rounds"); do
        t0=$(now); "${unitsec_cmd[@]}" 2>/dev/null; t1=$(now)
        "${bwrap_cmd[@]}"; t2=$(now)
        tu=$((tu + t1 - t0)); tb=$((tb + t2 - t1))
done
ratio=$(awk -v u="$tu" -v b="$tb" 'BEGIN { printf "%.3f", u / b }')
printf 'run sandbox start-up, %d rounds: unitsec %d us, bubblewrap %d us, ratio %s\n' \
        "$rounds" $((tu / rounds / 1000)) $((tb / rounds / 1000)) "$ratio"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.0) }' || { echo "unitsec run is slower than bubblewrap"; exit 1; }
