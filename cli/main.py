"""The ``provguard`` command: one Typer app whose command modules are imported only when used.

Every command is one line in COMMANDS: its name, the module that registers it (each module
exposes ``register(app)``) and the one-line help shown by ``provguard --help``. A module is
imported only when its command runs or its own help is asked for, so ``provguard --help``,
``--version`` and ``provguard screen`` never pay for numpy, c2pa or the audit store.
Core errors are turned into their documented exit codes here, in one place.

This module imports no Typer: the app lives in ``app`` (``app``, ``LazyGroup`` and
``load_command`` are still importable from here), and ``provguard screen PROMPT`` with plain
flags runs through ``screen_fast`` without it (the same output, exit codes and errors).
"""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

from provguard.errors import ProvguardError


class Entry(NamedTuple):
    name: str
    module: str
    help: str


COMMANDS: tuple[Entry, ...] = (
    Entry("inspect", "provguard.cli.inspect_cmd",
          "Tell, with evidence, whether images are AI-generated, edited, captured or tampered."),
    Entry("screen", "provguard.cli.screen_cmd",
          "Screen prompts before generation; exit 1 if anything is blocked or sent to review."),
    Entry("trust", "provguard.cli.trust_cmd", "Manage the C2PA trust anchors inspect uses (offline)."),
    Entry("rules", "provguard.cli.rules_cmd", "List, test and lint the screening rule packs."),
    Entry("people", "provguard.cli.people_cmd", "Manage the people (gazetteer) lists screening protects."),
    Entry("audit", "provguard.cli.audit_cmd",
          "Tamper-evident audit log: verify, checkpoint, prove, export, query, purge."),
    Entry("keys", "provguard.cli.keys_cmd",
          "Manage API keys for `provguard serve` (stored hashed in the audit database)."),
    Entry("serve", "provguard.cli.serve_cmd",
          "Serve the API. Create a key first: `provguard keys create --team NAME`."),
    Entry("scan", "provguard.cli.scan_cmd",
          "Scan many images (folders, manifests, s3:// prefixes) on Dask into resumable Parquet."),
)


_APP_NAMES = frozenset({"app", "LazyGroup", "load_command", "main"})


def __getattr__(name: str) -> Any:
    """The Typer objects, from ``app`` on first use."""
    if name in _APP_NAMES:
        from provguard.cli import app as app_module

        return getattr(app_module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(argv: list[str] | None = None) -> Any:
    """Console-script entry point: map core errors to exit codes and a one-line message."""
    try:
        args = sys.argv[1:] if argv is None else argv
        if args[:1] == ["screen"]:
            from provguard.cli.screen_fast import screen_fast

            code = screen_fast(args[1:])
            if code is not None:
                sys.exit(code)
        from provguard.cli.app import app

        app(args=argv)
    except ProvguardError as exc:
        import typer

        typer.echo(f"provguard: error: {exc.diagnostics()}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
