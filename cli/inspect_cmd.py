"""``provguard inspect``: provenance verdicts for images, as a table, JSON, JSON Lines or SARIF.

Exit codes (documented contract): 0 all inspected; 1 a verdict named in --fail-on was found;
2 usage error; 3 some input could not be read (its record carries ``error``; others still reported);
4 with --checkpoint: a provguard-signed image's decision record is not proven in the audit log.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from provguard.audit.recorder import verdict_event
from provguard.cli.audit_hook import AUDIT_OPTION, TEAM_OPTION, BatchRecorder, batch_recorder
from provguard.cli.output import emit_json, emit_jsonl
from provguard.cli.proof_check import (
    CHECKPOINT_OPTION,
    PROOF_FAILED,
    PROOF_OPTION,
    PUBKEY_OPTION,
    proof_checker,
    with_decision_proofs,
)
from provguard.config import load_settings
from provguard.errors import UsageError
from provguard.models import VERDICTS, Verdict
from provguard.provenance import InspectOptions, expand, scan_paths

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_UNREADABLE, EXIT_PROOF_FAILED = 0, 1, 2, 3, 4
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    "tampered": "error",
    "ai_generated": "warning",
    "ai_edited": "warning",
    "unverifiable": "warning",
    "undeclared": "note",
    "captured": "note",
    "no_provenance": "note",
}
_RULE_TEXT = {
    "ai_generated": "A trained generative model made the image.",
    "ai_edited": "A non-AI base with AI-made parts.",
    "captured": "C2PA declares a camera capture.",
    "tampered": "A C2PA integrity check failed in the manifest or an ingredient.",
    "undeclared": "Readable provenance that declares neither AI nor capture.",
    "unverifiable": "Provenance is present but cannot be checked offline.",
    "no_provenance": "No provenance found (this does not mean human-made).",
}


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"


class WatermarkChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def parse_fail_on(value: str | None) -> set[str]:
    """Comma-separated verdicts; unknown names are a usage error (exit 2)."""
    if not value:
        return set()
    wanted = {v.strip() for v in value.split(",") if v.strip()}
    unknown = wanted - set(VERDICTS)
    if unknown:
        raise UsageError(
            f"--fail-on: unknown verdict(s) {', '.join(sorted(unknown))}",
            hint=f"choose from {', '.join(VERDICTS)}",
        )
    return wanted


def build_options(trust_anchors: Path | None, watermark: str | None) -> InspectOptions:
    """Flags win over PROVGUARD_* settings (PROVGUARD_TRUST_ANCHORS, PROVGUARD_WATERMARK, ...)."""
    from provguard.provenance.trust import resolve_anchors

    settings = load_settings(trust_anchors=trust_anchors, watermark=watermark)
    anchors = resolve_anchors(settings.trust_anchors, settings.data_dir)  # else `provguard trust` bundle
    if anchors is not None and not Path(anchors).is_file():
        raise UsageError(
            f"trust anchors file not found: {anchors}", hint="pass a PEM bundle with --trust-anchors"
        )
    return InspectOptions(
        trust_anchors=anchors, watermark=settings.watermark, max_image_pixels=settings.max_image_pixels
    )


def exit_code(verdicts: Iterable[Verdict], fail_on: set[str]) -> int:
    items = list(verdicts)
    if any(e.kind == PROOF_FAILED for v in items for e in v.evidence):
        return EXIT_PROOF_FAILED
    if any(v.verdict in fail_on for v in items):
        return EXIT_FAIL_ON
    if any(v.error is not None for v in items):
        return EXIT_UNREADABLE
    return EXIT_OK


def _with_progress(results: Iterator[Verdict], total: int) -> Iterator[Verdict]:
    if not sys.stderr.isatty() or total < 2:
        yield from results
        return
    progress = Progress(
        TextColumn("inspecting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("inspect", total=total)
        for v in results:
            progress.advance(task)
            yield v


def sarif_log(verdicts: list[Verdict], code: int) -> dict[str, Any]:
    """SARIF 2.1.0: one result per inspected file, ruleId = verdict; read errors as notifications."""
    results, notes = [], []
    for v in verdicts:
        location = {"physicalLocation": {"artifactLocation": {"uri": Path(v.path).as_posix()}}}
        if v.error is not None:
            notes.append(
                {
                    "level": "error",
                    "message": {"text": f"{v.error.code}: {v.error.message}"},
                    "locations": [location],
                }
            )
            continue
        assert v.verdict is not None
        strongest = next((e.detail for e in v.evidence if e.strength == "strong"), None)
        text = f"{v.verdict} (trust: {v.trust})" + (f": {strongest}" if strongest else "")
        results.append(
            {
                "ruleId": v.verdict,
                "level": _LEVEL[v.verdict],
                "message": {"text": text},
                "locations": [location],
                "properties": {
                    "trust": v.trust,
                    "sha256": v.sha256,
                    "evidence": [e.model_dump(mode="json") for e in v.evidence],
                    "c2pa": v.c2pa.model_dump(mode="json") if v.c2pa else None,
                },
            }
        )
    rules = [{"id": k, "shortDescription": {"text": t}} for k, t in _RULE_TEXT.items()]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "provguard",
                        "informationUri": "https://github.com/provguard/provguard",
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": code in (EXIT_OK, EXIT_FAIL_ON),
                        "exitCode": code,
                        "toolExecutionNotifications": notes,
                    }
                ],
                "results": results,
            }
        ],
    }


def default_workers(n_files: int) -> int:
    """Worker processes cost ~0.5 s to start: stay in-process for small batches."""
    cpus = os.cpu_count() or 1
    return 1 if n_files < 16 else max(1, min(cpus, 8))


def _explained(verdicts: list[Verdict], code: int) -> int:
    """Say on stderr why a file made the run fail: exit 3 must never be a silent mystery."""
    bad = [v for v in verdicts if v.error is not None]
    if bad:
        shown = "; ".join(f"{v.path} ({v.error.code}: {v.error.message})" for v in bad[:3] if v.error)
        more = f"; and {len(bad) - 3} more" if len(bad) > 3 else ""
        lead = "exit 3: " if code == EXIT_UNREADABLE else ""
        typer.echo(f"provguard: {lead}{len(bad)} of {len(verdicts)} file(s) could not be read: {shown}{more}",
                   err=True)
    return code


def _recorded(results: Iterator[Verdict], recorder: BatchRecorder | None) -> Iterator[Verdict]:
    """Append each verdict to the audit log before it is reported."""
    for v in results:
        if recorder is not None:
            recorder.append(
                verdict_event(v, team=recorder.team, actor=recorder.actor, request_id=recorder.request_id)
            )
        yield v


def run_inspect(
    paths: list[Path],
    *,
    recursive: bool,
    fmt: OutputFormat,
    workers: int | None,
    fail_on: str | None,
    trust_anchors: Path | None,
    watermark: str | None,
    out: TextIO | None = None,
    audit: bool | None = None,
    team: str = "default",
    checkpoint: Path | None = None,
    proof: Path | None = None,
    pubkey: str | None = None,
) -> int:
    """The whole command without Typer, so other front ends (and tests) can call it."""
    wanted = parse_fail_on(fail_on)
    if workers is not None and workers < 1:
        raise UsageError("--workers must be at least 1")
    options = build_options(trust_anchors, watermark)  # flags are checked before any store is opened
    with batch_recorder(audit, team) as recorder, proof_checker(checkpoint, proof, pubkey) as check:
        files: list[Path] = []
        for p in paths:
            found = expand([p], recursive=recursive)
            if not found and p.is_dir():  # say so: an empty table with exit 0 looks like a pass
                hint = "" if recursive else " (add --recursive to descend into sub-directories)"
                typer.echo(f"provguard: warning: no image files in {p}{hint}", err=True)
            files.extend(found)
        n_workers = workers if workers is not None else default_workers(len(files))
        stream = out or sys.stdout
        scanned = _with_progress(
            scan_paths(files, recursive=False, workers=n_workers, options=options), len(files)
        )
        results = _recorded(with_decision_proofs(scanned, check), recorder)
        collected: list[Verdict] = []
        if fmt is OutputFormat.jsonl:

            def tee() -> Iterator[Verdict]:
                for v in results:
                    collected.append(v)
                    yield v

            emit_jsonl(tee(), stream)
            return _explained(collected, exit_code(collected, wanted))
        collected = list(results)
        code = exit_code(collected, wanted)
        if fmt is OutputFormat.json:
            emit_json(list(collected), stream)
        elif fmt is OutputFormat.sarif:
            stream.write(json.dumps(sarif_log(collected, code), ensure_ascii=False, indent=2) + "\n")
        else:
            from provguard.cli.tables import render_inspect_table

            render_inspect_table(collected, stream)
        return _explained(collected, code)


def register(app: typer.Typer) -> None:
    """Add ``provguard inspect`` to the app."""

    @app.command("inspect")
    def inspect(
        paths: list[Path] = typer.Argument(..., help="Image files or directories.", show_default=False),
        recursive: bool = typer.Option(False, "--recursive", "-r", help="Descend into sub-directories."),
        fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
        workers: int | None = typer.Option(None, "--workers", "-j", help="Worker processes (default: auto)."),
        fail_on: str | None = typer.Option(
            None, "--fail-on", help="Comma-separated verdicts that make exit 1, e.g. ai_generated,tampered."
        ),
        trust_anchors: Path | None = typer.Option(
            None, "--trust-anchors",
            help="PEM bundle of C2PA trust anchors (or PROVGUARD_TRUST_ANCHORS; default: the "
            "`provguard trust` bundle).",
        ),
        watermark: WatermarkChoice | None = typer.Option(
            None, "--watermark", help="SD watermark decoding: auto (lossless, >=256 px), always, never."
        ),
        audit: bool | None = AUDIT_OPTION,
        team: str = TEAM_OPTION,
        checkpoint: Path | None = CHECKPOINT_OPTION,
        proof: Path | None = PROOF_OPTION,
        pubkey: str | None = PUBKEY_OPTION,
    ) -> None:
        """Tell, with evidence, whether images are AI-generated, edited, captured or tampered."""
        code = run_inspect(
            paths,
            recursive=recursive,
            fmt=fmt,
            workers=workers,
            fail_on=fail_on,
            trust_anchors=trust_anchors,
            watermark=watermark.value if watermark else None,
            audit=audit,
            team=team,
            checkpoint=checkpoint,
            proof=proof,
            pubkey=pubkey,
        )
        raise typer.Exit(code)
