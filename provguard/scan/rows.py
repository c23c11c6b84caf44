"""One Parquet row per scanned file, its digest, and a batch's Merkle root.

A row's digest is the RFC 6962 leaf hash of the RFC 8785 canonical JSON of its ``DIGEST_FIELDS``
exactly as stored in Parquet (the C2PA summary is stored as canonical JSON text), so anyone who
reads the row back can recompute it. A batch's rows, in part order, are the leaves of one Merkle
tree; its root goes into the batch's audit record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from provguard.audit import merkle
from provguard.audit.records import canonical
from provguard.models import Verdict
from provguard.scan.sources import Entry

DIGEST_FIELDS = (
    "path",
    "size",
    "etag",
    "mtime",
    "sha256",
    "format",
    "verdict",
    "trust",
    "evidence",
    "c2pa",
    "error_code",
    "error_message",
    "scanned_at",
)

EVIDENCE_TYPE = pa.struct(
    [("source", pa.string()), ("kind", pa.string()), ("detail", pa.string()), ("strength", pa.string())]
)

SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("size", pa.int64()),
        ("etag", pa.string()),
        ("mtime", pa.string()),
        ("sha256", pa.string()),
        ("format", pa.string()),
        ("verdict", pa.string()),
        ("trust", pa.string()),
        ("evidence", pa.list_(EVIDENCE_TYPE)),
        ("c2pa", pa.string()),
        ("error_code", pa.string()),
        ("error_message", pa.string()),
        ("scanned_at", pa.string()),
        ("row_hash", pa.string()),
    ]
)


def verdict_row(entry: Entry, verdict: Verdict, scanned_at: str) -> dict[str, Any]:
    """The stored row for ``entry`` (``verdict.path`` is ignored: the row names the entry)."""
    c2pa = verdict.c2pa.model_dump(mode="json") if verdict.c2pa is not None else None
    row: dict[str, Any] = {
        "path": entry.path,
        "size": entry.size,
        "etag": entry.etag,
        "mtime": entry.mtime,
        "sha256": verdict.sha256,
        "format": verdict.format,
        "verdict": verdict.verdict,
        "trust": verdict.trust,
        "evidence": [e.model_dump(mode="json") for e in verdict.evidence],
        "c2pa": canonical(c2pa).decode("utf-8") if c2pa is not None else None,
        "error_code": verdict.error.code if verdict.error else None,
        "error_message": verdict.error.message if verdict.error else None,
        "scanned_at": scanned_at,
    }
    row["row_hash"] = row_hash(row).hex()
    return row


def error_row(entry: Entry, code: str, message: str, scanned_at: str) -> dict[str, Any]:
    return verdict_row(
        entry,
        Verdict.model_validate(
            {"path": entry.path, "verdict": None, "error": {"code": code, "message": message}}
        ),
        scanned_at,
    )


def digest_view(row: dict[str, Any]) -> dict[str, Any]:
    """The fields a row's digest covers, normalised as Parquet gives them back."""
    view = {k: row.get(k) for k in DIGEST_FIELDS}
    view["evidence"] = [dict(e) for e in (row.get("evidence") or [])]
    return view


def row_hash(row: dict[str, Any]) -> bytes:
    """RFC 6962 leaf hash of the row's canonical JSON."""
    return merkle.leaf_hash(canonical(digest_view(row)))


def batch_root(rows: Sequence[dict[str, Any]]) -> bytes:
    return merkle.mth([row_hash(r) for r in rows])


def to_table(rows: Sequence[dict[str, Any]], metadata: dict[str, Any]) -> pa.Table:
    table = pa.Table.from_pylist(list(rows), schema=SCHEMA)
    return table.replace_schema_metadata({"provguard.scan": json.dumps(metadata, sort_keys=True)})


def json_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row for JSON output: the C2PA summary as an object again."""
    out = dict(row)
    out["c2pa"] = json.loads(row["c2pa"]) if row.get("c2pa") else None
    return out
