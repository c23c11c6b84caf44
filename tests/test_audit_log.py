"""AuditLog against both stores: stored-node proofs equal the reference algorithm, API edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_audit_tamper import Raw

from provguard.audit import AuditEvent, AuditLog, merkle
from provguard.errors import AuditIntegrityError, NotFound, StoreUnavailable, UsageError

N = 300  # crosses stored node levels 4 and 8


@pytest.fixture
def log(audit_db_url: str, tmp_path: Path) -> AuditLog:
    lg = AuditLog.open(audit_db_url, key_path=tmp_path / "key.pem", checkpoint_dir=tmp_path / "cps")
    lg.append_many(
        [AuditEvent(event_type="policy.change", team=f"t{i % 3}", subject={"i": i}) for i in range(N)]
    )
    return lg


def test_proofs_from_stored_nodes_match_reference(log: AuditLog) -> None:
    with log.store.read() as conn:
        hashes = log.store.leaf_hashes(conn, log.log_id, 0, N)
    ref = merkle.list_range_hash(hashes)
    for seq, size in [(0, 1), (0, N), (17, 18), (255, 256), (256, 257), (123, 200), (N - 1, N), (5, 16)]:
        got = log.inclusion_proof(seq, size)
        assert [bytes.fromhex(h) for h in got["hashes"]] == merkle.inclusion_proof(seq, size, ref)
        assert got["root_hash"] == merkle.mth(hashes[:size]).hex()
    for old, new in [(1, N), (16, 256), (255, 256), (100, 299), (N, N)]:
        got = log.consistency_proof(old, new)
        expect = merkle.consistency_proof(old, new, ref) if old < new else []
        assert [bytes.fromhex(h) for h in got["hashes"]] == expect
    log.close()


def test_tampered_interior_node_breaks_proofs_and_verify(log: AuditLog, audit_db_url: str) -> None:
    raw = Raw(audit_db_url)
    raw("UPDATE audit_nodes SET hash = ? WHERE level = 4 AND idx = 3", b"\x22" * 32)
    raw.close()
    with pytest.raises(AuditIntegrityError):
        log.inclusion_proof(10)
    report = log.verify()
    assert not report.ok and report.first_bad_seq == 48 and "interior node 4/3" in report.message()
    log.close()


def test_query_filters_and_paging(log: AuditLog) -> None:
    page1 = log.query(team="t1", limit=10)
    assert [r.seq for r in page1] == list(range(1, 30, 3))
    page2 = log.query(team="t1", after_seq=page1[-1].seq, limit=10)
    assert page2[0].seq == 31
    assert log.query(since=datetime.now(UTC) + timedelta(days=1)) == []
    assert len(log.query(until=datetime.now(UTC) + timedelta(days=1), limit=1000)) == N
    assert len(log.iter_records(team="t2", page=7)) == N // 3
    with pytest.raises(UsageError):
        log.query(limit=0)
    log.close()


def test_checkpoint_dir_and_same_size_reuse(log: AuditLog, tmp_path: Path) -> None:
    a = log.checkpoint()
    b = log.checkpoint()
    assert a.text == b.text  # one checkpoint per size, never two different roots
    (f,) = (tmp_path / "cps").iterdir()
    assert f.read_text() == a.text and f.name == f"provguard-{N:012d}.checkpoint"
    with pytest.raises(NotFound):
        log.inclusion_proof(N)
    with pytest.raises(NotFound):
        log.consistency_proof(0)
    log.close()


def test_reopen_continues_the_same_tree(audit_db_url: str, tmp_path: Path) -> None:
    key = tmp_path / "k.pem"
    with AuditLog.open(audit_db_url, key_path=key) as a:
        a.append(AuditEvent(event_type="screen.decision"))
        cp = a.checkpoint()
    with AuditLog.open(audit_db_url, key_path=key) as b:  # migrations are idempotent
        r = b.append(AuditEvent(event_type="screen.decision"))
        assert r.seq == 1
        assert b.verify(checkpoint=cp).ok
    with AuditLog.open(audit_db_url, key_path=key, log_id="other") as c:  # independent log, same DB
        assert c.append(AuditEvent(event_type="screen.decision")).seq == 0
        assert c.verify().ok


def test_unreachable_and_invalid_stores(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable):
        AuditLog.open("postgresql://nobody@127.0.0.1:1/none", key_path=tmp_path / "k")
    with pytest.raises(UsageError):
        AuditLog.open("mysql://x/y", key_path=tmp_path / "k")
    (tmp_path / "notadb").write_bytes(b"\x00garbage" * 100)
    with pytest.raises(StoreUnavailable):
        AuditLog.open(str(tmp_path / "notadb"), key_path=tmp_path / "k")
    with pytest.raises(UsageError):
        AuditLog.open(str(tmp_path / "ok.db"), key_path=tmp_path / "k", log_id="bad id")


def test_periodic_checkpoints(tmp_path: Path) -> None:
    with AuditLog.open(
        str(tmp_path / "a.db"), key_path=tmp_path / "k", checkpoint_dir=tmp_path / "cps", checkpoint_every=5
    ) as log:
        for _ in range(12):
            log.append(AuditEvent(event_type="screen.decision"))
        log.append_many([AuditEvent(event_type="screen.decision")] * 4)
        names = sorted(p.name for p in (tmp_path / "cps").iterdir())
        assert names == [f"provguard-{n:012d}.checkpoint" for n in (5, 10, 16)]
        assert log.verify().checkpoints_checked == 3
