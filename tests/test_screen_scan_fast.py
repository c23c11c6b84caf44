"""matcher.scan's per-hit loop in C (provguard/screen/_scan_fast.c) finds what the Python loop finds.

Why: the C loop is what the shipped screener runs on ASCII text (the latency target); the Python loop
stays the definition and runs on every other text. Same keyword hits per rule, same person hits in the
same order (as Hit tuples), same terms, on every labelled and public prompt.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from provguard.screen import Screener, matcher
from provguard.screen.normalize import normalize

REPO = Path(__file__).resolve().parent.parent
HAS_CC = shutil.which("cc") is not None or shutil.which("gcc") is not None  # see test_screen_learned_fast.py
needs_c = pytest.mark.skipif(matcher._scan_ascii is None and not HAS_CC, reason="no C compiler: Python scans")
PROMPTS = REPO.parent / "shared" / "fixtures" / "prompts"


def _texts() -> list[str]:
    out = []
    files = sorted((REPO / "bench" / "dev").glob("*.jsonl")) + [REPO / "tests" / "data" / "screen_eval.jsonl"]
    for f in files:
        out += [json.loads(x)["prompt"] for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    for name in ("i2p.csv", "coco_10k.csv"):
        with (PROMPTS / "Diffusion-MU-Attack" / name).open(encoding="utf-8", newline="") as fh:
            out += [r["prompt"] for r in csv.DictReader(fh) if r.get("prompt")][:4000]
    # boundaries, prefixes, case endings, glued and spaced names, a key at either end of the text
    out += [
        "trump", "trumps", "joebiden in handcuffs", "photo of bidena", "xtrump", "trumpx", "photorealistic",
        "photographs of musk's arrest", "j o e b i d e n", "", " ", "a_b photo", "photo9", "9photo",
    ]
    return out


@pytest.mark.skipif(not HAS_CC, reason="no C compiler on this machine: the extension is optional")
def test_the_c_loop_is_built() -> None:
    assert matcher._scan_ascii is not None


@needs_c
def test_same_hits_as_the_python_loop(screener: Screener, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = matcher._scan_ascii
    assert fast is not None
    n = 0
    for p in _texts():
        nt = normalize(p)
        monkeypatch.setattr(matcher, "_scan_ascii", fast)
        got = matcher.scan(screener.compiled, nt)
        monkeypatch.setattr(matcher, "_scan_ascii", None)
        want = matcher.scan(screener.compiled, nt)
        assert got == want, p
        assert [type(h) for h in got[1]] == [type(h) for h in want[1]]
        n += nt.text.isascii()
    assert n > 10000


@needs_c
def test_bad_arguments_raise_and_other_scripts_are_left_to_python(screener: Screener) -> None:
    fast = matcher._scan_ascii
    assert fast is not None
    main, entries, _ = screener.compiled.scan_part("photo")
    args = (matcher.Hit, matcher._edge_ok, lambda *a: True, matcher._person_hit, frozenset(), 3)
    kw: dict[int, list[matcher.Hit]] = {}
    assert fast(iter([]), "фото", entries, kw, [], set(), *args) is False and kw == {}
    with pytest.raises(TypeError):
        fast(iter([(3, "not a pair")]), "photo", entries, {}, [], set(), *args)
    with pytest.raises(TypeError):
        fast(iter([]), b"photo", entries, {}, [], set(), *args)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fast(iter([(99, (3, 0))]), "photo", entries, {}, [], set(), *args)  # a hit past the text's end


def test_the_squashed_index_of_ascii_text_is_the_regex_one() -> None:
    """``NormText.sq_index`` on ASCII text (a translate table and ``compress``) lists the positions the
    squashing regex keeps, for every ASCII character and on the public prompts."""
    from provguard.screen import normalize as N

    rx = N._WORD_CHAR
    assert all((rx.fullmatch(chr(c)) is not None) == bool(N._KEPT_ASCII[c]) for c in range(128))
    texts = _texts()[:6000] + ["".join(chr(c) for c in range(128)), "a\x1cb\x7fc  d-e_f"]
    for t in texts:
        nt = normalize(t)
        assert nt.sq_index == [m.start() for m in rx.finditer(nt.text)], t


def test_runs_of_digits_are_no_spelled_name() -> None:
    """A spaced run with fewer than three letters ("f 1 4", "1 9 8 4") is skipped before it is split into
    groups: no group of it could hold a word (spelled._word needs three letters)."""
    from provguard.screen import spelled

    assert spelled.spelled_groups(normalize("shot at f / 1 . 4, london circa 1 9 8 4")) == []
    assert spelled.spelled_groups(normalize("a photo of L-i-s-a in 1 9 8 4"))


def test_fuzzy_lookup_within_length_finds_what_the_whole_bucket_finds(screener: Screener) -> None:
    """The misspelling lookup compares only keys within the edit budget in length (bucket order kept): on
    misspelt, transliterated and unrelated keys it picks the same person at the same distance as a
    comparison with the whole bucket."""
    import random

    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extractOne

    from provguard.screen import fuzzy

    idx = screener.compiled.fuzzy
    assert idx is not None
    rnd = random.Random(11)
    keys = [k for ks in idx.buckets.values() for k in ks]
    probes = []
    for k in rnd.sample(keys, min(600, len(keys))):
        i = rnd.randrange(len(k))
        probes += [k[:i] + k[i + 1 :], k[:i] + "x" + k[i:], k[:i] + "e" + k[i + 1 :], k + "son"]
        probes.append(k[: max(1, len(k) - 3)])
    checked = 0
    for key in probes:
        for words, translit in ((1, False), (2, False), (2, True)):
            n = len(key)
            k = fuzzy.max_distance(n, translit)
            b = (words, key[0])
            if not k or b not in idx.buckets:
                continue
            full = extractOne(key, idx.buckets[b], scorer=OSA.distance, score_cutoff=k)
            got = fuzzy.lookup(idx, [fuzzy.Span(0, n, key, translit, words)])
            want = None if full is None else (int(full[1]), idx.refs[b][full[2]])
            if want is None or (want[0] == 0 and not translit):
                continue
            if words == 1 and not translit and key in fuzzy.WORDS:
                continue
            assert [(h.person, h.distance) for h in got] == [(want[1], want[0])], key
            checked += 1
    assert checked > 300
