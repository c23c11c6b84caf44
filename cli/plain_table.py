"""The ``screen`` table written without rich, byte for byte as rich writes it.

Why: importing rich and laying out a Table costs about 35 ms of every ``provguard screen``,
which is a seventh of its start-up. The screen table has fixed column widths and pre-wrapped
cells, so its layout needs no measuring engine. This module reproduces rich's choices (console
width, colour detection, ``SIMPLE_HEAD`` box, bold header, ``NO_COLOR``) for text whose every
character is one terminal cell; anything else (wide CJK, combining marks, control characters,
a table wider than the console) returns ``False`` and the caller renders with rich.
``tests/test_cli_plain_table.py`` holds the two renderers equal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

_COLOURS = {"green": "32", "yellow": "33", "magenta": "35", "red": "31"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_GAP = 2  # one padding space and the SIMPLE_HEAD column separator


def _is_terminal(out: TextIO, env: Mapping[str, str]) -> bool:
    """rich's ``Console.is_terminal``: TTY_COMPATIBLE, then FORCE_COLOR, then ``isatty()``."""
    tty_compatible = env.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError):
        return False


def console_width(out: TextIO | None = None, env: Mapping[str, str] | None = None) -> int:
    """The width rich's ``Console`` picks: COLUMNS, 80 on a dumb terminal, the size of the first
    of stdin/stdout/stderr that is a terminal, else 80."""
    env = os.environ if env is None else env
    out = out or sys.stdout
    cols = env.get("COLUMNS")
    columns = int(cols) if cols is not None and cols.isdigit() else None
    lines = env.get("LINES")
    if columns is not None and lines is not None and lines.isdigit():
        return columns
    if _is_terminal(out, env) and env.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return columns if columns is not None else (width or 80)


def _one_cell(text: str) -> bool:
    """Every character is one terminal cell in rich's measure (Latin, Greek, Cyrillic, the
    general punctuation and box-drawing blocks), so ``len`` is the width."""
    for ch in text:
        o = ord(ch)
        ok = o < 0x300 or 0x370 <= o < 0x483 or 0x48A <= o < 0x530
        if not (ok or 0x2010 <= o < 0x2028 or 0x2500 <= o < 0x2580) or not ch.isprintable():
            return False
    return True


def _fit(line: str, width: int) -> str:
    """rich's ``overflow="ellipsis"`` for one-cell text: cut with … and pad to the width."""
    if len(line) > width:
        line = line[: width - 1] + "…"
    return line + " " * (width - len(line))


def render_plain(
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Sequence[tuple[str | None, Sequence[Sequence[str]]]],
    footer: str,
    out: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    colour_col: int = 0,
) -> bool:
    """Write the table (``rows``: a colour name for cell ``colour_col``, then each cell's lines)
    and a dim footer line; ``False`` without writing anything when rich must lay it out."""
    env = os.environ if env is None else env
    out = out or sys.stdout
    total = console_width(out, env)
    line_width = sum(widths) + _GAP * (len(widths) - 1)
    if line_width > total or len(footer) > total:
        return False
    texts = [*headers, footer, *(line for _, cells in rows for cell in cells for line in cell)]
    if not all(_one_cell(t) for t in texts):
        return False
    terminal = _is_terminal(out, env)
    styled = terminal and env.get("TERM", "").lower() not in ("dumb", "unknown")
    colour = styled and env.get("NO_COLOR", "") == ""
    last = len(widths) - 1
    parts: list[str] = []
    head = []
    for i, (h, w) in enumerate(zip(headers, widths, strict=True)):
        title = _fit(h, w)
        if styled:
            title = _BOLD + title + _RESET + ("" if i == last else _BOLD + " " + _RESET + " ")
        else:
            title += "" if i == last else "  "
        head.append(title)
    parts.append("".join(head) + "\n")
    parts.append("─" * line_width + "\n")
    for cell_colour, cells in rows:
        height = max(1, *(len(c) for c in cells))
        for n in range(height):
            line = []
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
                text = _fit(cell[n] if n < len(cell) else "", w)
                if i == colour_col and colour and cell_colour and n < len(cell) and cell[n]:
                    stripped = text.rstrip(" ")
                    code = _COLOURS[cell_colour]
                    text = f"\x1b[{code}m{stripped}{_RESET}" + " " * (len(text) - len(stripped))
                line.append(text if i == last else text + "  ")
            parts.append("".join(line) + "\n")
    parts.append((_DIM + footer + _RESET if styled else footer) + "\n")
    out.write("".join(parts))
    return True
