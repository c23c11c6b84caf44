"""``provguard trust {list,add,remove,check,path}``: the C2PA trust anchors inspect uses.

The bundle lives in the data directory (``provguard trust path``); ``provguard inspect`` uses it
whenever neither ``--trust-anchors`` nor ``PROVGUARD_TRUST_ANCHORS`` names another bundle.
Offline only: anchors come from PEM files you downloaded and checked; nothing is fetched.

Exit codes: 0 done (``check``: the image's signer chains to an anchor); 1 ``check``: the image
is not trusted; 2 usage; 3 a file or anchor could not be read or found.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from provguard.cli.output import emit_json

if TYPE_CHECKING:
    from provguard.provenance.trust import Anchor

trust_app = typer.Typer(
    help="Manage the C2PA trust anchors inspect uses (offline).",
    no_args_is_help=True,
)


class Format(StrEnum):
    table = "table"
    json = "json"


FormatOpt = typer.Option(Format.table, "--format", "-f", help="table or json.")
BundleOpt = typer.Option(
    None, "--bundle", help="Work on this PEM bundle instead of the one in the data directory."
)


def _bundle(bundle: Path | None) -> Path:
    from provguard.config import load_settings
    from provguard.provenance.trust import user_bundle

    return bundle if bundle is not None else user_bundle(load_settings().data_dir)


def _row(a: Anchor) -> dict[str, Any]:
    return {"name": a.name, "sha256": a.sha256, "not_after": a.not_after, "ca": a.is_ca,
            "expired": a.expired, "subject": a.subject}


def _print_anchors(title: str, anchors: list[Anchor]) -> None:
    for a in anchors:
        flags = ("" if a.is_ca else " (not a CA)") + (" (expired)" if a.expired else "")
        typer.echo(f"{title}{a.sha256[:16]}  {a.name}  until {a.not_after[:10]}{flags}")


@trust_app.command("path")
def path_cmd() -> None:
    """Print where the trust bundle lives (it may not exist yet)."""
    typer.echo(str(_bundle(None)))


@trust_app.command("list")
def list_cmd(fmt: Format = FormatOpt, bundle: Path | None = BundleOpt) -> None:
    """List the anchors in the bundle: name, SHA-256 fingerprint, expiry."""
    from provguard.provenance.trust import read_bundle

    where = _bundle(bundle)
    anchors = read_bundle(where)
    if fmt is Format.json:
        emit_json({"bundle": str(where), "anchors": [_row(a) for a in anchors]})
        return
    if not anchors:
        typer.echo(f"no trust anchors in {where}", err=True)
        typer.echo("add one with `provguard trust add FILE.pem` (see docs/trust.md)", err=True)
        return
    _print_anchors("", anchors)
    typer.echo(f"{len(anchors)} anchor(s) in {where}", err=True)


@trust_app.command("add")
def add_cmd(
    files: list[Path] = typer.Argument(..., help="PEM files of CA certificates (bundles are fine)."),
    fmt: Format = FormatOpt,
    bundle: Path | None = BundleOpt,
) -> None:
    """Add the certificates in FILES to the bundle (already present ones are skipped)."""
    from provguard.provenance.trust import add_anchors, read_pem_file

    where = _bundle(bundle)
    new = [a for f in files for a in read_pem_file(f)]
    added, skipped = add_anchors(where, new)
    if fmt is Format.json:
        emit_json({"bundle": str(where), "added": [_row(a) for a in added],
                   "already_present": [_row(a) for a in skipped]})
        return
    _print_anchors("added ", added)
    _print_anchors("already present ", skipped)
    for a in added:
        if not a.is_ca:
            typer.echo(f"provguard: warning: {a.name} is not a CA certificate; c2pa only chains to CAs",
                       err=True)
    typer.echo(f"{len(added)} added, {len(skipped)} already present, bundle {where}", err=True)


@trust_app.command("remove")
def remove_cmd(
    anchor: str = typer.Argument(..., help="The anchor's name, or at least 8 hex digits of its SHA-256."),
    fmt: Format = FormatOpt,
    bundle: Path | None = BundleOpt,
) -> None:
    """Remove one anchor from the bundle."""
    from provguard.provenance.trust import remove_anchor

    where = _bundle(bundle)
    removed = remove_anchor(where, anchor)
    if fmt is Format.json:
        emit_json({"bundle": str(where), "removed": _row(removed)})
        return
    _print_anchors("removed ", [removed])


@trust_app.command("check")
def check_cmd(
    image: Path = typer.Argument(..., help="An image with a C2PA manifest."),
    fmt: Format = FormatOpt,
    bundle: Path | None = BundleOpt,
) -> None:
    """Say whether IMAGE's signer chains to an anchor in the bundle (exit 0) or not (exit 1)."""
    from provguard.errors import InputError, UsageError
    from provguard.provenance import InspectOptions
    from provguard.provenance.inspector import Inspector
    from provguard.provenance.trust import read_bundle

    where = _bundle(bundle)
    if not read_bundle(where):
        raise UsageError(f"no trust anchors in {where}", hint="add one first: provguard trust add FILE.pem")
    verdict = Inspector(InspectOptions(trust_anchors=where)).inspect_path(image)
    if verdict.error is not None:
        raise InputError(f"{image}: {verdict.error.message}")
    c2pa = verdict.c2pa
    codes = [c for c in (c2pa.validation_codes if c2pa else []) if c.startswith("signing")]
    result: dict[str, Any] = {
        "path": str(image), "trust": verdict.trust, "trusted": verdict.trust == "trusted",
        "anchor": c2pa.trust_anchor if c2pa else None, "signer": c2pa.signer if c2pa else None,
        "validation_state": c2pa.validation_state if c2pa else None,
        "credential_codes": codes,
        "bundle": str(where),
    }
    if fmt is Format.json:
        emit_json(result)
    elif c2pa is None:
        typer.echo(f"{image}: no C2PA manifest, nothing to check")
    else:
        via = f" via anchor '{result['anchor']}'" if result["anchor"] else ""
        why = f" ({', '.join(codes)})" if codes else ""
        typer.echo(f"{image}: {verdict.trust}{via}; signer {result['signer'] or '?'}{why}")
    raise typer.Exit(0 if result["trusted"] else 1)


def register(app: typer.Typer) -> None:
    """Add ``provguard trust``."""
    app.add_typer(trust_app, name="trust")
