"""Building the automata ``matcher.scan`` walks: the compile half of the matcher.

Why apart from the scan: building runs once per rule or people change (and is cached), scanning runs
per prompt; the two share only the key layout below. ``matcher`` re-exports ``compile_all``,
``ascii_automaton`` and ``word_starts`` under their old names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from provguard.screen import morph
from provguard.screen.bounds import _bounds, _is_indic, _wclass
from provguard.screen.compiled import Compiled, PersonRef
from provguard.screen.normalize import normalize_pattern

if TYPE_CHECKING:  # compile-time only: a cached start never imports them
    from provguard.screen.gazetteer import Surface
    from provguard.screen.people import PersonRecord
    from provguard.screen.rules import Rule

try:  # the ASCII automaton as flat arrays walked in C (_ascii_trie.c); optional in the build
    from provguard.screen._ascii_trie import Trie as _Trie
    from provguard.screen._ascii_trie import build as _build_trie
except ImportError:  # pragma: no cover - a build without a C compiler
    _Trie = _build_trie = None  # type: ignore[assignment,misc]

# item kinds stored per automaton key
PERSON, KEYWORD, TERM = 0, 1, 2
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _kw(raw: str) -> tuple[str, bool]:
    prefix = raw.endswith("*")
    return normalize_pattern(raw.rstrip("*")), prefix


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
    index of the sentinel an empty automaton needs.

    Where the C part is built this is a ``_ascii_trie.Trie`` (the same keys and values as flat arrays,
    the same ``iter`` answers; it is what the cache stores), else a pyahocorasick automaton."""
    pairs: list[tuple[str, tuple[int, int]]] = []
    for key, value in items:
        if not key.isascii():
            continue
        marked = word_starts(key)
        pairs.append((marked, value))
        if not value[1] & 2 and key[0].isalpha():
            pairs.append((key[0] + marked[1:], value))
    if not pairs:
        pairs.append(("\x00\x00", (2, empty_entry << 2)))
    if _build_trie is not None:
        return _Trie(_build_trie(pairs))
    import ahocorasick

    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, value in pairs:
        auto.add_word(key, value)
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
