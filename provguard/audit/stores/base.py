"""The SQL both audit stores share; dialects fill in connecting, locking and DDL.

One append transaction: lock the per-log head row, assign contiguous seqs from it, insert
leaves (with the running tree root), closed interior nodes and payloads, update the head,
commit. Nothing is acknowledged before that commit returns.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, Protocol

from provguard.audit import merkle
from provguard.audit.records import AuditEvent, Receipt, build_leaf, canonical, format_time
from provguard.audit.stores.continuity import Continuity
from provguard.audit.stores.reads import SqlReads
from provguard.audit.stores.rows import (
    LEAF_COLUMNS,
    NODE_STRIDE,
    Head,
    LeafRow,
    PayloadRow,
    as_bytes,
    head_from_row,
    writable_head,
)
from provguard.errors import StoreUnavailable
from provguard.threadconn import ThreadConnection

__all__ = [  # the row shapes are re-exported: callers import them from here
    "LEAF_COLUMNS", "NODE_STRIDE", "Conn", "Head", "LeafRow", "PayloadRow", "SqlStore", "as_bytes",
    "head_from_row", "writable_head",
]


class Conn(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...


class SqlStore(SqlReads):
    """Store logic written once over a DB-API connection; subclasses supply the dialect."""

    scheme = ""
    placeholder = "?"
    migrations: list[tuple[int, list[str]]] = []

    def __init__(self, url: str) -> None:
        self.url = url
        self._write_lock = threading.Lock()
        self._writer: Any = None
        self._writer_pid = 0
        self._readers = ThreadConnection(lambda: self._connect_reader())  # per-thread (see ``read``)
        self.continuity = Continuity()
        self._appended: tuple[int, bytes] = (0, merkle.EMPTY_ROOT)

    # ----------------------------------------------------------------- dialect hooks
    def _connect(self) -> Any:
        raise NotImplementedError

    def _begin_write(self, conn: Any) -> None:
        raise NotImplementedError

    def _lock_head(self, conn: Any, log_id: str) -> Head:
        raise NotImplementedError

    def _writer_gate(self) -> AbstractContextManager[Any]:
        """Held around every write transaction (after this process's own write lock).

        A dialect may serialise writers across processes here so that waiters wake the
        moment the lock is free instead of polling the database's busy handler.
        """
        return nullcontext()

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A connection inside one read-only snapshot (verify sees head and leaves agree)."""
        raise NotImplementedError
        yield

    def migrate(self) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- connections
    def _writer_conn(self) -> Any:
        if self._writer is None or self._writer_pid != os.getpid():
            self._writer = self._connect()
            self._writer_pid = os.getpid()
            self.continuity.reconnected()  # the first append re-checks that no record was lost
        return self._writer

    def _before_commit(self) -> None:
        """Last check inside the write transaction (SQLite: is the file still the one we opened?)."""

    def _after_commit(self) -> None:
        """Check after COMMIT; raising here means the records are not acknowledged."""

    def _lost_connection(self, exc: BaseException) -> bool:
        """True when ``exc`` means the connection died (a retry on a new one is safe before COMMIT)."""
        return False

    def reset(self) -> None:
        """Forget every connection: the next use re-opens (and re-checks) the store."""
        with self._write_lock:
            self._invalidate()

    def _invalidate(self) -> None:
        """``reset`` with the write lock already held."""
        self._drop_writer()
        self._readers.invalidate()  # readers follow

    def _drop_writer(self) -> None:
        if self._writer is not None and self._writer_pid == os.getpid():
            try:
                self._writer.close()
            except Exception:  # already broken: nothing to release
                pass
        self._writer = None

    def _reader(self) -> Any:
        """This thread's reader connection, re-opened after ``reset`` or when it broke."""
        return self._readers.get()

    def _connect_reader(self) -> Any:
        return self._connect()

    def _drop_reader(self) -> None:
        self._readers.drop()

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None and self._writer_pid == os.getpid():
                self._writer.close()
            self._writer = None
        self._readers.close()

    # ----------------------------------------------------------------- append
    def append(self, log_id: str, events: Sequence[AuditEvent]) -> list[Receipt]:
        """Append ``events`` in one transaction; return receipts only after COMMIT.

        A connection found dead before COMMIT (a restarted or failed-over server) is replaced
        once and the transaction retried: nothing of it was committed. Any other failure, and
        a store that changed under us (see ``continuity``), raises: nothing is acknowledged.
        """
        with self._write_lock, self._writer_gate():
            for attempt in (0, 1):
                conn = self._writer_conn()
                committing = False
                try:
                    self._begin_write(conn)
                    head = self._lock_head(conn, log_id)
                    self.continuity.check(self, conn, log_id, head.size, head.root)
                    receipts = self._append_locked(conn, log_id, head, events)
                    self._before_commit()
                    committing = True
                    conn.commit()
                except BaseException as exc:
                    try:
                        conn.rollback()
                    except Exception:  # the connection is gone: reconnect next time
                        self._drop_writer()
                    if isinstance(exc, StoreUnavailable):
                        self._invalidate()  # the store changed under us: re-open (and re-check) next time
                    elif attempt == 0 and not committing and self._lost_connection(exc):
                        self._drop_writer()
                        continue
                    raise
                try:
                    self._after_commit()
                except StoreUnavailable:
                    self._invalidate()
                    raise
                self.continuity.committed(log_id, *self._appended)
                return receipts
        raise AssertionError("unreachable")  # pragma: no cover

    def _append_locked(
        self, conn: Any, log_id: str, head: Head, events: Sequence[AuditEvent]
    ) -> list[Receipt]:
        now = datetime.now(UTC)
        frontier = head.frontier.copy()
        leaves: list[tuple[Any, ...]] = []
        nodes: list[tuple[Any, ...]] = []
        payloads: list[tuple[Any, ...]] = []
        receipts: list[Receipt] = []
        tstr = format_time(now)
        for event in events:
            seq = frontier.size
            body = digest = None
            if event.payload is not None:
                body = canonical(event.payload)
                digest = "sha256:" + hashlib.sha256(body).hexdigest()
                payloads.append((log_id, seq, body, digest))
            _leaf, data = build_leaf(event, log_id=log_id, seq=seq, time=now, payload_sha256=digest)
            lh = merkle.leaf_hash(data)
            for level, idx, h in frontier.push(lh):
                if level % NODE_STRIDE == 0:
                    nodes.append((log_id, level, idx, h))
            leaves.append((log_id, seq, lh, frontier.root(), data, tstr, event.team, event.event_type))
            receipts.append(Receipt(seq=seq, leaf_hash=lh.hex(), log_id=log_id, time=now))
        self.insert_rows(conn, log_id, leaves, nodes, payloads)
        self._appended = (frontier.size, frontier.root())
        conn.execute(
            self.q("UPDATE audit_head SET size = ?, root = ?, frontier = ?, updated_at = ? WHERE log_id = ?"),
            (frontier.size, frontier.root(), frontier.encode(), tstr, log_id),
        )
        return receipts

    def insert_rows(
        self,
        conn: Any,
        log_id: str,
        leaves: Sequence[tuple[Any, ...]],
        nodes: Sequence[tuple[Any, ...]],
        payloads: Sequence[tuple[Any, ...]],
    ) -> None:
        cur = conn.cursor()
        cur.executemany(
            self.q(
                "INSERT INTO audit_leaves (log_id, seq, leaf_hash, tree_root, record, time, team, event_type)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            leaves,
        )
        if nodes:
            cur.executemany(
                self.q("INSERT INTO audit_nodes (log_id, level, idx, hash) VALUES (?, ?, ?, ?)"), nodes
            )
        if payloads:
            cur.executemany(
                self.q("INSERT INTO audit_payloads (log_id, seq, body, sha256) VALUES (?, ?, ?, ?)"), payloads
            )

    def _new_head_row(self, conn: Any, log_id: str) -> None:
        conn.execute(
            self.q(
                "INSERT INTO audit_head (log_id, size, root, frontier, updated_at) VALUES (?, 0, ?, ?, ?)"
                " ON CONFLICT (log_id) DO NOTHING"
            ),
            (log_id, merkle.EMPTY_ROOT, b"", format_time(datetime.now(UTC))),
        )

    # ----------------------------------------------------------------- small writes
    def _write(self, sql: str, params: Sequence[Any]) -> int:
        with self._write_lock, self._writer_gate():
            conn = self._writer_conn()
            try:
                self._begin_write(conn)
                cur = conn.execute(self.q(sql), params)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            return int(cur.rowcount or 0)

    def save_checkpoint(self, log_id: str, size: int, root: bytes, text: str) -> str:
        """Store a checkpoint unless one for this size exists; return the stored text."""
        self._write(
            "INSERT INTO audit_checkpoints (log_id, size, root, text, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (log_id, size) DO NOTHING",
            (log_id, size, root, text, format_time(datetime.now(UTC))),
        )
        with self.read() as conn:
            row = conn.execute(
                self.q("SELECT text FROM audit_checkpoints WHERE log_id = ? AND size = ?"), (log_id, size)
            ).fetchone()
        return str(row[0])

    def add_key(self, key_id: str, vkey: str) -> None:
        self._write(
            "INSERT INTO audit_keys (key_id, vkey, added_at)"
            " VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING",
            (key_id, vkey, format_time(datetime.now(UTC))),
        )

    def team_secret(self, log_id: str, team: str) -> bytes:
        with self.read() as conn:
            row = conn.execute(
                self.q("SELECT secret FROM audit_team_secrets WHERE log_id = ? AND team = ?"), (log_id, team)
            ).fetchone()
        if row is not None:
            return as_bytes(row[0])
        self._write(
            "INSERT INTO audit_team_secrets (log_id, team, secret) VALUES (?, ?, ?)"
            " ON CONFLICT (log_id, team) DO NOTHING",
            (log_id, team, os.urandom(32)),
        )
        return self.team_secret(log_id, team)

    def purge_payloads(self, log_id: str, seqs: Sequence[int], purge_seq: int) -> None:
        """Blank the payload bodies of ``seqs``; the digests stay in the leaves."""
        now = format_time(datetime.now(UTC))
        with self._write_lock, self._writer_gate():
            conn = self._writer_conn()
            try:
                self._begin_write(conn)
                conn.cursor().executemany(
                    self.q(
                        "UPDATE audit_payloads SET body = NULL, purged_at = ?, purge_seq = ?"
                        " WHERE log_id = ? AND seq = ?"
                    ),
                    [(now, purge_seq, log_id, s) for s in seqs],
                )
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    def bulk_load(self, log_id: str, events: Sequence[AuditEvent], batch: int = 50000) -> None:
        """Append many events in large transactions (benchmarks, imports)."""
        for i in range(0, len(events), batch):
            self.append(log_id, events[i : i + batch])
