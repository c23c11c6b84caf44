"""Every tamper kind is caught and named, on SQLite and PostgreSQL.

Each test edits the database directly (append-only triggers dropped or disabled first, as a
real attacker with DB access would) and expects ``verify`` to fail naming the record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from provguard.audit import AuditEvent, AuditLog, merkle
from provguard.audit.records import build_leaf

N = 12


class Raw:
    """Direct SQL on the audit tables with the append-only guards removed."""

    def __init__(self, url: str) -> None:
        self.pg = url.startswith("postgresql://")
        if self.pg:
            self.conn: Any = psycopg.connect(url, autocommit=True)
            for t in ("audit_leaves", "audit_nodes", "audit_checkpoints"):
                self.conn.execute(f"ALTER TABLE {t} DISABLE TRIGGER USER")
        else:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).fetchall():
                self.conn.execute(f"DROP TRIGGER {name}")

    def __call__(self, sql: str, *params: Any) -> list[Any]:
        cur = self.conn.execute(sql.replace("?", "%s") if self.pg else sql, params)
        return cur.fetchall() if cur.description else []

    def close(self) -> None:
        self.conn.close()


def event(i: int) -> AuditEvent:
    return AuditEvent(
        event_type="screen.decision",
        team=f"team{i % 2}",
        actor="key_1",
        request_id=f"r{i}",
        decision="block" if i % 3 == 0 else "allow",
        rule_ids=["r.x"],
        policy_digest="sha256:p",
        subject={"prompt_hmac": f"hmac-sha256:{i:04x}"},
        payload={"prompt": f"prompt {i}"},
    )


@pytest.fixture
def log(audit_db_url: str, tmp_path: Path) -> Iterator[AuditLog]:
    lg = AuditLog.open(audit_db_url, key_path=tmp_path / "key.pem")
    lg.append_many([event(i) for i in range(N)])
    yield lg
    lg.close()


@pytest.fixture
def raw(audit_db_url: str, log: AuditLog) -> Iterator[Raw]:
    r = Raw(audit_db_url)
    yield r
    r.close()


def assert_broken(log: AuditLog, seq: int | None, *words: str, **kw: Any) -> None:
    report = log.verify(**kw)
    assert not report.ok, report
    assert report.first_bad_seq == seq, report.message()
    for w in words:
        assert w in report.message(), report.message()


def test_clean_log_verifies_with_proofs(log: AuditLog) -> None:
    cp = log.checkpoint()
    report = log.verify(checkpoint=cp)
    assert report.ok and report.size == N and report.root_hash == cp.root_hash, report
    for seq in (0, 5, N - 1):
        p = log.inclusion_proof(seq)
        merkle.verify_inclusion(
            seq,
            p["tree_size"],
            bytes.fromhex(p["leaf_hash"]),
            [bytes.fromhex(h) for h in p["hashes"]],
            cp.root,
        )
    c = log.consistency_proof(5)
    merkle.verify_consistency(
        5, N, bytes.fromhex(c["old_root"]), cp.root, [bytes.fromhex(h) for h in c["hashes"]]
    )


def test_edit_a_leaf(log: AuditLog, raw: Raw) -> None:
    (rec,) = raw("SELECT record FROM audit_leaves WHERE seq = 5")[0]
    raw(
        "UPDATE audit_leaves SET record = ? WHERE seq = 5",
        bytes(rec).replace(b'"block"', b'"allow"').replace(b'"allow","event', b'"block","event'),
    )
    assert_broken(log, 5, "record edited")


def test_edit_a_leaf_and_its_hash_together(log: AuditLog, raw: Raw) -> None:
    (rec,) = raw("SELECT record FROM audit_leaves WHERE seq = 7")[0]
    forged = bytes(rec).replace(b'"team1"', b'"team0"')
    raw(
        "UPDATE audit_leaves SET record = ?, leaf_hash = ?, team = ? WHERE seq = 7",
        forged,
        merkle.leaf_hash(forged),
        "team0",
    )
    assert_broken(log, 7, "rewritten together")


def test_edit_an_indexed_column_only(log: AuditLog, raw: Raw) -> None:
    raw("UPDATE audit_leaves SET team = ? WHERE seq = 3", "someone-else")
    assert_broken(log, 3, "indexed columns")


def test_delete_one(log: AuditLog, raw: Raw) -> None:
    raw("DELETE FROM audit_leaves WHERE seq = 4")
    assert_broken(log, 4, "record missing")


def test_reorder_two(log: AuditLog, raw: Raw) -> None:
    raw("UPDATE audit_leaves SET seq = -1 WHERE seq = 3")
    raw("UPDATE audit_leaves SET seq = 3 WHERE seq = 8")
    raw("UPDATE audit_leaves SET seq = 8 WHERE seq = -1")
    assert_broken(log, 3, "claims seq 8")


def test_truncate_the_tail(log: AuditLog, raw: Raw) -> None:
    raw("DELETE FROM audit_leaves WHERE seq >= 9")
    assert_broken(log, 9, "tail truncated")


def test_truncate_tail_and_rewrite_head_is_caught_by_stored_checkpoint(log: AuditLog, raw: Raw) -> None:
    log.checkpoint()
    hashes = [bytes(h) for (h,) in raw("SELECT leaf_hash FROM audit_leaves ORDER BY seq")][:9]
    fr = merkle.Frontier()
    for h in hashes:
        fr.push(h)
    raw("DELETE FROM audit_leaves WHERE seq >= 9")
    raw("DELETE FROM audit_payloads WHERE seq >= 9")
    raw("DELETE FROM audit_nodes")  # no node of level >= 4 exists below 16 leaves anyway
    raw("UPDATE audit_head SET size = ?, root = ?, frontier = ?", 9, fr.root(), fr.encode())
    assert_broken(log, 9, "signed checkpoint covers 12")


def test_insert_in_the_middle(log: AuditLog, raw: Raw) -> None:
    raw("UPDATE audit_leaves SET seq = seq + 1000 WHERE seq >= 5")
    raw("UPDATE audit_leaves SET seq = seq - 999 WHERE seq >= 1000")
    forged = event(99).model_copy(update={"payload": None})
    _leaf, data = build_leaf(forged, log_id="provguard", seq=5, time=datetime.now(UTC))
    raw(
        "INSERT INTO audit_leaves (log_id, seq, leaf_hash, tree_root, record, time, team, event_type)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "provguard",
        5,
        merkle.leaf_hash(data),
        b"\0" * 32,
        data,
        _leaf["time"],
        "team1",
        "screen.decision",
    )
    report = log.verify()
    assert not report.ok and report.first_bad_seq in (5, 6), report
    assert "claims seq 5" in report.message() or "rewritten together" in report.message()


def test_replace_the_head(log: AuditLog, raw: Raw) -> None:
    raw("UPDATE audit_head SET root = ?", b"\x11" * 32)
    assert_broken(log, None, "head replaced")


def test_forged_stored_checkpoint(log: AuditLog, raw: Raw) -> None:
    log.checkpoint()
    (text,) = raw("SELECT text FROM audit_checkpoints")[0]
    raw("UPDATE audit_checkpoints SET text = ?", text.replace(f"\n{N}\n", f"\n{N - 1}\n"))
    assert_broken(log, None, "no valid signature")


def test_payload_edit_and_silent_delete_versus_logged_purge(log: AuditLog, raw: Raw) -> None:
    raw("UPDATE audit_payloads SET body = ? WHERE seq = 2", b'{"prompt":"innocent"}')
    assert_broken(log, 2, "payload edited")
    raw("DELETE FROM audit_payloads WHERE seq = 2")
    assert_broken(log, 2, "without a logged retention.purge")
    raw("INSERT INTO audit_payloads (log_id, seq, body, sha256) VALUES (?, ?, NULL, ?)", "provguard", 2, "x")
    assert_broken(log, 2, "without a logged retention.purge")


def test_purge_keeps_verification(log: AuditLog) -> None:
    cp = log.checkpoint()
    assert log.purge_payloads(datetime.now(UTC) + timedelta(seconds=5)) == N
    report = log.verify(checkpoint=cp)
    assert report.ok and report.purged_payloads == N, report
    assert "payload purged, digest kept" in report.message()
    rec = log.query(limit=1)[0]
    assert rec.payload is None and rec.payload_state == "purged" and rec.payload_sha256
    (purge,) = log.query(event_type="retention.purge")
    assert purge.subject["purged"] == [[0, N - 1]] and purge.subject["count"] == N
    assert log.purge_payloads(datetime.now(UTC) + timedelta(seconds=5)) == 0


def test_full_rewrite_with_the_key_needs_an_external_checkpoint(
    log: AuditLog, raw: Raw, audit_db_url: str, tmp_path: Path
) -> None:
    external = tmp_path / "kept-elsewhere.checkpoint"
    external.write_text(log.checkpoint().text)
    # the attacker holds the DB and the key: wipe everything and replay history with record 5 changed
    for t in ("audit_leaves", "audit_nodes", "audit_payloads", "audit_checkpoints", "audit_head"):
        raw(f"DELETE FROM {t}")
    forged = [event(i) if i != 5 else event(i).model_copy(update={"decision": "allow"}) for i in range(N)]
    log.append_many(forged)
    log.checkpoint()
    internal = log.verify()
    assert internal.ok, internal  # internally consistent: the hash structure alone cannot tell
    assert_broken(log, None, "trusted checkpoint of size 12", "rewritten", checkpoint=external)


def test_trusted_checkpoint_larger_than_log(log: AuditLog, raw: Raw, tmp_path: Path) -> None:
    cp = log.checkpoint()
    for t in ("audit_leaves", "audit_nodes", "audit_payloads", "audit_checkpoints", "audit_head"):
        raw(f"DELETE FROM {t}")
    log.append_many([event(i) for i in range(N - 2)])
    assert_broken(log, N - 2, "trusted checkpoint covers 12", checkpoint=cp)


def test_trusted_checkpoint_with_bad_signature_is_rejected(log: AuditLog) -> None:
    cp = log.checkpoint()
    report = log.verify(checkpoint=cp.text.replace("provguard\n", "provguard\n1", 1))
    assert not report.ok and "trusted checkpoint rejected" in report.message()


def test_append_only_guards_and_durability_settings(log: AuditLog, audit_db_url: str) -> None:
    if audit_db_url.startswith("sqlite"):
        assert log.store.pragmas() == {"journal_mode": "wal", "synchronous": 2}  # type: ignore[attr-defined]
        conn: Any = sqlite3.connect(audit_db_url.removeprefix("sqlite:///"))
        errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
        q = "?"
    else:
        conn = psycopg.connect(audit_db_url, autocommit=True)
        errors = (psycopg.Error,)
        q = "%s"
    for sql in (
        f"UPDATE audit_leaves SET team = {q} WHERE seq = 1",
        "DELETE FROM audit_leaves WHERE seq = 1",
    ):
        with pytest.raises(errors, match="append-only"):
            conn.execute(sql, ("x",) if q in sql else ())
    conn.close()
    assert log.verify().ok
