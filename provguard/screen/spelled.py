"""Names spelled out letter by letter with separators ("H.a.d.i.s.e", "L-i-s-a", "D 0 d a").

Why: the squashed view (see ``normalize``) only carries names of 8 or more Latin letters, since
shorter keys over a text without spaces meet too many chance letter sequences. A run of three or
more single letters is different evidence: it is rare in prose, so it is joined back into words
and only that small piece (with the word on either side, for "T.a.y.l.o.r Swift") goes through
the main automaton. Words are split where the separator changes to a space ("T.a.y.l.o.r
S.w.i.f.t") or a capital follows a small letter ("T a y l o r S w i f t"). Abbreviations and
codes stay unjoined or join to nothing: a group needs 3 letters, at most one leet digit, and
other digits end it ("R-2-D-2", "f/2.8").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from provguard.screen import lazy_re
from provguard.screen.normalize import SPELLED_LETTER, NormText

__all__ = ["spelled_groups", "spelled_hits"]

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
# one spelled letter: a character, with the vowel signs and marks an Indic or Thai letter carries
TOKEN = SPELLED_LETTER
_TOKEN = lazy_re.compile(TOKEN)
# three or more one-letter tokens in a row (the normalised text has one space per separator)
# (opening with the space lets the engine skip to spaces in C; the start of the text apart)
_RUN = lazy_re.compile(rf" ({TOKEN}(?: {TOKEN}){{2,}})(?!\S)")
_RUN_START = lazy_re.compile(rf"{TOKEN}(?: {TOKEN}){{2,}}(?!\S)")
_WORD_BEFORE = lazy_re.compile(rf"((?:{TOKEN}){{2,}}) $")
_WORD_AFTER = lazy_re.compile(rf" ((?:{TOKEN}){{2,}})")
_APOSTROPHE = lazy_re.compile("['\u2019]")
_CJK = lazy_re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _groups(nt: NormText, s: int, e: int) -> list[list[int]]:
    """Text indices of the letters of one run, split into the words the writer meant."""
    toks = [m.span() for m in _TOKEN.finditer(nt.text, s, e)]
    spans = [nt.span(a, b) for a, b in toks]
    orig = nt.original
    seps = [orig[spans[k][1] : spans[k + 1][0]] for k in range(len(toks) - 1)]
    spaced = [not sep.strip() for sep in seps]  # a separator of whitespace only
    # an apostrophe starts a case suffix ("A c u n'u"): a break, but no mark of the spelling
    suffix = [bool(_APOSTROPHE.search(sep)) for sep in seps]
    marked = not all(sp or sf for sp, sf in zip(spaced, suffix, strict=True))  # dots/hyphens: a space breaks
    shortest = min((len(x) for x in seps), default=1)
    out: list[list[int]] = [list(range(*toks[0]))]
    for k, sep in enumerate(seps):
        prev = orig[spans[k][0] : spans[k][1]]
        cur = orig[spans[k + 1][0] : spans[k + 1][1]]
        brk = (marked and spaced[k]) or (not marked and len(sep) > shortest)
        brk = brk or (prev.islower() and cur.isupper()) or suffix[k]
        if brk:
            out.append([])
        out[-1].extend(range(*toks[k + 1]))
    return out


def _word(text: str, group: list[int]) -> str | None:
    """The joined word of one group, or None when it is a code rather than a spelled name."""
    chars = [text[i] for i in group]
    letters = sum(c.isalpha() for c in chars)
    marks = sum(not c.isalpha() and _TOKEN.match(c) is None for c in chars)  # a vowel sign
    leet = sum(c in _LEET for c in chars)
    if letters < 3 or letters + marks + leet != len(chars) or leet > 1:
        return None
    return "".join(_LEET.get(c, c) for c in chars)


def spelled_groups(nt: NormText) -> list[tuple[str, list[int], int, int]]:
    """Each spelled-out run as a small text (joined words plus the whole word on either side),
    per character of it the index into ``nt.text`` it stands for, and where the joined words
    start and end in it."""
    return [g[:4] for g in _spelled(nt)]


def _spelled(nt: NormText) -> list[tuple[str, list[int], int, int, bool]]:
    """``spelled_groups`` plus, for a run of a script without capitals that no separator splits into
    words ("জ য়া আ হ সা ন"), the same run split in two at each letter; those readings count only
    for a name that spans the whole run (the fifth field)."""
    text = nt.text
    out: list[tuple[str, list[int], int, int, bool]] = []
    runs = [m.span(1) for m in _RUN.finditer(text)]
    first = _RUN_START.match(text)
    if first:  # the run at the start, and not its tail that the search above also found
        runs = [first.span()] + [r for r in runs if r[0] >= first.end()]
    for rs, re_ in runs:
        if _CJK.search(text, rs, re_):
            continue  # spaced Han/kana/Hangul: the squashed view's job
        if sum(text[a].isalpha() for a, _ in (m.span() for m in _TOKEN.finditer(text, rs, re_))) < 3:
            continue  # "f 1 4", "1 9 8 4": no group of it can hold the three letters a word needs (_word)
        words = [(w, g) for g in _groups(nt, rs, re_) if (w := _word(text, g))]
        if not words:
            continue
        out.append((*_mini(text, words, rs, re_), False))
        if len(words) == 1 and not words[0][0].isascii() and not any(c.isupper() for c in words[0][0]):
            w, g = words[0]
            cuts = [k for k in range(3, len(g) - 2) if text[g[k]].isalpha()]
            # each reading with two words of at least two letters
            out.extend((*_mini(text, [(w[:k], g[:k]), (w[k:], g[k:])], rs, re_), True) for k in cuts)
    return out


def _mini(
    text: str, words: list[tuple[str, list[int]]], rs: int, re_: int
) -> tuple[str, list[int], int, int]:
    """The small text of ``words`` with the whole word on either side of the run, and its index map."""
    piece: list[str] = []
    pos: list[int] = []
    before = _WORD_BEFORE.search(text, 0, rs)
    if before:
        piece.append(before.group(1) + " ")
        pos.extend(range(before.start(1), before.end(1) + 1))
    j0 = len(pos)
    for w, g in words:
        piece.append(w + " ")
        pos.extend(g)
        pos.append(g[-1] + 1 if g[-1] + 1 < len(text) else g[-1])
    j1 = len(pos) - 1
    after = _WORD_AFTER.match(text, re_)
    if after:
        piece.append(after.group(1))
        pos.extend(range(after.start(1), after.end(1)))
    mini = "".join(piece).rstrip(" ")
    return mini, pos[: len(mini)], j0, j1


def spelled_hits(
    nt: NormText, scan: Callable[[NormText], Sequence[tuple[Any, ...]]]
) -> list[tuple[Any, ...]]:
    """Person hits in the spelled-out runs of ``nt``, re-based onto ``nt.text`` and marked as
    found through a spelling (the rule gets ``.spaced``). ``scan`` runs the main automaton."""
    out: list[tuple[Any, ...]] = []
    for mini, pos, j0, j1, whole in _spelled(nt):
        for h in scan(NormText(mini, mini, None, None)):
            if h[3] <= j0 or h[2] >= j1:
                continue  # wholly in a neighbouring word: the main scan has it
            if whole and (h[2] > j0 or h[3] < j1):
                continue  # a reading that splits the run: only a name of all its letters
            start, end = pos[h[2]], pos[h[3] - 1] + 1
            out.append((h[0], h[1], start, end, h[4], h[5], h[6], True))
    return out
