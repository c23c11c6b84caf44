"""A tiny SQL runner over SQLite or PostgreSQL, so tenancy tables live beside the audit log.

Why not an ORM: four tables, a handful of statements. SQL is written with ``?`` placeholders
and translated for psycopg. Connections are per thread (SQLite and psycopg connections are not
meant to be shared across threads without care).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from provguard.errors import ConfigError, StoreUnavailable

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
        self._local = threading.local()

    def _connect(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextmanager
    def tx(self, write: bool = True) -> Iterator[_Tx]:
        """One transaction; commits on success, rolls back on error.

        ``write=False`` (SQLite) starts a deferred transaction, so reads never wait for writers.
        """
        raise NotImplementedError  # pragma: no cover

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


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
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=FULL")
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open database {self.path}: {exc}") from exc
        return conn

    @contextmanager
    def tx(self, write: bool = True) -> Iterator[_Tx]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"database {self.path} is not writable: {exc}") from exc
        try:
            yield _Tx(conn.cursor(), self.dialect)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"commit failed on {self.path}: {exc}") from exc


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def _connect(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc

    @contextmanager
    def tx(self, write: bool = True) -> Iterator[_Tx]:
        import psycopg

        conn = self._conn()
        if conn.closed or conn.broken:
            self._local.conn = None
            conn = self._conn()
        try:
            with conn.transaction(), conn.cursor() as cur:
                yield _Tx(cur, self.dialect)
        except psycopg.OperationalError as exc:
            self._local.conn = None
            raise StoreUnavailable(f"PostgreSQL error: {exc}") from exc


def open_database(url: str) -> Database:
    """``sqlite:///path`` (or a bare path) or ``postgresql://...``."""
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url)
    if url.startswith("sqlite:///"):
        return SqliteDatabase(Path(unquote(url[len("sqlite:///"):])))
    if "://" in url:
        raise ConfigError(f"unsupported database URL scheme: {urlparse(url).scheme!r}")
    return SqliteDatabase(Path(url).expanduser())
