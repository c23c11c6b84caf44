"""``provguard people {import,list,remove}``: manage the people lists in the active gazetteer.

Imported lists are stored as canonical JSONL under ``<data_dir>/people/`` and compiled into
the cached automaton at once, so the next ``provguard screen`` starts fast.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer

from provguard.cli.output import DataFormat, StatusFormat, emit_json
from provguard.config import load_settings
from provguard.errors import NotFound
from provguard.screen import Screener
from provguard.screen.people import builtin_people_files, import_people, list_imported, remove_imported
from provguard.screen.rules import builtin_rules_dir

people_app = typer.Typer(help="Manage the people (gazetteer) lists screening protects.", no_args_is_help=True)


@people_app.command("import")
def import_cmd(
    file: Path = typer.Argument(
        ..., help="TSV (pack format or qid/name_en/names/…), or JSONL; .gz accepted."
    ),
    name: str | None = typer.Option(
        None, "--name", "-n", help="Name of the imported list (default: file stem)."
    ),
    fmt: StatusFormat = typer.Option(StatusFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Import a people list and compile it into the active gazetteer."""
    settings = load_settings()
    pack, count, dest = import_people(file, settings.data_dir, name)
    t0 = time.perf_counter()
    screener = Screener.load(settings.policy, settings=settings)
    took = time.perf_counter() - t0
    if fmt is StatusFormat.json:
        emit_json({"imported": pack, "people": count, "path": str(dest),
                   "gazetteer_people": len(screener.compiled.people), "forms": screener.compiled.n_forms})
        return
    typer.echo(
        f"imported {count} people as '{pack}' ({dest}); gazetteer now {len(screener.compiled.people)} "
        f"people, {screener.compiled.n_forms} forms (compiled in {took:.2f}s)"
    )


@people_app.command("list")
def list_cmd(
    fmt: DataFormat = typer.Option(DataFormat.table, "--format", "-f", help="table or json."),
    json_out: bool = typer.Option(False, "--json", hidden=True, help="Same as --format json."),
) -> None:
    """The built-in and imported people lists in the active gazetteer."""
    settings = load_settings()
    rows: list[dict[str, Any]] = [
        {"name": p.stem, "kind": "built-in", "people": _count_tsv(p), "path": str(p)}
        for p in builtin_people_files(builtin_rules_dir())
    ]
    rows += [
        {"name": p.stem, "kind": "imported", "people": _count_lines(p), "path": str(p)}
        for p in list_imported(settings.data_dir)
    ]
    rows += [
        {"name": Path(p).stem, "kind": "settings", "people": None, "path": str(p)}
        for p in settings.people_packs
    ]
    if json_out or fmt is DataFormat.json:
        emit_json({"packs": rows})
        return
    from provguard.cli.tables import render_rows

    table = [[r["name"], r["kind"], "" if r["people"] is None else str(r["people"]), r["path"]] for r in rows]
    render_rows(["name", "kind", "people", "path"], table)


@people_app.command("remove")
def remove_cmd(
    name: str = typer.Argument(..., help="Name of an imported list."),
    fmt: StatusFormat = typer.Option(StatusFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Remove an imported list from the active gazetteer."""
    settings = load_settings()
    if not remove_imported(settings.data_dir, name):
        raise NotFound(f"no imported people list named {name!r}", hint="see `provguard people list`")
    if fmt is StatusFormat.json:
        emit_json({"removed": name})
    else:
        typer.echo(f"removed imported people list '{name}'")


def _count_tsv(p: Path) -> int:
    with p.open(encoding="utf-8") as fh:
        return max(0, sum(1 for line in fh if line.strip()) - 1)


def _count_lines(p: Path) -> int:
    with p.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())


def register(app: typer.Typer) -> None:
    """Add ``provguard people``."""
    app.add_typer(people_app, name="people")
