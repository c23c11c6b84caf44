"""Text -> normalised views with an offset map back to the original prompt.

Why: matching must survive full-width forms, homoglyphs, zero-width characters, leetspeak,
spaced-out letters and traditional Chinese, yet every finding must report its span in the
ORIGINAL text. One pass builds two views:

* ``text``: NFKC, casefold, zero-width/bidi removed, UTS #39 confusables folded to ASCII
  (data from ``confusable-homoglyphs``), Latin accents stripped, traditional -> simplified
  Chinese (OpenCC's character table), separators (``-_.·・`` …) -> space, and leetspeak undone
  inside tokens that mix letters and digits ("T4yl0r" -> "taylor").
* ``squashed``: ``text`` without spaces or punctuation and with every leet digit undone, so
  "e l 0 n  m u 5 k" becomes "elonmusk". Only long patterns are matched against it.

``starts[i]``/``ends[i]`` give the original [start, end) of normalised character ``i``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress

from provguard.screen import lazy_re
from provguard.screen.char_fold import SEPARATORS as _SEPARATORS
from provguard.screen.char_fold import char_memo as _char_memo
from provguard.screen.char_fold import fold_char, is_ignorable, mixed_letters
from provguard.screen.hangul import JAMO, compose_jamo
from provguard.screen.homoglyph import MIXED_WORD as _MIXED_WORD
from provguard.screen.homoglyph import fold_mixed
from provguard.screen.script_joins import FA_LETTER, compose_kana, join_fa_affixes

__all__ = [
    "NormText",
    "fold_char",
    "is_ignorable",
    "normalize",
    "normalize_mapped",
    "normalize_pattern",
    "squash_pattern",
]

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_ASCII_TABLE = {i: chr(i).lower() for i in range(128)}
for _s in _SEPARATORS:
    if _s.isascii():
        _ASCII_TABLE[ord(_s)] = " "
# a maximal run of [a-z0-9@$] holding a letter AND a leet character (only those can change)
_LEET_TOKEN = lazy_re.compile(r"(?<![a-z0-9@$])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[013457@$])[a-z0-9@$]+")
_LEET_CHARS = lazy_re.compile(r"[013457@$]")
# a leet character with a letter after it in the same token (searched again on the reversed text
# for a letter before it): the cheap test that some token mixes the two; 5% of I2P prompts do,
# 18% hold a leet character ("4k", "1990s"), and the token regex above costs a try per character
_LEET_THEN_LETTER = lazy_re.compile(r"[013457@$][0-9@$]*[a-z]")
_LEET_TRANS = str.maketrans(_LEET)
_SPACE_RUN = lazy_re.compile(r"  +")
# three single-character tokens in a row ("e l o n"), or a space inside CJK / kana / Hangul text
_CJK_CLASS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
# (two patterns: the CJK one can only match non-ASCII text, and the split is ~3x faster)
# "(?<!\S)\w\s\w\s\w(?!\S)" as two patterns, one after a space and one at the start: a pattern
# opening with a class lets the regex engine skip to the spaces in C; one opening with the
# look-behind was tried at every character
# a spelled letter may carry Indic or Thai vowel signs ("মি থি লা", "जॉ न"); spelled.py uses these too
SPELLED_MARKS = (
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"  # Devanagari
    "\u0981-\u0983\u09bc-\u09d7\u09e2\u09e3"  # Bengali
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # Thai
)
SPELLED_LETTER = rf"\w[{SPELLED_MARKS}]*"  # one spelled letter with its marks (spelled.TOKEN)
_SPACED_LATIN = lazy_re.compile(rf"\s{SPELLED_LETTER}\s{SPELLED_LETTER}\s{SPELLED_LETTER}(?!\S)")
_SPACED_LATIN_START = lazy_re.compile(rf"{SPELLED_LETTER}\s{SPELLED_LETTER}\s{SPELLED_LETTER}(?!\S)")
_SPACED_CJK = lazy_re.compile(rf"[{_CJK_CLASS}] [{_CJK_CLASS}]")
# squashing drops spaces and ASCII punctuation only: Indic vowel signs are not alnum but are letters
_NON_WORD = lazy_re.compile(r"[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+")
_WORD_CHAR = lazy_re.compile(r"[^\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]")  # what squashing keeps
# the same test per ASCII byte, as a translate table: 1 where _WORD_CHAR matches, 0 elsewhere
_ASCII_PUNCT = frozenset([*range(0x21, 0x30), *range(0x3A, 0x41), *range(0x5B, 0x61), *range(0x7B, 0x7F)])
_KEPT_ASCII = bytes(0 if chr(c).isspace() or c in _ASCII_PUNCT else 1 for c in range(128)) + bytes(128)
# the ASCII fold as 128 bytes, for the one-pass C version of the ASCII path (_ascii_pass.c)
_ASCII_BYTES = "".join(_ASCII_TABLE[c] for c in range(128)).encode("ascii")
assert len(_ASCII_BYTES) == 128
_LEET_MAY_CHANGE, _MAY_BE_ENCODED, _SPACED_OUT = 1, 2, 4  # ascii_pass's flags
try:  # optional in the build: without it the ASCII path below gives the same views
    from provguard.screen._ascii_pass import ascii_pass as _ascii_pass
    from provguard.screen._ascii_pass import fold_loop as _fold_loop_c
    from provguard.screen._ascii_pass import space_breaks as _space_breaks_c
except ImportError:  # pragma: no cover - a build without a C compiler
    _ascii_pass = _space_breaks_c = _fold_loop_c = None  # type: ignore[assignment]


def _undo_leet_tokens(s: str) -> str:
    """Undo leetspeak 1:1 inside tokens that mix letters with leet digits (T4yl0r -> taylor)."""
    if not _LEET_CHARS.search(s):
        return s
    if _LEET_THEN_LETTER.search(s) is None and _LEET_THEN_LETTER.search(s[::-1]) is None:
        return s

    def fix(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok[0] == "@" and tok[1:2].isalpha():
            # a social handle (@anitta): the @ marks the name, it is not the letter a
            rest = tok[1:]
            if _LEET_CHARS.search(rest) and sum(ch.isalpha() for ch in rest) >= 2:
                rest = rest.translate(_LEET_TRANS)
            return " " + rest
        if sum(ch.isalpha() for ch in tok) >= 2:
            return tok.translate(_LEET_TRANS)
        return tok

    return _LEET_TOKEN.sub(fix, s)


@dataclass(slots=True)
class NormText:
    """Normalised views of one prompt plus the maps back to the original (one per call)."""

    original: str
    text: str
    starts: list[int] | None  # None: no per-character map (identity, or ``breaks`` below)
    ends: list[int] | None
    breaks: list[int] | None = None  # ASCII fast path: normalised positions after a collapsed space run
    shifts: list[int] | None = None  # cumulative characters removed before each break
    _spaced: str | None = None  # ASCII fast path: the text before collapsing (breaks built lazily)
    _sq_index: list[int] | None = None
    _squashed: str | None = None
    # from the C pass (_ascii_pass.c): the text with word starts marked (``matcher.word_starts``), the
    # answer of ``spaced_out``, and whether the decoder's pre-check passed (True: not known)
    marked: str | None = None
    _spaced_flag: bool | None = None
    maybe_encoded: bool = True

    @property
    def squashed(self) -> str:
        """``text`` without spaces/ASCII punctuation and with every leet digit undone (lazy)."""
        if self._squashed is None:
            self._squashed = _NON_WORD.sub("", self.text).translate(_LEET_TRANS)
        return self._squashed

    @property
    def sq_index(self) -> list[int]:
        """Squashed char -> index into ``text``; built only when a squashed pattern hit (an ASCII text
        in C: the kept characters' flags from one translate, their positions from ``compress``)."""
        if self._sq_index is None:
            t = self.text
            if t.isascii():
                self._sq_index = list(compress(range(len(t)), t.encode("ascii").translate(_KEPT_ASCII)))
            else:
                self._sq_index = [m.start() for m in _WORD_CHAR.finditer(t)]
        return self._sq_index

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) for normalised ``text[i:j]`` (j exclusive, j > i)."""
        if self.starts is not None and self.ends is not None:
            return (self.starts[i], self.ends[j - 1])
        if self.breaks is None:
            if self._spaced is None:
                return (i, j)  # the ASCII text needed no change of length
            # (``_spaced`` is ASCII: only the ASCII path sets it)
            self.breaks, self.shifts = _breaks_of(self._spaced)
        breaks, shifts = self.breaks, self.shifts
        assert shifts is not None
        k = bisect_right(breaks, i)
        m = bisect_right(breaks, j - 1)
        return (i + (shifts[k - 1] if k else 0), j + (shifts[m - 1] if m else 0))

    def sq_span(self, i: int, j: int) -> tuple[int, int]:
        """Original span for ``squashed[i:j]``."""
        return self.span(self.sq_index[i], self.sq_index[j - 1] + 1)

    def spaced_out(self) -> bool:
        """Whether the squashed view can add anything: letters spaced out or CJK split by spaces."""
        if self._spaced_flag is not None:
            return self._spaced_flag
        t = self.text
        return (
            _SPACED_LATIN.search(t) is not None
            or _SPACED_LATIN_START.match(t) is not None
            or (not t.isascii() and _SPACED_CJK.search(t) is not None)
        )


def normalize(original: str) -> NormText:
    """Build the normalised views of ``original``; linear in its length."""
    if _ascii_pass is not None and (got := _ascii_pass(original, _ASCII_BYTES)) is not None:
        return _from_pass(original, *got)
    starts: list[int] | None
    ends: list[int] | None
    text = original.translate(_ASCII_TABLE) if original.isascii() else ""
    breaks: list[int] | None = None
    shifts: list[int] | None = None
    spaced: str | None = None
    if text and "  " not in text:
        starts = ends = None
    elif text:
        # collapse space runs in C; the offset map back is built only if a span is asked for
        starts = ends = None
        spaced = text
        text = _SPACE_RUN.sub(" ", text)
    else:
        text, starts, ends = _fold_each(original, _char_memo, fold_char)
        if _MIXED_WORD.search(text):
            text = _fold_mixed(text)
        if FA_LETTER.search(text):  # join_fa_affixes leaves text without a spaced affix as it is
            text = join_fa_affixes(text, starts, ends)
        if JAMO.search(text):  # Hangul spelt out letter by letter (ㅇㅣㅈㅐㅁㅕㅇ)
            text, starts, ends = compose_jamo(text, starts, ends)
        if "\u3099" in text or "\u309a" in text:  # half-width kana: ｶﾞ folds to カ + a separate mark
            text, starts, ends = compose_kana(text, starts, ends)
    text = _undo_leet_tokens(text)
    return NormText(original, text, starts, ends, breaks, shifts, spaced)


def _from_pass(original: str, text: str, spaced: str | None, marked: str | None, flags: int) -> NormText:
    """The views of an ASCII prompt from ``ascii_pass``'s answer (the path above, done in C); leetspeak
    is still undone here, and when it changes the text the marks and the spaced-out answer are left
    to be found from the new text."""
    spaced_flag: bool | None = bool(flags & _SPACED_OUT)
    if flags & _LEET_MAY_CHANGE:
        undone = _undo_leet_tokens(text)
        if undone != text:
            text, marked, spaced_flag = undone, None, None
    encoded = bool(flags & _MAY_BE_ENCODED)
    return NormText(original, text, None, None, None, None, spaced, None, None, marked, spaced_flag, encoded)


def _fold_loop(
    original: str, memo: dict[str, str], fold: Callable[[str], str]
) -> tuple[str, list[int], list[int]]:
    """Each character's fold, separators collapsed to one space (dropped at the start), and each folded
    character's original [start, end): the loop over a prompt that is not all ASCII (also in C)."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last_space = True  # also drops leading separators
    for idx, ch in enumerate(original):
        rep = memo.get(ch)
        if rep is None:
            rep = fold(ch)
        if rep == " ":
            if last_space:
                continue
            last_space = True
        elif rep:
            last_space = rep[-1] == " "
        else:
            continue
        parts.append(rep)
        n = len(rep)
        if n == 1:
            starts.append(idx)
            ends.append(idx + 1)
        else:
            starts.extend([idx] * n)
            ends.extend([idx + 1] * n)
    return "".join(parts), starts, ends


# the C versions where built, else the Python ones (their definitions)
_fold_each = _fold_loop if _fold_loop_c is None else _fold_loop_c


def _fold_mixed(text: str) -> str:
    """Mixed-script words folded toward their dominant script (see ``homoglyph``)."""
    return fold_mixed(text, mixed_letters())


def normalize_mapped(text: str, spans: list[tuple[int, int]], original: str) -> NormText:
    """Normalise a decoded ``text`` whose character ``i`` came from ``original[spans[i]]``: the
    result's offsets point into ``original`` (findings in a base64 payload cover the payload)."""
    nt = normalize(text)
    starts: list[int] = []
    ends: list[int] = []
    for i in range(len(nt.text)):
        s, e = nt.span(i, i + 1)
        starts.append(spans[s][0])
        ends.append(spans[e - 1][1])
    return NormText(original, nt.text, starts, ends)


def _space_breaks(spaced: str) -> tuple[list[int], list[int]]:
    """For text with space runs collapsed: the collapsed positions just after each run, and the
    characters removed before them (cumulative)."""
    breaks: list[int] = []
    shifts: list[int] = []
    removed = 0
    for m in _SPACE_RUN.finditer(spaced):
        s, e = m.span()
        breaks.append(s + 1 - removed)
        removed += e - s - 1
        shifts.append(removed)
    return breaks, shifts


_breaks_of = _space_breaks if _space_breaks_c is None else _space_breaks_c


def normalize_pattern(pattern: str) -> str:
    """Fold a gazetteer/rule surface form exactly like prompt text, collapsing spaces."""
    return " ".join(normalize(pattern).text.split())


def squash_pattern(pattern: str) -> str:
    """The squashed form of a pattern (for spaced-out / punctuated spellings)."""
    return normalize(pattern).squashed
