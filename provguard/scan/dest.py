"""The DEST folder (local or fsspec URL): Parquet parts, audit receipts, summaries.

Layout::

    DEST/scan_id=<id>/part-<batch>.parquet   one per batch, written atomically (hive-partitioned)
    DEST/_audit/<id>/part-<batch>.json      the audit receipt of that part (seq, leaf hash, root)
    DEST/_summary.json                      counts of the last run and of everything in DEST
    DEST/_scans/<id>.json                   each run's summary

A part is written whole or not at all: locally to a hidden temp file then renamed; on object
stores with one PUT (objects appear atomically). A batch retried after a worker died rewrites the
same part name, so a retry never duplicates rows. Names starting with ``.`` or ``_`` are not data.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from provguard.errors import InputError
from provguard.scan.rows import to_table
from provguard.scan.sources import Entry, filesystem, is_url

PART_GLOB = "scan_id=*/part-*.parquet"
IDENTITY_COLUMNS = ["path", "size", "etag", "mtime", "error_code"]


@dataclass(frozen=True)
class Dest:
    """Where results go; picklable, so workers open it themselves."""

    url: str
    storage_options: dict[str, Any]

    def fs(self) -> tuple[Any, str]:
        fs, root = filesystem(self.url, self.storage_options)
        return fs, root.rstrip("/")

    def part_name(self, scan_id: str, batch: int) -> str:
        """The part's path relative to DEST (what audit records and proofs name)."""
        return f"scan_id={scan_id}/part-{batch:06d}.parquet"

    def receipt_name(self, part: str) -> str:
        scan_dir, base = part.split("/", 1)
        return f"_audit/{scan_dir.removeprefix('scan_id=')}/{base.removesuffix('.parquet')}.json"

    # ---------------------------------------------------------------- writing
    def write_part(self, part: str, rows: Sequence[dict[str, Any]], metadata: dict[str, Any]) -> int:
        """Write one part atomically; returns its size in bytes."""
        buf = io.BytesIO()
        pq.write_table(to_table(rows, metadata), buf, compression="zstd")
        self.write_bytes(part, buf.getvalue())
        return buf.tell()

    def write_bytes(self, name: str, data: bytes) -> None:
        fs, root = self.fs()
        target = f"{root}/{name}"
        if is_url(self.url):
            fs.pipe_file(target, data)  # one PUT: the object appears whole or not at all
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{uuid.uuid4().hex}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    def write_json(self, name: str, obj: Any) -> None:
        self.write_bytes(name, json.dumps(obj, indent=2, sort_keys=True).encode("utf-8") + b"\n")

    # ---------------------------------------------------------------- reading
    def parts(self) -> list[str]:
        fs, root = self.fs()
        try:
            found = fs.glob(f"{root}/{PART_GLOB}")
        except FileNotFoundError:
            return []
        return sorted(p[len(root) + 1 :] for p in found)

    def exists(self, name: str) -> bool:
        fs, root = self.fs()
        return bool(fs.exists(f"{root}/{name}"))

    def read_json(self, name: str) -> Any | None:
        fs, root = self.fs()
        try:
            with fs.open(f"{root}/{name}", "rb") as fh:
                return json.loads(fh.read())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise InputError(f"{self.url}/{name}: unreadable ({exc})") from None

    def read_part(self, part: str, columns: Sequence[str] | None = None) -> pa.Table:
        fs, root = self.fs()
        try:
            with fs.open(f"{root}/{part}", "rb") as fh:
                return pq.read_table(fh, columns=list(columns) if columns else None)
        except FileNotFoundError:
            raise InputError(f"no scan part {part} in {self.url}") from None
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"{self.url}/{part}: not a readable Parquet part ({exc})") from None

    def part_metadata(self, part: str) -> dict[str, Any]:
        table = self.read_part(part, columns=["path"])
        raw = (table.schema.metadata or {}).get(b"provguard.scan")
        return json.loads(raw) if raw else {}

    def table(self, columns: Sequence[str] | None = None, parts: Iterable[str] | None = None) -> pa.Table:
        """All rows in DEST (or in ``parts``), read in parallel by pyarrow."""
        import pyarrow.dataset as ds

        fs, root = self.fs()
        names = list(parts) if parts is not None else self.parts()
        if not names:
            empty = to_table([], {})
            return empty.select(list(columns)) if columns else empty
        dataset = ds.dataset([f"{root}/{p}" for p in names], format="parquet", filesystem=fs)
        return dataset.to_table(columns=list(columns) if columns else None)

    def done(self, *, retry_errors: bool = False) -> set[tuple[str, int, str]]:
        """Identities (path, size, etag-or-mtime) of files already in DEST."""
        t = self.table(IDENTITY_COLUMNS).to_pydict()
        out: set[tuple[str, int, str]] = set()
        for path, size, etag, mtime, err in zip(
            t["path"], t["size"], t["etag"], t["mtime"], t["error_code"], strict=True
        ):
            if retry_errors and err is not None:
                continue
            out.add(Entry(path, size, etag, mtime).identity())
        return out
