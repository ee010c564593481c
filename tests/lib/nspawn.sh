# shellcheck shell=bash
# Boots a throw-away systemd 252 as PID 1 of a container made from the host's own /usr, for the
# tests of the online mode. Source this file, then:
#   nspawn_usable || { echo "1..0 # SKIP $NSPAWN_SKIP"; exit 0; }
#   nspawn_start || ...      # boots, waits for the manager; sets NSPAWN_PID and NSPAWN_INIT
#   nspawn_exec CMD...       # runs CMD inside (mount, PID, UTS, IPC and network namespaces)
#   nspawn_root              # prints /proc/<init>/root: write files into the container there
#   nspawn_stop              # SIGTERM to nspawn, waits; also done by the EXIT trap
# Only one container runs at a time (a lock under /run/lock; others wait up to 10 minutes).
# /usr inside is an overlay on the host's (changes stay in the container), so that units can be
# installed in /usr/lib/systemd/system and /usr/local/lib/systemd/system too.

NSPAWN_PID=
NSPAWN_INIT=
NSPAWN_SKIP=
NSPAWN_LOCK=/run/lock/unitsec-nspawn.lock
NSPAWN_LOG=
NSPAWN_WATCHDOG=

nspawn_usable() {
        if [ "$(id -u)" != 0 ]; then
                NSPAWN_SKIP="the container needs root"
                return 1
        fi
        local t
        for t in systemd-nspawn nsenter systemctl systemd-analyze setsid flock; do
                if ! command -v "$t" >/dev/null 2>&1; then
                        NSPAWN_SKIP="$t is not installed"
                        return 1
                fi
        done
        if [ ! -x /usr/lib/systemd/systemd ] && [ ! -x /lib/systemd/systemd ]; then
                NSPAWN_SKIP="no systemd binary to boot"
                return 1
        fi
        return 0
}

# The systemd child of the nspawn process (the container's PID 1 seen from the host).
nspawn_find_init() {
        pgrep -P "$NSPAWN_PID" -x systemd | head -n 1 | grep .
}

nspawn_exec() {
        nsenter -t "$NSPAWN_INIT" -m -p -u -i -n -- "$@"
}

nspawn_root() {
        echo "/proc/$NSPAWN_INIT/root"
}

# Boots the container; returns 1 (NSPAWN_SKIP set, nothing left running) if it does not come up.
nspawn_start() {
        mkdir -p "$(dirname "$NSPAWN_LOCK")"
        exec 9>"$NSPAWN_LOCK"
        if ! flock -w 600 9; then
                NSPAWN_SKIP="another container test holds $NSPAWN_LOCK"
                return 1
        fi
        NSPAWN_LOG=$(mktemp)
        trap nspawn_stop EXIT
        trap 'nspawn_stop; exit 130' INT TERM HUP
        setsid systemd-nspawn -D / --volatile=yes --private-network --boot --register=no --keep-unit \
                --console=passive -- systemd.firstboot=off systemd.unit=basic.target \
                </dev/null >"$NSPAWN_LOG" 2>&1 &
        NSPAWN_PID=$!
        # never left running: a watchdog stops the container when this test's shell is gone,
        # however it ended (even SIGKILL)
        (
                exec </dev/null >/dev/null 2>&1 9>&-
                while kill -0 $$ 2>/dev/null && kill -0 "$NSPAWN_PID" 2>/dev/null; do sleep 1; done
                kill -TERM "$NSPAWN_PID" 2>/dev/null
                for _ in $(seq 1 15); do
                        sleep 1
                        [ "$(cat "/proc/$NSPAWN_PID/comm" 2>/dev/null)" = systemd-nspawn ] || exit 0
                done
                kill -KILL "$NSPAWN_PID" 2>/dev/null
        ) &
        NSPAWN_WATCHDOG=$!
        local i state
        for i in $(seq 1 300); do
                if ! kill -0 "$NSPAWN_PID" 2>/dev/null; then
                        NSPAWN_SKIP="systemd-nspawn exited: $(tail -n 1 "$NSPAWN_LOG" | tr -d '\r')"
                        NSPAWN_PID=
                        nspawn_stop
                        return 1
                fi
                if [ -z "$NSPAWN_INIT" ]; then
                        NSPAWN_INIT=$(nspawn_find_init) || NSPAWN_INIT=
                fi
                if [ -n "$NSPAWN_INIT" ]; then
                        state=$(nspawn_exec systemctl is-system-running 2>/dev/null)
                        case "$state" in
                        running | degraded) break ;;
                        esac
                fi
                sleep 0.1
        done
        case "$state" in
        running | degraded) ;;
        *)
                NSPAWN_SKIP="the container's manager did not come up (state '${state:-none}')"
                nspawn_stop
                return 1
                ;;
        esac
        nspawn_exec sh -c 'mkdir -p /run/usr-overlay/upper /run/usr-overlay/work &&
                mount -t overlay overlay -o lowerdir=/usr,upperdir=/run/usr-overlay/upper,workdir=/run/usr-overlay/work /usr &&
                mkdir -p /usr/local/lib/systemd/system' >/dev/null 2>&1 || true
        return 0
}

nspawn_stop() {
        if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
                kill -TERM "$NSPAWN_PID" 2>/dev/null
                local i
                for i in $(seq 1 150); do
                        kill -0 "$NSPAWN_PID" 2>/dev/null || break
                        sleep 0.1
                done
                kill -KILL "$NSPAWN_PID" 2>/dev/null
                wait "$NSPAWN_PID" 2>/dev/null
        fi
        if [ -n "$NSPAWN_WATCHDOG" ]; then
                kill "$NSPAWN_WATCHDOG" 2>/dev/null
                wait "$NSPAWN_WATCHDOG" 2>/dev/null
        fi
        NSPAWN_WATCHDOG=
        NSPAWN_PID=
        NSPAWN_INIT=
        [ -n "$NSPAWN_LOG" ] && rm -f "$NSPAWN_LOG"
        NSPAWN_LOG=
        exec 9>&-
        return 0
}
