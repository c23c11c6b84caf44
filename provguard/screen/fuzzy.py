"""Names the exact automaton cannot see: misspelt ("Joe Bidden"), or written in a script the
people pack has no form for ("Дональд Трамп", "Зеленский").

Why only on candidate spans: the exact pass costs microseconds and covers nearly every prompt.
This pass runs only when the engine found a person-directed or photoreal context and no person;
it looks at name-like spans (capitalised Latin words, or words of a non-Latin alphabet it
transliterates with ``anyascii``) and compares them with the strong Latin names of curated
people under a bounded optimal-string-alignment distance (``rapidfuzz``) that grows with length.
Short and weak forms are never matched fuzzily.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from provguard.screen import lazy_re, morph
from provguard.screen.fuzzy_words import WORDS

if TYPE_CHECKING:
    from provguard.screen.gazetteer import Surface
    from provguard.screen.normalize import NormText
    from provguard.screen.people import PersonRecord

__all__ = [
    "FuzzyIndex",
    "NameHit",
    "Span",
    "broken_names",
    "build_index",
    "candidate_spans",
    "lookup",
    "max_distance",
]

MIN_SINGLE = 8  # a single-word name shorter than this is never matched fuzzily (Hilton ≠ Hinton)
MIN_GIVEN_COUNT = 3  # a first name seen this often in the people lists counts as a given name
MAX_SPANS = 16  # candidate windows per prompt: bounds the slow path on long title-case prompts


@dataclass
class FuzzyIndex:
    """Strong Latin name keys (spaces removed) bucketed by length, plus the given-name set the
    unknown-person detector uses (first words of every listed person's name)."""

    # (words 1|2, first letter) -> keys: a misspelling rarely changes the first letter, and the
    # bucket keeps one comparison call per span to a few hundred names instead of thousands
    buckets: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    refs: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    given: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    very_common: frozenset[str] = frozenset()  # "black", "golden", "king": never a first name
    # "dynasty", "taylor": too everyday for a surname when only a given name vouches for the pair
    semi_common: frozenset[str] = frozenset()
    # every key above -> its person: a name broken into fragments ("Tay lor Swi ft") joins to one
    joined: dict[str, int] = field(default_factory=dict)


class Span(NamedTuple):
    start: int  # in normalised text
    end: int
    key: str  # letters only, lowercase ASCII
    translit: bool
    words: int
    hangul: bool = False


class NameHit(NamedTuple):
    person: int
    start: int
    end: int
    distance: int
    translit: bool


def max_distance(n: int, translit: bool) -> int:
    """Edit budget for a key of ``n`` letters: none below 5, then 1, 2, 3 as it grows."""
    if translit:
        return 0 if n < 4 else 1 if n < 8 else 2 if n < 12 else 3
    return 0 if n < 5 else 1 if n < 9 else 2 if n < 14 else 3


def build_index(
    people: Sequence[PersonRecord], surfaces: Sequence[Surface], given_names: Sequence[str] = ()
) -> FuzzyIndex:
    idx = FuzzyIndex()
    seen: set[tuple[str, int]] = set()
    for s in surfaces:
        if s.weak or s.kind not in ("name", "alias") or not s.form.isascii():
            continue
        if s.person >= len(people) or not people[s.person].curated:
            continue
        key = re.sub(r"[^a-z]", "", s.form)
        single = " " not in s.form
        if len(key) < (MIN_SINGLE if single else 8) or (key, s.person) in seen:
            continue
        seen.add((key, s.person))
        b = (1 if single else 2, key[0])
        idx.buckets.setdefault(b, []).append(key)
        idx.refs.setdefault(b, []).append(s.person)
        idx.joined.setdefault(key, s.person)
    firsts: Counter[str] = Counter()
    for p in people:
        first = p.name.split(" ", 1)[0].lower()
        if " " in p.name and first.isascii() and first.isalpha() and len(first) >= 3:
            firsts[first] += 1
    idx.common, idx.very_common, idx.semi_common = _common_words()
    # the list (first words of many real people's names) minus everyday words of the highest
    # frequency: "Grace" and "Mark" stay names only when the pack itself has several of them
    listed = {w for w in given_names if w not in idx.very_common}
    idx.given = frozenset(listed | {w for w, c in firsts.items() if c >= MIN_GIVEN_COUNT})
    return idx


COMMON_MIN_FREQ = 3000  # pyspellchecker counts: "garden" 30k, "rose" 27k; "smith" 1k, "biden" 50
SEMI_COMMON_MIN_FREQ = 1500  # "dynasty" 2.7k, "taylor" 2.7k; "garcia" 532, "johnson" 808
VERY_COMMON_MIN_FREQ = 20000  # "black" 253k, "mark" 50k, "grace" 24k; "joe" 4.8k, "john" 6.9k
COMMON_LANGS = ("en", "es", "fr", "de", "pt", "it", "nl", "ru")


@lru_cache(maxsize=1)
def _common_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Everyday words in the languages pyspellchecker ships: (frequency >= COMMON_MIN_FREQ,
    frequency >= VERY_COMMON_MIN_FREQ, frequency >= SEMI_COMMON_MIN_FREQ)."""
    try:
        from spellchecker import WordFrequency
    except ImportError:  # pragma: no cover - a core dependency
        return frozenset(), frozenset(), frozenset()
    common: set[str] = set()
    very: set[str] = set()
    semi: set[str] = set()
    for lang in COMMON_LANGS:
        wf = WordFrequency()
        try:
            wf.load_dictionary(_dict_path(lang))
        except (OSError, ValueError):
            continue
        for w, c in wf.dictionary.items():
            if c >= SEMI_COMMON_MIN_FREQ:
                semi.add(w)
                if c >= COMMON_MIN_FREQ:
                    common.add(w)
                    if c >= VERY_COMMON_MIN_FREQ:
                        very.add(w)
    return frozenset(common), frozenset(very), frozenset(semi)


def _dict_path(lang: str) -> str:
    from importlib import resources

    return str(resources.files("spellchecker").joinpath(f"resources/{lang}.json.gz"))


# Greek, Cyrillic, Armenian, Hebrew, Arabic/Persian, Georgian, Thai, Hangul
_TRANSLIT_SCRIPT = lazy_re.compile(
    "[\u0370-\u03ff\u0400-\u04ff\u0530-\u058f\u0590-\u05ff\u0600-\u06ff"
    "\u10a0-\u10ff\u0e00-\u0e7f\uac00-\ud7af]"
)
_WORD = lazy_re.compile(r"[^\W\d_]+")
_HANGUL = lazy_re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = lazy_re.compile("[\u0400-\u04ff]+")
# adjectival endings: such a word is compared by its stem (names without them as written: Исиба)
_ADJ_ENDINGS = tuple("ого его ому ему ой ей ый ий ая яя ое ее ые ие ых их ым им ую юю".split()) + (
    # Ukrainian neuter adjectives (плівкове "film", рожеве "pink", кольорове "colour"): no name ends so
    "ове", "еве", "єве",
)
_HANGUL_NAME = lazy_re.compile(r"[\uac00-\ud7af]{3}")


def _compound_part(nt: NormText, s: int, e: int, identity: bool) -> bool:
    """A Latin word hyphenated to another ("Spielzeug-Handschellen", "Polizei-Auto"): one part of a
    compound is no name on its own (a double-barrelled name is tried as a two-word window)."""
    o0, o1 = (s, e) if identity else nt.span(s, e)
    orig = nt.original
    after = o1 + 1 < len(orig) and orig[o1] == "-" and orig[o1 + 1].isalpha()
    before = o0 > 1 and orig[o0 - 1] == "-" and orig[o0 - 2].isalpha()
    return after or before


def candidate_spans(
    nt: NormText,
    latin_ok: bool,
    taken: Sequence[tuple[int, int]],
    common: frozenset[str] = frozenset(),
    given: frozenset[str] = frozenset(),
) -> list[Span]:
    """Name-like windows of one or two words: with ``latin_ok``, capitalised Latin words (any
    Latin words when the prompt has no capitals); always words of a transliterable script.
    Windows of everyday words (``common``) are left out, and at most ``MAX_SPANS`` are kept."""
    from anyascii import anyascii

    text, orig = nt.text, nt.original
    has_upper = not orig.islower()
    covered = bytearray(len(text) + 1)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)
    identity = nt.starts is None and nt.breaks is None and nt._spaced is None
    words: list[tuple[int, int, str, bool]] = []  # (start, end, key, translit)
    for m in _WORD.finditer(text):
        s, e = m.span()
        if covered[s] or covered[e - 1]:
            words.append((s, e, "", False))  # a barrier: never part of a candidate
            continue
        w = m.group(0)
        if w.isascii():
            if not latin_ok:
                words.append((s, e, "", False))
                continue
            o0 = s if identity else nt.span(s, e)[0]
            ok = not has_upper or orig[o0 : o0 + 1].isupper()
            words.append((s, e, w if ok else "", False))
        elif _HANGUL_NAME.fullmatch(w):
            # a Korean full name is three syllables; shorter or longer Hangul words are words
            # (저녁 "evening" romanises close to a singer's name), and only with a directed context
            key = re.sub(r"[^a-z]", "", anyascii(w).lower()) if latin_ok else ""
            words.append((s, e, key, True))
        elif _TRANSLIT_SCRIPT.search(w) and not _HANGUL.search(w):
            if _CYRILLIC.fullmatch(w) and w.endswith(_ADJ_ENDINGS):
                # compare the stem: an adjective's ending is no misspelling (зеленого "green"
                # is not Zelensky; Зеленскому stems to зеленск, one edit from the name)
                w = morph.stem("russian", w)
            key = re.sub(r"[^a-z]", "", anyascii(w).lower())
            words.append((s, e, key, True))
        else:
            words.append((s, e, "", False))
    out: list[Span] = []
    for i, (s, e, key, tr) in enumerate(words):
        if not key:
            continue
        hangul = tr and _HANGUL.match(text[s]) is not None
        if len(key) >= (4 if tr else MIN_SINGLE) and (tr or key not in common) and not (
            not tr and _compound_part(nt, s, e, identity)
        ):
            out.append(Span(s, e, key, tr, 1, hangul))
        if i + 1 < len(words) and not hangul:
            s2, e2, key2, tr2 = words[i + 1]
            if key2 and tr2 == tr and text[e:s2].strip() == "" and not _HANGUL.match(text[s2]):
                if tr or key in given or not (key in common and key2 in common):
                    out.append(Span(s, e2, key + key2, tr, 2, False))
        if len(out) >= MAX_SPANS:
            break
    return out


def _within_length(idx: FuzzyIndex, b: tuple[int, str], n: int, k: int) -> list[int]:
    """Positions in bucket ``b`` of the keys whose length is within ``k`` of ``n``, in bucket order.

    Why: a key more than ``k`` letters longer or shorter is more than ``k`` edits away, and comparing the
    whole bucket (up to a thousand names) was most of a long prompt's slow path (the p99). Bucket order
    is kept, so the first of equally close names wins as before. Built per bucket on first use and kept
    with the index (not part of its cached form)."""
    views: dict[tuple[int, str], tuple[list[int], list[int]]] = idx.__dict__.setdefault("_by_length", {})
    view = views.get(b)
    if view is None:
        keys = idx.buckets.get(b) or []
        order = sorted(range(len(keys)), key=lambda i: (len(keys[i]), i))
        view = views[b] = ([len(keys[i]) for i in order], order)
    lengths, order = view
    return sorted(order[bisect_left(lengths, n - k) : bisect_right(lengths, n + k)])


def lookup(idx: FuzzyIndex, spans: Sequence[Span]) -> list[NameHit]:
    """Best gazetteer name per span within the edit budget; overlapping spans keep the closer
    (then longer) match. Exact Latin matches are skipped: the automaton saw them and a later
    filter (ambiguity, sentence case) dropped them on purpose."""
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extractOne

    found: list[NameHit] = []
    for sp in spans:
        n = len(sp.key)
        k = min(1, max_distance(n, True)) if sp.hangul else max_distance(n, sp.translit)
        words = 1 if sp.words == 1 and not sp.hangul else 2  # a Korean name is one word in Hangul
        if k == 0 and not sp.translit:
            continue
        if sp.words == 1 and not sp.translit and sp.key in WORDS:
            continue  # a dictionary word near a name ("Spielzeug", two edits from Spielberg)
        b = (words, sp.key[0])
        at = _within_length(idx, b, n, k)
        if not at:
            continue
        choices = idx.buckets[b]
        r = extractOne(sp.key, [choices[i] for i in at], scorer=OSA.distance, score_cutoff=k)
        best = None if r is None else (int(r[1]), idx.refs[b][at[r[2]]])
        if best is None or (best[0] == 0 and not sp.translit):
            continue
        found.append(NameHit(best[1], sp.start, sp.end, best[0], sp.translit))
    found.sort(key=lambda h: (h.distance, h.start - h.end))
    chosen: list[NameHit] = []
    for h in found:
        if all(h.end <= c.start or c.end <= h.start for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


MAX_FRAGMENT = 5  # letters of one fragment of a broken name
MAX_JOINED = 24


def broken_names(idx: FuzzyIndex, nt: NormText, taken: Sequence[tuple[int, int]]) -> list[NameHit]:
    """Names typed in fragments to dodge a word list ("Tay lor Swi ft", "Scar lett Johan sson"): two
    or more Latin fragments of at most five letters that join to exactly the key of a strong name of
    eight or more letters. Exact only: short words of prose ("a cat on the mat") do not join to a
    name by chance, and a name written as itself ("Bad Bunny") is an automaton hit, so ``taken``."""
    text = nt.text
    frags = [
        (m.start(), m.end())
        for m in _WORD.finditer(text)
        if m.end() - m.start() <= MAX_FRAGMENT and text[m.start()].isascii()
    ]
    out: list[NameHit] = []
    i, n = 0, len(frags)
    while i < n:
        best = None
        key = ""
        for j in range(i, n):
            if j > i and text[frags[j - 1][1] : frags[j][0]] != " ":
                break
            key += text[frags[j][0] : frags[j][1]]
            if len(key) > MAX_JOINED:
                break
            if j > i and len(key) >= MIN_SINGLE and key in idx.joined:
                best = j
        if best is None:
            i += 1
            continue
        s, e = frags[i][0], frags[best][1]
        parts = frags[i : best + 1]
        # a keyword inside one fragment ("go") is chance; a hit across fragments is the name itself
        if not any(a < e and s < b and not any(fa <= a and b <= fb for fa, fb in parts) for a, b in taken):
            person = idx.joined["".join(text[a:b] for a, b in parts)]
            out.append(NameHit(person, s, e, 0, False))
        i = best + 1
    return out
