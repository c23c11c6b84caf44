"""``provguard rules {list,test,lint}``: the policy packs as reviewable, tested data.

``rules test`` exits 1 when a must_match / must_not_match example fails (todo examples that
start firing are reported, not failed); ``rules lint`` exits 1 on errors only.
"""

from __future__ import annotations

from pathlib import Path

import typer

from provguard.cli.output import DataFormat, emit_json
from provguard.config import load_settings
from provguard.screen import Screener
from provguard.screen.rules import load_rule_set
from provguard.screen.ruletest import lint, run_examples

rules_app = typer.Typer(help="List, test and lint the screening rule packs.", no_args_is_help=True)

RulesDir = typer.Option(
    None, "--rules-dir", help="A rules directory (packs/, profiles/, people/) instead of the built-in one."
)
Policy = typer.Option(None, "--policy", "-p", help="Profile name or file.")


def _load(rules_dir: Path | None, policy: str | None) -> Screener:
    settings = load_settings()
    return Screener.load(policy or settings.policy, rules_dir=rules_dir, settings=settings)


@rules_app.command("list")
def list_cmd(
    rules_dir: Path | None = RulesDir,
    fmt: DataFormat = typer.Option(DataFormat.table, "--format", "-f", help="table or json."),
    json_out: bool = typer.Option(False, "--json", hidden=True, help="Same as --format json."),
) -> None:
    """Every rule with its pack, language, signal and category/kind."""
    rs = load_rule_set(rules_dir)
    rows = [
        {
            "id": r.id,
            "pack": p.pack,
            "language": p.language,
            "signal": r.signal,
            "kind_or_category": r.kind or r.category or "",
            "keywords": len(r.keywords),
        }
        for p in rs.packs
        for r in p.rules
    ]
    if json_out or fmt is DataFormat.json:
        emit_json({"rules": rows})
        return
    from provguard.cli.tables import render_rows

    # the pack name carries the language (core-bn), so the table leaves that column to --format json
    render_rows(("id", "pack", "signal", "kind/category", "keywords"),
                [[str(r[k]) for k in ("id", "pack", "signal", "kind_or_category", "keywords")] for r in rows])


@rules_app.command("test")
def test_cmd(
    rules_dir: Path | None = RulesDir,
    policy: str | None = Policy,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show passing examples too."),
) -> None:
    """Run every rule's colocated examples (must_match, must_not_match, todo)."""
    screener = _load(rules_dir, policy)
    results = run_examples(screener)
    failed = [r for r in results if not r.ok and r.kind != "todo"]
    promoted = [r for r in results if r.kind == "todo" and not r.ok]
    for r in results:
        if verbose or not r.ok:
            status = "PASS" if r.ok else ("NOTE" if r.kind == "todo" else "FAIL")
            typer.echo(f"{status} {r.rule} {r.kind}: {r.text!r} — {r.message}")
    n_todo = sum(1 for r in results if r.kind == "todo")
    typer.echo(
        f"{len(results) - n_todo - len(failed)}/{len(results) - n_todo} examples pass across "
        f"{len(screener.rules)} rules; {n_todo} todo ({len(promoted)} now fire)"
    )
    raise typer.Exit(1 if failed else 0)


@rules_app.command("lint")
def lint_cmd(
    rules_dir: Path | None = RulesDir,
    policy: str | None = Policy,
    show_info: bool = typer.Option(False, "--info", help="Also show info-level notes."),
) -> None:
    """Report duplicate keywords, keyword/person collisions, coverage gaps, pack problems."""
    screener = _load(rules_dir, policy)
    langs = {r.id: p.language for p in load_rule_set(rules_dir).packs for r in p.rules}
    issues = lint(screener, langs)
    for i in issues:
        if i.level != "info" or show_info:
            typer.echo(f"{i.level.upper():7} {i.where}: {i.message}")
    counts = {lvl: sum(1 for i in issues if i.level == lvl) for lvl in ("error", "warning", "info")}
    typer.echo(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes "
        f"({len(screener.rules)} rules, {len(screener.compiled.people)} people)"
    )
    raise typer.Exit(1 if counts["error"] else 0)


def register(app: typer.Typer) -> None:
    """Add ``provguard rules``."""
    app.add_typer(rules_app, name="rules")
