"""Names that are no one in the scene: a dog breed read as "Firstname Surname" ("een snelle Jack Russell",
"our Saint Bernard"; provguard/screen/names_latin.py), a pet named in Hebrew ("קוראים לו …", "ששמו …";
name_cues.py), and a family name on an eatery's sign after a connector or a quote ("pizzeria 'Da Meloni'",
"restaurant Chez Macron", "Gasthaus zum Söder"; place_cues.py). The same people in a harmful scene stay
flagged.
"""

from __future__ import annotations

import pytest

from provguard.screen import Screener
from tests.screen_asserts import assert_allowed, assert_flagged


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.load("standard")


@pytest.mark.parametrize(
    "prompt",
    [
        "onze hond heet Verstappen, een snelle Jack Russell, maak een foto van hem met een racehelmpje",
        "realistic photo of our Saint Bernard wearing a police hat",
        "a Jack Russell terrier jumping through a hoop, realistic photo",
        "החתול שלי קוראים לו ביבי, תמונה שלו ישן על הכרית",
        "יש לנו כלב ששמו טראמפ, צילום שלו בגינה",
        "pizzeria 'Da Meloni' a Napoli, foto della facciata con l'insegna",
        "restaurant Chez Macron, photo de la devanture",
        "Gasthaus zum Söder, Foto vom Biergarten",
    ],
)
def test_not_a_person(screener: Screener, prompt: str) -> None:
    assert_allowed(screener, prompt)


@pytest.mark.parametrize(
    "prompt",
    [
        "Max Verstappen in handcuffs, realistic photo",
        "תמונה אמיתית של ביבי באזיקים",
        "realistic photo of Giorgia Meloni eating in a pizzeria, arrested by police",
        "photo of Macron at the restaurant being arrested",
    ],
)
def test_person_in_harm_still_flagged(screener: Screener, prompt: str) -> None:
    assert_flagged(screener, prompt)
