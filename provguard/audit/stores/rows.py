"""Row shapes of the audit tables and their conversions (shared by the store's reads and writes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from provguard.audit import merkle
from provguard.errors import AuditIntegrityError

NODE_STRIDE = 4  # persist interior nodes every 4 levels: n/15 extra rows, proofs read <= 16 rows per subtree
LEAF_COLUMNS = "seq, leaf_hash, tree_root, record, time, team, event_type"


@dataclass(frozen=True)
class Head:
    size: int
    root: bytes
    frontier: merkle.Frontier


class LeafRow(NamedTuple):
    """One stored leaf row (a tuple: verify reads a million of them)."""

    seq: int
    leaf_hash: bytes
    tree_root: bytes
    record: bytes
    time: str
    team: str
    event_type: str


@dataclass(frozen=True)
class PayloadRow:
    seq: int
    body: bytes | None
    sha256: str
    purged_at: str | None
    purge_seq: int | None


def as_bytes(value: Any) -> bytes:
    """A BLOB as bytes, whatever type a hand edit left in the column (SQLite is dynamically typed)."""
    if type(value) is bytes:
        return value
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, int | float):
        return str(value).encode()
    return bytes(value)


def _leaf_row(r: Sequence[Any]) -> LeafRow:
    seq, lh, root, rec, time, team, etype = r
    if type(lh) is bytes and type(root) is bytes and type(rec) is bytes and type(seq) is int:
        return LeafRow(seq, lh, root, rec, str(time), str(team), str(etype))
    return LeafRow(int(r[0]), as_bytes(r[1]), as_bytes(r[2]), as_bytes(r[3]), str(r[4]), str(r[5]), str(r[6]))


def head_from_row(row: Sequence[Any] | None) -> Head:
    """A Head from a ``(size, root, frontier)`` row of audit_head (None: the empty log)."""
    if row is None:
        return Head(0, merkle.EMPTY_ROOT, merkle.Frontier())
    size, root, frontier = int(row[0]), as_bytes(row[1]), as_bytes(row[2])
    try:
        fr = merkle.Frontier.decode(size, frontier)
    except ValueError:
        fr = merkle.Frontier(size, [])  # verify reports the mismatch; appends refuse it
    return Head(size, root, fr)


def writable_head(head: Head, log_id: str) -> Head:
    """The locked head, refused when its frontier does not match its size (never append onto it)."""
    if head.frontier.size != head.size or len(head.frontier.hashes) != bin(head.size).count("1"):
        raise AuditIntegrityError(
            f"log head of {log_id!r} is corrupt (size {head.size} does not match its frontier)",
            seq=head.size,
            hint="run `provguard audit verify`",
        )
    return head
