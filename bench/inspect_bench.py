"""Benchmark `provguard inspect` on the fixture folder (a script, not a test).

Prints files/s for: provguard (default settings, in-process), the bare floor (c2pa-python Reader +
exifread details=False on the same files, same process), `exiftool -j` in one batch, the ratios, and
1 vs 2 worker processes on a replicated file list (fresh process per run, pool start-up included;
then the CLI end to end; then warm pools).

    python3 bench/inspect_bench.py [--repeat 3] [--replicate 6]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import c2pa
import exifread

from provguard.provenance import InspectOptions, Inspector, expand
from provguard.provenance.scan import _init, _inspect, _pool_context

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO.parent / "shared" / "fixtures" / "images"
logging.getLogger("exifread").setLevel(logging.CRITICAL)


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def floor_pass(files: list[Path], ctx: c2pa.Context) -> None:
    """What any tool must do at least: one c2pa read and one EXIF parse per file."""
    for f in files:
        try:
            with c2pa.Reader(str(f), context=ctx) as r:
                json.loads(r.json())
        except Exception:
            pass
        try:
            with open(f, "rb") as fh:
                exifread.process_file(fh, details=False, extract_thumbnail=False)
        except Exception:
            pass


def _cpu_chunk(paths: list[Path]) -> float:
    """Inspect a chunk in a pool worker; return the worker CPU seconds it took."""
    t0 = time.process_time()
    for p in paths:
        _inspect(p)
    return time.process_time() - t0


_FRESH = """
import sys, time
from pathlib import Path
from provguard.provenance import InspectOptions, expand, scan_paths
from provguard.provenance.scan import _pool_context
work = expand([Path(sys.argv[1])], recursive=True) * int(sys.argv[2])
method = _pool_context().get_start_method()
t0 = time.perf_counter()
n = sum(1 for _ in scan_paths(work, recursive=False, workers=int(sys.argv[3]), options=InspectOptions()))
assert n == len(work)
print(time.perf_counter() - t0, method)
"""


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def cpu_ceiling(n: int = 10_000_000) -> float:
    """Speed-up of two processes over one on pure-Python CPU work, right now on this machine:
    the most any worker count can show while other jobs share the cores."""
    t0 = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(2, mp_context=_pool_context()) as pool:
        list(pool.map(_burn, [100_000, 100_000]))  # start both workers first
        t0 = time.perf_counter()
        list(pool.map(_burn, [n, n]))
        parallel = time.perf_counter() - t0
    return serial / parallel


def fresh_scan(replicate: int, workers: int) -> tuple[float, str]:
    """Seconds for scan_paths over the replicated folder in a new interpreter (imports excluded)."""
    cmd = [sys.executable, "-c", _FRESH, str(IMAGES), str(replicate), str(workers)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), out[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--replicate", type=int, default=6, help="copies of the file list for the worker runs")
    args = ap.parse_args()
    files = expand([IMAGES], recursive=True)
    n = len(files)
    mib = sum(f.stat().st_size for f in files) / 2**20
    print(
        f"{n} files, {mib:.1f} MiB, {os.cpu_count()} CPUs, python {sys.version.split()[0]}, "
        f"c2pa-rs {c2pa.sdk_version()}"
    )

    ctx = c2pa.Context(c2pa.Settings.from_dict({"verify": {"remote_manifest_fetch": False}}))
    insp = Inspector(InspectOptions())
    floor_pass(files, ctx)  # warm the page cache and both code paths
    for f in files:
        insp.inspect_path(f)

    runs: dict[str, Callable[[], object]] = {
        "floor": lambda: floor_pass(files, ctx),
        "auto": lambda: [insp.inspect_path(f) for f in files],
        "never": lambda: [never.inspect_path(f) for f in files],
    }
    never = Inspector(InspectOptions(watermark="never"))
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}  # process CPU seconds (all threads): less moved by other jobs' load
    for _ in range(args.repeat):  # interleaved, best of N: the machine is shared, load drifts
        for name, fn in runs.items():
            c0 = time.process_time()
            best[name] = min(best.get(name, float("inf")), best_of(1, fn))
            cpu[name] = min(cpu.get(name, float("inf")), time.process_time() - c0)
    t_floor, t_pg, t_pg_never = best["floor"], best["auto"], best["never"]
    always = Inspector(InspectOptions(watermark="always"))
    t_pg_always = best_of(1, lambda: [always.inspect_path(f) for f in files])

    rows = [
        ("bare floor (c2pa Reader + exifread)", t_floor),
        ("provguard inspect (default, watermark=auto)", t_pg),
        ("provguard inspect --watermark never", t_pg_never),
        ("provguard inspect --watermark always", t_pg_always),
    ]
    exiftool = shutil.which("exiftool")
    if exiftool:
        cmd = [exiftool, "-j", "-q", "-q", *map(str, files)]
        t_et = best_of(args.repeat, lambda: subprocess.run(cmd, capture_output=True, check=False))
        rows.append(("exiftool -j (one batch process)", t_et))
    print(f"\n{'run':48s} {'seconds':>8s} {'files/s':>9s}")
    for name, t in rows:
        print(f"{name:48s} {t:8.3f} {n / t:9.1f}")
    print(f"\nprovguard / floor throughput: {t_floor / t_pg:.2f}x (target >= 0.8x)")
    print(
        f"  on process CPU time (best of {args.repeat}): floor {cpu['floor']:.3f} s, "
        f"default {cpu['auto']:.3f} s -> {cpu['floor'] / cpu['auto']:.2f}x; "
        f"--watermark never {cpu['never']:.3f} s -> {cpu['floor'] / cpu['never']:.2f}x"
    )
    if exiftool:
        print(f"provguard / exiftool throughput: {t_et / t_pg:.2f}x")

    work = files * args.replicate
    opts = InspectOptions()
    # End to end as a CLI run sees it: a fresh process per run (this one has used c2pa, whose
    # runtime threads rule out fork), timing scan_paths including the pool start; best of N,
    # the worker counts interleaved.
    timings: dict[int, float] = {}
    methods: dict[int, str] = {}
    for _ in range(args.repeat):
        for w in (1, 2):
            secs, method = fresh_scan(args.replicate, w)
            timings[w] = min(timings.get(w, float("inf")), secs)
            methods[w] = method
    print(
        f"\nscan_paths, {len(work)} files ({args.replicate}x the folder), fresh process, pool start included:"
    )
    for w, t in timings.items():
        how = "in-process" if w == 1 else f"{methods[w]} pool"
        print(f"  workers={w}: {t:6.2f} s  {len(work) / t:7.1f} files/s  ({how})")
    print(f"  speed-up 1 -> 2 workers: {timings[1] / timings[2]:.2f}x (target >= 1.8x; 2 shared cores)")
    ceilings = [cpu_ceiling() for _ in range(3)]
    print(
        "  ceiling on this machine now (2 processes of pure CPU work vs 1, warm pool): "
        + ", ".join(f"{c:.2f}x" for c in ceilings)
    )
    cli: dict[int, float] = {}
    for _ in range(args.repeat):
        for w in (1, 2):
            cmd = [sys.executable, "-m", "provguard.cli", "inspect", *[str(IMAGES)] * args.replicate]
            cmd += ["--recursive", "--format", "jsonl", "--workers", str(w)]
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False)
            cli[w] = min(cli.get(w, float("inf")), time.perf_counter() - t0)
    print(
        f"  CLI `provguard inspect --format jsonl -j N`, same {len(work)} files, interpreter start included:"
    )
    for w, t in cli.items():
        print(f"    -j {w}: {t:6.2f} s  {len(work) / t:7.1f} files/s")
    print(f"    speed-up {cli[1] / cli[2]:.2f}x")
    warm: dict[int, tuple[float, float]] = {}
    chunks = [work[i : i + 4] for i in range(0, len(work), 4)]
    for w in (1, 2):
        with ProcessPoolExecutor(w, mp_context=_pool_context(), initializer=_init, initargs=(opts,)) as pool:
            list(pool.map(_cpu_chunk, chunks[: 2 * w]))  # start and warm the workers
            t0 = time.perf_counter()
            worker_cpu = sum(pool.map(_cpu_chunk, chunks))
            warm[w] = (time.perf_counter() - t0, worker_cpu)
    print("  warm pools (start-up excluded):")
    for w, (wall, worker_cpu) in warm.items():
        per_file = 1000 * worker_cpu / len(work)
        print(f"    workers={w}: {len(work) / wall:7.1f} files/s, worker CPU {per_file:.2f} ms/file")
    ratio = warm[2][1] / warm[1][1]
    speed = warm[1][0] / warm[2][0]
    print(f"    speed-up {speed:.2f}x; CPU per file with 2 workers = {ratio:.2f}x of 1 worker")
    print("    (near 1.0: the work splits cleanly; the wall-clock gain is then bounded by free cores)")
    load = os.getloadavg()
    print(f"\nload average during run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
