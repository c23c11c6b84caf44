"""``provguard audit``: verify, checkpoint, prove, export, query and purge the audit log.

Exit codes (documented contract): 0 verified / done; 2 usage error; 3 the store cannot be
reached; 4 integrity failure (the message names the first bad record and what is wrong).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from provguard.audit import AuditEvent, VerifyReport
from provguard.audit.checkpoint import (
    CheckpointError,
    VerifierKey,
    parse_checkpoint,
    verify_checkpoint,
)
from provguard.audit.checkpoint_files import read_checkpoint_arg, write_checkpoint
from provguard.audit.export import verify_bundle, write_bundle, write_csv, write_jsonl
from provguard.cli import audit_keys
from provguard.cli.audit_options import (
    ConfigOpt,
    DbOpt,
    KeyOpt,
    LogIdOpt,
    SinceOpt,
    TeamOpt,
    UntilOpt,
    open_log,
)
from provguard.cli.output import emit_json, emit_jsonl
from provguard.errors import AuditIntegrityError, InputError, UsageError

audit_app = typer.Typer(
    help="Tamper-evident audit log: verify, checkpoint, prove, export, query, purge.", no_args_is_help=True
)

class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    bundle = "bundle"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def parse_when(value: str | None, option: str) -> datetime | None:
    """``YYYY-MM-DD`` or ISO 8601; a time without a zone is UTC."""
    if value is None:
        return None
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date (use YYYY-MM-DD or ISO 8601)") from None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _report(report: VerifyReport, fmt: ReportFormat) -> None:
    if fmt is ReportFormat.json:
        emit_json(report)
    elif report.ok:
        typer.echo(report.message())
    if not report.ok:
        raise AuditIntegrityError(report.message(), seq=report.first_bad_seq)


@audit_app.command("verify")
def verify(
    db: DbOpt = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            "--checkpoint",
            help="A checkpoint kept outside the database: the log must extend it (catches full rewrites).",
        ),
    ] = None,
    bundle: Annotated[
        Path | None, typer.Option("--bundle", help="Verify an exported bundle offline instead.")
    ] = None,
    pubkey: Annotated[
        str | None,
        typer.Option(
            "--pubkey",
            help="Verifier key (vkey text) received out of band; with --bundle it pins the signer.",
        ),
    ] = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
    fmt: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.text,
    scan_proof: Annotated[
        Path | None,
        typer.Option("--scan-proof", help="Check a scanned file's proof (from audit proof --scan-part)."),
    ] = None,
) -> None:
    """Recompute the whole log (or a bundle) and check it against signed checkpoints. Exit 4 on tampering."""
    extra: list[VerifierKey] = []
    if pubkey:
        try:
            extra.append(VerifierKey.parse(pubkey))
        except CheckpointError as exc:
            raise UsageError(f"--pubkey: {exc}") from None
    if scan_proof is not None:
        from provguard.cli.scan_cmd import verify_scan_proof

        emit_json(verify_scan_proof(scan_proof, extra or None, lambda: open_log(db, key, config, log_id)))
        return
    if bundle is not None:
        if not bundle.is_file():
            raise InputError(f"bundle {bundle} not found")
        trusted = read_checkpoint_arg(checkpoint) if checkpoint else None
        _report(verify_bundle(bundle, trusted_keys=extra, trusted_checkpoint=trusted), fmt)
        return
    if checkpoint is not None and not checkpoint.is_file():
        raise InputError(f"checkpoint {checkpoint} not found")
    with open_log(db, key, config, log_id) as log:
        if extra and checkpoint is not None:
            text = read_checkpoint_arg(checkpoint)
            try:
                verify_checkpoint(text, extra + log.verifier_keys())
            except CheckpointError as exc:
                raise AuditIntegrityError(f"trusted checkpoint rejected: {exc}") from None
        _report(log.verify(checkpoint=checkpoint), fmt)


@audit_app.command("checkpoint")
def checkpoint(
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="Also write it to this file, or into this directory (existing, or ending in /) "
            "as <log>-<size>.checkpoint.",
        ),
    ] = None,
    db: DbOpt = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
) -> None:
    """Sign the current tree head and print the checkpoint (keep a copy outside the database)."""
    with open_log(db, key, config, log_id) as log:
        cp = log.checkpoint()
    if out is not None:
        target = Path(out)
        path = write_checkpoint(cp, target, directory=out.endswith(("/", "\\")) or target.is_dir())
        typer.echo(f"wrote {path}", err=True)
    sys.stdout.write(cp.text)


@audit_app.command("proof")
def proof(
    seq: Annotated[
        int | None, typer.Argument(help="Record sequence number (optional with --scan-part).", min=0)
    ] = None,
    size: Annotated[int | None, typer.Option("--size", help="Tree size (default: current).", min=1)] = None,
    db: DbOpt = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
    scan_part: Annotated[
        str | None,
        typer.Option("--scan-part", help="A scan's Parquet part (DEST/scan_id=.../part-N.parquet)."),
    ] = None,
    scan_file: Annotated[
        str | None, typer.Option("--scan-file", help="With --scan-part: the file to prove.")
    ] = None,
    scan_checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="With --scan-part: prove at this signed checkpoint.")
    ] = None,
) -> None:
    """Print the RFC 6962 inclusion proof of record SEQ as JSON; with --scan-part/--scan-file, the
    proof of one scanned file's row up to a signed checkpoint (check it with verify --scan-proof)."""
    if (scan_part is None) != (scan_file is None):
        raise UsageError("--scan-part and --scan-file go together")
    if scan_part is None and seq is None:
        raise UsageError("give SEQ, or --scan-part and --scan-file")
    with open_log(db, key, config, log_id) as log:
        if scan_part is not None and scan_file is not None:
            from provguard.cli.scan_cmd import scan_file_proof

            emit_json(scan_file_proof(log, scan_part, scan_file, seq=seq, checkpoint=scan_checkpoint))
            return
        assert seq is not None
        emit_json(log.inclusion_proof(seq, size))


@audit_app.command("consistency")
def consistency(
    old_checkpoint: Annotated[Path, typer.Argument(help="An older checkpoint file.")],
    db: DbOpt = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
) -> None:
    """Prove (and check) that today's log extends OLD_CHECKPOINT; exit 4 if it does not."""
    from provguard.audit import merkle

    text = read_checkpoint_arg(old_checkpoint)
    with open_log(db, key, config, log_id) as log:
        try:
            old = verify_checkpoint(text, log.verifier_keys())
        except CheckpointError as exc:
            raise AuditIntegrityError(f"old checkpoint rejected: {exc}") from None
        size = log.size()
        if old.size > size:
            raise AuditIntegrityError(
                f"old checkpoint covers {old.size} records, the log only {size} (truncated)", seq=size
            )
        if old.size == 0:
            raise UsageError("the old checkpoint is of an empty log: nothing to prove")
        result = log.consistency_proof(old.size)
    try:
        merkle.verify_consistency(
            old.size,
            result["new_size"],
            old.root,
            bytes.fromhex(result["new_root"]),
            [bytes.fromhex(h) for h in result["hashes"]],
        )
    except merkle.ProofError as exc:
        raise AuditIntegrityError(f"log does not extend the checkpoint of size {old.size}: {exc}") from None
    emit_json({**result, "verified": True})


@audit_app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv, or a self-verifying bundle.")],
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (stdout for jsonl/csv).")
    ] = None,
    include_payloads: Annotated[
        bool, typer.Option("--payloads/--no-payloads", help="Include payloads (prompt text).")
    ] = True,
    since_checkpoint: Annotated[
        Path | None,
        typer.Option(
            "--checkpoint",
            help="Bundle only: add a consistency proof from this (older) checkpoint the auditor holds.",
        ),
    ] = None,
    db: DbOpt = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
) -> None:
    """Export records; the export itself is logged (audit.export)."""
    t0, t1 = parse_when(since, "--since"), parse_when(until, "--until")
    if fmt is ExportFormat.bundle and out is None:
        raise UsageError("--format bundle needs --output FILE")
    with open_log(db, key, config, log_id) as log:
        records = log.iter_records(team=team, since=t0, until=t1)
        if not include_payloads:
            records = [r.model_copy(update={"payload": None}) for r in records]
        if fmt is ExportFormat.bundle:
            assert out is not None
            cp = log.checkpoint()
            proofs = [log.inclusion_proof(r.seq, cp.size) for r in records if r.seq < cp.size]
            records = [r for r in records if r.seq < cp.size]
            vkey = log.signer().verifier.vkey
            consistency = None
            if since_checkpoint is not None:
                try:
                    old = parse_checkpoint(read_checkpoint_arg(since_checkpoint))
                except CheckpointError as exc:
                    raise InputError(f"--checkpoint {since_checkpoint}: {exc}") from None
                if old.size < cp.size:
                    consistency = log.consistency_proof(old.size, cp.size)
            manifest = {
                "log_id": log_id,
                "records": len(records),
                "tree_size": cp.size,
                "team": team,
                "since": since,
                "until": until,
                "created": datetime.now(UTC).isoformat(),
            }
            write_bundle(out, records, proofs, cp.text, vkey, manifest, consistency)
            n = len(records)
        elif out is not None:
            with out.open("w", encoding="utf-8", newline="") as fh:
                n = (write_jsonl if fmt is ExportFormat.jsonl else write_csv)(records, fh)
        else:
            n = (write_jsonl if fmt is ExportFormat.jsonl else write_csv)(records, sys.stdout)
        log.append(
            AuditEvent(
                event_type="audit.export",
                actor="cli",
                subject={"format": fmt.value, "records": n, "team": team, "since": since, "until": until},
            )
        )
    if out is not None:
        typer.echo(f"exported {n} record(s) to {out}", err=True)


@audit_app.command("query")
def query(
    team: TeamOpt = None,
    event_type: Annotated[str | None, typer.Option("--event-type", help="e.g. screen.decision")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    after_seq: Annotated[
        int | None, typer.Option("--after-seq", help="Page: records after this seq.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
    fmt: Annotated[str, typer.Option("--format", help="jsonl or json")] = "jsonl",
    db: DbOpt = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
) -> None:
    """Print matching records (JSON Lines by default)."""
    if fmt not in ("json", "jsonl"):
        raise UsageError("--format must be json or jsonl")
    t0, t1 = parse_when(since, "--since"), parse_when(until, "--until")
    with open_log(db, key, config, log_id) as log:
        rows = log.query(
            team=team,
            event_type=event_type,
            since=t0,
            until=t1,
            after_seq=after_seq,
            limit=limit,
        )
    if fmt == "json":
        emit_json(list(rows))
    else:
        emit_jsonl(rows)


@audit_app.command("purge")
def purge(
    before: Annotated[
        str, typer.Option("--before", help="Drop payloads (prompt text) older than this date.")
    ],
    db: DbOpt = None,
    key: KeyOpt = None,
    config: ConfigOpt = None,
    log_id: LogIdOpt = "provguard",
) -> None:
    """Purge payloads older than --before; digests stay, so verification still passes. The purge is logged."""
    when = parse_when(before, "--before")
    assert when is not None
    with open_log(db, key, config, log_id) as log:
        n = log.purge_payloads(when)
    typer.echo(f"purged {n} payload(s) older than {when.isoformat()}")


audit_keys.add_commands(audit_app)  # keygen, pubkey, rotate-key (cli/audit_keys.py)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
