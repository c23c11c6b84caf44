"""The word-start-marked ASCII automaton must leave ``scan`` exactly the hits the plain one left
it: every hit except those whose left-boundary flag rejects them, in the same order."""

from __future__ import annotations

import random
from typing import Any

import ahocorasick

from provguard.screen import matcher

ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _plain(keys: dict[str, tuple[int, int]]) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for k, v in keys.items():
        a.add_word(k, v)
    a.make_automaton()
    return a


def _kept(a: ahocorasick.Automaton, text: str, marked: str | None = None) -> list[tuple[int, Any]]:
    """What ``scan`` keeps of the automaton's hits (its left-boundary check)."""
    out = []
    for end, v in a.iter(text if marked is None else marked):
        start = end - v[0] + 1
        if v[1] & 2 and start and text[start - 1] in ALNUM:
            continue
        out.append((end, v))
    return out


def test_word_starts_marks_letters_after_a_non_letter() -> None:
    assert matcher.word_starts("a photo of 8k art") == "A Photo Of 8K Art"
    assert matcher.word_starts("t4ylor's x-1 #joe") == "T4Ylor'S X-1 #Joe"
    assert matcher.word_starts("") == ""
    text = "greg rutkowski, 35mm 8k"
    assert len(matcher.word_starts(text)) == len(text)


def test_marked_automaton_reports_the_kept_hits_in_order() -> None:
    rng = random.Random(11)
    pieces = ["a", "b", "ab", "ba", "1", "7", " ", "#", "'", "ali", "real", "8k", "1a"]
    for _ in range(60):
        keys: dict[str, tuple[int, int]] = {}
        for i in range(rng.randint(1, 25)):
            k = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))).strip() or "a"
            left = k[0] in ALNUM and rng.random() < 0.8
            keys[k] = (len(k), i << 2 | (2 if left else 0) | rng.randint(0, 1))
        plain = _plain(keys)
        marked = matcher.ascii_automaton(plain.items(), 999)
        for _ in range(40):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            ws = matcher.word_starts(text)
            assert _kept(marked, text, ws) == _kept(plain, text), (keys, text)
            # and a flagged key opening with a letter reaches Python inside a word only after a digit
            for end, v in marked.iter(ws):
                start = end - v[0] + 1
                if v[1] & 2 and start and text[start].isalpha():
                    assert not text[start - 1].isalpha(), (keys, text)


def test_empty_automaton_gets_a_sentinel() -> None:
    a = matcher.ascii_automaton([("ünï", (3, 4))], 7)
    assert list(a.iter("\x00\x00")) == [(1, (2, 7 << 2))]


def test_fast_path_patterns_agree_with_the_patterns_they_replace() -> None:
    """``spaced_out`` and the engine's capitalised-pair gate were rewritten so that the regex
    engine can skip ahead in C; as booleans they must agree with the original patterns."""
    import re

    from provguard.screen import engine
    from provguard.screen.normalize import _SPACED_CJK, NormText

    spaced = re.compile(r"(?<!\S)\w\s\w\s\w(?!\S)")
    cap = re.compile(rf"[{engine._UP}][{engine._LO}]+\.? [{engine._UP}][{engine._LO}]{{2,}}|[A-Z][a-z]{{4,}}")
    rng = random.Random(5)
    pieces = ["a", "b", "A", "Ab", "Abcde", "abcd", "É", "é", "1", " ", "\t", "\x1c", "\u3000", "."]
    pieces += ["Ab. ", "İ", "ß", "中", "中 文"]
    for _ in range(30000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        nt = NormText(s, s, None, None)
        cjk = not s.isascii() and _SPACED_CJK.search(s) is not None
        assert nt.spaced_out() == (spaced.search(s) is not None or cjk), repr(s)
        assert (engine._CAP_PAIR.search(s) is not None) == (cap.search(s) is not None), repr(s)


def test_leet_pretest_changes_nothing() -> None:
    """``_undo_leet_tokens`` skips the token regex when no token mixes a letter and a leet
    character; the result must be what the token regex alone gives."""
    from provguard.screen import normalize as nm

    def slow(s: str) -> str:
        return nm._LEET_TOKEN.sub(lambda m: _fix(m.group(0)), s)

    def _fix(tok: str) -> str:
        if tok[0] == "@" and tok[1:2].isalpha():
            rest = tok[1:]
            if nm._LEET_CHARS.search(rest) and sum(ch.isalpha() for ch in rest) >= 2:
                rest = rest.translate(nm._LEET_TRANS)
            return " " + rest
        return tok.translate(nm._LEET_TRANS) if sum(ch.isalpha() for ch in tok) >= 2 else tok

    rng = random.Random(3)
    pieces = ["a", "b", "1", "3", "9", "@", "$", " ", "ab", "x4", "8k", "35mm", "é", "z", "@ab", "#", "0"]
    for _ in range(50000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert nm._undo_leet_tokens(s) == slow(s), repr(s)


def test_alnum_run_is_isalnum() -> None:
    """``scan`` finds the end of a word with ``[^\\W_]*``; that class must be ``str.isalnum``."""
    run = matcher._ALNUM_RUN
    bad = [c for c in map(chr, range(0x110000)) if (run.fullmatch(c) is not None) != c.isalnum()]
    assert bad == []
