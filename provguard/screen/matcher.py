"""One Aho-Corasick pass finds every person form, rule keyword and context term.

Why one automaton: latency. Gazetteer forms, rule keywords, co-occurrence terms and
ambiguity deny-words all live in the same automaton over the normalised text; a second,
small automaton over the squashed view catches spaced-out long names. The compiled pair is
pickled into ``<data_dir>/cache/`` keyed by the digest of every pack it was built from, so a
cold start only unpickles.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from provguard.screen.gazetteer import Surface, all_surfaces, squashed_key
from provguard.screen.normalize import NormText, normalize_pattern
from provguard.screen.people import PersonRecord
from provguard.screen.rules import Rule

CACHE_VERSION = "pg-screen-9"
KEEP_CACHES = 3

# item kinds stored per automaton key
PERSON, KEYWORD, TERM = 0, 1, 2


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: str
    name: str
    curated: bool


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


@dataclass
class Compiled:
    people: list[PersonRef]
    entries: list[tuple[tuple[Any, ...], ...]]
    main: Any
    squashed: Any
    terms: dict[str, int]  # normalised term -> term id
    deny: dict[str, frozenset[int]]  # weak form -> deny term ids
    n_forms: int = 0
    collisions: list[tuple[str, int]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


def _kw(raw: str) -> tuple[str, bool]:
    prefix = raw.endswith("*")
    return normalize_pattern(raw.rstrip("*")), prefix


_new = tuple.__new__  # Hit(...) without the generated __new__'s Python call
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _needs_left(ch: str) -> bool:
    # Latin words and Devanagari/Bengali words (space separated) need a left boundary;
    # CJK has no spaces, Korean attaches particles on the right only.
    return (ch.isascii() and ch.isalnum()) or "\u0900" <= ch <= "\u09ff"


def _joins(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` belong to one word (Latin alnum, or Devanagari/Bengali)."""
    if a.isascii():
        return b.isascii() and a.isalnum() and b.isalnum()
    return "\u0900" <= a <= "\u09ff" and "\u0900" <= b <= "\u09ff"


def _bounds(form: str, prefix: bool) -> tuple[bool, bool]:
    return (_needs_left(form[0]), (not prefix) and form[-1].isascii() and form[-1].isalnum())


def _is_indic(ch: str) -> bool:
    return "\u0900" <= ch <= "\u09ff"


# case endings / honorifics that may follow a name in the same Hindi or Bengali word
INDIC_SUFFIXES = frozenset(
    {
        "র",
        "এর",
        "ের",
        "কে",
        "েরা",
        "রা",
        "দের",
        "ও",
        "ই",
        "ে",
        "জি",
        "জী",
        "সহ",
        "जी",
        "का",
        "की",
        "के",
        "ने",
        "को",
        "से",
        "में",
    }
)


def _indic_end_ok(text: str, stop: int) -> bool:
    """A person name in Devanagari/Bengali must end its word, bar a case ending (মোদীর, मोदीजी)."""
    if stop >= len(text) or not _is_indic(text[stop]):
        return True
    end = text.find(" ", stop)
    return text[stop : end if end >= 0 else len(text)] in INDIC_SUFFIXES


def compile_all(
    rules: Sequence[Rule], people: Sequence[PersonRecord], ambiguous: dict[str, tuple[list[str], bool]]
) -> Compiled:
    """Build both automata from rules, people and the ambiguity lexicon."""
    table: dict[str, list[tuple[Any, ...]]] = {}
    terms: dict[str, int] = {}

    def term_id(raw: str) -> int:
        nf, prefix = _kw(raw)
        key = nf + ("*" if prefix else "")
        if key not in terms:
            terms[key] = len(terms)
            bs, be = _bounds(nf, prefix)
            table.setdefault(nf, []).append((TERM, terms[key], bs, be))
        return terms[key]

    for ri, rule in enumerate(rules):
        for raw in rule.keywords:
            nf, prefix = _kw(raw)
            if not nf:
                continue
            bs, be = _bounds(nf, prefix)
            table.setdefault(nf, []).append((KEYWORD, ri, bs, be, prefix))
        for raw in (*rule.requires_any, *rule.unless):
            term_id(raw)
    deny: dict[str, frozenset[int]] = {}
    amb_forms = {normalize_pattern(f): v for f, v in ambiguous.items()}
    for nf, (words, _) in amb_forms.items():
        deny[nf] = frozenset(term_id(w) for w in words)
    surfaces = all_surfaces(people, [f for f, (_, weak) in amb_forms.items() if weak])
    # a person form that is also a rule keyword (a role word, a nickname like 总裁) cannot name
    # anyone: it is dropped and reported by ``rules lint``
    keyword_forms = {k for k, items in table.items() if any(it[0] != TERM for it in items)}
    collisions = [(s.form, s.person) for s in surfaces if s.form in keyword_forms]
    surfaces = [s for s in surfaces if s.form not in keyword_forms]
    sq_table: dict[str, list[tuple[Any, ...]]] = {}
    for s in surfaces:
        bs, be = _bounds(s.form, False)
        be = be or _is_indic(s.form[-1])
        table.setdefault(s.form, []).append((PERSON, s.person, bs, be, s.weak, s.kind))
        sq = squashed_key(s.form)
        if sq is not None:
            bs2, be2 = (True, True) if s.form.isascii() else (False, False)
            sq_table.setdefault(sq, []).append((PERSON, s.person, bs2, be2, s.weak, s.kind))
    entries: list[tuple[tuple[Any, ...], ...]] = []
    main = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, items in table.items():
        main.add_word(key, (len(key), len(entries) << 2 | _skip_flags(key, items)))
        entries.append(tuple(items))
    sq_auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, items in sq_table.items():
        sq_auto.add_word(key, (len(key), len(entries)))
        entries.append(tuple(items))
    # an empty automaton cannot be made; both always hold at least a sentinel
    for auto, shift in ((main, 2), (sq_auto, 0)):
        if len(auto) == 0:
            auto.add_word("\x00\x00", (2, len(entries) << shift))
            entries.append(())
        auto.make_automaton()
    people_refs = [PersonRef(p.id, p.name, p.curated) for p in people]
    return Compiled(
        people_refs,
        entries,
        main,
        sq_auto,
        terms,
        deny,
        n_forms=len(surfaces),
        collisions=collisions,
        stats={
            "people": len(people),
            "forms": len(surfaces),
            "keys": len(main),
            "squashed_keys": len(sq_auto),
        },
    )


def _skip_flags(key: str, items: list[tuple[Any, ...]]) -> int:
    """Bit 1: skip the key when an ASCII letter/digit precedes it; bit 0: when one follows.

    Set only for keys starting/ending with an ASCII letter or digit whose every item needs that
    boundary: then a failed boundary rejects all items (the Indic case ending never applies to an
    ASCII last character), and ``scan`` drops the hit before any other work. Most raw hits are
    short names inside longer words ("ali" in "realistic"), so this is the common case.
    """
    left = key[0] in _ASCII_ALNUM and all(it[2] for it in items)
    right = key[-1] in _ASCII_ALNUM and all(it[3] for it in items)
    return (2 if left else 0) | (1 if right else 0)


def scan(c: Compiled, nt: NormText) -> tuple[dict[int, list[Hit]], list[Hit], set[int]]:
    """Keyword hits by rule index, person hits (normalised spans, in text order, squashed-view
    hits last) and the set of term ids present."""
    kw: dict[int, list[Hit]] = {}
    persons: list[Hit] = []
    found: set[int] = set()
    text = nt.text
    n = len(text)
    entries = c.entries
    alnum = _ASCII_ALNUM
    for end, (length, code) in c.main.iter(text):
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
            left_ok = not (
                (a in _ASCII_ALNUM and b in _ASCII_ALNUM)
                or ("\u0900" <= a <= "\u09ff" and "\u0900" <= b <= "\u09ff")
            )
        if code & 1 or stop >= n:
            right_ok = True
        else:
            a, b = text[end], text[stop]
            right_ok = not (
                (a in _ASCII_ALNUM and b in _ASCII_ALNUM)
                or ("\u0900" <= a <= "\u09ff" and "\u0900" <= b <= "\u09ff")
            )
        for item in entries[ei]:
            if (item[2] and not left_ok) or (item[3] and not right_ok):
                if not (item[0] == PERSON and left_ok and _is_indic(text[end]) and _indic_end_ok(text, stop)):
                    continue
            k = item[0]
            if k == TERM:
                found.add(item[1])
            elif k == KEYWORD:
                e = stop
                if item[4]:  # prefix keyword: report the whole word
                    while e < n and text[e].isalnum():
                        e += 1
                h = _new(Hit, (KEYWORD, item[1], start, e, False, "", "", False))
                rh = kw.get(item[1])
                if rh is None:
                    kw[item[1]] = [h]
                else:
                    rh.append(h)
            else:
                hit = (PERSON, item[1], start, stop, item[4], item[5], text[start:stop], False)
                persons.append(_new(Hit, hit))
    sq = nt.squashed if nt.spaced_out() else ""
    if len(sq) >= 3 and len(sq) != len(text):
        idx: list[int] | None = None  # built on the first hit: most squashed views have none
        for end, (length, ei) in c.squashed.iter(sq):
            if idx is None:
                idx = nt.sq_index
            s0, e0 = idx[end - length + 1], idx[end] + 1
            for item in entries[ei]:
                if item[2] and (
                    (s0 > 0 and _joins(text[s0 - 1], text[s0])) or (e0 < n and _joins(text[e0 - 1], text[e0]))
                ):
                    continue
                persons.append(
                    Hit(PERSON, item[1], s0, e0, item[4], item[5], sq[end - length + 1 : end + 1], True)
                )
    return kw, persons, found


# --------------------------------------------------------------------------- cache


def cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"screen-{CACHE_VERSION}-{key[:32]}.pkl"


def load_cached(cache_dir: Path | None, key: str) -> Compiled | None:
    if cache_dir is None:
        return None
    p = cache_path(cache_dir, key)
    try:
        with p.open("rb") as fh:
            obj = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return obj if isinstance(obj, Compiled) else None


def store_cached(cache_dir: Path | None, key: str, compiled: Compiled) -> None:
    """Write atomically; a read-only or missing data dir just means no cache."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(compiled, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_path(cache_dir, key))
        # keep the few newest caches: packs change, old automata are dead weight (tens of MB)
        old = sorted(cache_dir.glob("screen-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP_CACHES:]:
            stale.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


__all__ = ["Compiled", "Hit", "PersonRef", "Surface", "compile_all", "load_cached", "scan", "store_cached"]
