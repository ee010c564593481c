#!/usr/bin/env python3
"""Times a command: --runs N times (stdout and stderr to /dev/null, cwd /), with a timeout.

usage: timeit.py [--runs N] [--timeout S] [--args-file F] -- CMD [ARGS...]
--args-file appends the lines of F as arguments (unit names).
Prints one line: "best=S median=S runs=N rc=R" (seconds, 3 decimals), or
"timeout=S runs=N" when a run took longer than --timeout (the runs stop there).
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--args-file")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    if a.args_file:
        with open(a.args_file) as f:
            cmd += [x.strip() for x in f if x.strip()]
    env = dict(os.environ, LC_ALL="C.UTF-8", SYSTEMD_COLORS="0")
    env.pop("SYSTEMD_UNIT_PATH", None)
    times, rc = [], None
    for _ in range(max(1, a.runs)):
        # a blocking wait, with a timer to kill on timeout: subprocess's own timeout polls
        # waitpid() with growing sleeps (up to 50 ms), which rounded 0.1 s runs up to 0.115/0.165
        killed = threading.Event()
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd="/", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        timer = threading.Timer(a.timeout, lambda: (killed.set(), p.kill()))
        timer.start()
        rc = p.wait()
        t1 = time.perf_counter()
        timer.cancel()
        if killed.is_set():
            print("timeout=%.0f runs=%d" % (a.timeout, len(times) + 1))
            return 0
        times.append(t1 - t0)
    print("best=%.3f median=%.3f runs=%d rc=%d" % (min(times), statistics.median(times), len(times), rc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
