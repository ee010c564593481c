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
        t0 = time.perf_counter()
        try:
            p = subprocess.run(cmd, cwd="/", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=a.timeout)
        except subprocess.TimeoutExpired:
            print("timeout=%.0f runs=%d" % (a.timeout, len(times) + 1))
            return 0
        times.append(time.perf_counter() - t0)
        rc = p.returncode
    print("best=%.3f median=%.3f runs=%d rc=%d" % (min(times), statistics.median(times), len(times), rc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
