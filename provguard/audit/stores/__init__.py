"""Audit storage backends, chosen by URL scheme; one visible list."""

from __future__ import annotations

from provguard.audit.stores.base import Head, LeafRow, PayloadRow, SqlStore
from provguard.errors import StoreUnavailable, UsageError


def _sqlite(url: str, lock_timeout: float | None) -> SqlStore:
    from provguard.audit.stores.sqlite import SqliteStore

    return SqliteStore(url, lock_timeout=lock_timeout)


def _postgres(url: str, lock_timeout: float | None) -> SqlStore:
    from provguard.audit.stores.postgres import PostgresStore

    return PostgresStore(url, lock_timeout=lock_timeout)


STORES = {"sqlite": _sqlite, "postgresql": _postgres, "postgres": _postgres}


def open_store(url: str, *, lock_timeout: float | None = None) -> SqlStore:
    """A migrated store for ``url``: a file path, ``sqlite:///path`` or ``postgresql://...``.

    ``lock_timeout`` (seconds) bounds how long a write waits for another writer's lock
    before StoreUnavailable; None keeps the library default (SQLite 60 s, PostgreSQL none).
    """
    if not url or not url.strip():
        raise StoreUnavailable("no audit database given", hint="pass --db or set PROVGUARD_DB")
    scheme = url.split("://", 1)[0].lower() if "://" in url else "sqlite"
    factory = STORES.get(scheme)
    if factory is None:
        raise UsageError(
            f"unsupported audit database URL scheme {scheme!r}",
            hint="use a file path, sqlite:/// or postgresql://",
        )
    store = factory(url, lock_timeout)
    store.migrate()
    return store


__all__ = ["STORES", "Head", "LeafRow", "PayloadRow", "SqlStore", "open_store"]
