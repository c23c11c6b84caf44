"""The Typer app behind ``provguard``: the lazy command group, ``--version`` and the callback.

Kept apart from ``main`` so that ``screen``'s fast path (``screen_fast``) never imports Typer.
"""

from __future__ import annotations

import importlib
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from provguard.cli.main import COMMANDS, Entry


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
