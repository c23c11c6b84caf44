"""Given-name evidence (rules/people/given_names.txt): adverts and bare photoreal prompts about
people in no list go to review when a known given name opens a capitalised pair, and weak full
names written as names count behind a photoreal cue; brands, vases and art stay allowed."""

from __future__ import annotations

import pytest

from provguard.config import Settings
from provguard.screen import Screener
from provguard.screen.people import read_given_names


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    return Screener.load(
        "standard", settings=Settings(data_dir=tmp_path_factory.mktemp("given")), include_imported=False
    )


def test_the_list_ships_and_reads(screener: Screener) -> None:
    from provguard.screen.rules import builtin_rules_dir

    names = read_given_names([builtin_rules_dir() / "people" / "given_names.txt"])
    assert len(names) > 4000 and "maria" in names and "#" not in "".join(names)
    assert screener.compiled.fuzzy is not None and "maria" in screener.compiled.fuzzy.given


@pytest.mark.parametrize(
    "prompt",
    [
        "an instagram ad where Lucia Llanos holds our new energy drink",
        "UGC-style testimonial of Carla Montoya Pérez saying our serum changed her skin",
        "a realistic photo of Ingrid Vollmerhausen eating ice cream on a crowded beach",
    ],
)
def test_unknown_person_in_an_advert_or_photo_goes_to_review(screener: Screener, prompt: str) -> None:
    d = screener.screen(prompt)
    assert d.action == "review", d.explanation
    assert any(f.signal == "unknown_person" for f in d.findings)


@pytest.mark.parametrize(
    "prompt",
    [
        "A photo of a Ming Dynasty vase on a leather topped table.",
        "an instagram ad for Golden Gate Coffee with a steaming mug",
        "a realistic photo of the Santa Monica Pier at dusk",
        "LEGO minifigure toy photo of Maria Callas singing on a tiny stage",
        "banner ad: Summer Sale at Green Valley Market",
        # fashion houses named after their founders qualify a product; a shoe line is the brand
        "Tommy Hilfiger denim jacket on a mannequin, e-commerce photo, white background",
        "publicité pour un sac Louis Vuitton posé sur un banc à Paris, photo réaliste",
        "anuncio de zapatos Christian Louboutin con suela roja sobre fondo negro, foto de producto",
        "Subject: pair of Air Jordan sneakers on a basketball court. Camera: 50mm. Style: photorealistic ad",
        # a run-together pinyin form that is an everyday word ("lining", 李宁) names nobody
        "civics class illustration: students lining up to vote for class president at a ballot box",
        "LEGO minifigure of Elon Musk standing next to a tiny rocket, toy photography, macro",
    ],
)
def test_brands_places_and_toys_stay_allowed(screener: Screener, prompt: str) -> None:
    d = screener.screen(prompt)
    assert d.action == "allow", d.explanation


def test_a_weak_full_name_counts_behind_photorealism_only_when_written_as_a_name(screener: Screener) -> None:
    d = screener.screen("a realistic photo of Pedro Sánchez eating paella on a crowded beach")
    assert d.action == "review", d.explanation
    assert any(f.entity and f.entity.name == "Pedro Sánchez" for f in d.findings)
    assert screener.screen("a paella on a beach, realistic photo").action == "allow"


def test_a_namesake_is_not_the_listed_person(screener: Screener) -> None:
    d = screener.screen("news photo of Paula Ortega in handcuffs outside the court")
    assert not any(f.entity and f.entity.name == "Daniel Ortega" for f in d.findings), d.explanation
    assert d.action == "review" and any(f.signal == "unknown_person" for f in d.findings)
    d = screener.screen("news photo of Ortega in handcuffs outside the court")
    assert any(f.entity and f.entity.name == "Daniel Ortega" for f in d.findings), d.explanation
