"""Untrusted text made safe to look at: invisible characters shown, finding spans cut into segments.

HTML escaping (Jinja autoescape) stops markup; it does not stop a right-to-left override
from reordering what a reviewer reads, or a zero-width space from hiding inside a name. Every
format and control character is therefore shown as a visible ``⟨U+202E⟩`` token, and the
highlighter keeps spans on the ORIGINAL offsets the screener reported.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# Unicode "Cf" (format) and "Cc" (control) characters, except tab and newlines: bidi
# embeddings/overrides/isolates, zero-width characters, BOM, soft hyphen, tag characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def code_of(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def char_name(ch: str) -> str:
    return unicodedata.name(ch, code_of(ch))


def visible(text: str) -> str:
    """``text`` with every invisible/control character replaced by a visible ``⟨U+XXXX⟩`` token."""
    return _INVISIBLE.sub(lambda m: f"⟨{code_of(m.group(0))}⟩", text)


def has_invisible(text: str) -> bool:
    return _INVISIBLE.search(text) is not None


def safe_json(value: Any) -> str:
    """Pretty JSON whose invisible characters are ``\\uXXXX`` escapes (same value, nothing hidden)."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return _INVISIBLE.sub(lambda m: _escape(ord(m.group(0))), text)


def _escape(cp: int) -> str:
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    hi, lo = _surrogates(cp)
    return f"\\u{hi:04x}\\u{lo:04x}"


def _surrogates(cp: int) -> tuple[int, int]:
    cp -= 0x10000
    return 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)


@dataclass(frozen=True)
class Piece:
    """A run of ordinary text, or one invisible character (``control`` is its U+ code)."""

    text: str
    control: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of the prompt covered by the same findings (``marks`` are finding numbers)."""

    pieces: tuple[Piece, ...]
    marks: tuple[int, ...]
    start: int
    end: int


def pieces(text: str) -> tuple[Piece, ...]:
    out: list[Piece] = []
    pos = 0
    for m in _INVISIBLE.finditer(text):
        if m.start() > pos:
            out.append(Piece(text[pos:m.start()]))
        ch = m.group(0)
        out.append(Piece(ch, code_of(ch), char_name(ch)))
        pos = m.end()
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return tuple(out)


def segments(text: str, spans: list[tuple[int, tuple[int, int]]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; ``spans`` are (finding number, (start, end)) pairs.

    Spans outside the text or empty are ignored (a face-in-image finding has span (0, 0)).
    Overlapping spans give segments carrying several marks.
    """
    n = len(text)
    valid = [(num, (max(0, s), min(n, e))) for num, (s, e) in spans if 0 <= s < e and s < n]
    cuts = sorted({0, n, *(s for _, (s, _e) in valid), *(e for _, (_s, e) in valid)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        marks = tuple(sorted(num for num, (s, e) in valid if s <= a and b <= e))
        out.append(Segment(pieces(text[a:b]), marks, a, b))
    return out
