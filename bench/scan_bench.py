"""Benchmark `provguard scan` on Dask against `provguard inspect --workers 2` (a script, not a test).

The fixture images are replicated into a few thousand files (hard links on local disk; uploaded
once to a real SeaweedFS S3 server for the object-store runs). Every run is a fresh CLI process, so
start-up is included (LocalCluster start, pool start); `scan` also reports its own in-engine time
(listing to last part), which is printed separately. Reported: median wall seconds, files/s, MB/s,
peak RSS of the biggest process (GNU time), and the ratios against local inspect.

    python3 bench/scan_bench.py [--replicate 24] [--repeat 3] [--workers 2] [--batch-size 256]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO.parent / "shared" / "fixtures" / "images"
sys.path.insert(0, str(REPO / "tests"))


def replicate(root: Path, copies: int) -> tuple[int, int]:
    """Hard-link every fixture image ``copies`` times under ``root``; (files, bytes)."""
    from provguard.provenance.scan import expand

    files = expand([IMAGES], recursive=True)
    n = size = 0
    for i in range(copies):
        for f in files:
            target = root / f"copy{i:03d}" / f.relative_to(IMAGES)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(f, target)
            n += 1
            size += f.stat().st_size
    return n, size


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS KiB of the largest process, stdout) of one fresh process."""
    rss_file = tempfile.NamedTemporaryFile(delete=False, suffix=".rss")
    rss_file.close()
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", rss_file.name, *cmd],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{cmd[:6]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rss = int(Path(rss_file.name).read_text().strip().splitlines()[-1])
    os.unlink(rss_file.name)
    return wall, rss, proc.stdout


def run_once(label: str, make_cmd: Any, env: dict[str, str], acc: dict[str, dict[str, list[float]]]) -> None:
    cmd, cleanup = make_cmd()
    wall, rss, out = timed(cmd, env)
    cleanup()
    r = acc.setdefault(label, {"wall": [], "rss": [], "engine": []})
    r["wall"].append(wall)
    r["rss"].append(rss / 1024)
    if label.startswith("scan"):
        r["engine"].append(json.loads(out)["seconds"])
    print(f"  {label}: wall {wall:.2f} s", file=sys.stderr, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicate", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--no-s3", action="store_true", help="skip the SeaweedFS runs")
    args = ap.parse_args()
    from scan_servers import seaweed_server

    work = Path(tempfile.mkdtemp(prefix="provguard-scan-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env["PROVGUARD_DATA_DIR"] = str(work / "data")
    try:
        tree = work / "tree"
        n_files, n_bytes = replicate(tree, args.replicate)
        print(f"{n_files} files, {n_bytes / 1e6:.1f} MB; load average {os.getloadavg()}", file=sys.stderr)
        cli = [sys.executable, "-m", "provguard.cli"]
        scan_flags = [
            "--cluster",
            "local",
            "--workers",
            str(args.workers),
            "--batch-size",
            str(args.batch_size),
            "--format",
            "json",
            "--no-audit",
        ]

        def inspect_cmd() -> tuple[list[str], Any]:
            return [*cli, "inspect", "-r", str(tree), "--workers", str(args.workers), "--format", "jsonl"], (
                lambda: None
            )

        def scan_cmd(source: str) -> Any:
            def make() -> tuple[list[str], Any]:
                dest = work / "dest"
                return [*cli, "scan", source, "--out", str(dest), *scan_flags], (
                    lambda: shutil.rmtree(dest, ignore_errors=True)
                )

            return make

        runs: list[tuple[str, Any, dict[str, str]]] = [
            (f"inspect --workers {args.workers} (local disk)", inspect_cmd, env),
            (f"scan --cluster local -j {args.workers} (local disk)", scan_cmd(str(tree)), env),
        ]
        acc: dict[str, dict[str, list[float]]] = {}
        with contextlib.ExitStack() as stack:
            if not args.no_s3:
                s3 = stack.enter_context(seaweed_server())
                import s3fs

                fs = s3fs.S3FileSystem(skip_instance_cache=True, **s3.storage_options())  # type: ignore[arg-type]
                fs.mkdir("bench")
                t0 = time.perf_counter()
                fs.put(str(tree) + "/", "bench/tree/", recursive=True)
                print(f"  uploaded in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
                runs.append(
                    (
                        f"scan --cluster local -j {args.workers} (SeaweedFS S3)",
                        scan_cmd("s3://bench/tree"),
                        {**env, **s3.env()},
                    )
                )
            for _ in range(args.repeat):  # interleaved, so a change in machine load hits every run alike
                for label, make, run_env in runs:
                    run_once(label, make, run_env, acc)
        base = statistics.median(acc[runs[0][0]]["wall"])
        print(
            f"\n{n_files} files, {n_bytes / 1e6:.0f} MB, median of {args.repeat} (interleaved), "
            f"batch size {args.batch_size}, {os.cpu_count()} CPUs, load average {os.getloadavg()[1]:.1f}\n"
        )
        print(
            "| run | wall s | files/s | MB/s | vs inspect | in-engine s | engine files/s | engine vs inspect "
            "| peak RSS MiB |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for label, _, _ in runs:
            r = acc[label]
            wall = statistics.median(r["wall"])
            eng = statistics.median(r["engine"]) if r["engine"] else None
            cells = [
                label,
                f"{wall:.2f}",
                f"{n_files / wall:.0f}",
                f"{n_bytes / 1e6 / wall:.1f}",
                f"{wall / base:.2f}x",
                f"{eng:.2f}" if eng else "-",
                f"{n_files / eng:.0f}" if eng else "-",
                f"{eng / base:.2f}x" if eng else "-",
                f"{max(r['rss']):.0f}",
            ]
            print("| " + " | ".join(cells) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
