"""Undo transport encodings a prompt may hide behind: percent-encoding, HTML entities, base64
and hex payloads. The decoded text keeps, per character, the span of the original it came from.

Why: "Joe%20Biden", "Joe&#32;Biden" or a whole prompt in base64 reached the upstream model
through the proxy while the screen saw no name. One cheap regex decides whether a prompt has
anything to decode at all, so ordinary prompts pay about a microsecond.
"""

from __future__ import annotations

import base64
import binascii
import html
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from provguard.screen import lazy_re

__all__ = ["Decoded", "decode_payloads"]

# a candidate: a percent escape, an HTML entity, a long base64 run or a long hex run
_CANDIDATE = lazy_re.compile(
    r"%[0-9A-Fa-f]{2}|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|[A-Za-z0-9+/_-]{16,}={0,2}"
)
_PERCENT_RUN = lazy_re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY = lazy_re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_B64 = lazy_re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/_=-])")
_HEX = lazy_re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])")
MAX_ROUNDS = 2  # base64 of a percent-encoded prompt, not deeper: bounds the work per prompt


@dataclass(frozen=True, slots=True)
class Decoded:
    """The prompt with every payload replaced by its decoding; ``spans[i]`` is the original
    [start, end) of decoded character ``i``. ``kinds`` names what was decoded (for the notes)."""

    text: str
    spans: list[tuple[int, int]]
    kinds: tuple[str, ...]


def _texty(s: str) -> bool:
    """Whether decoded bytes read as prompt text (not random bytes that happened to decode)."""
    if len(s) < 4:
        return False
    # zero-width (non-)joiners are part of Persian and Indic words; vowel signs (category M) are
    # letters of Devanagari, Bengali and Thai words, not noise
    printable = sum(1 for c in s if c.isprintable() or c in "\n\t\u200c\u200d")
    letters = sum(1 for c in s if c.isalpha() or unicodedata.category(c)[0] == "M")
    return printable == len(s) and letters >= len(s) * 0.5 and (" " in s or not s.isascii())


def _percentage(text: str, start: int, end: int) -> bool:
    """Whether a lone escape is a percentage written before its number ("%44 indirim" in
    Turkish), not an encoding: one escape, a number after it, nothing word-like before it."""
    if end - start != 3 or not text[start + 1 : end].isdigit():
        return False
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalpha()


def _b64(run: str) -> str | None:
    raw = run.rstrip("=")
    if len(raw) % 4 == 1 or raw.isalpha() and (raw.islower() or raw.isupper()):
        return None  # a plain long word, not base64
    pad = raw + "=" * (-len(raw) % 4)
    try:
        data = (
            base64.urlsafe_b64decode(pad)
            if ("-" in raw or "_" in raw)
            else base64.b64decode(pad, validate=True)
        )
        s = data.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return s if _texty(s) else None


def _hex(run: str) -> str | None:
    try:
        s = bytes.fromhex(run).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    return s if _texty(s) else None


def _round(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]], list[str]] | None:
    """One decoding pass; None when nothing decoded."""
    pieces: list[tuple[int, int, str, str]] = []  # (start, end, replacement, kind) in ``text``
    for m in _PERCENT_RUN.finditer(text):
        if _percentage(text, m.start(), m.end()):
            continue
        try:
            rep = unquote(m.group(0), errors="strict")
        except UnicodeDecodeError:
            continue
        pieces.append((m.start(), m.end(), rep, "percent-encoding"))
    for m in _ENTITY.finditer(text):
        rep = html.unescape(m.group(0))
        if rep != m.group(0):
            pieces.append((m.start(), m.end(), rep, "HTML entities"))
    for rx, fn, kind in ((_HEX, _hex, "hex"), (_B64, _b64, "base64")):
        for m in rx.finditer(text):
            dec = fn(m.group(0))
            if dec is not None:
                pieces.append((m.start(), m.end(), dec, kind))
    if not pieces:
        return None
    pieces.sort()
    out: list[str] = []
    out_spans: list[tuple[int, int]] = []
    kinds: list[str] = []
    pos = 0
    for s, e, rep, kind in pieces:
        if s < pos:
            continue  # overlapping candidates (a hex run is also base64-shaped): first wins
        out.append(text[pos:s])
        out_spans.extend(spans[pos:s])
        whole = (spans[s][0], spans[e - 1][1])
        if kind == "percent-encoding" or kind == "HTML entities":
            out.append(rep)
            out_spans.extend([whole] * len(rep))
        else:
            # keep a space around a decoded payload so it does not glue onto its neighbours
            out.append(f" {rep} ")
            out_spans.extend([whole] * (len(rep) + 2))
        if kind not in kinds:
            kinds.append(kind)
        pos = e
    out.append(text[pos:])
    out_spans.extend(spans[pos:])
    return "".join(out), out_spans, kinds


def decode_payloads(prompt: str) -> Decoded | None:
    """The decoded prompt, or None when it holds nothing to decode (the common case)."""
    # cheap C-level prechecks first: a regex scan of every prompt cost ~15 µs on I2P
    if "%" not in prompt and "&" not in prompt and max(map(len, prompt.split()), default=0) < 16:
        return None
    if _CANDIDATE.search(prompt) is None:
        return None
    text = prompt
    spans = [(i, i + 1) for i in range(len(prompt))]
    kinds: list[str] = []
    for _ in range(MAX_ROUNDS):
        r = _round(text, spans)
        if r is None:
            break
        text, spans, new = r
        kinds += [k for k in new if k not in kinds]
    if not kinds:
        return None
    return Decoded(text, spans, tuple(kinds))
