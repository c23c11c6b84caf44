"""The worker side: one batch of keys -> bytes straight from storage -> verdicts -> one Parquet part.

The next file is fetched while the current one is inspected (one read ahead hides object-store
latency), so memory per worker thread is bounded by two files of at most the inspector's
``max_file_bytes``: a file listed larger is an error row without a GET, and a read never asks for
more than the limit plus one byte. Every per-file problem (gone, unreadable, empty, corrupt) is a
row, never an exception.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from provguard.provenance.inspector import Inspector
from provguard.provenance.options import InspectOptions
from provguard.scan.dest import Dest
from provguard.scan.rows import batch_root, error_row, verdict_row
from provguard.scan.sources import Entry, filesystem

_local = threading.local()


@dataclass(frozen=True)
class BatchSpec:
    """Everything a worker needs; ``scanned_at`` is fixed by the client so a retry writes the same rows."""

    scan_id: str
    batch: int
    entries: tuple[Entry, ...]
    dest: Dest
    storage_options: dict[str, Any]
    options: InspectOptions
    scanned_at: str
    return_rows: bool = False


@dataclass(frozen=True)
class BatchResult:
    scan_id: str
    batch: int
    part: str
    rows: int
    merkle_root: str
    bytes_read: int
    part_bytes: int
    verdicts: dict[str, int]
    trust: dict[str, int]
    errors: dict[str, int]
    error_paths: list[tuple[str, str]] = field(default_factory=list)
    row_data: list[dict[str, Any]] | None = None


def _inspector(options: InspectOptions) -> Inspector:
    """One Inspector per worker thread and options (readers and the c2pa context are built once)."""
    cached = getattr(_local, "inspector", None)
    if cached is None or cached.options != options:
        cached = Inspector(options)
        _local.inspector = cached
    return cached


def read_entry(entry: Entry, storage_options: dict[str, Any], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the file, in one ranged GET on object stores."""
    fs, path = filesystem(entry.path, storage_options)
    return bytes(fs.cat_file(path, start=0, end=limit + 1))


def _fetch(entry: Entry, spec: BatchSpec) -> bytes | None:
    """The file's bytes, or None when the listing already says it must not (or need not) be read."""
    if entry.size > spec.options.max_file_bytes or entry.size == 0:
        return None
    return read_entry(entry, spec.storage_options, spec.options.max_file_bytes)


def inspect_entry(
    entry: Entry, spec: BatchSpec, fetched: Future[bytes | None] | None = None
) -> dict[str, Any]:
    limit = spec.options.max_file_bytes
    at = spec.scanned_at
    if entry.size > limit:
        message = f"file is {entry.size} bytes, over max_file_bytes={limit}"
        return error_row(entry, "payload_too_large", message, at)
    if entry.size == 0:
        return error_row(entry, "empty", "file is empty (0 bytes)", at)
    try:
        data = fetched.result() if fetched is not None else _fetch(entry, spec)
        assert data is not None
    except FileNotFoundError:
        return error_row(entry, "not_found", "no such file or object (gone since it was listed?)", at)
    except PermissionError as exc:
        return error_row(entry, "unreadable", f"access denied: {exc}", at)
    except Exception as exc:  # network, driver, anything: one bad read never stops the batch
        return error_row(entry, "read_error", f"cannot read: {type(exc).__name__}: {exc}", at)
    verdict = _inspector(spec.options).inspect_bytes(data, entry.path)
    return verdict_row(entry, verdict, at)


def process_batch(spec: BatchSpec) -> BatchResult:
    """Inspect the batch and write its part. Deterministic in its inputs, so a retry is harmless."""
    rows: list[dict[str, Any]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="provguard-read") as reader:
        ahead = reader.submit(_fetch, spec.entries[0], spec) if spec.entries else None
        for i, entry in enumerate(spec.entries):
            current = ahead
            nxt = i + 1
            ahead = reader.submit(_fetch, spec.entries[nxt], spec) if nxt < len(spec.entries) else None
            rows.append(inspect_entry(entry, spec, current))
    part = spec.dest.part_name(spec.scan_id, spec.batch)
    root = batch_root(rows).hex()
    meta = {"scan_id": spec.scan_id, "batch": spec.batch, "rows": len(rows), "merkle_root": root}
    part_bytes = spec.dest.write_part(part, rows, meta)
    errors = Counter(r["error_code"] for r in rows if r["error_code"])
    return BatchResult(
        scan_id=spec.scan_id,
        batch=spec.batch,
        part=part,
        rows=len(rows),
        merkle_root=root,
        bytes_read=sum(max(0, r["size"]) for r in rows if not r["error_code"]),
        part_bytes=part_bytes,
        verdicts=dict(Counter(r["verdict"] or "error" for r in rows)),
        trust=dict(Counter(r["trust"] for r in rows if not r["error_code"])),
        errors=dict(errors),
        error_paths=[(r["path"], r["error_code"]) for r in rows if r["error_code"]][:20],
        row_data=rows if spec.return_rows else None,
    )
