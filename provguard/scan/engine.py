"""The client side of a scan: list, skip what DEST already has, feed batches to Dask, collect.

At most a bounded window of batches is in flight (a few per worker thread), so the client's memory
does not grow with the number of files, and each completed batch is handed to ``on_batch`` (audit
record, JSONL) as soon as it lands. A batch whose task fails for good (e.g. it killed its workers
repeatedly) is reported, not fatal: its files are not in DEST, so the next run picks them up.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from provguard.errors import UsageError
from provguard.provenance.options import InspectOptions
from provguard.scan.cluster import total_threads
from provguard.scan.dest import Dest
from provguard.scan.sources import Entry, list_sources
from provguard.scan.task import BatchResult, BatchSpec, process_batch

OnBatch = Callable[[BatchResult], None]
OnProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScanPlan:
    sources: tuple[str, ...]
    dest: Dest
    storage_options: dict[str, Any]
    options: InspectOptions = field(default_factory=InspectOptions)
    batch_size: int = 256
    all_files: bool = False
    retry_errors: bool = False
    return_rows: bool = False


@dataclass
class ScanSummary:
    scan_id: str
    dest_url: str
    started: str
    listed: int = 0
    skipped: int = 0
    scanned: int = 0
    batches: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    verdicts: Counter[str] = field(default_factory=Counter)
    trust: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[tuple[str, str]] = field(default_factory=list)
    failed_batches: list[dict[str, Any]] = field(default_factory=list)
    dest: Dest | None = None
    dest_checked: bool = False

    def add(self, r: BatchResult) -> None:
        self.scanned += r.rows
        self.batches += 1
        self.bytes_read += r.bytes_read
        self.verdicts.update(r.verdicts)
        self.trust.update(r.trust)
        self.errors.update(r.errors)
        self.error_samples.extend(r.error_paths[: max(0, 50 - len(self.error_samples))])

    def as_dict(self) -> dict[str, Any]:
        secs = max(self.seconds, 1e-9)
        return {
            "scan_id": self.scan_id,
            "dest": self.dest_url,
            "started": self.started,
            "listed": self.listed,
            "skipped": self.skipped,
            "scanned": self.scanned,
            "batches": self.batches,
            "bytes_read": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "files_per_s": round(self.scanned / secs, 1),
            "mb_per_s": round(self.bytes_read / secs / 1e6, 2),
            "verdicts": dict(sorted(self.verdicts.items())),
            "trust": dict(sorted(self.trust.items())),
            "errors": dict(sorted(self.errors.items())),
            "error_samples": [{"path": p, "error": c} for p, c in self.error_samples],
            "failed_batches": self.failed_batches,
        }


def new_scan_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def batches(entries: Sequence[Entry], size: int) -> Iterator[tuple[Entry, ...]]:
    for i in range(0, len(entries), size):
        yield tuple(entries[i : i + size])


def batch_size_for(total: int, wanted: int, threads: int) -> int:
    """``wanted``, but small enough that every worker thread gets about four batches: a short scan
    still spreads evenly, and a long one keeps the full size (and so few audit records)."""
    return max(1, min(wanted, -(-total // (4 * threads))))


def pending(plan: ScanPlan) -> tuple[list[Entry], int]:
    """(files still to scan, files listed): everything listed minus what DEST already holds."""
    listed = list_sources(plan.sources, plan.storage_options, all_files=plan.all_files)
    done = plan.dest.done(retry_errors=plan.retry_errors)
    return [e for e in listed if e.identity() not in done], len(listed)


def run_scan(
    plan: ScanPlan,
    client: Any,
    *,
    on_batch: OnBatch | None = None,
    on_progress: OnProgress | None = None,
    scan_id: str | None = None,
) -> ScanSummary:
    """Scan ``plan`` on the Dask ``client``; returns counts (DEST holds the rows)."""
    from distributed import as_completed

    t0 = time.perf_counter()
    summary = ScanSummary(
        scan_id=scan_id or new_scan_id(), dest_url=plan.dest.url, started=datetime.now(UTC).isoformat()
    )
    summary.dest = plan.dest
    todo, summary.listed = pending(plan)
    summary.skipped = summary.listed - len(todo)
    total = len(todo)
    threads = total_threads(client)
    if on_progress:
        on_progress(0, total)
    specs = (
        BatchSpec(
            scan_id=summary.scan_id,
            batch=i,
            entries=chunk,
            dest=plan.dest,
            storage_options=plan.storage_options,
            options=plan.options,
            scanned_at=datetime.now(UTC).isoformat(),
            return_rows=plan.return_rows,
        )
        for i, chunk in enumerate(batches(todo, batch_size_for(total, plan.batch_size, threads)))
    )
    window = max(4, 3 * threads)

    def submit(spec: BatchSpec) -> Any:
        key = f"provguard-scan-{spec.scan_id}-{spec.batch}"
        return client.submit(process_batch, spec, key=key, pure=False)

    futures = as_completed()
    sizes: dict[str, int] = {}
    for spec in specs:
        fut = submit(spec)
        sizes[fut.key] = len(spec.entries)
        futures.add(fut)
        if futures.count() >= window:
            _collect(next(futures), summary, sizes, on_batch, on_progress, total)
    for fut in futures:
        _collect(fut, summary, sizes, on_batch, on_progress, total)
    summary.seconds = time.perf_counter() - t0
    return summary


def _collect(
    fut: Any,
    summary: ScanSummary,
    sizes: dict[str, int],
    on_batch: OnBatch | None,
    on_progress: OnProgress | None,
    total: int,
) -> None:
    n = sizes.pop(fut.key, 0)
    try:
        result: BatchResult = fut.result()
    except Exception as exc:  # the batch failed for good: reported, and the next run retries it
        error = f"{type(exc).__name__}: {exc}"
        summary.failed_batches.append({"task": str(fut.key), "files": n, "error": error})
    else:
        if summary.batches == 0 and not summary.dest_checked:
            _check_visible(result, summary)
        summary.add(result)
        if on_batch:
            on_batch(result)
    finally:
        fut.release()
    if on_progress:
        on_progress(summary.scanned + sum(b["files"] for b in summary.failed_batches), total)


def _check_visible(result: BatchResult, summary: ScanSummary) -> None:
    """The first part a worker wrote must be visible here: a local DEST on remote workers is not."""
    summary.dest_checked = True
    if summary.dest is not None and not summary.dest.exists(result.part):
        raise UsageError(
            f"the workers wrote {result.part} where this machine cannot see it",
            hint="with a remote cluster, --out must be shared storage (s3://..., or a shared mount)",
        )
