"""What one automaton hit gives: the hit tuple and the per-entry work ``matcher.scan`` memoises.

Why a memo: most hits on real prompts are a handful of common keys ("photo", "realistic", stemmed
keys like "fac"), and what their rule keywords and terms give depends only on the entry and on the
two boundary results, plus, for stemmed and prefix keywords, on the word the key opens. Working it
out per hit was most of ``scan``'s Python time; person items still run per hit (their checks read
the text around the hit).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from provguard.screen import morph
from provguard.screen.bounds import _person_tail_ok, _semitic_edges_ok

# item kinds stored per automaton key
PERSON, KEYWORD, TERM = 0, 1, 2


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

# entries of the hit memo (``Compiled.hit_memo``) before it starts over: keys are entry indices
# and (entry, following word) pairs of keys found in prompts, so it grows with the words seen
_MEMO_MAX = 200_000
# what one entry gives at a pair of boundary results: (keyword results, term ids, person items,
# whether the keyword results depend on the word the key opens); keyword results are
# (rule index, reports the whole word) or, when they depend on the word, the items to verify
Plan = tuple[tuple[tuple[Any, ...], ...], tuple[int, ...], tuple[tuple[Any, ...], ...], bool]


def _plan(items: tuple[tuple[Any, ...], ...], left_ok: bool, right_ok: bool) -> Plan:
    """The rule keywords and terms of an entry that pass these boundaries (in item order, as
    ``scan`` reports them) and its person items, left to ``_person_items``."""
    kws: list[tuple[Any, ...]] = []
    tids: list[int] = []
    pitems: list[tuple[Any, ...]] = []
    for item in items:
        k = item[0]
        if k == PERSON:
            pitems.append(item)
        elif (item[2] and not left_ok) or (item[3] and not right_ok):
            continue
        elif k == TERM:
            tids.append(item[1])
        else:
            kws.append((item[1], bool(item[4]), item[5]))
    wordy = any(whole for _, whole, _ in kws)
    res = tuple(kws) if wordy else tuple((ri, False) for ri, _, _ in kws)
    return res, tuple(tids), tuple(pitems), wordy


def _verify(kws: tuple[tuple[Any, ...], ...], word: str) -> tuple[tuple[int, bool], ...]:
    """The keyword results of a plan for the prompt's ``word``: a stemmed keyword only when the
    word is one of its inflections; a prefix keyword reports the whole word."""
    return tuple(
        (ri, whole)
        for ri, whole, v in kws
        if v is None or morph.word_matches(v[0], v[1], v[2], word, v[3])
    )


def _person_items(
    pitems: tuple[tuple[Any, ...], ...],
    text: str,
    start: int,
    stop: int,
    end: int,
    wend: int,
    left_ok: bool,
    right_ok: bool,
    persons: list[Hit],
) -> None:
    """Person hits of one automaton hit's person items (``wend``: the word's end, -1 if not known yet)."""
    word = ""
    for item in pitems:
        if (item[2] and not left_ok) or (item[3] and not right_ok):
            if not (
                (left_ok and _person_tail_ok(item, text, end, stop))
                or _semitic_edges_ok(text, start, stop, left_ok, right_ok)
            ):
                continue
        m = item[6]
        e = stop
        if m in morph.STEM_MARKERS:  # a name's stem (Hołowni, Czarnka): only with a tail
            e = morph.stem_tail(text, stop, m)
            if e < 0:
                continue
            hit = (PERSON, item[1], start, e, item[4], item[5], text[start:stop], False)
            persons.append(_new(Hit, hit))
            continue
        # a stemmed (Cyrillic) name or a Latin name with a case ending: the whole word
        if m is not None and (m.__class__ is tuple or (m == "" and not right_ok)):
            if wend < 0:
                wend = _ALNUM_RUN.match(text, stop).end()  # type: ignore[union-attr]
            if not word:
                word = text[start:wend].rpartition(" ")[2]
            e = wend
            if m.__class__ is tuple and not morph.word_matches(m[0], m[1], m[2], word, False):
                continue
        hit = (PERSON, item[1], start, e, item[4], item[5], text[start:stop], m == "joined")
        persons.append(_new(Hit, hit))
