"""PostgreSQL audit store (psycopg 3) for deployments with several service replicas.

Seqs come from the per-log head row locked ``FOR UPDATE`` inside the append transaction, at
READ COMMITTED: never from a SEQUENCE, which leaves gaps on rollback and lets concurrent
transactions commit out of order. Verification reads one REPEATABLE READ snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from provguard.audit.stores.base import Head, SqlStore, head_from_row, writable_head
from provguard.audit.stores.schema import postgres_migrations
from provguard.errors import StoreUnavailable

MIGRATION_LOCK = 0x70726F76  # "prov": serialises concurrent first starts


class PostgresStore(SqlStore):
    scheme = "postgresql"
    placeholder = "%s"

    def __init__(self, url: str, *, lock_timeout: float | None = None) -> None:
        super().__init__(url)
        self.lock_timeout = lock_timeout

    def _connect(self, *, autocommit: bool = False) -> psycopg.Connection[Any]:
        # lock_timeout bounds the wait for the head row's FOR UPDATE behind a stuck writer
        options = f"-c lock_timeout={int(self.lock_timeout * 1000)}" if self.lock_timeout else None
        try:
            return psycopg.connect(self.url, autocommit=autocommit, connect_timeout=10, options=options)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to the audit database: {_first_line(exc)}") from exc

    def _connect_reader(self) -> psycopg.Connection[Any]:
        return self._connect(autocommit=True)

    def _lost_connection(self, exc: BaseException) -> bool:
        """A server restart, failover or ``pg_terminate_backend`` killed the writer connection."""
        writer = self._writer
        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) and (
            writer is None or writer.closed or writer.broken)

    def _member(self, ids: list[int]) -> tuple[str, list[Any]]:
        return "= ANY(?)", [ids]  # one statement shape whatever the count: prepared once, reused

    def _begin_write(self, conn: Any) -> None:
        """psycopg opens the transaction on the first statement (autocommit is off)."""

    def _lock_head(self, conn: Any, log_id: str) -> Head:
        # one round trip: lock the head row and read it (it cannot change while we hold the lock)
        locked = "SELECT size, root, frontier FROM audit_head WHERE log_id = %s FOR UPDATE"
        row = conn.execute(locked, (log_id,)).fetchone()
        if row is None:
            self._new_head_row(conn, log_id)
            row = conn.execute(locked, (log_id,)).fetchone()
        head = head_from_row(row)
        return writable_head(head, log_id)

    @contextmanager
    def read(self) -> Iterator[Any]:
        conn = self._reader()
        try:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except (psycopg.OperationalError, psycopg.InterfaceError):
            self._drop_reader()  # dead since its last use (restart, failover): one fresh try
            conn = self._reader()
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield conn
        except (psycopg.OperationalError, psycopg.InterfaceError):
            self._drop_reader()
            raise
        finally:
            if not conn.closed:
                conn.execute("ROLLBACK")

    def migrate(self) -> None:
        with self._write_lock:
            conn = self._writer_conn()
            try:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS audit_schema"
                    " (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                )
                done = {r[0] for r in conn.execute("SELECT version FROM audit_schema").fetchall()}
                for version, statements in postgres_migrations():
                    if version in done:
                        continue
                    for sql in statements:
                        conn.execute(sql)
                    conn.execute("INSERT INTO audit_schema (version) VALUES (%s)", (version,))
                conn.commit()
            except psycopg.Error as exc:
                conn.rollback()
                raise StoreUnavailable(f"cannot prepare the audit database: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
