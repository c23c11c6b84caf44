"""What the hardening of issue 11 costs on the hot path, each against the obvious alternative.

1. Store identity checks (inode/WAL ``stat`` before and after each commit) vs none: durable
   single-record SQLite appends, medians in the same run.
2. Two processes writing one SQLite file: provguard's bounded writer lock (a helper thread
   waits in a blocking flock) vs the old blocking ``flock`` (no bound): appends/s, p50/p99.
3. The output check (full decode of each upstream image) vs inspection of the same
   image, and the gateway's overlapped schedule vs running them one after the other.

    python bench/gateway_guard_bench.py [--appends 400]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from provguard.audit import AuditEvent, AuditLog  # noqa: E402
from provguard.audit.stores import sqlite as sqlite_store  # noqa: E402

IMAGE = REPO.parent / "shared" / "fixtures" / "images" / "c2pa-extension-validator" / \
    "DALL-E_cloud_surfing_puppy.webp"


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def appends(log: AuditLog, n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        log.append(AuditEvent(event_type="screen.decision", team="t", request_id=f"r{i}"))
        out.append((time.perf_counter() - t) * 1000)
    return out


def identity_checks(n: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        log = AuditLog.open(str(Path(d) / "a.sqlite3"), key_path=Path(d) / "k.pem")
        store = log.store
        appends(log, 50)  # warm up
        checked, unchecked = [], []
        for _ in range(4):  # interleaved rounds: the same disk state for both
            checked += appends(log, n // 4)
            before, after = store._before_commit, store._after_commit
            store._before_commit = store._after_commit = lambda: None  # type: ignore[method-assign]
            unchecked += appends(log, n // 4)
            store._before_commit, store._after_commit = before, after  # type: ignore[method-assign]
        log.close()
    m1, m0 = statistics.median(checked), statistics.median(unchecked)
    print(f"1. durable append, median: with identity checks {m1:.3f} ms, without {m0:.3f} ms "
          f"(ratio {m1 / m0:.3f}); p99 {pct(checked, .99):.3f} vs {pct(unchecked, .99):.3f} ms")


def _writer(path: str, n: int, blocking: bool, q: mp.Queue) -> None:  # type: ignore[type-arg]
    if blocking:  # the old gate: a blocking flock, no bound on the wait
        import fcntl

        def enter(self: sqlite_store._Flock) -> None:
            fcntl.flock(self.fd, fcntl.LOCK_EX)

        sqlite_store._Flock.__enter__ = enter  # type: ignore[method-assign]
    log = AuditLog.open(path, key_path=Path(path).with_suffix(".pem"), lock_timeout=5.0)
    q.put(appends(log, n))
    log.close()


def two_writers(n: int) -> None:
    ctx = mp.get_context("spawn")
    for blocking in (False, True):
        with tempfile.TemporaryDirectory() as d:
            path = str(Path(d) / "a.sqlite3")
            AuditLog.open(path, key_path=Path(d) / "a.pem").close()
            q: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
            procs = [ctx.Process(target=_writer, args=(path, n, blocking, q)) for _ in range(2)]
            t = time.perf_counter()
            for p in procs:
                p.start()
            lat = q.get() + q.get()
            for p in procs:
                p.join()
            wall = time.perf_counter() - t
        name = "blocking flock (old, no bound) " if blocking else "bounded flock (helper thread)"
        print(f"2. two writers, {name}: {len(lat) / wall:7.0f} appends/s incl. start-up, "
              f"p50 {pct(lat, .5):.3f} ms, p99 {pct(lat, .99):.3f} ms")


def output_check() -> None:
    from provguard.config import Settings
    from provguard.gateway.checks import check_output_image
    from provguard.gateway.files import ImageFiles
    from provguard.gateway.outputs import OutputStage
    from provguard.gateway.upstream import UpstreamFetcher
    from provguard.provenance import InspectOptions, Inspector

    data = IMAGE.read_bytes()
    settings = Settings(data_dir=Path(tempfile.mkdtemp()))
    inspector = Inspector(InspectOptions())
    stage = OutputStage(settings, inspector, None, ImageFiles(settings.data_dir), UpstreamFetcher(settings))

    def timed(fn) -> float:  # type: ignore[no-untyped-def]
        runs = []
        for _ in range(7):
            t = time.perf_counter()
            fn()
            runs.append((time.perf_counter() - t) * 1000)
        return statistics.median(runs)

    check = timed(lambda: check_output_image(data, settings))
    inspect = timed(lambda: inspector.inspect_bytes(data, "x"))

    async def schedules() -> tuple[float, float]:
        import anyio

        seq, over = [], []
        for _ in range(7):  # one event loop and thread pool for both schedules, interleaved
            t = time.perf_counter()
            await anyio.to_thread.run_sync(check_output_image, data, settings)
            await anyio.to_thread.run_sync(inspector.inspect_bytes, data, "x")
            seq.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            await stage.checked(data, "x", None)
            over.append((time.perf_counter() - t) * 1000)
        return statistics.median(seq), statistics.median(over)

    seq, overlapped = asyncio.run(schedules())
    print(f"3. 1024x1024 WebP from DALL-E: decode check {check:.1f} ms, inspection {inspect:.1f} ms; "
          f"check then inspect {seq:.1f} ms vs overlapped (as the gateway runs them) {overlapped:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--appends", type=int, default=400)
    args = ap.parse_args()
    identity_checks(args.appends)
    two_writers(args.appends)
    output_check()


if __name__ == "__main__":
    main()
