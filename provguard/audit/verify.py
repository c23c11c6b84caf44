"""Full verification of a stored log: recompute everything, trust only signatures and math.

Checks, in seq order, stopping at the first broken record so the report can name it:
contiguous seqs; leaf hash = H(0x00 || stored canonical bytes); the record's own seq, log,
team, type and time match its row; stored interior nodes; the running root stored with each
row; the head; every stored checkpoint (signature and root); an externally held checkpoint
(the only check that catches a full rewrite by someone holding the DB and the key); and
payloads (edited, silently deleted, or purged by a logged ``retention.purge``).
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from provguard.audit import merkle
from provguard.audit.checkpoint import Checkpoint, CheckpointError, VerifierKey, verify_checkpoint
from provguard.audit.stores.base import NODE_STRIDE, SqlStore

_DECODER = json.JSONDecoder()


class VerifyReport(BaseModel):
    ok: bool
    log_id: str
    size: int
    root_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None
    purged_payloads: int = 0
    checkpoints_checked: int = 0
    trusted_checkpoint_size: int | None = None
    notes: list[str] = []

    def message(self) -> str:
        if self.ok:
            extra = f"; {'; '.join(self.notes)}" if self.notes else ""
            return f"verified {self.size} records of {self.log_id}, root {self.root_hash}{extra}"
        where = f"record {self.first_bad_seq}: " if self.first_bad_seq is not None else ""
        return f"integrity failure in {self.log_id}: {where}{self.problem}"


class _Bad(Exception):
    def __init__(self, seq: int | None, problem: str) -> None:
        super().__init__(problem)
        self.seq = seq
        self.problem = problem


def parse_ranges(ranges: Any) -> list[tuple[int, int]]:
    """``[[a, b], ...]`` from a purge record, sorted; junk yields no ranges (so no purge is legitimised)."""
    try:
        return sorted((int(a), int(b)) for a, b in ranges)
    except (TypeError, ValueError):
        return []


def in_ranges(seq: int, ranges: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(ranges, (seq, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= seq <= ranges[i][1]


def compress_ranges(seqs: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for s in sorted(seqs):
        if out and out[-1][1] == s - 1:
            out[-1][1] = s
        else:
            out.append([s, s])
    return out


@dataclass
class _Scan:
    size: int = 0
    roots: dict[int, bytes] = field(default_factory=dict)
    purged: list[tuple[int, int | None]] = field(default_factory=list)
    purge_records: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    rotated_keys: list[str] = field(default_factory=list)
    frontier: merkle.Frontier = field(default_factory=merkle.Frontier)


def verify_store(
    store: SqlStore, log_id: str, keys: list[VerifierKey], trusted: Checkpoint | None = None
) -> VerifyReport:
    with store.read() as conn:
        head = store.head(conn, log_id)
        cps = store.checkpoints(conn, log_id)
        try:
            scan = _scan(
                store,
                conn,
                log_id,
                head.size,
                {s for s, _r, _t in cps} | ({trusted.size} if trusted else set()),
            )
            notes = _check_tail(store, conn, log_id, head, scan, cps, keys, trusted)
        except (ValueError, TypeError, LookupError) as exc:
            return VerifyReport(
                ok=False,
                log_id=log_id,
                size=head.size,
                root_hash=head.root.hex(),
                problem=f"unreadable row in the log tables ({exc})",
            )
        except _Bad as bad:
            return VerifyReport(
                ok=False,
                log_id=log_id,
                size=head.size,
                root_hash=head.root.hex(),
                first_bad_seq=bad.seq,
                problem=bad.problem,
            )
    purged = len(scan.purged)
    if purged:
        notes.append(f"payload purged, digest kept: {purged} record(s)")
    return VerifyReport(
        ok=True,
        log_id=log_id,
        size=scan.size,
        root_hash=scan.frontier.root().hex(),
        purged_payloads=purged,
        checkpoints_checked=len(cps),
        trusted_checkpoint_size=trusted.size if trusted else None,
        notes=notes,
    )


def _scan(store: SqlStore, conn: Any, log_id: str, head_size: int, sizes: set[int]) -> _Scan:
    st = _Scan()
    stored_nodes = {(lvl, idx): h for lvl, idx, h in store.iter_nodes(conn, log_id)}
    payloads = store.payloads(conn, log_id)
    last_root = b""
    for row in store.iter_leaves(conn, log_id):
        seq = st.frontier.size
        if row.seq != seq:
            raise _Bad(seq, f"record missing (seq gap: next stored record is {row.seq})")
        if merkle.leaf_hash(row.record) != row.leaf_hash:
            raise _Bad(seq, "record content does not match its leaf hash (record edited)")
        try:
            text = row.record.decode("utf-8")
            rec, end = _DECODER.raw_decode(text)  # canonical bytes carry no surrounding whitespace
            if end != len(text):
                raise ValueError("trailing data")
        except ValueError:
            raise _Bad(seq, "record is not valid JSON") from None
        if not isinstance(rec, dict) or rec.get("seq") != seq:
            claimed = rec.get("seq") if isinstance(rec, dict) else None
            raise _Bad(seq, f"record claims seq {claimed} (records reordered, moved or inserted)")
        if rec.get("log_id") != log_id:
            raise _Bad(seq, f"record belongs to log {rec.get('log_id')!r}")
        if (rec.get("team"), rec.get("event_type"), rec.get("time")) != (row.team, row.event_type, row.time):
            raise _Bad(seq, "indexed columns (team/event_type/time) differ from the committed record")
        for level, idx, h in st.frontier.push(row.leaf_hash):
            if level % NODE_STRIDE == 0 and stored_nodes.pop((level, idx), None) != h:
                raise _Bad(idx << level, f"stored interior node {level}/{idx} is wrong or missing")
        if seq + 1 in sizes:
            st.roots[seq + 1] = st.frontier.root()
        last_root = row.tree_root
        _scan_payload(st, seq, rec, payloads)
    st.size = st.frontier.size
    if st.size and last_root != st.frontier.root():
        raise _Bad(
            _locate_root_divergence(store, conn, log_id),
            "leaf and its recorded tree root disagree (record and leaf hash rewritten together)",
        )
    if stored_nodes:
        (level, idx) = min(stored_nodes)
        raise _Bad(idx << level, f"interior node {level}/{idx} stored beyond the log's records")
    return st


def _scan_payload(st: _Scan, seq: int, rec: dict[str, Any], payloads: dict[int, Any]) -> None:
    if rec.get("event_type") == "retention.purge":
        st.purge_records[seq] = parse_ranges(rec.get("subject", {}).get("purged", []))
    if rec.get("event_type") == "key.rotate" and isinstance(rec.get("subject", {}).get("new_vkey"), str):
        st.rotated_keys.append(rec["subject"]["new_vkey"])
    digest = rec.get("payload_sha256")
    if not digest:
        return
    prow = payloads.get(seq)
    if prow is None:
        raise _Bad(seq, "payload row deleted without a logged retention.purge")
    if prow.body is None:
        st.purged.append((seq, prow.purge_seq))
    elif "sha256:" + hashlib.sha256(prow.body).hexdigest() != digest:
        raise _Bad(seq, "payload does not match the digest in its record (payload edited)")


def _locate_root_divergence(store: SqlStore, conn: Any, log_id: str) -> int:
    fr = merkle.Frontier()
    for row in store.iter_leaves(conn, log_id):
        fr.push(row.leaf_hash)
        if fr.root() != row.tree_root:
            return row.seq
    return fr.size - 1


def _check_tail(
    store: SqlStore,
    conn: Any,
    log_id: str,
    head: Any,
    st: _Scan,
    cps: list[tuple[int, bytes, str]],
    keys: list[VerifierKey],
    trusted: Checkpoint | None,
) -> list[str]:
    notes: list[str] = []
    n = st.size
    if head.size > n:
        raise _Bad(n, f"log head says {head.size} records but only {n} are stored (tail truncated)")
    if head.size < n:
        raise _Bad(head.size, f"records stored beyond the log head of size {head.size} (head replaced)")
    if head.root != st.frontier.root():
        raise _Bad(None, "log head root does not match the recomputed tree (head replaced)")
    if head.frontier.encode() != st.frontier.encode():
        raise _Bad(None, "log head frontier does not match the recomputed tree (head replaced)")
    all_keys = list(keys)
    for vk in st.rotated_keys:
        try:
            all_keys.append(VerifierKey.parse(vk))
        except CheckpointError:
            continue
    for size, root, text in cps:
        try:
            cp = verify_checkpoint(text, all_keys)
        except CheckpointError as exc:
            raise _Bad(None, f"stored checkpoint of size {size}: {exc}") from None
        if cp.size != size or cp.root != root or cp.origin != log_id:
            raise _Bad(None, f"stored checkpoint of size {size} does not match its row")
        if size > n:
            raise _Bad(
                n, f"a signed checkpoint covers {size} records but only {n} are stored (tail truncated)"
            )
        if size and st.roots.get(size) != root:
            raise _Bad(None, f"tree of size {size} does not match its signed checkpoint (history rewritten)")
    if purged := [(s, p) for s, p in st.purged if p is None or not in_ranges(s, st.purge_records.get(p, []))]:
        raise _Bad(purged[0][0], "payload removed without a logged retention.purge")
    if trusted is not None:
        if trusted.origin != log_id:
            raise _Bad(None, f"trusted checkpoint is for log {trusted.origin!r}, not {log_id!r}")
        if trusted.size > n:
            raise _Bad(
                n,
                f"trusted checkpoint covers {trusted.size} records but only {n} are stored "
                "(tail truncated or log rolled back)",
            )
        if trusted.size and st.roots.get(trusted.size) != trusted.root:
            raise _Bad(
                None,
                f"log does not match the trusted checkpoint of size {trusted.size}: history before "
                f"record {trusted.size} was rewritten",
            )
        notes.append(f"consistent with trusted checkpoint of size {trusted.size}")
    return notes
