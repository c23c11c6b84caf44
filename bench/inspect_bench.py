"""Benchmark `provguard inspect` on two sets of files (a script, not a test).

Set 1 is the fixture folder. Set 2 is big real-world-shaped files made here with Pillow from the
fixtures: generator PNGs of 1-4 MP carrying the fixtures' A1111/ComfyUI/InvokeAI/NovelAI/Fooocus
text chunks, and camera JPEGs of 12-24 MP carrying the fixtures' camera EXIF (MakerNotes included)
at quality 92, with sensor-like noise so their sizes are realistic. Both sets are cached under
the temp dir.

Prints, per set: files/s for provguard (default settings, in-process), the bare floor (c2pa-python
Reader + exifread details=False on the same files, same process), `exiftool -j` in one batch, the
ratios, and 1 vs 2 worker processes on a replicated file list (fresh process per run, pool start-up
included; then the CLI end to end; then warm pools).

    python3 bench/inspect_bench.py [--repeat 3] [--replicate 6] [--sets fixtures,big]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import c2pa
import exifread
import numpy as np
from PIL import Image, PngImagePlugin

from provguard.provenance import InspectOptions, Inspector, expand
from provguard.provenance.scan import _init, _inspect, _pool_context

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO.parent / "shared" / "fixtures" / "images"
logging.getLogger("exifread").setLevel(logging.CRITICAL)


BIG_SET = Path(tempfile.gettempdir()) / "provguard-inspect-bigset-v1"
_CAMERA_SOURCES = ["exif-samples/DSCN0010.jpg", "exif-samples/canon_hdr_YES.jpg", "exif-samples/jolla.jpg",
                   "exif-samples/Canon_40D.jpg", "exif-samples/fujifilm-dx10.jpg",
                   "public-testfiles/nikon-20221019-building.jpeg", "exif-samples/kodak-dc240.jpg",
                   "exif-samples/Nikon_D70.jpg"]
_GENERATOR_SOURCES = ["sd-parsers/automatic1111_cropped.png", "sd-parsers/fooocus1_cropped.png",
                      "sd-parsers/invokeai_imeta1.png", "sd-parsers/novelai1_cropped.png",
                      "sd-parsers/unclip_2pass_cropped.png", "sd-parsers/img2img_cropped.png",
                      "sd-parsers/night_evening_day_morning_cropped.png", "sd-parsers/invokeai_dream1.png"]
_PIXEL_SOURCES = ["huminify-c2pa-detector/lady.png", "stable-diffusion/mountains-1.png",
                  "stable-diffusion/000002025.png", "huminify-c2pa-detector/triple.png"]
_CAMERA_SIZES = [(4000, 3000), (4608, 3456), (6000, 4000)]
_GENERATOR_SIZES = [(1024, 1024), (1216, 832), (1536, 1536), (2048, 2048)]


def _textured(src: Image.Image, size: tuple[int, int], rng: np.random.Generator, noise: int) -> Image.Image:
    """Upscale ``src`` and add noise: detail like a sensor's or a diffusion model's, so files
    compress to realistic sizes (a smooth upscale would be a fraction of a real file)."""
    big = np.asarray(src.convert("RGB").resize(size, Image.Resampling.BILINEAR), dtype=np.int16)
    big = big + rng.integers(-noise, noise + 1, size=big.shape, dtype=np.int16)
    return Image.fromarray(np.clip(big, 0, 255).astype(np.uint8))


def build_big_set(count: int = 24) -> list[Path]:
    """``count`` camera JPEGs and ``count`` generator PNGs, made once and cached."""
    done = BIG_SET / f"done-{count}"
    if not done.exists():
        BIG_SET.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(2026)
        for i in range(count):
            src = Image.open(IMAGES / _CAMERA_SOURCES[i % len(_CAMERA_SOURCES)])
            exif = src.info.get("exif", b"")
            img = _textured(src, _CAMERA_SIZES[i % len(_CAMERA_SIZES)], rng, 6)
            img.save(BIG_SET / f"camera_{i:02d}.jpg", "JPEG", quality=92, exif=exif)
        for i in range(count):
            meta = Image.open(IMAGES / _GENERATOR_SOURCES[i % len(_GENERATOR_SOURCES)])
            meta.load()
            info = PngImagePlugin.PngInfo()
            for key, value in getattr(meta, "text", {}).items():
                info.add_text(key, value)
            pixels = Image.open(IMAGES / _PIXEL_SOURCES[i % len(_PIXEL_SOURCES)])
            img = _textured(pixels, _GENERATOR_SIZES[i % len(_GENERATOR_SIZES)], rng, 3)
            img.save(BIG_SET / f"generated_{i:02d}.png", "PNG", pnginfo=info, compress_level=6)
        done.touch()
    return sorted(p for p in BIG_SET.iterdir() if p.suffix in (".jpg", ".png"))


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


def fresh_scan(root: Path, replicate: int, workers: int) -> tuple[float, str]:
    """Seconds for scan_paths over the replicated folder in a new interpreter (imports excluded)."""
    cmd = [sys.executable, "-c", _FRESH, str(root), str(replicate), str(workers)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), out[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--replicate", type=int, default=6, help="copies of the file list for the worker runs")
    ap.add_argument("--sets", default="fixtures,big", help="comma-separated: fixtures, big")
    ap.add_argument("--big-count", type=int, default=24, help="camera JPEGs and generator PNGs each")
    args = ap.parse_args()
    print(f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}, c2pa-rs {c2pa.sdk_version()}")
    for name in args.sets.split(","):
        if name == "fixtures":
            fixtures = expand([IMAGES], recursive=True)
            bench_set("set 1: fixtures", IMAGES, fixtures, args.repeat, args.replicate)
        elif name == "big":
            files = build_big_set(args.big_count)
            bench_set("set 2: big real-world-shaped files", BIG_SET, files, args.repeat,
                      max(1, args.replicate // 3))
            for kind in ("camera_", "generated_"):
                part = [f for f in files if f.name.startswith(kind)]
                bench_files(f"set 2, {kind.rstrip('_')} only", part, args.repeat)
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def bench_files(title: str, files: list[Path], repeat: int) -> None:
    """provguard vs the floor vs exiftool on ``files``, in this process (interleaved, best of N)."""
    n = len(files)
    mib = sum(f.stat().st_size for f in files) / 2**20
    print(f"\n== {title}: {n} files, {mib:.1f} MiB")
    ctx = c2pa.Context(c2pa.Settings.from_dict({"verify": {"remote_manifest_fetch": False}}))
    insp = Inspector(InspectOptions())
    never = Inspector(InspectOptions(watermark="never"))
    floor_pass(files, ctx)  # warm the page cache and both code paths
    for f in files:
        insp.inspect_path(f)
    runs: dict[str, Callable[[], object]] = {
        "floor": lambda: floor_pass(files, ctx),
        "auto": lambda: [insp.inspect_path(f) for f in files],
        "never": lambda: [never.inspect_path(f) for f in files],
    }
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}  # process CPU seconds (all threads): less moved by other jobs' load
    for _ in range(repeat):  # interleaved, best of N: the machine is shared, load drifts
        for name, fn in runs.items():
            c0 = time.process_time()
            best[name] = min(best.get(name, float("inf")), best_of(1, fn))
            cpu[name] = min(cpu.get(name, float("inf")), time.process_time() - c0)
    t_floor, t_pg, t_pg_never = best["floor"], best["auto"], best["never"]
    rows = [
        ("bare floor (c2pa Reader + exifread)", t_floor),
        ("provguard inspect (default, watermark=auto)", t_pg),
        ("provguard inspect --watermark never", t_pg_never),
    ]
    exiftool = shutil.which("exiftool")
    t_et = 0.0
    if exiftool:
        cmd = [exiftool, "-j", "-q", "-q", *map(str, files)]
        t_et = best_of(repeat, lambda: subprocess.run(cmd, capture_output=True, check=False))
        rows.append(("exiftool -j (one batch process, start included)", t_et))
    print(f"{'run':52s} {'seconds':>8s} {'files/s':>9s} {'ms/file':>8s}")
    for name, t in rows:
        print(f"{name:52s} {t:8.3f} {n / t:9.1f} {1000 * t / n:8.2f}")
    print(f"provguard / floor throughput: {t_floor / t_pg:.2f}x (target >= 0.8x)")
    print(
        f"  on process CPU time (best of {repeat}): floor {cpu['floor']:.3f} s, "
        f"default {cpu['auto']:.3f} s -> {cpu['floor'] / cpu['auto']:.2f}x"
    )
    if exiftool:
        print(f"provguard / exiftool throughput (in-process): {t_et / t_pg:.2f}x")


def bench_set(title: str, root: Path, files: list[Path], repeat: int, replicate: int) -> None:
    bench_files(title, files, repeat)
    work = files * replicate
    opts = InspectOptions()
    exiftool = shutil.which("exiftool")
    if exiftool:  # end to end, both as fresh processes: interpreter and imports included
        cmd_pg = [sys.executable, "-m", "provguard.cli", "inspect", str(root), "--recursive", "--format",
                  "jsonl", "--workers", "1"]
        cmd_et = [exiftool, "-j", "-q", "-q", "-r", str(root)]
        e2e: dict[str, float] = {}
        for _ in range(repeat):
            for name, cmd in (("provguard", cmd_pg), ("exiftool", cmd_et)):
                t0 = time.perf_counter()
                subprocess.run(cmd, capture_output=True, check=False)
                e2e[name] = min(e2e.get(name, float("inf")), time.perf_counter() - t0)
        ratio = e2e["exiftool"] / e2e["provguard"]
        print(
            f"end to end, one process each: `provguard inspect -j 1` {e2e['provguard']:.2f} s, "
            f"`exiftool -j -r` {e2e['exiftool']:.2f} s -> provguard {ratio:.2f}x as fast"
        )
    # End to end as a CLI run sees it: a fresh process per run (this one has used c2pa, whose
    # runtime threads rule out fork), timing scan_paths including the pool start; best of N,
    # the worker counts interleaved.
    timings: dict[int, float] = {}
    methods: dict[int, str] = {}
    for _ in range(repeat):
        for w in (1, 2):
            secs, method = fresh_scan(root, replicate, w)
            timings[w] = min(timings.get(w, float("inf")), secs)
            methods[w] = method
    print(f"scan_paths, {len(work)} files ({replicate}x the folder), fresh process, pool start included:")
    for w, t in timings.items():
        how = "in-process" if w == 1 else f"{methods[w]} pool"
        print(f"  workers={w}: {t:6.2f} s  {len(work) / t:7.1f} files/s  ({how})")
    print(f"  speed-up 1 -> 2 workers: {timings[1] / timings[2]:.2f}x (target >= 1.8x; 2 shared cores)")
    ceilings = [cpu_ceiling() for _ in range(3)]
    print(
        "  ceiling on this machine now (2 processes of pure CPU work vs 1, warm pool): "
        + ", ".join(f"{c:.2f}x" for c in ceilings)
    )
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


if __name__ == "__main__":
    main()
