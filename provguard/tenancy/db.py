"""A tiny SQL runner over SQLite or PostgreSQL, so tenancy tables live beside the audit log.

Why not an ORM: four tables, a handful of statements. SQL is written with ``?`` placeholders
and translated for psycopg. Connections are per thread (SQLite and psycopg connections are not
meant to be shared across threads without care).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlparse

from provguard.errors import ConfigError, StoreUnavailable
from provguard.threadconn import ThreadConnection

Row = tuple[Any, ...]


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...

    @property
    def rowcount(self) -> int: ...


class Database:
    """Run statements in short transactions; subclasses open the connections."""

    dialect: str = "sqlite"

    def __init__(self) -> None:
        self._conns = ThreadConnection(lambda: self._connect())  # one per thread

    def _connect(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _conn(self) -> Any:
        return self._conns.get()

    @contextmanager
    def tx(self, write: bool = True) -> Iterator[_Tx]:
        """One transaction; commits on success, rolls back on error.

        ``write=False`` (SQLite) starts a deferred transaction, so reads never wait for writers.
        """
        raise NotImplementedError  # pragma: no cover

    def close(self) -> None:
        self._conns.close()


class _Tx:
    """A cursor wrapper that translates ``?`` placeholders for the dialect."""

    def __init__(self, cur: Any, dialect: str) -> None:
        self._cur = cur
        self._pg = dialect == "postgres"

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Tx:
        if self._pg:
            sql = sql.replace("?", "%s")
        self._cur.execute(sql, tuple(params))
        return self

    def fetchone(self) -> Row | None:
        row = self._cur.fetchone()
        return tuple(row) if row is not None else None

    def fetchall(self) -> list[Row]:
        return [tuple(r) for r in self._cur.fetchall()]

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)


class SqliteDatabase(Database):
    """One SQLite file; a file deleted, moved or replaced under the process is noticed per transaction."""

    dialect = "sqlite"

    def __init__(self, path: Path, *, lock_timeout: float = 30.0) -> None:
        from provguard.audit.stores.continuity import FileIdentity

        super().__init__()
        self.path = path
        self.lock_timeout = lock_timeout
        self.identity = FileIdentity(path)
        self._opened = False

    def _connect(self) -> sqlite3.Connection:
        try:
            if self._opened:  # never silently recreate a file that vanished: fail closed instead
                if not self.path.exists():
                    raise StoreUnavailable(f"database {self.path} is missing")
                target, uri = "file:" + quote(str(self.path)) + "?mode=rw", True
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                target, uri = str(self.path), False
            conn = sqlite3.connect(target, timeout=self.lock_timeout, isolation_level=None, uri=uri)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA busy_timeout={int(self.lock_timeout * 1000)}")
            conn.execute("PRAGMA synchronous=FULL")
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open database {self.path}: {exc}") from exc
        if not self._opened:
            self._opened = True
            self.identity.capture()
        return conn

    def _check_file(self) -> None:
        try:
            self.identity.check()
        except StoreUnavailable:
            self._conns.invalidate()  # every thread re-opens; a restored file passes the check again
            if self.path.exists():
                self.identity.capture()
            raise

    @contextmanager
    def tx(self, write: bool = True) -> Iterator[_Tx]:
        self._check_file()
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"database {self.path} is not writable: {exc}") from exc
        try:
            yield _Tx(conn.cursor(), self.dialect)
        except BaseException as exc:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # nothing to roll back (the statement failed to start one)
            if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and not isinstance(
                    exc, sqlite3.IntegrityError):  # locked, missing tables in a swapped file, I/O error
                raise StoreUnavailable(f"database {self.path}: {exc}") from exc
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"commit failed on {self.path}: {exc}") from exc


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str, *, lock_timeout: float | None = None) -> None:
        super().__init__()
        self.url = url
        self.lock_timeout = lock_timeout

    def _connect(self) -> Any:
        import psycopg

        options = f"-c lock_timeout={int(self.lock_timeout * 1000)}" if self.lock_timeout else None
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10, options=options)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc

    @contextmanager
    def tx(self, write: bool = True) -> Iterator[_Tx]:
        import psycopg

        try:
            with ExitStack() as stack:
                conn = self._begin(stack, psycopg)
                cur = stack.enter_context(conn.cursor())
                yield _Tx(cur, self.dialect)
        except psycopg.OperationalError as exc:
            self._conns.forget()
            raise StoreUnavailable(f"PostgreSQL error: {exc}") from exc

    def _begin(self, stack: ExitStack, psycopg: Any) -> Any:
        """Open a transaction; BEGIN shows a connection that died since its last use (a restarted
        or failed-over server), which gets one retry on a fresh connection."""
        for attempt in (0, 1):
            conn = self._conn()
            if conn.closed or conn.broken:
                self._conns.forget()
                conn = self._conn()
            try:
                stack.enter_context(conn.transaction())
                return conn
            except psycopg.OperationalError:
                self._conns.forget()
                if attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover


def open_database(url: str, *, lock_timeout: float | None = None) -> Database:
    """``sqlite:///path`` (or a bare path) or ``postgresql://...``.

    ``lock_timeout`` (seconds) bounds a write's wait for another writer's lock (default 30 s).
    """
    timeout = 30.0 if lock_timeout is None else lock_timeout
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url, lock_timeout=lock_timeout)
    if url.startswith("sqlite:///"):
        return SqliteDatabase(Path(unquote(url[len("sqlite:///"):])), lock_timeout=timeout)
    if "://" in url:
        raise ConfigError(f"unsupported database URL scheme: {urlparse(url).scheme!r}")
    return SqliteDatabase(Path(url).expanduser(), lock_timeout=timeout)
