#!/usr/bin/env python3
"""Alternated launches of several windows under one Xvfb: the median time to the map and to the first
paint of each, as sockpit_mapwait measures them. For comparing two builds of the window (or a window
and its references) in the same run, when the launch benchmark's 11 launches are too few to tell a
millisecond apart.

    tests/bench/gui/launch_ab.py --mapwait build-bench/tests/bench/gui/sockpit_mapwait --runs 41 \\
        "before=Sockpit=/tmp/sockpit-window.before" "after=Sockpit=build-bench/app/sockpit-window"

Each entry is LABEL=WINDOW_TITLE=COMMAND (the command split on spaces). One untimed launch of each
comes first; then the entries are launched in turn, RUNS times each, every launch with HOME in one
temporary directory. Prints, per entry, the launches that showed a window and the median and least
time to the map and to the first paint, in milliseconds.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def start_xvfb():
    for n in range(140, 200):
        if os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
            continue
        # -noreset: the server would otherwise start afresh after each launch, and reset a connection
        # made meanwhile.
        proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1440x900x24", "-nolisten", "tcp", "-noreset"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                return proc, f":{n}"
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    raise RuntimeError("could not start Xvfb")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mapwait", required=True, help="the sockpit_mapwait binary")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--settle", type=float, default=0.5, help="seconds each window runs after its map")
    parser.add_argument("entries", nargs="+", help="LABEL=WINDOW_TITLE=COMMAND")
    args = parser.parse_args()
    entries = []
    for entry in args.entries:
        parts = entry.split("=", 2)
        if len(parts) != 3:
            parser.error(f"not LABEL=WINDOW_TITLE=COMMAND: {entry}")
        entries.append(parts)

    xvfb, display = start_xvfb()
    mapped = {label: [] for label, _title, _command in entries}
    painted = {label: [] for label, _title, _command in entries}
    try:
        with tempfile.TemporaryDirectory(prefix="launch-ab-home-") as home:
            env = dict(os.environ, DISPLAY=display, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
            env.pop("QT_QPA_PLATFORM", None)
            for run in range(args.runs + 1):
                for label, title, command in entries:
                    out = subprocess.run([args.mapwait, "--timeout", "30", "--settle", str(args.settle), title,
                                          *command.split()], env=env, capture_output=True, text=True, timeout=90)
                    if run == 0 or out.returncode != 0:
                        continue
                    values = dict(item.split("=", 1) for item in out.stdout.split() if "=" in item)
                    mapped[label].append(float(values["mapped_ms"]))
                    if float(values.get("painted_ms", -1)) >= 0:
                        painted[label].append(float(values["painted_ms"]))
    finally:
        xvfb.terminate()
        xvfb.wait()

    for label, _title, _command in entries:
        m, p = mapped[label], painted[label]
        if not m:
            print(f"{label}: no window in {args.runs} launches")
            continue
        line = f"{label}: {len(m)}/{args.runs} launches; mapped median {statistics.median(m):.1f} ms (least {min(m):.1f})"
        if p:
            line += f"; painted median {statistics.median(p):.1f} ms (least {min(p):.1f})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
