"""SQLite audit store: one file, WAL, synchronous=FULL, append-only triggers.

FULL (not NORMAL) because in WAL mode NORMAL may lose the last commits on power loss, and
an audit log must not acknowledge a record it can later lose. ``BEGIN IMMEDIATE`` takes the
write lock up front, so the head row read inside it is the one we update: seqs are
contiguous across every process writing the file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from provguard.audit.stores.base import Head, SqlStore
from provguard.audit.stores.schema import sqlite_migrations
from provguard.errors import AuditIntegrityError, StoreUnavailable

BUSY_TIMEOUT_MS = 60_000


def sqlite_path(url: str) -> Path:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    if url.startswith("sqlite://"):
        raise StoreUnavailable(f"unsupported SQLite URL {url!r}", hint="use sqlite:///absolute/path.sqlite3")
    return Path(url)


class SqliteStore(SqlStore):
    scheme = "sqlite"
    placeholder = "?"

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.path = sqlite_path(url)
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open audit database {self.path}: {exc}") from exc
        if str(mode).lower() != "wal":
            conn.close()
            raise StoreUnavailable(f"audit database {self.path} refused WAL mode (got {mode})")
        return conn

    def pragmas(self) -> dict[str, Any]:
        """The durability settings actually in effect (tests read them back)."""
        conn = self._writer_conn()
        return {
            "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
            "synchronous": conn.execute("PRAGMA synchronous").fetchone()[0],  # 2 = FULL
        }

    def _begin_write(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def _lock_head(self, conn: Any, log_id: str) -> Head:
        self._new_head_row(conn, log_id)
        head = self.head(conn, log_id)
        if head.frontier.size != head.size or len(head.frontier.hashes) != bin(head.size).count("1"):
            raise AuditIntegrityError(
                f"log head of {log_id!r} is corrupt (size {head.size} does not match its frontier)",
                seq=head.size,
                hint="run `provguard audit verify`",
            )
        return head

    @contextmanager
    def read(self) -> Iterator[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")

    def migrate(self) -> None:
        with self._write_lock:
            conn = self._writer_conn()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS audit_schema"
                    " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
                done = {r[0] for r in conn.execute("SELECT version FROM audit_schema")}
                for version, statements in sqlite_migrations():
                    if version in done:
                        continue
                    for sql in statements:
                        conn.execute(sql)
                    conn.execute(
                        "INSERT INTO audit_schema (version, applied_at) VALUES (?, datetime('now'))",
                        (version,),
                    )
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                conn.rollback()
                raise StoreUnavailable(f"cannot prepare audit database {self.path}: {exc}") from exc

    def close(self) -> None:
        super().close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
