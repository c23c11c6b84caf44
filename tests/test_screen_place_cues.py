"""The place-noun prefilter of ``place_cues.named_place`` never rejects a name the full patterns
accept: each noun's literal part is what the prefilter looks for, in any case."""

from __future__ import annotations

import pytest

from provguard.screen import place_cues


def _full_patterns(prompt: str, s0: int, e0: int) -> bool:
    """``named_place`` without the prefilter (the patterns alone)."""
    pc = place_cues
    if pc._PLACE_NOUN_BEFORE.search(prompt, max(0, s0 - 24), s0):
        return True
    run = pc._CAP_RUN_BEFORE.search(prompt, max(0, s0 - 48), s0)
    if run and pc._PLACE_NOUN_BEFORE.search(prompt, max(0, run.start() - 24), run.start()):
        return True
    if pc._PLACE_NOUN_AFTER.match(prompt, e0, min(len(prompt), e0 + 48)):
        return True
    return pc._PLACE_AFTER_RUN.match(prompt, e0, min(len(prompt), e0 + 64)) is not None


def _spelled(alternative: str) -> str:
    """One text a regex alternative matches (classes take their first letter, ``\\w*`` nothing)."""
    out = alternative.replace("\\w*", "").replace("\\w+", "x").replace("\\.", ".").replace("?", "")
    while "[" in out:
        a = out.index("[")
        b = out.index("]", a)
        out = out[:a] + out[a + 1] + out[b + 1 :]
    return out


@pytest.mark.parametrize("alt", place_cues._BEFORE_NOUNS.split("|"))
def test_every_noun_before_a_name_is_found_in_every_case(alt: str) -> None:
    noun = _spelled(alt)
    for written in (noun, noun.upper(), noun.title()):
        prompt = f"photo at the {written} Ruth Example today"
        s0 = prompt.index("Ruth")
        e0 = s0 + len("Ruth Example")
        assert _full_patterns(prompt, s0, e0) == place_cues.named_place(prompt, s0, e0)
    prompt = f"photo at the {noun} Ruth Example today"
    s0 = prompt.index("Ruth")
    assert place_cues.named_place(prompt, s0, s0 + len("Ruth Example"))


@pytest.mark.parametrize("alt", place_cues._AFTER_NOUNS.split("|"))
def test_every_noun_after_a_name_is_found_in_every_case(alt: str) -> None:
    noun = _spelled(alt)
    for written in (noun, noun.upper(), noun.title()):
        for prompt in (f"Ruth Example {written} at night", f"Ruth Example Grand {written} at night"):
            e0 = len("Ruth Example")
            assert _full_patterns(prompt, 0, e0) == place_cues.named_place(prompt, 0, e0)
    assert place_cues.named_place(f"Ruth Example {noun} at night", 0, len("Ruth Example"))


@pytest.mark.parametrize(
    "prompt, name",
    [
        ("the HAVALİMANI Ruth Example", "Ruth Example"),  # Turkish dotted capital I
        ("ISTANBUL HAVALIMANI Ruth Example", "Ruth Example"),  # dotless i written as I
        ("Ruth Example-Straße at dusk", "Ruth Example"),
        ("Ruth Example STRASSE at dusk", "Ruth Example"),
        ("Aeroporto Internacional da Madeira Ruth Example", "Ruth Example"),
    ],
)
def test_case_foldings_the_patterns_accept_pass_the_prefilter(prompt: str, name: str) -> None:
    s0 = prompt.index(name)
    e0 = s0 + len(name)
    assert _full_patterns(prompt, s0, e0) == place_cues.named_place(prompt, s0, e0)


def test_a_name_with_no_place_noun_near_it_is_rejected_by_the_prefilter_alone() -> None:
    prompt = "Portrait Of Ruth Example Standing In Front Of A Lake, Digital Painting, Art By Someone"
    s0 = prompt.index("Ruth")
    assert not place_cues._may_hold(place_cues._BEFORE_NOUNS, prompt[max(0, s0 - 72) : s0])
    assert not place_cues._may_hold(place_cues._AFTER_NOUNS, prompt[s0 + 12 : s0 + 12 + 64])
    assert not place_cues.named_place(prompt, s0, s0 + 12)


def test_a_noun_with_no_literal_part_is_refused() -> None:
    with pytest.raises(ValueError):
        place_cues._automaton(r"\w+")
