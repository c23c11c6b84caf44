"""Options and helpers shared by the ``provguard audit`` command modules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from provguard.config import Settings, load_settings
from provguard.errors import StoreUnavailable

if TYPE_CHECKING:
    from provguard.audit import AuditLog

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Audit database: file path, sqlite:///path or "
        "postgresql://... (default PROVGUARD_DB, else data dir).",
    ),
]
KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key", help="Ed25519 checkpoint signing key (PEM); default PROVGUARD_AUDIT_KEY or the data dir."
    ),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (YAML or TOML).")]
LogIdOpt = Annotated[str, typer.Option("--log-id", help="Log (checkpoint origin) name.")]
TeamOpt = Annotated[str | None, typer.Option("--team", help="Only this team's records.")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="From this UTC date/time (YYYY-MM-DD or ISO 8601).")
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Before this UTC date/time.")]


def settings_for(db: str | None, key: Path | None, config: Path | None) -> Settings:
    return load_settings(config, db=db, audit_key=key)


def open_log(db: str | None, key: Path | None, config: Path | None, log_id: str) -> AuditLog:
    """Open an EXISTING log: a mistyped SQLite path must not become a new, empty, "verified" log."""
    from provguard.audit import AuditLog

    s = settings_for(db, key, config)
    url = s.db_url()
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).is_file():
        raise StoreUnavailable(
            f"no audit database at {url[len('sqlite:///'):]}",
            hint="check --db / PROVGUARD_DB; the database is created by the first screen, inspect "
            "or serve that records to it",
        )
    return AuditLog.open(url, key_path=s.audit_key_path(), checkpoint_dir=s.checkpoint_dir, log_id=log_id)
