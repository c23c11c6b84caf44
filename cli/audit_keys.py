"""``provguard audit keygen | pubkey | rotate-key``: the checkpoint signing key.

A missing or unreadable key is "store or key unavailable" (exit 3); a second keygen is a usage
error (exit 2) whose message explains rotation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from provguard.audit.checkpoint import generate_key, load_key
from provguard.cli.audit_options import ConfigOpt, DbOpt, KeyOpt, LogIdOpt, open_log, settings_for
from provguard.errors import StoreUnavailable, UsageError


def keygen(
    key: KeyOpt = None,
    config: ConfigOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Overwrite an existing key (breaks checking older checkpoints; "
                     "prefer rotate-key)."),
    ] = False,
    log_id: LogIdOpt = "provguard",
) -> None:
    """Create the Ed25519 checkpoint signing key; print its verifier key (give it to auditors).

    A second keygen refuses (exit 2): rotate with `provguard audit rotate-key`.
    """
    from provguard.audit.checkpoint import Signer

    path = settings_for(None, key, config).audit_key_path()
    if path.exists() and not force:
        raise UsageError(
            f"a checkpoint signing key already exists at {path}; keygen never replaces it silently",
            hint="to change keys run `provguard audit rotate-key` (it signs a checkpoint with the old key, "
            "logs key.rotate and signs again with the new one, so earlier checkpoints still verify); "
            "`provguard audit pubkey` prints the current verifier key; --force overwrites the key and "
            "checkpoints signed with it can then only be checked with the old verifier key",
        )
    generate_key(path, overwrite=force)
    typer.echo(f"wrote {path}", err=True)
    typer.echo(Signer(log_id, _load_key(path)).verifier.vkey)


def pubkey_cmd(key: KeyOpt = None, config: ConfigOpt = None, log_id: LogIdOpt = "provguard") -> None:
    """Print the verifier key (C2SP vkey) of the signing key; exit 3 when there is no key."""
    from provguard.audit.checkpoint import Signer

    typer.echo(Signer(log_id, _load_key(settings_for(None, key, config).audit_key_path())).verifier.vkey)


def _load_key(path: Path) -> Any:
    """The signing key; a missing or unreadable key is "store/key unavailable" (exit 3)."""
    from provguard.errors import SigningError

    try:
        return load_key(path)
    except SigningError as exc:
        raise StoreUnavailable(
            exc.message if path.exists() else f"no checkpoint signing key at {path}",
            hint="create one with `provguard audit keygen`, or point --key / PROVGUARD_AUDIT_KEY at it",
        ) from exc


def rotate_key(
    db: DbOpt = None, key: KeyOpt = None, config: ConfigOpt = None, log_id: LogIdOpt = "provguard"
) -> None:
    """New signing key: checkpoint with the old one, log key.rotate, checkpoint with the new one."""
    with open_log(db, key, config, log_id) as log:
        old, new = log.rotate_key()
    out: dict[str, Any] = {"old_vkey": old, "new_vkey": new}
    typer.echo(json.dumps(out, indent=2))


def add_commands(app: typer.Typer) -> None:
    """Register the key commands on the ``audit`` group."""
    app.command("keygen")(keygen)
    app.command("pubkey")(pubkey_cmd)
    app.command("rotate-key")(rotate_key)
