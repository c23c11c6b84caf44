"""Fail closed for real: a SQLite file deleted, moved or replaced under a running service, and a
writer holding the lock, answer 503 ``store_unavailable``, forward nothing and lose no record.

Real uvicorn on a loopback port, the real ``openai`` client, a real SQLite file that the test
really deletes, moves and replaces, and a second process really holding the write lock.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from provguard.service.app import create_app
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.upstream_server import UpstreamServer


@pytest.fixture()
def svc(tmp_path: Path, upstream: UpstreamServer) -> Iterator[Running]:
    settings = make_settings(tmp_path, upstream, None, store_lock_timeout=1.0)
    running = serve(create_app(settings), settings)
    yield running
    running.stop()


def client(svc: Running, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=svc.url + "/v1", api_key=key, max_retries=0, timeout=60)


def generate_ok(oa: openai.OpenAI) -> int:
    """One allowed generation; returns the audit seq the service acknowledged."""
    raw = oa.images.with_raw_response.generate(prompt="a lighthouse at dawn")
    assert raw.parse().data
    return int(raw.headers["x-provguard-audit-seq"])


def assert_fails_closed(svc: Running, oa: openai.OpenAI, upstream: UpstreamServer) -> None:
    upstream.reset()
    for _ in range(2):  # not only the first request after the change
        with pytest.raises(openai.APIStatusError) as info:
            oa.images.generate(prompt="a lighthouse at dawn")
        assert info.value.status_code == 503 and info.value.code == "store_unavailable"
    assert upstream.received == []  # nothing reached the generator
    assert httpx.get(svc.url + "/readyz", timeout=30).status_code == 503


def assert_nothing_lost(svc: Running, acked: list[int]) -> None:
    log = AuditLog.open(svc.settings.db_url(), key_path=svc.settings.audit_key_path())
    assert log.verify().ok
    seqs = {r.seq for r in log.query(limit=10_000)}
    assert set(acked) <= seqs
    log.close()


def sqlite_files(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def test_moved_file_fails_closed_and_is_used_again_when_moved_back(
    svc: Running, fresh_upstream: UpstreamServer, tmp_path: Path
) -> None:
    oa = client(svc, svc.key())
    acked = [generate_ok(oa), generate_ok(oa)]
    db = Path(svc.settings.db_url().removeprefix("sqlite:///"))
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    for f in sqlite_files(db):
        f.rename(moved / f.name)
    assert_fails_closed(svc, oa, fresh_upstream)
    assert not db.exists()  # the service did not quietly start a new, empty log
    for f in moved.iterdir():
        f.rename(db.parent / f.name)
    acked.append(generate_ok(oa))
    assert httpx.get(svc.url + "/readyz").status_code == 200
    assert len(fresh_upstream.received) == 1
    assert_nothing_lost(svc, acked)


def test_deleted_file_fails_closed_until_a_complete_copy_is_restored(
    svc: Running, fresh_upstream: UpstreamServer, tmp_path: Path
) -> None:
    key = svc.key()
    oa = client(svc, key)
    acked = [generate_ok(oa)]
    db = Path(svc.settings.db_url().removeprefix("sqlite:///"))
    stale = tmp_path / "stale.sqlite3"
    with sqlite3.connect(db) as src, sqlite3.connect(stale) as dst:
        src.backup(dst)  # a backup taken before the last acknowledged record
    acked.append(generate_ok(oa))
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(db) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)  # a complete backup
    for f in sqlite_files(db):
        f.unlink()
    assert_fails_closed(svc, oa, fresh_upstream)
    # a copy that lacks an acknowledged record is refused: nothing is appended on top of it
    shutil.copy(stale, db)
    assert_fails_closed(svc, oa, fresh_upstream)
    with pytest.raises(openai.APIStatusError) as info:
        oa.images.generate(prompt="a lighthouse at dawn")
    assert "lost records" in str(info.value.message)
    for f in sqlite_files(db):
        f.unlink()
    shutil.copy(backup, db)  # the complete copy: the service carries on by itself
    acked.append(generate_ok(oa))
    assert len(fresh_upstream.received) == 1
    assert_nothing_lost(svc, acked)


def test_replaced_file_is_refused(svc: Running, fresh_upstream: UpstreamServer, tmp_path: Path) -> None:
    oa = client(svc, svc.key())
    generate_ok(oa)
    db = Path(svc.settings.db_url().removeprefix("sqlite:///"))
    other = tmp_path / "other"
    other.mkdir()
    fresh = AuditLog.open(str(other / "audit.sqlite3"), key_path=other / "k.pem")  # a valid, empty log
    fresh.close()
    for f in sqlite_files(db)[1:]:
        f.unlink()
    os.replace(other / "audit.sqlite3", db)  # swapped under the running service
    assert_fails_closed(svc, oa, fresh_upstream)
    assert AuditLog.open(str(db), key_path=other / "k.pem").size() == 0  # nothing appended to it


LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def test_a_held_write_lock_is_waited_for_briefly_then_503(
    svc: Running, fresh_upstream: UpstreamServer
) -> None:
    oa = client(svc, svc.key())
    generate_ok(oa)
    fresh_upstream.reset()
    db = svc.settings.db_url().removeprefix("sqlite:///")
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, db, "60"], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(openai.APIStatusError) as info:
            oa.images.generate(prompt="a lighthouse at dawn")
        waited = time.monotonic() - started
        assert info.value.status_code == 503 and info.value.code == "store_unavailable"
        # PROVGUARD_STORE_LOCK_TIMEOUT=1 here: a bounded wait, not SQLite's 60 s busy timeout
        assert waited < 15, waited
        assert fresh_upstream.received == []
    finally:
        holder.kill()
        holder.wait()
    assert generate_ok(oa) >= 0  # the lock is gone: the next request goes through
