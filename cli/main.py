"""The ``provguard`` command: one Typer app whose command modules are imported only when used.

Every command is one line in COMMANDS: its name, the module that registers it (each module
exposes ``register(app)``) and the one-line help shown by ``provguard --help``. A module is
imported only when its command runs or its own help is asked for, so ``provguard --help``,
``--version`` and ``provguard screen`` never pay for numpy, c2pa or the audit store.
Core errors are turned into their documented exit codes here, in one place.
"""

from __future__ import annotations

import importlib
import sys
from difflib import get_close_matches
from typing import Any, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup

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


def load_command(entry: Entry) -> Any:
    """Import one command module and build its click command (what Typer would have built)."""
    module = importlib.import_module(entry.module)
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    module.register(holder)
    group = typer.main.get_group(holder)
    command = group.commands.get(entry.name)
    if command is None:  # pragma: no cover - a registration mistake, caught by the tests
        raise RuntimeError(f"{entry.module}.register() did not add a command named {entry.name!r}")
    return command


class LazyGroup(TyperGroup):
    """A group that lists commands from COMMANDS and imports a module only to run or document it.

    Click types are spelled ``Any``: Typer may bundle its own copy of click.
    """

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [e.name for e in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = next((e for e in COMMANDS if e.name == cmd_name), None)
        if entry is None:
            return None
        if self._listing:  # the top-level help only needs the one-line help
            return TyperCommand(entry.name, help=entry.help, short_help=entry.help)
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(entry)
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        names = self.list_commands(ctx)
        if args and args[0] not in names and not args[0].startswith("-"):
            matches = get_close_matches(args[0], names)
            hint = f" Did you mean {', '.join(map(repr, matches))}?" if matches else ""
            ctx.fail(f"No such command {args[0]!r}.{hint}")
        return super().resolve_command(ctx, args)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"provguard {version('provguard')}")
        raise typer.Exit(0)


app = typer.Typer(
    name="provguard",
    cls=LazyGroup,
    help="Screen image prompts, inspect image provenance, keep a tamper-evident audit log.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """Screen image prompts, inspect image provenance, keep a tamper-evident audit log."""


def run(argv: list[str] | None = None) -> Any:
    """Console-script entry point: map core errors to exit codes and a one-line message."""
    try:
        app(args=argv)
    except ProvguardError as exc:
        typer.echo(f"provguard: error: {exc.diagnostics()}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
