"""The key table reports exactly the automaton's hits, in the automaton's order."""

from __future__ import annotations

import random

import ahocorasick
import pytest

from provguard.screen.keytable import KeyTable

ALPHABET = "abcde xyz-'.é習近平мсü😀"


def _automaton(keys: list[str]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for i, k in enumerate(keys):
        auto.add_word(k, (len(k), i << 2 | i % 4))
    auto.make_automaton()
    return auto


def _keys(rng: random.Random, n: int) -> list[str]:
    keys = {"a", "ab", "abc", "b", "bc", "c", "cat", "a cat", "習近平", "近平", "😀", "sofa", "so"}
    while len(keys) < n:
        keys.add("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 9))))
    return sorted(keys)


@pytest.mark.parametrize("seed", range(5))
def test_table_reports_what_the_automaton_reports(seed: int) -> None:
    rng = random.Random(seed)
    keys = _keys(rng, 400)
    auto = _automaton(keys)
    raw = KeyTable.pack(auto.items())
    assert raw is not None
    table = KeyTable(memoryview(raw))
    texts = ["", "a", "a cat on a sofa", "abcabc", "習近平近平", "😀😀a😀"]
    for _ in range(300):  # keys run together with noise: overlapping, nested and repeated hits
        n = rng.randint(1, 12)
        parts = [rng.choice(keys) if rng.random() < 0.6 else rng.choice(ALPHABET) for _ in range(n)]
        texts.append("".join(parts))
    for text in texts:
        assert table.iter(text) == list(auto.iter(text)), text


def test_pack_refuses_values_it_cannot_hold() -> None:
    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    auto.add_word("cat", ("not", "a pair of ints"))
    auto.make_automaton()
    assert KeyTable.pack(auto.items()) is None
    assert KeyTable.pack([("cat", (2, 1))]) is None  # the length must be the key's


def test_a_damaged_table_is_rejected() -> None:
    raw = KeyTable.pack([("cat", (3, 4)), ("sofa", (4, 8))])
    assert raw is not None
    with pytest.raises(ValueError):
        KeyTable(b"XXXX" + raw[4:])
    with pytest.raises(ValueError):
        KeyTable(raw[:-1])
