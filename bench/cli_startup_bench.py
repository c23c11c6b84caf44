"""CLI start-up: lazy command loading against importing every command module up front.

Each case runs ``provguard <args>`` as a fresh process, two ways in the same run, interleaved:
``lazy`` is the shipped CLI; ``eager`` first imports every module in COMMANDS, which is what the
CLI did before commands were loaded lazily. Reports median and p90 wall time and peak RSS.

    python bench/cli_startup_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CASES: list[tuple[str, list[str] | None]] = [
    ("python -c pass (the interpreter alone)", None),
    ("provguard --help", ["--help"]),
    ("provguard --version", ["--version"]),
    ("provguard screen --help", ["screen", "--help"]),
    ("provguard screen 'a lighthouse at dawn'", ["screen", "a lighthouse at dawn", "--format", "json"]),
    ("provguard inspect --help", ["inspect", "--help"]),
]

CODE = """
import importlib, sys
from provguard.cli.main import COMMANDS, run
if {eager}:
    for entry in COMMANDS:
        importlib.import_module(entry.module)
try:
    run({args!r})
except SystemExit:
    pass
"""


def run_once(args: list[str] | None, eager: bool) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process (``args=None``: an empty interpreter)."""
    env = {k: v for k, v in os.environ.items() if k != "PROVGUARD_DB"}
    code = "pass" if args is None else CODE.format(eager=eager, args=args)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    ns = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}, CPUs: {os.cpu_count()}, runs: {ns.runs}\n")
    print("| command | lazy median | lazy p90 | eager median | eager p90 | speed-up "
          "| peak RSS lazy / eager |")
    print("|---|---|---|---|---|---|---|")
    for label, args in CASES:
        run_once(args, False)  # warm the page cache and the .pyc files
        run_once(args, True)
        times: dict[bool, list[float]] = {False: [], True: []}
        rss: dict[bool, list[int]] = {False: [], True: []}
        for _ in range(ns.runs):
            for eager in (False, True):
                t, r = run_once(args, eager)
                times[eager].append(t)
                rss[eager].append(r)

        def p90(xs: list[float]) -> float:
            return sorted(xs)[max(0, int(round(0.9 * len(xs))) - 1)]

        lazy, eager_ = statistics.median(times[False]), statistics.median(times[True])
        if args is None:
            print(f"| `{label}` | {lazy * 1000:.0f} ms | {p90(times[False]) * 1000:.0f} ms | | | "
                  f"| {max(rss[False]) // 1024} MiB |")
            continue
        print(
            f"| `{label}` | {lazy * 1000:.0f} ms | {p90(times[False]) * 1000:.0f} ms "
            f"| {eager_ * 1000:.0f} ms "
            f"| {p90(times[True]) * 1000:.0f} ms | {eager_ / lazy:.1f}x "
            f"| {max(rss[False]) // 1024} / {max(rss[True]) // 1024} MiB |"
        )


if __name__ == "__main__":
    main()
