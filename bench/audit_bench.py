"""Audit log benchmark: append throughput (group commit vs one transaction per append),
verification of a large log, and inclusion-proof latency, on SQLite and PostgreSQL.

    python3 bench/audit_bench.py                 # full run (1M-record verify, starts its own PostgreSQL)
    python3 bench/audit_bench.py --large 100000 --skip-postgres   # quicker

PostgreSQL runs on a throwaway cluster started with tests/pgserver.py (fsync on).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from provguard.audit import AuditEvent, AuditLog, merkle

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def ev(i: int) -> AuditEvent:
    return AuditEvent(
        event_type="screen.decision",
        team=f"team{i % 5}",
        actor="key_1",
        request_id=f"req-{i}",
        decision="allow" if i % 7 else "block",
        rule_ids=["deepfake.person"],
        policy_digest="sha256:" + "ab" * 32,
        subject={"prompt_hmac": "hmac-sha256:" + "cd" * 32, "categories": ["deepfake"]},
        payload={"prompt": f"a portrait of someone, number {i}"},
    )


def rate(n: int, fn: Callable[[], None]) -> float:
    t = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t)


def threaded(n_threads: int, per_thread: int, one: Callable[[int], None]) -> Callable[[], None]:
    def go() -> None:
        def work(t: int) -> None:
            for i in range(per_thread):
                one(t * per_thread + i)

        pool = [threading.Thread(target=work, args=(t,)) for t in range(n_threads)]
        for th in pool:
            th.start()
        for th in pool:
            th.join()

    return go


def append_figures(
    url: str, key: Path, label: str, n_single: int, threads: list[int], per_thread: int
) -> None:
    log = AuditLog.open(url, key_path=key)

    def sequential() -> None:
        for i in range(n_single):
            log.append(ev(i))

    def solo(i: int) -> None:  # the obvious alternative: every caller commits its own transaction
        log.store.append(log.log_id, [ev(i)])

    def grouped(i: int) -> None:
        log.append(ev(i))

    batch = 100

    def many() -> None:
        for _ in range(50):
            log.append_many([ev(i) for i in range(batch)])

    print(f"| {label} | one txn per append, 1 writer | {rate(n_single, sequential):,.0f} appends/s |")
    for n in threads:
        total = n * per_thread
        alt = rate(total, threaded(n, per_thread, solo))
        before = log._committer.batches
        got = rate(total, threaded(n, per_thread, grouped))
        commits = max(log._committer.batches - before, 1)
        print(f"| {label} | one txn per append, {n} threads (alternative) | {alt:,.0f} appends/s |")
        per_commit = f"{total / commits:.1f} records/commit"
        print(f"| {label} | group commit, {n} threads | {got:,.0f} appends/s ({per_commit}) |")
    print(f"| {label} | append_many, {batch} per call | {rate(50 * batch, many):,.0f} appends/s |")
    assert log.verify().ok
    log.close()


def large_figures(url: str, key: Path, label: str, n: int) -> None:
    log = AuditLog.open(url, key_path=key)
    t = time.perf_counter()
    chunk = 50_000
    for start in range(0, n, chunk):
        log.store.append(log.log_id, [ev(i) for i in range(start, min(n, start + chunk))])
    build = time.perf_counter() - t
    t = time.perf_counter()
    report = log.verify()
    verify_s = time.perf_counter() - t
    assert report.ok and report.size == n, report
    rng = random.Random(1)
    times = []
    root = bytes.fromhex(report.root_hash)
    for seq in rng.sample(range(n), 500):
        t = time.perf_counter()
        p = log.inclusion_proof(seq)
        times.append(time.perf_counter() - t)
        merkle.verify_inclusion(
            seq, n, bytes.fromhex(p["leaf_hash"]), [bytes.fromhex(h) for h in p["hashes"]], root
        )
    times.sort()
    # alternative: no stored interior nodes, so a proof must read and hash every leaf
    t = time.perf_counter()
    with log.store.read() as conn:
        hashes = log.store.leaf_hashes(conn, log.log_id, 0, n)
    merkle.mth(hashes)
    naive = time.perf_counter() - t
    log.close()
    print(f"| {label} | bulk load {n:,} records | {build:.1f} s ({n / build:,.0f} records/s) |")
    print(f"| {label} | verify {n:,} records | {verify_s:.1f} s ({n / verify_s:,.0f} records/s) |")
    print(
        f"| {label} | inclusion proof at {n:,} (mean / p99 of 500) | "
        f"{statistics.mean(times) * 1000:.2f} ms / {times[int(len(times) * 0.99)] * 1000:.2f} ms |"
    )
    print(f"| {label} | alternative: proof from all leaf hashes (no stored nodes) | {naive * 1000:.0f} ms |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--large", type=int, default=1_000_000, help="records for the verify/proof figures")
    ap.add_argument(
        "--large-pg", type=int, default=100_000, help="records for the PostgreSQL verify/proof figures"
    )
    ap.add_argument("--single", type=int, default=300)
    ap.add_argument("--threads", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--per-thread", type=int, default=60)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> None:
    key = tmp / "key.pem"
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    print("| backend | what | figure |\n|---|---|---|")
    append_figures(
        "sqlite:///" + str(tmp / "append.sqlite3"), key, "SQLite", args.single, args.threads, args.per_thread
    )
    if not args.skip_postgres:
        from pgserver import create_database, postgres_cluster

        with postgres_cluster() as server:
            append_figures(
                create_database(server), key, "PostgreSQL", args.single, args.threads, args.per_thread
            )
            if args.large_pg:
                large_figures(create_database(server), key, "PostgreSQL", args.large_pg)
    if args.large:
        large_figures("sqlite:///" + str(tmp / "large.sqlite3"), key, "SQLite", args.large)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (2 cores shared with other jobs)")


if __name__ == "__main__":
    main()
