"""normalize()'s one-pass ASCII path in C (provguard/screen/_ascii_pass.c) gives the Python path's views.

Why: the C pass is what every ASCII prompt goes through first (the latency target); the Python path
stays the definition. Same normalised text, offset map, squashed view, spaced-out answer and word-start
marks, and a decoder pre-check that never skips a prompt the decoder would change, on every labelled
and public prompt and on 100,000 random strings made of the characters each branch looks at.
"""

from __future__ import annotations

import random
import shutil
from typing import Any

import pytest
from test_screen_scan_fast import _texts

from provguard.screen import matcher
from provguard.screen import normalize as norm
from provguard.screen.decode import decode_payloads

HAS_CC = shutil.which("cc") is not None or shutil.which("gcc") is not None  # see test_screen_learned_fast.py
needs_c = pytest.mark.skipif(norm._ascii_pass is None and not HAS_CC, reason="no C compiler: Python folds")


def _views(p: str) -> tuple[Any, ...]:
    nt = norm.normalize(p)
    ascii_text = nt.text.isascii()
    return (
        nt.text, nt.starts, nt.ends, nt.breaks, nt.shifts, nt._spaced, nt.spaced_out(),
        nt.marked or (matcher.word_starts(nt.text) if ascii_text else None),
        nt.span(0, len(nt.text)) if nt.text else None, nt.squashed, nt.sq_index if nt.text else None,
    )


def _pre_check(p: str) -> bool:
    """decode_payloads' own pre-check (what ``maybe_encoded`` answers for an ASCII prompt)."""
    return "%" in p or "&" in p or max(map(len, p.split()), default=0) >= 16


def _random_strings(n: int) -> list[str]:
    rnd = random.Random(7)
    alphabet = "ab c  d_e-f.g1 3@$04%&\t\n\x1c\x0b57xyzAB Z'/"
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


@pytest.mark.skipif(not HAS_CC, reason="no C compiler on this machine: the extension is optional")
def test_the_c_pass_is_built() -> None:
    assert norm._ascii_pass is not None


@needs_c
def test_same_views_as_the_python_path(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = norm._ascii_pass
    assert fast is not None
    edge = ["x" * 15, "x" * 16, " a b c", "a b c", "a b c d", "e l 0 n", "T4yl0r sw1ft", "@anitta 4k",
            "  lead", "trail  ", "a\x1cb c d", "50% off", "fish & chips", "x" * 5000 + "  y"]
    n = skipped = 0
    for p in _texts() + _random_strings(100_000) + edge:
        monkeypatch.setattr(norm, "_ascii_pass", fast)
        got, nt = _views(p), norm.normalize(p)
        monkeypatch.setattr(norm, "_ascii_pass", None)
        assert got == _views(p), p
        if p and p.isascii():
            n += 1
            assert nt.maybe_encoded == _pre_check(p), p
            if not nt.maybe_encoded:
                skipped += 1
                assert decode_payloads(p) is None, p
    assert n > 100_000 and skipped > 10_000


@needs_c
def test_what_the_pass_leaves_to_python() -> None:
    fast = norm._ascii_pass
    assert fast is not None
    table = norm._ASCII_BYTES
    assert fast("фото", table) is None and fast("", table) is None and fast("café", table) is None
    text, spaced, marked, flags = fast("A  photo of T4ylor", table)  # type: ignore[misc]
    assert (text, spaced, marked) == ("a photo of t4ylor", "a  photo of t4ylor", "A Photo Of T4Ylor")
    assert flags & norm._LEET_MAY_CHANGE and not flags & norm._MAY_BE_ENCODED
    assert norm.normalize("A  photo of T4ylor").marked is None  # leet undone: marks found again from the text
    with pytest.raises(TypeError):
        fast("photo", b"short")
    with pytest.raises(ValueError):
        fast("photo", bytes([200]) * 128)


@needs_c
def test_space_breaks_are_the_python_ones() -> None:
    fast = norm._space_breaks_c
    assert fast is not None
    rnd = random.Random(11)
    for _ in range(50_000):
        s = "".join(rnd.choice("a  b   ") for _ in range(rnd.randint(0, 40)))
        assert fast(s) == norm._space_breaks(s), s
    with pytest.raises(TypeError):
        fast("café  au lait")


@needs_c
def test_the_fold_loop_is_the_python_one() -> None:
    fast = norm._fold_loop_c
    assert fast is not None
    rnd = random.Random(13)
    alphabet = "aÄ ł  ß\u200b-İ\u0307ﬁ写眞ｶﾞ😭’”\tx,ŀ"
    texts = [p for p in _texts() if not p.isascii()]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(30_000)]
    memo, fold = norm._char_memo, norm.fold_char
    for p in texts:
        assert fast(p, memo, fold) == norm._fold_loop(p, memo, fold), p
    assert len(texts) > 30_500
    with pytest.raises(TypeError):
        fast("ä", {"ä": 1}, norm.fold_char)  # type: ignore[dict-item]
    with pytest.raises(ZeroDivisionError):
        fast("ü", {}, lambda ch: 1 // 0)
