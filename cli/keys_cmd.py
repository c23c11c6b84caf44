"""``provguard keys``: create, list and revoke API keys for the service.

``create`` prints the new key alone on stdout, once (so ``KEY=$(provguard keys create ...)``
works); the database only ever holds its hash.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from provguard.config import load_settings
from provguard.tenancy import ROLES, TenancyStore

keys_app = typer.Typer(help="Manage API keys for `provguard serve` (stored hashed in the audit database).",
                       no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path (default: PROVGUARD_DB "
                                                         "or the data-dir file the service uses).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (YAML or TOML).")]


def _store(db: str | None, config: Path | None) -> TenancyStore:
    settings = load_settings(config, db=db)
    return TenancyStore.open(settings.db_url())


@keys_app.command("create")
def create(
    team: Annotated[str, typer.Option("--team", help="Team (tenant) the key belongs to.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")] = "member",
    name: Annotated[str | None, typer.Option("--name", help="A label for the key (who uses it).")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Create a key and print it (only the key) on stdout. It cannot be shown again."""
    store = _store(db, config)
    record, secret = store.create_key(team, role, name)
    typer.echo(f"created key {record.key_id} for team {record.team} (role {record.role})", err=True)
    typer.echo(secret)


class ListFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@keys_app.command("list")
def list_keys(
    team: Annotated[str | None, typer.Option("--team", help="Only this team's keys.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="jsonl (default), json or table.")] = (
        ListFormat.jsonl
    ),
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List keys (ids, teams, roles; never secrets), as JSON lines by default."""
    rows: list[dict[str, Any]] = [
        {"key_id": key.key_id, "team": key.team, "role": key.role, "name": key.name,
         "created_at": key.created_at, "revoked_at": key.revoked_at}
        for key in _store(db, config).list_keys(team)
    ]
    if fmt is ListFormat.json:
        from provguard.cli.output import emit_json

        emit_json({"keys": rows})
    elif fmt is ListFormat.table:
        from provguard.cli.tables import render_rows

        render_rows(list(rows[0]) if rows else ["key_id", "team", "role", "name", "created_at", "revoked_at"],
                    [["" if v is None else str(v) for v in r.values()] for r in rows])
    else:
        for row in rows:
            typer.echo(json.dumps(row))


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key id (the part after pvg_).")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Revoke a key; the service refuses it within a few seconds."""
    key = _store(db, config).revoke_key(key_id)
    typer.echo(f"revoked key {key.key_id} of team {key.team}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(keys_app, name="keys")
