"""``provguard scan``: provenance verdicts for many files on a Dask cluster, into Parquet.

Exit codes (documented contract): 0 every file scanned; 2 usage error (bad flag, missing extra,
unreachable scheduler); 3 some files are error rows or some batches failed (re-run to retry them).
Dask, s3fs and pyarrow are imported only when the command runs, never by ``provguard --help``.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from provguard.cli.audit_hook import AUDIT_OPTION, TEAM_OPTION, batch_recorder
from provguard.cli.inspect_cmd import WatermarkChoice, build_options
from provguard.errors import UsageError

if TYPE_CHECKING:
    from provguard.audit import AuditLog
    from provguard.scan.engine import ScanSummary
    from provguard.scan.task import BatchResult

EXIT_OK, EXIT_ERRORS = 0, 3


def parse_storage_options(value: str | None) -> dict[str, Any]:
    """--storage-options JSON, else the AWS_* variables (endpoint, key, secret, session token)."""
    from provguard.scan.sources import storage_options_from_env

    if value is None:
        return storage_options_from_env()
    try:
        opts = json.loads(value)
    except ValueError as exc:
        raise UsageError(f"--storage-options is not JSON: {exc}") from None
    if not isinstance(opts, dict):
        raise UsageError("--storage-options must be a JSON object, e.g. '{\"anon\": true}'")
    return opts


def _import_extra() -> None:
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError(
            "provguard scan needs the cluster extra", hint="pip install 'provguard[cluster]'"
        ) from None


class _Progress:
    """A rich progress bar on a TTY, nothing otherwise."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 1:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("scanning"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("scan", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _totals(dest: Any) -> dict[str, Any]:
    t = dest.table(["verdict", "trust", "error_code"]).to_pydict()
    return {
        "rows": len(t["verdict"]),
        "verdicts": dict(sorted(Counter(v or "error" for v in t["verdict"]).items())),
        "trust": dict(
            sorted(Counter(tr for tr, e in zip(t["trust"], t["error_code"], strict=True) if not e).items())
        ),
        "errors": dict(sorted(Counter(e for e in t["error_code"] if e).items())),
    }


def render_summary(summary: dict[str, Any], out: TextIO) -> None:
    out.write(
        f"scan {summary['scan_id']}: {summary['scanned']} scanned, {summary['skipped']} already in DEST, "
        f"{summary['listed']} listed; {summary['files_per_s']} files/s, {summary['mb_per_s']} MB/s\n"
    )
    for key in ("verdicts", "trust", "errors"):
        items = ", ".join(f"{k}={v}" for k, v in summary[key].items()) or "-"
        out.write(f"  {key}: {items}\n")
    for s in summary["error_samples"][:10]:
        out.write(f"  error {s['error']}: {s['path']}\n")
    for b in summary["failed_batches"]:
        out.write(f"  FAILED batch {b['task']} ({b['files']} files): {b['error']}\n")
    audit = summary.get("audit")
    if audit:
        out.write(
            f"  audit: {audit['records']} batch record(s), seq {audit['first_seq']}..{audit['last_seq']}\n"
        )
    tot = summary["totals"]
    out.write(
        f"  DEST now holds {tot['rows']} rows: " + ", ".join(f"{k}={v}" for k, v in tot["verdicts"].items())
    )
    out.write(f"\n  summary: {summary['summary_path']}\n")


def run_scan_command(
    sources: list[str],
    *,
    out: str,
    cluster: str,
    workers: int,
    batch_size: int,
    storage_options: str | None,
    jsonl: str | None,
    trust_anchors: Path | None,
    watermark: str | None,
    all_files: bool,
    retry_errors: bool,
    audit: bool | None,
    team: str,
    fmt: str,
    stream: TextIO | None = None,
) -> int:
    """The whole command without Typer (tests and benchmarks call it)."""
    stream = stream or sys.stdout
    if batch_size < 1 or workers < 1:
        raise UsageError("--batch-size and --workers must be at least 1")
    if fmt not in ("text", "json"):
        raise UsageError("--format must be text or json")
    _import_extra()
    from provguard.scan.cluster import open_client
    from provguard.scan.dest import Dest
    from provguard.scan.engine import ScanPlan, new_scan_id, run_scan
    from provguard.scan.proof import BatchAuditor
    from provguard.scan.rows import json_row

    opts = parse_storage_options(storage_options)
    options = build_options(trust_anchors, watermark)
    dest = Dest(out.rstrip("/"), opts)
    plan = ScanPlan(
        tuple(sources), dest, opts, options, batch_size, all_files, retry_errors, jsonl is not None
    )
    jsonl_out: TextIO | None = None
    progress = _Progress()
    try:
        if jsonl is not None:
            jsonl_out = sys.stdout if jsonl == "-" else open(jsonl, "a", encoding="utf-8")  # noqa: SIM115
        with batch_recorder(audit, team) as recorder, open_client(cluster, workers=workers) as client:
            auditor = BatchAuditor(recorder.log, dest, team=team, actor=recorder.actor) if recorder else None
            pending = auditor.record_pending() if auditor else 0
            link = getattr(client, "dashboard_link", None)
            if link:
                typer.echo(f"Dask dashboard: {link}", err=True)

            def on_batch(result: BatchResult) -> None:
                if auditor is not None:
                    auditor.record(result)
                if jsonl_out is not None and result.row_data:
                    for row in result.row_data:
                        jsonl_out.write(
                            json.dumps(json_row(row), ensure_ascii=False, separators=(",", ":")) + "\n"
                        )
                    jsonl_out.flush()

            summary = run_scan(plan, client, on_batch=on_batch, on_progress=progress, scan_id=new_scan_id())
            report = _finish(summary, dest, auditor.log if auditor else None, auditor, pending)
    finally:
        progress.close()
        if jsonl_out is not None and jsonl_out is not sys.stdout:
            jsonl_out.close()
    if fmt == "json":
        stream.write(json.dumps(report, indent=2) + "\n")
    else:
        render_summary(report, sys.stderr if jsonl == "-" else stream)
    return EXIT_ERRORS if report["errors"] or report["failed_batches"] else EXIT_OK


def _finish(
    summary: ScanSummary, dest: Any, log: AuditLog | None, auditor: Any, pending: int
) -> dict[str, Any]:
    report = summary.as_dict()
    if auditor is not None and auditor.receipts:
        seqs = [r.seq for r in auditor.receipts]
        report["audit"] = {
            "log_id": log.log_id if log else None,
            "records": len(seqs),
            "first_seq": min(seqs),
            "last_seq": max(seqs),
            "pending_recorded": pending,
        }
    report["totals"] = _totals(dest)
    dest.write_json(f"_scans/{summary.scan_id}.json", report)
    dest.write_json("_summary.json", report)
    report["summary_path"] = f"{dest.url}/_summary.json"
    return report


def scan_file_proof(
    log: AuditLog, part_path: str, file: str, *, seq: int | None, checkpoint: Path | None
) -> dict[str, Any]:
    """``audit proof --scan-part PART --scan-file PATH``: the file's proof up to a signed checkpoint."""
    _import_extra()
    from provguard.audit.checkpoint_files import read_checkpoint_arg
    from provguard.scan.dest import Dest
    from provguard.scan.sources import storage_options_from_env

    if "/scan_id=" not in part_path.replace("\\", "/"):
        raise UsageError(f"--scan-part {part_path}: expected DEST/scan_id=<id>/part-<n>.parquet")
    root, rel = part_path.replace("\\", "/").rsplit("/scan_id=", 1)
    from provguard.scan.proof import prove_file

    text = read_checkpoint_arg(checkpoint) if checkpoint is not None else None
    dest = Dest(root, storage_options_from_env())
    if "://" not in file:  # local rows hold absolute paths
        file = str(Path(file).absolute())
    return prove_file(log, dest, "scan_id=" + rel, file, seq=seq, checkpoint_text=text)


def register(app: typer.Typer) -> None:
    """Add ``provguard scan`` to the app."""

    @app.command("scan")
    def scan(
        sources: Annotated[
            list[str],
            typer.Argument(
                help="Folders, files, manifests (@list.txt: one path or URL per line) or URLs (s3://bucket/prefix).",
                show_default=False,
            ),
        ],
        out: Annotated[str, typer.Option("--out", "-o", help="DEST folder or URL for the Parquet results.")],
        cluster: Annotated[
            str,
            typer.Option(
                "--cluster",
                envvar="PROVGUARD_CLUSTER",
                help="Dask scheduler address (tcp://host:8786), or 'local' for a LocalCluster.",
            ),
        ] = "local",
        workers: Annotated[int, typer.Option("--workers", "-j", help="LocalCluster worker processes.")] = (
            min(os.cpu_count() or 1, 8)
        ),
        batch_size: Annotated[
            int, typer.Option("--batch-size", help="Files per task and per audit record.")
        ] = 256,
        storage_options: Annotated[
            str | None,
            typer.Option(
                "--storage-options",
                help="fsspec options as JSON (default: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, "
                "AWS_SECRET_ACCESS_KEY).",
            ),
        ] = None,
        jsonl: Annotated[
            str | None,
            typer.Option("--jsonl", help="Also stream one JSON row per file to this file ('-' for stdout)."),
        ] = None,
        trust_anchors: Annotated[
            Path | None,
            typer.Option(
                "--trust-anchors", help="PEM bundle of C2PA trust anchors (or PROVGUARD_TRUST_ANCHORS)."
            ),
        ] = None,
        watermark: Annotated[
            WatermarkChoice | None,
            typer.Option("--watermark", help="SD watermark decoding: auto, always, never."),
        ] = None,
        all_files: Annotated[
            bool, typer.Option("--all-files", help="Scan every object, not only image file names.")
        ] = False,
        retry_errors: Annotated[
            bool, typer.Option("--retry-errors", help="Re-scan files whose earlier row is an error.")
        ] = False,
        audit: bool | None = AUDIT_OPTION,
        team: str = TEAM_OPTION,
        fmt: Annotated[str, typer.Option("--format", help="Summary as text or json.")] = "text",
    ) -> None:
        """Scan many images (folders, manifests, s3:// prefixes) on Dask into resumable Parquet."""
        code = run_scan_command(
            sources,
            out=out,
            cluster=cluster,
            workers=workers,
            batch_size=batch_size,
            storage_options=storage_options,
            jsonl=jsonl,
            trust_anchors=trust_anchors,
            watermark=watermark.value if watermark else None,
            all_files=all_files,
            retry_errors=retry_errors,
            audit=audit,
            team=team,
            fmt=fmt,
        )
        raise typer.Exit(code)


def verify_scan_proof(path: Path, keys: list[Any] | None, open_log: Any) -> dict[str, Any]:
    """``audit verify --scan-proof FILE``: offline with --pubkey, else with the log's own keys."""
    _import_extra()
    from provguard.errors import InputError
    from provguard.scan.proof import verify_file_proof

    try:
        bundle = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"--scan-proof {path}: not readable JSON ({type(exc).__name__})") from None
    if not isinstance(bundle, dict):
        raise InputError(f"--scan-proof {path}: expected a JSON object")
    if keys is None:
        with open_log() as log:
            keys = log.verifier_keys()
    return verify_file_proof(bundle, keys)
