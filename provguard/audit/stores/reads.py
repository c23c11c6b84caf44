"""The store's read queries: head, leaves, interior nodes, proofs' hashes, payloads, checkpoints.

Written once over a DB-API connection in a snapshot from ``SqlStore.read``; ``?`` placeholders
are translated by ``q`` for the dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from provguard.audit import merkle
from provguard.audit.stores.rows import (
    LEAF_COLUMNS,
    NODE_STRIDE,
    Head,
    LeafRow,
    PayloadRow,
    _leaf_row,
    as_bytes,
    head_from_row,
)


class SqlReads:
    """Read queries; ``SqlStore`` mixes them in."""

    placeholder = "?"

    def q(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _member(self, ids: list[int]) -> tuple[str, list[Any]]:
        """SQL for "column is one of ids" and its parameters."""
        return f"IN ({', '.join('?' * len(ids))})", list(ids)

    def head(self, conn: Any, log_id: str) -> Head:
        row = conn.execute(
            self.q("SELECT size, root, frontier FROM audit_head WHERE log_id = ?"), (log_id,)
        ).fetchone()
        return head_from_row(row)

    def iter_leaves(self, conn: Any, log_id: str, start: int = 0, batch: int = 20000) -> Iterator[LeafRow]:
        """All leaf rows from ``start`` in seq order, paged by key so memory stays flat."""
        after = start - 1
        while True:
            rows = conn.execute(
                self.q(
                    f"SELECT {LEAF_COLUMNS} FROM audit_leaves"
                    f" WHERE log_id = ? AND seq > ? ORDER BY seq LIMIT ?"
                ),
                (log_id, after, batch),
            ).fetchall()
            for r in rows:
                yield _leaf_row(r)
            if len(rows) < batch:
                return
            after = int(rows[-1][0])

    def leaf(self, conn: Any, log_id: str, seq: int) -> LeafRow | None:
        r = conn.execute(
            self.q(f"SELECT {LEAF_COLUMNS} FROM audit_leaves WHERE log_id = ? AND seq = ?"), (log_id, seq)
        ).fetchone()
        return None if r is None else _leaf_row(r)

    def leaf_hashes(self, conn: Any, log_id: str, lo: int, hi: int) -> list[bytes]:
        rows = conn.execute(
            self.q(
                "SELECT seq, leaf_hash FROM audit_leaves"
                " WHERE log_id = ? AND seq >= ? AND seq < ? ORDER BY seq"
            ),
            (log_id, lo, hi),
        ).fetchall()
        if [int(r[0]) for r in rows] != list(range(lo, hi)):
            raise LookupError(f"leaves {lo}..{hi - 1} are not all present")
        return [as_bytes(r[1]) for r in rows]

    def nodes(self, conn: Any, log_id: str, level: int, lo: int, hi: int) -> list[bytes]:
        rows = conn.execute(
            self.q(
                "SELECT idx, hash FROM audit_nodes"
                " WHERE log_id = ? AND level = ? AND idx >= ? AND idx < ? ORDER BY idx"
            ),
            (log_id, level, lo, hi),
        ).fetchall()
        if [int(r[0]) for r in rows] != list(range(lo, hi)):
            raise LookupError(f"interior nodes {level}/{lo}..{hi - 1} are not all present")
        return [as_bytes(r[1]) for r in rows]

    def iter_nodes(self, conn: Any, log_id: str) -> Iterator[tuple[int, int, bytes]]:
        cur = conn.execute(
            self.q("SELECT level, idx, hash FROM audit_nodes WHERE log_id = ? ORDER BY level, idx"), (log_id,)
        )
        for r in cur:
            yield int(r[0]), int(r[1]), as_bytes(r[2])

    def subtree_hash(self, conn: Any, log_id: str, level: int, index: int) -> bytes:
        """Hash of the complete subtree (level, index) from the nearest stored level below it."""
        base = (level // NODE_STRIDE) * NODE_STRIDE
        width = 1 << (level - base)
        lo = index * width
        if base == 0:
            hashes = self.leaf_hashes(conn, log_id, lo, lo + width)
        else:
            hashes = self.nodes(conn, log_id, base, lo, lo + width)
        return merkle.mth(hashes)

    def range_hasher(
        self, conn: Any, log_id: str, plan: Callable[[merkle.RangeHash], object] | None = None
    ) -> merkle.RangeHash:
        """A ``range_hash`` over stored hashes.

        With ``plan`` (the proof computation to come), first run it against a recorder to
        learn which ranges it needs, then fetch all their hashes in a few queries: proof
        latency stays flat on a networked database.
        """
        cache: dict[tuple[int, int], bytes] = {}
        if plan is not None:
            wanted: list[tuple[int, int]] = []

            def record(lo: int, hi: int) -> bytes:
                wanted.append((lo, hi))
                return b"\0" * merkle.HASH_SIZE

            plan(record)
            self._prefetch(conn, log_id, wanted, cache)

        def subtree(level: int, index: int) -> bytes:
            base = (level // NODE_STRIDE) * NODE_STRIDE
            width = 1 << (level - base)
            lo = index * width
            if all((base, i) in cache for i in range(lo, lo + width)):
                return merkle.mth([cache[(base, i)] for i in range(lo, lo + width)])
            return self.subtree_hash(conn, log_id, level, index)

        def range_hash(lo: int, hi: int) -> bytes:
            return merkle.fold_right([subtree(lvl, idx) for lvl, idx in merkle.aligned_ranges(lo, hi)])

        return range_hash

    def _prefetch(
        self, conn: Any, log_id: str, ranges: list[tuple[int, int]], cache: dict[tuple[int, int], bytes]
    ) -> None:
        need: dict[int, set[int]] = {}
        for lo, hi in ranges:
            for level, index in merkle.aligned_ranges(lo, hi):
                base = (level // NODE_STRIDE) * NODE_STRIDE
                width = 1 << (level - base)
                need.setdefault(base, set()).update(range(index * width, (index + 1) * width))
        for base, idxs in need.items():
            member, values = self._member(sorted(idxs))
            if base == 0:
                sql = f"SELECT seq, leaf_hash FROM audit_leaves WHERE log_id = ? AND seq {member}"
                params: list[Any] = [log_id, *values]
            else:
                sql = f"SELECT idx, hash FROM audit_nodes WHERE log_id = ? AND level = ? AND idx {member}"
                params = [log_id, base, *values]
            for r in conn.execute(self.q(sql), params).fetchall():
                cache[(base, int(r[0]))] = as_bytes(r[1])

    def payloads(self, conn: Any, log_id: str) -> dict[int, PayloadRow]:
        rows = conn.execute(
            self.q("SELECT seq, body, sha256, purged_at, purge_seq FROM audit_payloads WHERE log_id = ?"),
            (log_id,),
        ).fetchall()
        return {
            int(r[0]): PayloadRow(int(r[0]), None if r[1] is None else as_bytes(r[1]), r[2], r[3], r[4])
            for r in rows
        }

    def payload(self, conn: Any, log_id: str, seq: int) -> PayloadRow | None:
        r = conn.execute(
            self.q(
                "SELECT seq, body, sha256, purged_at, purge_seq FROM audit_payloads"
                " WHERE log_id = ? AND seq = ?"
            ),
            (log_id, seq),
        ).fetchone()
        return (
            None
            if r is None
            else PayloadRow(int(r[0]), None if r[1] is None else as_bytes(r[1]), r[2], r[3], r[4])
        )

    def query(
        self,
        conn: Any,
        log_id: str,
        *,
        team: str | None,
        event_type: str | None,
        since: str | None,
        until: str | None,
        after_seq: int | None,
        limit: int,
    ) -> list[LeafRow]:
        where, params = ["log_id = ?"], [log_id]
        for col, op, val in (
            ("team", "=", team),
            ("event_type", "=", event_type),
            ("time", ">=", since),
            ("time", "<", until),
            ("seq", ">", after_seq),
        ):
            if val is not None:
                where.append(f"{col} {op} ?")
                params.append(val)  # type: ignore[arg-type]
        sql = f"SELECT {LEAF_COLUMNS} FROM audit_leaves WHERE {' AND '.join(where)} ORDER BY seq LIMIT ?"
        rows = conn.execute(self.q(sql), (*params, limit)).fetchall()
        return [_leaf_row(r) for r in rows]

    def checkpoints(self, conn: Any, log_id: str) -> list[tuple[int, bytes, str]]:
        rows = conn.execute(
            self.q("SELECT size, root, text FROM audit_checkpoints WHERE log_id = ? ORDER BY size"), (log_id,)
        ).fetchall()
        return [(int(r[0]), as_bytes(r[1]), str(r[2])) for r in rows]

    def known_keys(self, conn: Any) -> list[str]:
        return [r[0] for r in conn.execute("SELECT vkey FROM audit_keys ORDER BY added_at").fetchall()]

    def purge_candidates(self, conn: Any, log_id: str, before: str) -> list[int]:
        rows = conn.execute(
            self.q(
                "SELECT p.seq FROM audit_payloads p"
                " JOIN audit_leaves l ON l.log_id = p.log_id AND l.seq = p.seq"
                " WHERE p.log_id = ? AND l.time < ? AND p.body IS NOT NULL ORDER BY p.seq"
            ),
            (log_id, before),
        ).fetchall()
        return [int(r[0]) for r in rows]
