"""The ASCII automaton as flat arrays (provguard/screen/_ascii_trie.c) reports what pyahocorasick reports.

Why: the trie is what the shipped screener walks on ASCII text and what the cache stores; pyahocorasick
stays the reference (and the fallback where the C part is not built). Same hits in the same order on
every labelled and public prompt and on random keys and texts, and a damaged blob is refused, never
walked.
"""

from __future__ import annotations

import random
import shutil

import ahocorasick
import pytest
from test_screen_scan_fast import _texts

from provguard.screen import Screener, automaton_build, matcher
from provguard.screen.normalize import normalize

HAS_CC = shutil.which("cc") is not None or shutil.which("gcc") is not None  # see test_screen_learned_fast.py
needs_c = pytest.mark.skipif(
    automaton_build._Trie is None and not HAS_CC, reason="no C compiler: pyahocorasick"
)


def _reference(pairs: list[tuple[str, tuple[int, int]]]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for k, v in pairs:
        auto.add_word(k, v)
    auto.make_automaton()
    return auto


@pytest.mark.skipif(not HAS_CC, reason="no C compiler on this machine: the extension is optional")
def test_the_c_trie_is_built() -> None:
    assert automaton_build._Trie is not None


@needs_c
def test_same_hits_as_pyahocorasick_on_the_screeners_keys(screener: Screener) -> None:
    trie, _, marked = screener.compiled.scan_part("photo")
    assert marked and isinstance(trie, automaton_build._Trie)
    main = screener.compiled.main
    pairs = []
    for key, value in main.items():
        if key.isascii():
            m = matcher.word_starts(key)
            pairs.append((m, value))
            if not value[1] & 2 and key[0].isalpha():
                pairs.append((key[0] + m[1:], value))
    ref = _reference(pairs)
    n = 0
    for p in _texts():
        nt = normalize(p)
        text = nt.marked or (matcher.word_starts(nt.text) if nt.text.isascii() else nt.text)
        got = trie.iter(text)
        assert got == list(ref.iter(text)), p
        n += bool(got)
    assert n > 5000


@needs_c
def test_same_hits_on_random_keys_and_texts() -> None:
    assert automaton_build._build_trie is not None and automaton_build._Trie is not None
    rnd = random.Random(5)
    for _ in range(300):
        pieces = ["a", "b", "ab", "ba", "A", "Ab", " ", "x", "bab", "aab", "\x00"]
        count = rnd.randint(1, 40)
        keys = {"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 5))) for _ in range(count)}
        pairs = [(k, (len(k), rnd.randint(-(2**40), 2**40))) for k in sorted(keys)]
        pairs += [(k, (len(k), 7)) for k in list(keys)[:3]]  # the same key twice: the last value wins
        ref = _reference(pairs)
        trie = automaton_build._Trie(automaton_build._build_trie(pairs))
        assert automaton_build._Trie(trie.blob()).blob() == trie.blob()
        for _ in range(30):
            text = "".join(rnd.choice(pieces + ["é", "Ω"]) for _ in range(rnd.randint(0, 20)))
            assert trie.iter(text) == list(ref.iter(text)), (pairs, text)


@needs_c
def test_bad_items_and_damaged_blobs_are_refused() -> None:
    build, trie_type = automaton_build._build_trie, automaton_build._Trie
    assert build is not None and trie_type is not None
    for bad in ([("", (0, 1))], [("é", (1, 1))], [("ab", (3, 1))], [("ab", 5)], [b"ab"]):
        with pytest.raises((TypeError, ValueError)):
            build(bad)  # type: ignore[arg-type]
    blob = build([("photo", (5, 4)), ("Photo", (5, 8)), ("hot", (3, 12)), ("o", (1, 16))])
    for junk in (b"", b"garbage", blob[:-1], blob + b"\0"):
        with pytest.raises(ValueError):
            trie_type(junk)
    # one flipped byte anywhere: refused, or (a code or a character changed) a trie that still walks safely
    rnd = random.Random(9)
    for i in range(len(blob)):
        raw = bytearray(blob)
        raw[i] ^= 1 << rnd.randint(0, 7)
        try:
            t = trie_type(bytes(raw))
        except ValueError:
            continue
        t.iter("a photo of a hot photo, o")
