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
from provguard.screen.normalize import NormText

__all__ = ["spelled_groups", "spelled_hits"]

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
# three or more one-character tokens in a row (the normalised text has one space per separator)
# (opening with the space lets the engine skip to spaces in C; the start of the text apart)
_RUN = lazy_re.compile(r" (\w(?: \w){2,})(?!\S)")
_RUN_START = lazy_re.compile(r"\w(?: \w){2,}(?!\S)")
_WORD_BEFORE = lazy_re.compile(r"(\w{2,}) $")
_WORD_AFTER = lazy_re.compile(r" (\w{2,})")
_CJK = lazy_re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _groups(nt: NormText, s: int, e: int) -> list[list[int]]:
    """Text indices of the letters of one run, split into the words the writer meant."""
    idx = list(range(s, e, 2))
    spans = [nt.span(i, i + 1) for i in idx]
    orig = nt.original
    seps = [orig[spans[k][1] : spans[k + 1][0]] for k in range(len(idx) - 1)]
    spaced = [not sep.strip() for sep in seps]  # a separator of whitespace only
    marked = not all(spaced)  # dots/hyphens/underscores: a plain space is a word break
    shortest = min((len(x) for x in seps), default=1)
    out: list[list[int]] = [[idx[0]]]
    for k, sep in enumerate(seps):
        prev = orig[spans[k][0] : spans[k][1]]
        cur = orig[spans[k + 1][0] : spans[k + 1][1]]
        brk = (marked and spaced[k]) or (not marked and len(sep) > shortest)
        brk = brk or (prev.islower() and cur.isupper())
        if brk:
            out.append([])
        out[-1].append(idx[k + 1])
    return out


def _word(text: str, group: list[int]) -> str | None:
    """The joined word of one group, or None when it is a code rather than a spelled name."""
    chars = [text[i] for i in group]
    letters = sum(c.isalpha() for c in chars)
    leet = sum(c in _LEET for c in chars)
    if letters < 3 or letters + leet != len(chars) or leet > 1:
        return None
    return "".join(_LEET.get(c, c) for c in chars)


def spelled_groups(nt: NormText) -> list[tuple[str, list[int], int, int]]:
    """Each spelled-out run as a small text (joined words plus the whole word on either side),
    per character of it the index into ``nt.text`` it stands for, and where the joined words
    start and end in it."""
    text = nt.text
    out: list[tuple[str, list[int], int, int]] = []
    runs = [m.span(1) for m in _RUN.finditer(text)]
    first = _RUN_START.match(text)
    if first:  # the run at the start, and not its tail that the search above also found
        runs = [first.span()] + [r for r in runs if r[0] >= first.end()]
    for rs, re_ in runs:
        if _CJK.search(text, rs, re_):
            continue  # spaced Han/kana/Hangul: the squashed view's job
        if sum(ch.isalpha() for ch in text[rs:re_:2]) < 3:
            continue  # "f 1 4", "1 9 8 4": no group of it can hold the three letters a word needs (_word)
        words = [(w, g) for g in _groups(nt, rs, re_) if (w := _word(text, g))]
        if not words:
            continue
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
        out.append((mini, pos[: len(mini)], j0, j1))
    return out


def spelled_hits(
    nt: NormText, scan: Callable[[NormText], Sequence[tuple[Any, ...]]]
) -> list[tuple[Any, ...]]:
    """Person hits in the spelled-out runs of ``nt``, re-based onto ``nt.text`` and marked as
    found through a spelling (the rule gets ``.spaced``). ``scan`` runs the main automaton."""
    out: list[tuple[Any, ...]] = []
    for mini, pos, j0, j1 in spelled_groups(nt):
        for h in scan(NormText(mini, mini, None, None)):
            if h[3] <= j0 or h[2] >= j1:
                continue  # wholly in a neighbouring word: the main scan has it
            start, end = pos[h[2]], pos[h[3] - 1] + 1
            out.append((h[0], h[1], start, end, h[4], h[5], h[6], True))
    return out
