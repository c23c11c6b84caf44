"""SQLite audit store: one file, WAL, synchronous=FULL, append-only triggers.

FULL (not NORMAL) because in WAL mode NORMAL may lose the last commits on power loss, and
an audit log must not acknowledge a record it can later lose. ``BEGIN IMMEDIATE`` takes the
write lock up front, so the head row read inside it is the one we update: seqs are
contiguous across every process writing the file.

Writers in provguard processes also take an ``flock`` on ``<file>-writelock`` around the
write transaction. SQLite's own busy handler polls with sleeps of 1, 2, 5, ... 100 ms, so with
two service workers on one file a waiter often slept long after the lock was free (seconds
of p99 under load); the kernel wakes an flock waiter at once. The flock only orders
provguard writers; SQLite's lock still guards the file against every other writer.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from provguard.audit.stores.base import Head, SqlStore, writable_head
from provguard.audit.stores.schema import sqlite_migrations
from provguard.errors import StoreUnavailable

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

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
        self._gate_fd = -1
        self._gate_pid = 0

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

    def _writer_gate(self) -> AbstractContextManager[Any]:
        fd = self._gate()
        return nullcontext() if fd < 0 else _Flock(fd)

    def _gate(self) -> int:
        """This process's descriptor of the writer lock file (re-opened after a fork); -1 if unusable."""
        if fcntl is None or str(self.path) == ":memory:":
            return -1
        if self._gate_pid != os.getpid():
            self._gate_pid = os.getpid()  # an inherited descriptor shares the parent's lock: never reuse it
            try:
                flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
                self._gate_fd = os.open(f"{self.path}-writelock", flags, 0o600)
            except OSError:
                self._gate_fd = -1  # read-only directory and the like: SQLite's lock still serialises
        return self._gate_fd

    def _lock_head(self, conn: Any, log_id: str) -> Head:
        self._new_head_row(conn, log_id)
        head = self.head(conn, log_id)
        return writable_head(head, log_id)

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
        with self._write_lock:
            if self._gate_fd >= 0 and self._gate_pid == os.getpid():
                os.close(self._gate_fd)
            self._gate_fd, self._gate_pid = -1, 0


class _Flock:
    """Exclusive flock for the duration of one write transaction (blocks until granted)."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
