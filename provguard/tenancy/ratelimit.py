"""A token bucket per API key shared by every replica, kept in PostgreSQL.

Each check is one short transaction that locks the key's row (``SELECT ... FOR UPDATE``),
refills by the time elapsed and takes a token. ``synchronous_commit`` is off for it: a bucket
lost in a crash only forgets a few seconds of spending, and the check does not wait on a
disk flush. Time is the database's clock, so replicas with skewed clocks agree. A caller may
take several tokens at once (a replica's lease, see ``service/auth.py``).
"""

from __future__ import annotations

import math

from provguard.tenancy.db import Database


class SharedBucket:
    """``take(key, want)`` -> (tokens granted, seconds to wait when none could be)."""

    def __init__(self, db: Database, per_minute: int) -> None:
        self.db = db
        self.rate = max(per_minute, 1) / 60.0
        self.capacity = max(1.0, max(per_minute, 1) / 6.0)  # ~10 s of burst, as the in-process limiter
        with db.tx() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7247170)")  # arbitrary constant: rate DDL
            cur.execute("""CREATE TABLE IF NOT EXISTS tenancy_rate (
                key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, updated DOUBLE PRECISION NOT NULL)""")

    def take(self, key: str, want: int = 1) -> tuple[int, int]:
        with self.db.tx() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            now_row = cur.execute("SELECT EXTRACT(EPOCH FROM clock_timestamp())").fetchone()
            now = float(now_row[0]) if now_row else 0.0
            cur.execute(
                "INSERT INTO tenancy_rate (key, tokens, updated) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING",
                (key, self.capacity, now),
            )
            row = cur.execute(
                "SELECT tokens, updated FROM tenancy_rate WHERE key = ? FOR UPDATE", (key,)
            ).fetchone()
            tokens, last = (float(row[0]), float(row[1])) if row else (self.capacity, now)
            tokens = min(self.capacity, tokens + max(0.0, now - last) * self.rate)
            granted = max(0, min(want, int(tokens)))
            cur.execute(
                "UPDATE tenancy_rate SET tokens = ?, updated = ? WHERE key = ?", (tokens - granted, now, key)
            )
        if granted:
            return granted, 0
        return 0, max(1, math.ceil((1.0 - tokens) / self.rate))
