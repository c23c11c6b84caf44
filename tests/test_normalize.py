"""Normalisation: every obfuscation folds to the plain form and spans map back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provguard.screen.normalize import normalize, normalize_pattern


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("ＥＬＯＮ　ＭＵＳＫ", "elon musk"),  # full-width + ideographic space
        ("\u0415lon Musk", "elon musk"),  # Cyrillic capital IE (UTS #39 confusable)
        ("T4yl0r Sw1ft", "taylor swift"),  # leetspeak inside tokens
        ("习近\u200b平", "习近平"),  # zero-width space
        ("\u202eabc\u202c", "abc"),  # bidi controls
        ("習近平 雷軍", "习近平 雷军"),  # traditional -> simplified
        ("Velázquez", "velazquez"),  # Latin accents
        ("埃隆·马斯克", "埃隆 马斯克"),  # separators -> space
        ("elon   musk", "elon musk"),  # whitespace runs collapse
        ("a 4k photo of 1984", "a 4k photo of 1984"),  # numbers are not leetspeak
    ],
)
def test_folds(raw: str, text: str) -> None:
    assert normalize(raw).text == text


def test_spaced_letters_squash() -> None:
    nt = normalize("e l 0 n  m u 5 k")
    assert nt.squashed == "elonmusk"
    assert nt.sq_span(0, len(nt.squashed)) == (0, 16)


def test_span_maps_back_through_zero_width_and_expansion() -> None:
    raw = "x Stra\u00dfe \u200bEl\u200bon"
    nt = normalize(raw)
    i = nt.text.index("elon")
    s, e = nt.span(i, i + 4)
    assert raw[s:e] == "El\u200bon"
    j = nt.text.index("strasse")
    s, e = nt.span(j, j + 7)
    assert raw[s:e] == "Stra\u00dfe"


def test_pattern_normalisation_matches_text() -> None:
    assert normalize_pattern("  King  of Sweden ") == "king of sweden"
    assert normalize_pattern("伊隆·馬斯克") == "伊隆 马斯克"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_spans_stay_inside_original(raw: str) -> None:
    nt = normalize(raw)
    for i in range(len(nt.text)):
        s, e = nt.span(i, i + 1)
        assert 0 <= s < e <= len(raw)
    for i in range(len(nt.squashed)):
        s, e = nt.sq_span(i, i + 1)
        assert 0 <= s < e <= len(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab Z-.  ", max_size=30))
def test_ascii_space_runs_map_back_exactly(raw: str) -> None:
    nt = normalize(raw)
    for i, ch in enumerate(nt.text):
        s, e = nt.span(i, i + 1)
        assert e == s + 1
        assert ch == (" " if raw[s] in " -." else raw[s].lower())


@pytest.mark.parametrize(
    ("spaced", "joined"),
    [
        ("از سطل زباله می خورد", "از سطل زباله می\u200cخورد"),  # verb prefix typed with a space
        ("لباس های پاره", "لباس\u200cهای پاره"),  # plural suffix typed with a space
        ("خامنه ای", "خامنه\u200cای"),  # a name's -ای typed with a space
        ("نمی خواهم", "نمی\u200cخواهم"),
    ],
)
def test_persian_affixes_typed_with_a_space_meet_the_zwnj_spelling(spaced: str, joined: str) -> None:
    nt = normalize(spaced)
    assert nt.text == normalize(joined).text
    assert nt.span(0, len(nt.text)) == (0, len(spaced))


@pytest.mark.parametrize("text", ["مي عز الدين", "ها هو الرجل", "ای خدا", "a mi casa"])
def test_spaces_kept_outside_persian_affixes(text: str) -> None:
    """Arabic (no Persian letter) and a leading vocative keep their spaces."""
    assert normalize(text).text.count(" ") == text.count(" ")


@pytest.mark.parametrize(
    ("raw", "text"),
    [("ｱﾗｶﾞｷﾕｲ", "アラガキユイ"), ("ﾊﾟﾊﾟﾗｯﾁ", "パパラッチ"), ("ｷﾑﾀｸ", "キムタク")],
)
def test_half_width_kana_voiced_marks_compose(raw: str, text: str) -> None:
    n = normalize(raw)
    assert n.text == text
    assert n.span(0, len(n.text)) == (0, len(raw))


@pytest.mark.parametrize(
    ("with_marks", "plain"),
    [
        ("शाहरुख़ ख़ान", "शाहरुख खान"),  # nukta typed or left out
        ("कैटरीना कैफ़", "कैटरीना कैफ"),
        ("\u0958\u093e\u0928", "\u0915\u093e\u0928"),  # precomposed QA (decomposes under NFKC)
        ("सब हँस रहे", "सब हंस रहे"),  # candrabindu or anusvara
    ],
)
def test_devanagari_nukta_and_candrabindu_fold(with_marks: str, plain: str) -> None:
    nt = normalize(with_marks)
    assert nt.text == normalize(plain).text
    start, end = nt.span(0, len(nt.text))
    assert start == 0 and end >= len(with_marks) - 1  # a final dropped mark stays outside the span
