"""The ``provguard`` command: one Typer app, command groups registered from COMMANDS.

Each command module exposes ``register(app)``; adding a command is one module plus one
line below. Core errors are turned into their documented exit codes here, in one place.
"""

from __future__ import annotations

import sys

import typer

from provguard.cli import (
    audit_cmd,
    inspect_cmd,
    keys_cmd,
    people_cmd,
    rules_cmd,
    scan_cmd,
    screen_cmd,
    serve_cmd,
)
from provguard.errors import ProvguardError

COMMANDS = (inspect_cmd, screen_cmd, rules_cmd, people_cmd, audit_cmd, keys_cmd, serve_cmd, scan_cmd)

app = typer.Typer(
    name="provguard",
    help="Screen image prompts, inspect image provenance, keep a tamper-evident audit log.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for _module in COMMANDS:
    _module.register(app)


def run() -> None:
    """Console-script entry point: map core errors to exit codes and a one-line message."""
    try:
        app()
    except ProvguardError as exc:
        typer.echo(f"provguard: error: {exc.diagnostics()}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
