"""One database connection per thread, re-opened when every thread must reconnect or when it closed.

Why shared: the audit stores' readers and the tenancy store both keep a connection per thread (SQLite
and psycopg connections must not cross threads) and both must drop them all when the store was lost
and comes back (a replaced file, a failed-over server). ``invalidate`` makes every thread re-open on
its next use without touching other threads' connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class ThreadConnection:
    def __init__(self, connect: Callable[[], Any]) -> None:
        self._connect = connect
        self._local = threading.local()
        self.generation = 0

    def get(self) -> Any:
        """This thread's connection, re-opened after ``invalidate`` or when it was closed."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and (getattr(self._local, "gen", -1) != self.generation
                                 or getattr(conn, "closed", False)):
            try:
                conn.close()
            except Exception:  # broken already
                pass
            conn = None
        if conn is None:
            conn = self._connect()
            self._local.conn, self._local.gen = conn, self.generation
        return conn

    def invalidate(self) -> None:
        """Every thread re-opens its connection on its next use."""
        self.generation += 1

    def forget(self) -> None:
        """This thread opens a new connection next time (the old one is known to be dead)."""
        self._local.conn = None

    def drop(self) -> None:
        """Close this thread's connection, ignoring a connection that is broken already."""
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # broken already
                pass

    def close(self) -> None:
        """Close this thread's connection (an error closing it is the caller's to see)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
