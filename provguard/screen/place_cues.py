"""A person's name given to a place, a venue or a ship ("JFK airport", "Stade Pierre-Mauroy",
"the ship Queen Elizabeth", "Вулиця Тараса Шевченка"): such a name is no one in the scene.

Why a module of its own: the test reads the words on both sides of every found name, so it runs
on the hot path of every prompt that names someone. The full patterns are case-insensitive
alternations searched over a window, about 20 µs per name; a one-pass Aho-Corasick check for the
literal part of every place noun, over the same windows, rejects almost every name first and
never rejects one the patterns would accept (``_needle``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from provguard.screen import lazy_re

__all__ = ["named_place"]

# place nouns that stand before the name ("Aeropuerto Adolfo Suárez", "ulica Jana Pawła")
_BEFORE_NOUNS = (
    r"airport|stadium|arena|street|avenue|boulevard|square|bridge"
    r"|station|ship|cruise ship|liner|yacht"
    r"|vessel|aeropuerto|aeroporto|aéroport|aeroport|flughafen|lotnisk[oa]"
    r"|luchthaven|havalimanı|bandara|sân bay"
    r"|estadio|estádio|stade|stadio|stadion|stadyumu|calle|avenida|rua|rue|boulevard|viale|piazza|plaza|praça"
    r"|ulic[ay]|aleja|plac|straat|laan|plein|caddesi|jalan|jl\.|đường|phố|sân vận động|hall|terminal"
    r"|аэропорт\w*|аеропорт\w*|стадион\w*|стадіон\w*|улиц\w*|вулиц\w*"
    r"|проспект\w*|бульвар\w*|площад\w*|площ[аі]"
    r"|имени|імені|теплоход\w*|лайнер\w*|корабл\w*|мост\w*|міст"
    r"|im\.|imienia|named after|nach \w+ benannt"
    r"|مطار|شارع|ملعب|استاد|ميدان|جسر|فرودگاه|خیابان|ورزشگاه|میدان|بزرگراه"
    r"|بلوار|נמל התעופה|שדרות|רחוב|אצטדיון|כיכר"
    r"|ถนน|สนามบิน|สนามกีฬา|สะพาน"
    # family-named food shops ("pasticceria Meloni", "Bäckerei Kanzler", "piekarnia Duda")
    r"|bakery|bäckerei|konditorei|metzgerei|fleischerei|pasticceria|panetteria|panificio|macelleria|gelateria"
    r"|pizzeria|trattoria|osteria|bakkerij|banketbakkerij|slagerij|piekarni\w*|cukierni\w*|pekarn\w*"
    r"|пекарн\w*|кондитерськ\w*|кондитерск\w*|булочн\w*"
    # eateries and shops with a family name on the sign ("ristorante Da Meloni", "restaurant Chez Macron")
    r"|restaurant|ristorante|restaurante|bistro|bistrot|brasserie|boulangerie|pâtisserie|boucherie|épicerie"
    r"|taverna|cantina|churrascaria|panadería|panaderia|carnicería|heladería|heladeria|sorveteria|padaria"
    r"|eetcafé|snackbar|friterie|frituur|imbiss|gasthaus|gasthof|wirtshaus|lokanta|pastanesi|fırını|warung"
)
_PLACE_NOUN_BEFORE = lazy_re.compile(
    rf"(?<!\w)(?:{_BEFORE_NOUNS})"
    r"(?:[ \t\"'«“]+(?:of|de|du|des|del|da|do|di|von|van|der|the|chez|zum|zur|bij|bei))?"
    r"[ \t\"'«“]+$",
    re.IGNORECASE,
)
# the capitalised words of a place's own name between the place noun and the person's name
# ("Aeroporto Internacional da Madeira Cristiano Ronaldo", "George Bush Intercontinental Airport")
_CAP_RUN_BEFORE = lazy_re.compile(r"(?:(?<=\s)(?:[A-ZÀ-Ý][\w'-]*|da|de|do|di|del|of|the|la|le)[ \t]+){1,4}$")

# place nouns that follow the name ("JFK airport", "Konrad-Adenauer-Straße", 成田空港)
_AFTER_NOUNS = (
    r"airport|stadium|arena|street|st\.|str\.|avenue|ave\.?|boulevard|blvd\.?|bridge"
    r"|square|expressway|highway|high school"
    r"|university|station|center|centre|tower|library|museum|hall|park|straße"
    r"|strasse|platz|allee|brücke|stadion"
    r"|havalimanı|merkezi|caddesi|bulvarı|köprüsü|stadyumu|meydanı|airport|arena"
    r"|空港|机场|機場|国际机场|國際機場|体育场|體育場|纪念馆|紀念館|纪念堂|广场|廣場|公园|公園|大道|大街|记念館|記念館|通り|駅"
    r"|경기장|기념관|대로|광장|공원|컨벤션센터|센터|도서관|대교|평화센터"
    # a river's banks and views, a particle glued on ("한강 다리 위에서", "한강변에서", "한강 야경")
    r"|다리[에의을를은는이가도로]?서?|변[에의을를은는이가도로]?서?|둔치[에의을를은는가도로]?서?|야경|유람선|철교|뷰"
    r"|대교[에의을를은는이가도로]?서?|교[에의을를은는이가도로]?서?|공원[에의을를은는이가도로]?서?"
    r"|유원지[에의을를은는이가도로]?서?"
    r"|अंतरराष्ट्रीय हवाई अड्डे|अंतरराष्ट्रीय हवाई अड्डा|हवाई अड्डा|हवाई अड्डे|स्टेडियम|मार्ग|प्लेस"
    r"|আন্তর্জাতিক বিমানবন্দর|বিমানবন্দর|স্টেডিয়াম|সড়ক"
)
_PLACE_AFTER_BODY = (
    r"(?:[ \t-]*(?:jr\.?|sr\.?|international|intl\.?|memorial|national|kultur|kültür|uluslararası))*[ \t-]*"
    # a place of its own glued to its noun after a river or a city ("한강 반포대교", "한강 여의도공원에서")
    r"(?:[가-힣]{1,4}(?=대교|교|공원|유원지|철교))?"
    rf"(?:{_AFTER_NOUNS})(?![\w\u0900-\u0dff])"
)
_PLACE_NOUN_AFTER = lazy_re.compile(_PLACE_AFTER_BODY, re.IGNORECASE)
# the capitalised words of a place's own name between the person's name and the place noun
# ("George Bush Intercontinental Airport"); the words are capitalised, the noun in any case
_PLACE_AFTER_RUN = lazy_re.compile(r"(?:[ \t]+[A-ZÀ-Ý][\w'-]*){1,2}?(?i:" + _PLACE_AFTER_BODY + ")")

# how far the patterns reach: the noun before lies within 24 characters of the name, or of a run
# of capitalised words that starts at most 48 before it; the noun after, within 64 after it
_REACH_BEFORE = 24 + 48
_REACH_AFTER = 64


def _fold(text: str) -> str:
    """A case folding under which text the case-insensitive patterns match contains the folded
    needle: ``casefold`` and the Turkish dotless and dotted i, which ``re`` equates with i."""
    return text.casefold().replace("ı", "i").replace("i\u0307", "i")


def _needle(alternative: str) -> str:
    """The literal text every match of one regex alternative contains: its characters up to the
    first class, group or escape of a class; a character made optional (``?``, ``*``, ``{``) is
    dropped."""
    out: list[str] = []
    i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\":
            nxt = alternative[i + 1 : i + 2]
            if not nxt or nxt.isalnum():
                break  # \w, \s, \d …: a class
            ch, i = nxt, i + 1
        elif ch in "[(^$|.":
            break
        elif ch in "?*{":
            if out:
                out.pop()
            break
        elif ch == "+":
            break
        out.append(ch)
        i += 1
    return _fold("".join(out))


@cache
def _automaton(nouns: str) -> Any:
    """A substring automaton of the needles of ``nouns`` (a regex alternation body)."""
    import ahocorasick

    auto = ahocorasick.Automaton(ahocorasick.STORE_LENGTH, ahocorasick.KEY_STRING)
    for alt in nouns.split("|"):
        needle = _needle(alt)
        if not needle.strip():
            raise ValueError(f"place noun {alt!r} has no literal part")
        auto.add_word(needle)
    auto.make_automaton()
    return auto


def _may_hold(nouns: str, text: str) -> bool:
    """Whether ``text`` contains the literal part of one of ``nouns`` (folded): a necessary
    condition for any of them to match there."""
    return next(_automaton(nouns).iter(_fold(text)), None) is not None


def named_place(prompt: str, s0: int, e0: int) -> bool:
    """Whether the name at ``prompt[s0:e0]`` names a place, a venue or a ship: a place noun right
    before it, or right after it ("JFK airport", "Johan Cruijff ArenA", "Konrad-Adenauer-Straße",
    "इंदिरा गांधी अंतरराष्ट्रीय हवाई अड्डे")."""
    if _may_hold(_BEFORE_NOUNS, prompt[max(0, s0 - _REACH_BEFORE) : s0]):
        if _PLACE_NOUN_BEFORE.search(prompt, max(0, s0 - 24), s0):
            return True
        run = _CAP_RUN_BEFORE.search(prompt, max(0, s0 - 48), s0)
        if run and _PLACE_NOUN_BEFORE.search(prompt, max(0, run.start() - 24), run.start()):
            return True
    if not _may_hold(_AFTER_NOUNS, prompt[e0 : e0 + _REACH_AFTER]):
        return False
    # a possessive or a hyphen may join the name and the place ("Kennedy's airport" is not one)
    if _PLACE_NOUN_AFTER.match(prompt, e0, min(len(prompt), e0 + 48)):
        return True
    return _PLACE_AFTER_RUN.match(prompt, e0, min(len(prompt), e0 + 64)) is not None
