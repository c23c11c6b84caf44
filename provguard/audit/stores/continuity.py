"""Fail closed when the store under a running process changes, and lose no acknowledged record.

A store can change under a long-running writer: the SQLite file is deleted, moved or
replaced (the open connection keeps writing into an orphaned inode nobody will read), or a
PostgreSQL failover reconnects to a server that lacks the last commits. Two checks catch it:

* ``FileIdentity``: the (device, inode) of the SQLite file and its ``-wal`` as opened, compared
  with what the path names now, before and after each commit (two ``stat`` calls).
* ``Continuity``: the head this process last committed per log. After any (re)connect, the
  first write transaction checks that the store still holds that head (same size and root,
  or a longer log whose leaf at that size carries the same running root). A store that lacks
  records this process acknowledged is refused; nothing is appended on top of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provguard.errors import StoreUnavailable


def _ident(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


@dataclass
class FileIdentity:
    """Which file a SQLite connection opened, so a swap under it is noticed."""

    path: Path
    main: tuple[int, int] | None = None
    wal: tuple[int, int] | None = None

    def capture(self) -> None:
        """Right after connecting: the file the connection holds is the one the path names."""
        self.main = _ident(str(self.path))
        self.wal = None

    def check(self) -> None:
        """Raise StoreUnavailable when the path no longer names the file (or WAL) we write to."""
        if self.main is None:
            return
        now = _ident(str(self.path))
        if now is None:
            raise StoreUnavailable(f"audit database {self.path} was deleted or moved while in use",
                                   hint="restore the file (or move it back); requests fail closed until then")
        if now != self.main:
            raise StoreUnavailable(f"audit database {self.path} was replaced by another file while in use",
                                   hint="the new file is used only if it holds every record already written")
        wal = _ident(f"{self.path}-wal")
        if self.wal is None:
            self.wal = wal  # first commit in WAL mode creates it; remember it from then on
        elif wal != self.wal:
            raise StoreUnavailable(
                f"the write-ahead log {self.path}-wal was deleted or replaced while in use",
                hint="records in it may be lost; restore it or restart from a verified copy")


@dataclass
class Continuity:
    """The last head this process committed, per log, and whether the live connection holds it."""

    known: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)  # logs checked on the live connection

    def reconnected(self) -> None:
        self.checked.clear()

    def check(self, store: Any, conn: Any, log_id: str, size: int, root: bytes) -> None:
        """Inside the write transaction, with the head row locked: refuse a store that lost records."""
        if log_id in self.checked:
            return
        last = self.known.get(log_id)
        if last is not None:
            known_size, known_root = last
            if size < known_size:
                raise StoreUnavailable(
                    f"the audit store now holds {size} records of log {log_id!r}, but this process already "
                    f"wrote {known_size}: refusing to append to a store that lost records",
                    hint="restore the database with every record, or restart after checking it with "
                         "`provguard audit verify`")
            if size == known_size:
                same = root == known_root
            else:
                row = store.leaf(conn, log_id, known_size - 1)
                same = row is not None and row.tree_root == known_root
            if not same:
                raise StoreUnavailable(
                    f"the audit store's log {log_id!r} differs from the one this process wrote "
                    f"(root at size {known_size} does not match): refusing to append to it",
                    hint="restore the original database; check it with `provguard audit verify`")
        self.checked.add(log_id)

    def committed(self, log_id: str, size: int, root: bytes) -> None:
        self.known[log_id] = (size, root)
