"""Crash safety and concurrent writers on SQLite and PostgreSQL, with real processes.

Run as a script this file is the writer: it appends from several threads and logs every
acknowledged receipt to a side file, so the test can check that nothing acknowledged is lost.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from provguard.audit import AuditEvent, AuditLog
from provguard.audit.group_commit import GroupCommitter

HERE = Path(__file__).resolve()


def writer_main(url: str, key: str, ack_path: str, count: int, threads: int, tag: str) -> None:
    log = AuditLog.open(url, key_path=Path(key))
    lock = threading.Lock()
    ack = open(ack_path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the process

    def work(t: int) -> None:
        i = 0
        while count == 0 or i < count:
            rid = f"{tag}-{t}-{i}"
            r = log.append(
                AuditEvent(event_type="generation.request", team=tag, request_id=rid, payload={"prompt": rid})
            )
            with lock:
                ack.write(f"{r.seq} {r.leaf_hash} {rid}\n")
                ack.flush()
            i += 1

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    ack.close()
    log.close()


def spawn(url: str, key: Path, ack: Path, count: int, threads: int, tag: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(HERE), url, str(key), str(ack), str(count), str(threads), tag],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def read_acks(path: Path) -> list[tuple[int, str, str]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 3:  # a line cut by the kill is not an acknowledgement we saw
            out.append((int(parts[0]), parts[1], parts[2]))
    return out


def check_log(url: str, key: Path, acks: list[tuple[int, str, str]]) -> AuditLog:
    log = AuditLog.open(url, key_path=key)
    report = log.verify()
    assert report.ok, report.message()
    records = log.iter_records()
    assert [r.seq for r in records] == list(range(report.size))
    by_seq = {r.seq: r for r in records}
    for seq, leaf_hash, rid in acks:
        assert seq in by_seq, f"acknowledged record {seq} lost"
        assert by_seq[seq].leaf_hash == leaf_hash and by_seq[seq].request_id == rid
    return log


@pytest.mark.load
def test_kill_9_mid_stream_loses_nothing_acknowledged(audit_db_url: str, tmp_path: Path) -> None:
    key, ack = tmp_path / "key.pem", tmp_path / "acks.txt"
    rng = random.Random(7)
    for round_ in range(3):
        before = len(read_acks(ack))
        proc = spawn(audit_db_url, key, ack, 0, 4, f"run{round_}")
        deadline = time.monotonic() + 60
        while len(read_acks(ack)) < before + 30 + rng.randrange(40):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "writer made no progress"
            time.sleep(0.01)
        time.sleep(rng.random() * 0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    acks = read_acks(ack)
    assert len({a[0] for a in acks}) == len(acks)
    log = check_log(audit_db_url, key, acks)
    # the log is still writable after the crashes, and keeps verifying
    log.append(AuditEvent(event_type="screen.decision"))
    assert log.verify().ok
    log.close()


@pytest.mark.load
def test_concurrent_processes_get_contiguous_seqs(audit_db_url: str, tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    AuditLog.open(audit_db_url, key_path=key).close()  # migrate once, then race
    procs, count, threads = 4, 25, 3
    acks_files = [tmp_path / f"acks{p}.txt" for p in range(procs)]
    running = [spawn(audit_db_url, key, acks_files[p], count, threads, f"p{p}") for p in range(procs)]
    for proc in running:
        assert proc.wait(240) == 0, proc.stderr.read().decode() if proc.stderr else ""
    acks = [a for f in acks_files for a in read_acks(f)]
    total = procs * count * threads
    assert len(acks) == total
    assert sorted(a[0] for a in acks) == list(range(total))
    log = check_log(audit_db_url, key, acks)
    assert len({r.request_id for r in log.iter_records()}) == total
    assert len(log.query(team="p2", limit=1000)) == count * threads
    log.close()


def test_threads_share_commits_and_wait_for_them(audit_db_url: str, tmp_path: Path) -> None:
    log = AuditLog.open(audit_db_url, key_path=tmp_path / "key.pem")
    receipts: list[int] = []
    lock = threading.Lock()

    def work(t: int) -> None:
        for i in range(10):
            r = log.append(AuditEvent(event_type="screen.decision", request_id=f"{t}-{i}"))
            with lock:
                receipts.append(r.seq)

    pool = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert sorted(receipts) == list(range(80))
    assert log.verify().ok
    log.close()


def test_group_commit_batches_waiters_into_one_commit() -> None:
    gate = threading.Event()
    commits: list[list[int]] = []

    def commit(items: list[int]) -> list[int]:
        if not commits:
            gate.wait(10)  # the first leader holds the "transaction" open while others queue
        commits.append(list(items))
        return [i * 10 for i in items]

    gc: GroupCommitter[int, int] = GroupCommitter(commit)
    results: dict[int, list[int]] = {}
    pool = [threading.Thread(target=lambda i=i: results.__setitem__(i, gc.submit([i]))) for i in range(8)]
    pool[0].start()
    while not gc._leader:
        time.sleep(0.001)
    for th in pool[1:]:
        th.start()
    while len(gc._pending) < 7:
        time.sleep(0.001)
    gate.set()
    for th in pool:
        th.join()
    assert results == {i: [i * 10] for i in range(8)}
    assert len(commits) == 2 and sorted(commits[1]) == list(range(1, 8))


def test_a_failed_commit_acknowledges_nobody() -> None:
    def commit(items: list[int]) -> list[int]:
        raise OSError("disk full")

    gc: GroupCommitter[int, int] = GroupCommitter(commit)
    with pytest.raises(OSError, match="disk full"):
        gc.submit([1])


def test_head_lock_serialises_appenders_and_is_needed(audit_db_url: str, tmp_path: Path) -> None:
    """While one append transaction holds the head, another cannot take it; without the lock it could."""
    import sqlite3

    import psycopg

    from provguard.audit.stores import open_store
    from provguard.audit.stores.postgres import PostgresStore

    a, b = open_store(audit_db_url), open_store(audit_db_url)
    conn_a, conn_b = a._writer_conn(), b._writer_conn()
    a._begin_write(conn_a)
    head_a = a._lock_head(conn_a, "provguard")
    if isinstance(b, PostgresStore):
        conn_b.execute("SET lock_timeout = '50ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            b._lock_head(conn_b, "provguard")
        conn_b.rollback()
        # control: a head read without FOR UPDATE does not wait, so both writers would take the same seq ...
        stale = b.head(conn_b, "provguard")
        assert stale.size == head_a.size
        a._append_locked(conn_a, "provguard", head_a, [AuditEvent(event_type="screen.decision")])
        conn_a.commit()
        # ... and the second writer's insert then collides on (log_id, seq): the lock is what prevents it
        with pytest.raises(psycopg.errors.UniqueViolation):
            b._append_locked(conn_b, "provguard", stale, [AuditEvent(event_type="screen.decision")])
        conn_b.rollback()
    else:
        conn_b.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            b._begin_write(conn_b)
        conn_a.rollback()
    b.append("provguard", [AuditEvent(event_type="screen.decision")])
    a.close()
    b.close()
    log = AuditLog.open(audit_db_url, key_path=tmp_path / "k.pem")
    assert log.verify().ok
    log.close()


if __name__ == "__main__":
    writer_main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    os._exit(0)
