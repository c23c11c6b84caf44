"""One Aho-Corasick pass finds every person form, rule keyword and context term.

Why one automaton: latency. Gazetteer forms, rule keywords, co-occurrence terms and
ambiguity deny-words all live in the same automaton over the normalised text; a second,
small automaton over the squashed view catches spaced-out long names. The compiled form is
cached in ``<data_dir>/cache/`` (``compiled.py``, ``cache.py``), so a cold start loads only
the parts a prompt needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from provguard.screen import morph, spelled
from provguard.screen.bounds import (
    _bounds,
    _is_indic,
    _joins,
    _person_tail_ok,
    _semitic_edges_ok,
    _wclass,
)
from provguard.screen.compiled import Compiled, PersonRef
from provguard.screen.normalize import NormText, normalize_pattern

if TYPE_CHECKING:  # compile-time only: a cached start never imports them
    from provguard.screen.gazetteer import Surface
    from provguard.screen.people import PersonRecord
    from provguard.screen.rules import Rule

# the compiled form's layout; the cache key also covers the code (see engine_cache.code_digest)
CACHE_VERSION = "pg-screen-14"

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


def _kw(raw: str) -> tuple[str, bool]:
    prefix = raw.endswith("*")
    return normalize_pattern(raw.rstrip("*")), prefix


_new = tuple.__new__  # Hit(...) without the generated __new__'s Python call
# the rest of a word: ``[^\W_]`` is exactly ``str.isalnum`` (the regex word class is isalnum or "_")
_ALNUM_RUN = re.compile(r"[^\W_]*")
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NOT_INFL, _MIN_STEM = morph.NOT_INFLECTIONS, morph.MIN_STEM  # word_matches's first tests, read in C too
try:  # scan's per-hit loop for ASCII text in C (_scan_fast.c); optional in the build, same hits in Python
    from provguard.screen._scan_fast import scan_ascii as _scan_ascii
except ImportError:  # pragma: no cover - a build without a C compiler
    _scan_ascii = None  # type: ignore[assignment]


def word_starts(text: str) -> str:
    """ASCII ``text`` (normalised: no capitals) with every word start marked, one character for
    one: each letter that opens the text or follows a non-letter is uppercased (``bytes.title``,
    one pass in C).

    Why: the ASCII automaton holds its keys marked the same way (``ascii_automaton``), so a key
    that needs a word boundary on its left matches only where a word starts (or after a digit,
    which ``scan``'s boundary check drops as before). Unmarked, the 88k-name automaton reported
    every short name inside a longer word ("ali" in "realistic": 57% of its hits on I2P) and at
    every character walked fail links through cold nodes of a 36 MB trie.
    """
    return text.encode("ascii").title().decode("ascii")


def ascii_automaton(items: Iterable[tuple[str, tuple[int, int]]], empty_entry: int) -> Any:
    """The automaton of the ASCII keys of ``items`` (the main automaton's), each marked like
    ``word_starts``, with the same values. Scanning ``word_starts(text)`` with it reports the
    main automaton's hits on ``text`` in the same order, less hits of keys whose left-boundary
    flag (``_skip_flags`` bit 1) needs a non-letter before them; what ``scan`` keeps is the same.
    A key opening with a letter, without that flag, is added twice: marked as opening a word and
    as not (the two differ in case only, so no two keys collide). ``empty_entry``: the entry
    index of the sentinel an empty automaton needs."""
    import ahocorasick

    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, value in items:
        if not key.isascii():
            continue
        marked = word_starts(key)
        auto.add_word(marked, value)
        if not value[1] & 2 and key[0].isalpha():
            auto.add_word(key[0] + marked[1:], value)
    if len(auto) == 0:
        auto.add_word("\x00\x00", (2, empty_entry << 2))
    auto.make_automaton()
    return auto


def compile_all(
    rules: Sequence[Rule],
    people: Sequence[PersonRecord],
    ambiguous: dict[str, tuple[list[str], bool]],
    languages: Sequence[str] = (),
    extra_surfaces: Sequence[Surface] = (),
    given_names: Sequence[str] = (),
) -> Compiled:
    """Build both automata from rules (``languages[i]``: the pack language of ``rules[i]``),
    people, role surfaces, the ambiguity lexicon and the given-name list."""
    import ahocorasick

    from provguard.screen.fuzzy import build_index
    from provguard.screen.gazetteer import (
        all_surfaces,
        arabic_lil_variants,
        squashed_key,
        thai_spelling_variants,
    )

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
        algo = morph.STEM_LANGS.get(languages[ri]) if ri < len(languages) else None
        aggl = ri < len(languages) and languages[ri] in morph.AGGLUTINATIVE
        for raw in rule.keywords:
            nf, prefix = _kw(raw)
            if not nf:
                continue
            sk = morph.stem_key(nf, algo) if algo and not prefix else None
            if sk is not None:
                # a base form: registered by its stem prefix, verified per word at scan time
                key, st = sk
                bs, be = _bounds(key, True)
                verify = (algo, st, nf.rpartition(" ")[2], aggl)
                table.setdefault(key, []).append((KEYWORD, ri, bs, be, True, verify))
                continue
            bs, be = _bounds(nf, prefix)
            table.setdefault(nf, []).append((KEYWORD, ri, bs, be, prefix, None))
        cancels = [t for g in rule.reliefs for t in g.unless]
        for raw in (*rule.requires_any, *rule.unless, *rule.relief_unless, *cancels):
            term_id(raw)
    deny: dict[str, frozenset[int]] = {}
    amb_forms = {normalize_pattern(f): v for f, v in ambiguous.items()}
    for nf, (words, _) in amb_forms.items():
        deny[nf] = frozenset(term_id(w) for w in words)
    weak_forms = [f for f, (_, weak) in amb_forms.items() if weak]
    surfaces = all_surfaces(people, weak_forms)
    # a bare office title listed as ambiguous (首相, 대통령, premier) needs person context like a weak name
    weak_set = set(weak_forms)
    surfaces += [replace(s, weak=True) if s.form in weak_set and not s.weak else s for s in extra_surfaces]
    surfaces += arabic_lil_variants(surfaces)
    surfaces += thai_spelling_variants(surfaces)
    # a person form that is also a rule keyword (a role word, a nickname like 总裁) cannot name
    # anyone: it is dropped and reported by ``rules lint``
    keyword_forms = {k for k, items in table.items() if any(it[0] != TERM for it in items)}
    collisions = [(s.form, s.person) for s in surfaces if s.form in keyword_forms]
    surfaces = [s for s in surfaces if s.form not in keyword_forms]
    sq_table: dict[str, list[tuple[Any, ...]]] = {}
    for s in surfaces:
        rec = people[s.person] if s.person < len(people) else None
        declines = rec is not None and rec.country in morph.A_DECLENSION_COUNTRIES and s.kind != "role"
        _add_person(table, s, rec.curated if rec is not None else True, declines)
        sq = squashed_key(s.form)
        if sq is not None:
            bs2, be2 = (True, True) if s.form.isascii() else (False, False)
            sq_table.setdefault(sq, []).append((PERSON, s.person, bs2, be2, s.weak, s.kind, None))
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
    asc = ascii_automaton(main.items(), len(entries))
    entries.append(())  # what the sentinel of an empty ``asc`` indexes
    people_refs = [PersonRef(p.id, p.name, p.curated, p.died) for p in people]
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
        fuzzy=build_index(people, surfaces, given_names),
        ascii=asc,
    )


def _add_person(
    table: dict[str, list[tuple[Any, ...]]], s: Surface, curated: bool, declines: bool = False
) -> None:
    """One person form: as written, with its inflections (morph) and, for a curated multi-word
    name, run together ("joebiden", "ドナルドトランプ"); ``declines``: a name of a country whose
    language changes its last letters (Hołowni, Lewandowskiej, Ziobry, Czarnka)."""
    form = s.form
    bs, be = _bounds(form, False)
    be = be or _is_indic(form[-1]) or _wclass(form[-1]) in (5, 6)
    bs = bs or _wclass(form[0]) in (5, 6)
    last = form.rpartition(" ")[2]
    strong = curated and not s.weak
    if morph.cyrillic(form[-1]) and last.isalpha() and len(last) >= 5:
        sk = morph.stem_key(form, "russian")
        if sk is not None:
            key, st = sk
            item = (PERSON, s.person, bs, False, s.weak, s.kind, ("russian", st, last, False))
            table.setdefault(key, []).append(item)
            return
    latin = all(c < "\u0250" for c in form)  # ASCII after folding, bar letters with no decomposition (ł, ø)
    latin_case = "" if curated and latin and len(last) >= morph.MIN_LATIN_NAME and last.isalpha() else None
    table.setdefault(form, []).append((PERSON, s.person, bs, be, s.weak, s.kind, latin_case))
    # one word only: in a declined full name the given name changes too (Anny Lewandowskiej)
    one_word = declines and not s.weak and latin_case == "" and form == last
    marker = morph.stem_marker(form) if one_word else None
    if marker is not None:
        key = morph.stem_form(form, marker)
        table.setdefault(key, []).append((PERSON, s.person, bs, True, s.weak, s.kind, marker))
    if strong and " " in form:
        joined = form.replace(" ", "")
        if (form.isascii() and len(joined) >= 8 and joined.isalpha()) or (
            all(_wclass(c) == 4 for c in joined) and len(joined) >= 4
        ):
            jb = _bounds(joined, False)
            table.setdefault(joined, []).append((PERSON, s.person, jb[0], jb[1], s.weak, s.kind, "joined"))


def _skip_flags(key: str, items: list[tuple[Any, ...]]) -> int:
    """Bit 1: skip the key when an ASCII letter/digit precedes it; bit 0: when one follows.

    Set only for keys starting/ending with an ASCII letter or digit whose every item needs that
    boundary: then a failed boundary rejects all items (the Indic case ending never applies to an
    ASCII last character), and ``scan`` drops the hit before any other work. Most raw hits are
    short names inside longer words ("ali" in "realistic"), so this is the common case.
    """
    left = key[0] in _ASCII_ALNUM and all(it[2] for it in items)
    right = key[-1] in _ASCII_ALNUM and all(
        it[3] and not (it[0] == PERSON and (it[6] == "" or it[6] in morph.STEM_MARKERS)) for it in items
    )
    return (2 if left else 0) | (1 if right else 0)


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
