"""One Aho-Corasick pass finds every person form, rule keyword and context term.

Why one automaton: latency. Gazetteer forms, rule keywords, co-occurrence terms and
ambiguity deny-words all live in the same automaton over the normalised text; a second,
small automaton over the squashed view catches spaced-out long names. The compiled form is
cached in ``<data_dir>/cache/`` (``compiled.py``, ``cache.py``), so a cold start loads only
the parts a prompt needs.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from provguard.screen import morph, spelled

# item kinds stored per automaton key, and the compile half (re-exported under its old names)
from provguard.screen.automaton_build import (
    _ASCII_ALNUM,
    KEYWORD,
    PERSON,
    TERM,
    ascii_automaton,
    compile_all,
    word_starts,
)
from provguard.screen.bounds import (
    _joins,
    _person_tail_ok,
    _semitic_edges_ok,
    _wclass,
)
from provguard.screen.compiled import Compiled, PersonRef
from provguard.screen.normalize import NormText

# the compiled form's layout; the cache key also covers the code (see loader.code_digest)
CACHE_VERSION = "pg-screen-15"


class Hit(NamedTuple):
    """One automaton hit (a tuple: built per match on the hot path, so it must be cheap)."""

    kind: int  # PERSON | KEYWORD
    ref: int  # person index or rule index
    start: int  # in normalised text
    end: int
    weak: bool = False
    surface_kind: str = ""
    form: str = ""
    squashed: bool = False


_new = tuple.__new__  # Hit(...) without the generated __new__'s Python call
# the rest of a word: ``[^\W_]`` is exactly ``str.isalnum`` (the regex word class is isalnum or "_")
_ALNUM_RUN = re.compile(r"[^\W_]*")
_NOT_INFL, _MIN_STEM = morph.NOT_INFLECTIONS, morph.MIN_STEM  # word_matches's first tests, read in C too
try:  # scan's per-hit loop for ASCII text in C (_scan_fast.c); optional in the build, same hits in Python
    from provguard.screen._scan_fast import scan_ascii as _scan_ascii
except ImportError:  # pragma: no cover - a build without a C compiler
    _scan_ascii = None  # type: ignore[assignment]


# CJK sentence punctuation between two Han characters is a clause break, not an evasion separator
_CJK_CLAUSE = frozenset("，。、；：！？“”‘’「」『』（）《》【】")


def _clause_break(nt: NormText, i: int) -> bool:
    """Whether normalised ``text[i]`` (a separator) was CJK sentence punctuation in the prompt."""
    a, b = nt.span(i, i + 1)
    return any(ch in _CJK_CLAUSE for ch in nt.original[a:b])


def _edge_ok(
    item: tuple[Any, ...], text: str, start: int, end: int, stop: int, left_ok: int, right_ok: int
) -> bool:
    """A person form whose boundary failed: still a name with a case ending or a clitic (scan's test)."""
    return bool(
        (left_ok and _person_tail_ok(item, text, end, stop))
        or _semitic_edges_ok(text, start, stop, bool(left_ok), bool(right_ok))
    )


def _person_hit(
    item: tuple[Any, ...], text: str, start: int, end: int, stop: int, right_ok: int
) -> Hit | None:
    """One person item of a hit as a Hit, or None (scan's Python loop; the C loop calls it for an item with
    a stem, case or inflection marker and builds the plain ones itself)."""
    m = item[6]
    e = stop
    if m in morph.STEM_MARKERS:  # a name's stem (Hołowni, Czarnka): only with a tail
        e = morph.stem_tail(text, stop, m)
        if e < 0:
            return None
        return _new(Hit, (PERSON, item[1], start, e, item[4], item[5], text[start:stop], False))
    # a stemmed (Cyrillic) name or a Latin name with a case ending: the whole word
    if m is not None and (m.__class__ is tuple or (m == "" and not right_ok)):
        wend = _ALNUM_RUN.match(text, stop).end()  # type: ignore[union-attr]
        word = text[start:wend].rpartition(" ")[2]
        e = wend
        if m.__class__ is tuple and not morph.name_word_matches(m[1], m[2], word):
            return None
    return _new(Hit, (PERSON, item[1], start, e, item[4], item[5], text[start:stop], m == "joined"))


def scan(c: Compiled, nt: NormText) -> tuple[dict[int, list[Hit]], list[Hit], set[int]]:
    """Keyword hits by rule index, person hits (normalised spans, in text order, squashed-view
    hits last) and the set of term ids present."""
    kw: dict[int, list[Hit]] = {}
    persons: list[Hit] = []
    found: set[int] = set()
    text = nt.text
    n = len(text)
    main, entries, marked = c.scan_part(text)
    if marked and _scan_ascii is not None:  # ASCII text: the same loop in C (_scan_fast.c)
        calls = (_edge_ok, morph.word_matches, _person_hit, _NOT_INFL, _MIN_STEM)
        hits = main.iter(nt.marked or word_starts(text))  # (marked by normalize's C pass, if it ran)
        done = _scan_ascii(hits, text, entries, kw, persons, found, Hit, *calls)
    else:
        done = False
    alnum = _ASCII_ALNUM
    walked = () if done else main.iter((nt.marked or word_starts(text)) if marked else text)
    for end, (length, code) in walked:
        start = end - length + 1
        stop = end + 1
        if code & 2 and start and text[start - 1] in alnum:
            continue
        if code & 1 and stop < n and text[stop] in alnum:
            continue
        ei = code >> 2
        # inlined _joins(): this loop is the hot path. A flagged side that got here is a boundary
        # (its key character is an ASCII letter/digit and the neighbour was just checked).
        if code & 2 or not start:
            left_ok = True
        else:
            a, b = text[start - 1], text[start]
            if a < "\x80":
                left_ok = not (a in alnum and b in alnum)
            else:
                w = _wclass(a)
                left_ok = w == 0 or w != _wclass(b)
        if code & 1 or stop >= n:
            right_ok = True
        else:
            a, b = text[end], text[stop]
            if b < "\x80":
                right_ok = not (a in alnum and b in alnum)
            else:
                w = _wclass(b)
                right_ok = w == 0 or w != _wclass(a)
        word = ""  # the last word of text[start:wend], both found once per hit (a key has many items)
        wend = -1
        for item in entries[ei]:
            k = item[0]
            if (item[2] and not left_ok) or (item[3] and not right_ok):
                if k != PERSON:
                    continue
                if not _edge_ok(item, text, start, end, stop, left_ok, right_ok):
                    continue
            if k == TERM:
                found.add(item[1])
            elif k == KEYWORD:
                e = stop
                if item[4]:  # prefix keyword: report the whole word
                    if wend < 0:
                        wend = _ALNUM_RUN.match(text, stop).end()  # type: ignore[union-attr]
                        word = text[start:wend].rpartition(" ")[2]
                    e = wend
                    v = item[5]
                    if v is not None and not morph.word_matches(v[0], v[1], v[2], word, v[3]):
                        continue
                h = _new(Hit, (KEYWORD, item[1], start, e, False, "", "", False))
                rh = kw.get(item[1])
                if rh is None:
                    kw[item[1]] = [h]
                else:
                    rh.append(h)
            elif (ph := _person_hit(item, text, start, end, stop, right_ok)) is not None:
                persons.append(ph)
    spaced = nt.spaced_out()
    sq = nt.squashed if spaced else ""
    if spaced:  # short names spelled out letter by letter ("L-i-s-a"): rejoined, main automaton
        persons += [_new(Hit, h) for h in spelled.spelled_hits(nt, lambda m: scan(c, m)[1])]
    if len(sq) >= 3 and len(sq) != len(text):
        idx: list[int] | None = None  # built on the first hit: most squashed views have none
        sq_auto, entries = c.squashed_part()
        for end, (length, ei) in sq_auto.iter(sq):
            if idx is None:
                idx = nt.sq_index
            s0, e0 = idx[end - length + 1], idx[end] + 1
            if length == 2 and not (e0 - s0 == 3 and (s0 == 0 or text[s0 - 1] in " ,.!?")):
                continue  # a two-character Han name counts only as "姓 名" starting a word
            if length == 2 and _clause_break(nt, s0 + 1):
                continue  # "…”卡，卡通": a CJK comma or quote ends a clause, it does not split a name
            for item in entries[ei]:
                if item[2] and (
                    (s0 > 0 and _joins(text[s0 - 1], text[s0])) or (e0 < n and _joins(text[e0 - 1], text[e0]))
                ):
                    continue
                persons.append(
                    Hit(PERSON, item[1], s0, e0, item[4], item[5], sq[end - length + 1 : end + 1], True)
                )
    return kw, persons, found


__all__ = ["Compiled", "Hit", "PersonRef", "ascii_automaton", "compile_all", "scan", "word_starts"]
