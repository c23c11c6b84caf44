"""Human tables for ``inspect`` and ``screen`` that stay readable at 80 columns and in a pipe.

Rules: a path is folded only after a ``/`` and its file name is never split; rule ids and
category names are never split; a column that is empty on every row is left out; a row is at
most a few lines (the full evidence is in ``--format json``).
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from provguard.models import VERDICTS

if TYPE_CHECKING:
    from rich.console import Console

    from provguard.models import Decision, Verdict

MAX_EVIDENCE_LINES = 3
MIN_EVIDENCE = 24
_RANK = {"strong": 0, "moderate": 1, "weak": 2}
_GAP = 2  # between two columns: one padding space and the (blank) SIMPLE_HEAD separator


def fold_path(path: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken after ``/``; the file name stays whole."""
    parts = re.findall(r"[^/]*/|[^/]+$", path) or [path]
    lines: list[str] = []
    line = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        while not last and len(part) > width:  # an over-long directory name: fold it by characters
            if line:
                lines.append(line)
                line = ""
            lines.append(part[:width])
            part = part[width:]
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        line += part
    if line:
        lines.append(line)
    return lines


def clip_lines(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap ``text`` to ``width`` and keep at most ``max_lines`` lines, ending in … when cut."""
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: max(0, width - 1)].rstrip() + "…"
    return kept


def _console(out: TextIO | None) -> Console:
    from rich.console import Console

    return Console(file=out or sys.stdout, soft_wrap=False, highlight=False)


def _table(widths: Sequence[int], headers: Sequence[str]) -> object:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), expand=False)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width, no_wrap=True, overflow="ellipsis")
    return table


def _evidence_text(v: Verdict) -> str:
    if v.error is not None:
        return f"{v.error.code}: {v.error.message}"
    top = sorted(v.evidence, key=lambda e: _RANK[e.strength])[:2]
    return "; ".join(f"[{e.source}] {e.detail}" for e in top) or "-"


def render_inspect_table(verdicts: Sequence[Verdict], out: TextIO | None = None) -> None:
    """Path, verdict, trust, evidence: a few lines per file at any width, then a summary line.

    When four columns leave too little room for the evidence (80 columns, long file names),
    verdict and trust share one column, one above the other.
    """
    from rich.markup import escape

    console = _console(out)
    total = console.width
    verdict_w = max([len("verdict"), *(len(v.verdict or "error") for v in verdicts)])
    trust_w = max([len("trust"), *(len(v.trust if v.error is None else "-") for v in verdicts)])
    longest_path = max([len("path"), *(len(v.path) for v in verdicts)])
    name_w = min(max([16, *(len(v.path.rsplit("/", 1)[-1]) for v in verdicts)]), 48)

    def split(room: int) -> tuple[int, int]:
        path_w = min(longest_path, max(name_w, room * 2 // 5))
        if room - path_w < 16:  # the file name wins over the evidence, down to 16 columns
            path_w = max(min(longest_path, 12), room - 16)
        return path_w, max(room - path_w, 8)

    stacked = total - verdict_w - trust_w - 3 * _GAP - min(longest_path, name_w) < MIN_EVIDENCE + 8
    if stacked:
        vt_w = max(verdict_w, trust_w)
        path_w, evidence_w = split(total - vt_w - 2 * _GAP)
        table = _table((path_w, vt_w, evidence_w), ("path", "verdict/trust", "evidence"))
    else:
        path_w, evidence_w = split(total - verdict_w - trust_w - 3 * _GAP)
        table = _table((path_w, verdict_w, trust_w, evidence_w), ("path", "verdict", "trust", "evidence"))
    for v in verdicts:
        path_lines = fold_path(v.path, path_w)
        n_lines = min(MAX_EVIDENCE_LINES, max(2, len(path_lines)))
        evidence = "\n".join(escape(x) for x in clip_lines(_evidence_text(v), evidence_w, n_lines))
        verdict, trust = ("[red]error[/red]", "-") if v.error is not None else (v.verdict or "-", v.trust)
        path = "\n".join(escape(x) for x in path_lines)
        cells = (path, f"{verdict}\n{trust}", evidence) if stacked else (path, verdict, trust, evidence)
        table.add_row(*cells)  # type: ignore[attr-defined]
    console.print(table)
    console.print(escape(inspect_summary(verdicts)), soft_wrap=True)


def inspect_summary(verdicts: Sequence[Verdict]) -> str:
    """One line: files, counts per verdict (in the documented order), unreadable files."""
    counts: Counter[str] = Counter(v.verdict for v in verdicts if v.error is None and v.verdict)
    errors = sum(1 for v in verdicts if v.error is not None)
    parts = [f"{counts[k]} {k}" for k in VERDICTS if counts[k]]
    parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    n = len(verdicts)
    return f"{n} file{'s' if n != 1 else ''}: " + ", ".join(parts)


def render_screen_table(decisions: Sequence[Decision], out: TextIO | None = None) -> None:
    """One row per decision; findings one per line; rule ids and categories are never split.

    Written by ``plain_table`` when every cell is one-cell text (rich is then never imported),
    else by rich; both give the same bytes."""
    from provguard.cli.plain_table import console_width, render_plain

    colour = {"allow": "green", "warn": "yellow", "review": "magenta", "block": "red"}
    rows = []
    for d in decisions:
        findings = [
            f"{f.rule} '{f.match}' [{f.span[0]}:{f.span[1]}]" + ("" if f.turn is None else f" turn {f.turn}")
            for f in d.findings
        ]
        rid = "" if d.id is None else str(d.id)
        rows.append((rid, d.action, list(d.categories), findings, d.explanation))
    has_id = any(r[0] for r in rows)
    id_w = max([2, *(len(r[0]) for r in rows)]) if has_id else 0
    action_w = len("action")
    cat_w = max([len("categories"), *(len(c) + 1 for r in rows for c in r[2])])
    rule_w = max([len("findings"), *(len(f.rule) for d in decisions for f in d.findings)])
    n_cols = 5 if has_id else 4
    room = console_width(out) - action_w - cat_w - (id_w if has_id else 0) - (n_cols - 1) * _GAP
    findings_w = max(rule_w, min(room // 2, max([0, *(len(x) for r in rows for x in r[3])])))
    expl_w = max(20, room - findings_w)
    headers = ["action", "categories", "findings", "explanation"]
    widths = [action_w, cat_w, findings_w, expl_w]
    if has_id:
        headers.insert(0, "id")
        widths.insert(0, id_w)
    table_rows: list[tuple[str | None, list[list[str]]]] = []
    for rid, action, cats, findings, explanation in rows:
        cells: list[list[str]] = [
            [str(action)],
            _pack([str(c) for c in cats], cat_w),
            [line for f in findings for line in _wrap_keep_first(f, findings_w)],
            textwrap.wrap(str(explanation), expl_w, break_on_hyphens=False),
        ]
        table_rows.append((colour[str(action)], [[str(rid)], *cells] if has_id else cells))
    footer = f"policy {decisions[0].policy} · digest {decisions[0].policy_digest[:16]}…" if decisions else ""
    if decisions and render_plain(headers, widths, table_rows, footer, out, colour_col=int(has_id)):
        return
    _render_screen_rich(headers, widths, table_rows, footer, out)


def _render_screen_rich(
    headers: Sequence[str],
    widths: Sequence[int],
    table_rows: Sequence[tuple[str | None, Sequence[Sequence[str]]]],
    footer: str,
    out: TextIO | None,
) -> None:
    from rich.markup import escape

    console = _console(out)
    table = _table(widths, headers)
    action_col = 1 if len(headers) == 5 else 0
    for colour, cells in table_rows:
        texts = ["\n".join(escape(x) for x in cell) for cell in cells]
        texts[action_col] = f"[{colour}]{texts[action_col]}[/]"
        table.add_row(*texts)  # type: ignore[attr-defined]
    console.print(table)
    if footer:
        console.print(escape(footer), style="dim")


def _pack(items: Sequence[str], width: int) -> list[str]:
    """Comma-separated items, as many per line as fit; an item is never split."""
    lines: list[str] = []
    line = ""
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if line and len(line) + 1 + len(piece) > width:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    if line:
        lines.append(line)
    return lines


def _wrap_keep_first(text: str, width: int) -> list[str]:
    """Wrap at spaces only; ``width`` is at least the longest rule id, so the id is never split."""
    return textwrap.wrap(text, width, break_on_hyphens=False, subsequent_indent="  ") or [""]


def render_rows(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO | None = None) -> None:
    """A plain list table (rules, people, keys); a ``path`` column takes the room left and folds at /."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    console = _console(out)
    widths = [max([len(h), *(len(str(r[i])) for r in rows)]) for i, h in enumerate(headers)]
    path_col = list(headers).index("path") if "path" in headers else None
    if path_col is not None:
        others = sum(w for i, w in enumerate(widths) if i != path_col) + _GAP * (len(headers) - 1)
        widths[path_col] = min(widths[path_col], max(16, console.width - others))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for i, header in enumerate(headers):
        keep = i == 0 or sum(widths) + _GAP * (len(headers) - 1) <= console.width  # ids never split
        min_width = min(widths[i], 40) if keep and i != path_col else None
        table.add_column(header, overflow="fold", min_width=min_width)
    for row in rows:
        cells = [escape(str(c)) for c in row]
        if path_col is not None:
            cells[path_col] = "\n".join(escape(x) for x in fold_path(str(row[path_col]), widths[path_col]))
        table.add_row(*cells)
    console.print(table)
