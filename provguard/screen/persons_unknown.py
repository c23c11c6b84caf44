"""Named people in no list: a capitalised pair, an honorific, a name shape of one language or script,
a definite office. The engine asks for these guesses only behind a harmful context; they are reported
as unknown persons, for review, never as someone in particular.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from provguard.models import Finding
from provguard.screen import build, lazy_re, matcher, name_cues, names_latin, place_cues
from provguard.screen.normalize import NormText

__all__ = ["LOWER", "UPPER", "office_holders", "script_unknowns", "unknown_persons"]


def _latin_classes() -> tuple[str, str]:
    """Upper- and lowercase Latin letters, diacritics included (Trấn, Yılmaz, Łukasz, Đặng)."""
    up: list[str] = []
    lo: list[str] = []
    for o in [*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(o)
        if not ch.isalpha() or "LATIN" not in unicodedata.name(ch, ""):
            continue
        (up if ch.isupper() else lo if ch.islower() else []).append(ch)
    return "".join(up), "".join(lo)


_UP, _LO = (re.escape(x) for x in _latin_classes())
UPPER, LOWER = _UP, _LO  # regex class bodies (escaped) for other modules
_HONORIFIC = lazy_re.compile(
    rf"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sr|Sra|Mme|Herr|Frau|Sig|Pan|Pani|Ông|Bà|Bayan|Pak|Bu|Ibu|Bapak)\.?\s+([{_UP}][{_LO}]{{2,}})(?:\s+[{_UP}][{_LO}]{{2,}})?"
)
# an office or honorific before dotted initials ("President J.B.", "Senator A.O.C.", "Prezydent A.D."):
# someone the writer will not name; bare initials ("J.B. Hunt") are not enough
_TITLE_INITIALS = lazy_re.compile(
    r"(?<![A-Za-z])(?:President|Senator|Governor|Minister|Prime Minister|PM|Mayor|Chancellor"
    r"|Congress(?:wo)?man|Rep|Sen|Gov|Mr|Mrs|Ms|Dr|Präsident(?:in)?|Kanzler(?:in)?|Minister(?:in)?|Président|Presidente|Ministro"
    r"|Prezydent|Premier|Poseł|Posłanka|Cumhurbaşkanı|Başkan|Bakan|Президент|Премьер)\.?\s+"
    r"((?:[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻÇĞİÖŞÜА-Я]\.\s?){2,3})"
)
# a name never spans lines: "Berge\nAusgabe:" in a structured prompt is two fields, not a person
_CAP_PAIR = lazy_re.compile(
    rf"(?<![\w])([{_UP}][{_LO}]{{2,}})[ \t]+((?:[{_UP}][{_LO}]+[ \t]+)?[{_UP}][{_LO}]{{2,}})(?![\w])"
)
_CYR_PAIR = lazy_re.compile(r"(?<![\w])([А-ЯЁІЇЄҐ][а-яёіїєґ]{2,})[ \t]+([А-ЯЁІЇЄҐ][а-яёіїєґ]{2,})(?![\w])")


def unknown_persons(
    compiled: matcher.Compiled,
    prompt: str,
    turn: int | None,
    taken: Sequence[tuple[int, int]],
    given_only: bool = False,
    plain: str | None = None,
) -> list[Finding]:
    """Named people in no list: "Firstname Surname" where the first word is a known given name
    or not an everyday word and the surname is not an everyday word (pyspellchecker counts in
    eight languages), an honorific before a surname, or two capitalised Cyrillic words.
    ``given_only``: only pairs opening with a known given name, and honorifics (the evidence an
    advert or a bare photoreal prompt needs, where capitalised brand names abound).
    ``plain``: ``names_latin.deleet_cased(prompt)``, when the caller has it."""
    idx = compiled.fuzzy
    if idx is None:
        return []
    common, given = idx.common, idx.given
    out: list[Finding] = []
    # read "S@har Gh0reishi" as a name, report it as written
    shown, prompt = prompt, names_latin.deleet_cased(prompt) if plain is None else plain

    def add(s: int, e: int, why: str, inside_ok: bool = False) -> None:
        """``inside_ok``: a keyword wholly inside the span is part of the name (the Portuguese
        "mai" in "Trần Thị Mai Anh"), for name shapes that need no frequency list."""
        if any(a < e and s < b and not (inside_ok and s <= a and b <= e) for a, b in taken):
            return
        if any(f.span[0] < e and s < f.span[1] for f in out) or name_cues.shop_sign(prompt, s, e):
            return
        if names_latin.place_opener(prompt[s:e].split(maxsplit=1)[0]):
            return  # "Kota Bandung", "Urzędu Gminy", "Ciudad Real": a place or an office, no one's name
        out.append(
            build.finding(
                f"person.unknown.{why}", "unknown_person", (s, e), shown[s:e], "unknown_person", turn=turn
            )
        )

    for m in name_cues.LATE.finditer(prompt):
        name = prompt[m.start() : m.end()].split()
        if m.group(0)[0].isascii() and len(name) > 2 and not name[2][:1].isupper():
            continue  # "the late afternoon": a Latin marker needs a capitalised name after it
        add(m.start(), m.end(), "late")
    for m in _HONORIFIC.finditer(prompt):
        if given_only and (
            name_cues.trade_after(prompt, m.end())
            or name_cues.trade_before(prompt, m.start())
            or name_cues.named_character(prompt, m.start(), m.end(), "")
        ):
            continue  # "Mr. Kim the baker", "a doctor named Dr. Smith": a character of the scene
        if _key(m.group(1)) not in common:
            add(m.start(), m.end(), "honorific")
    for m in _TITLE_INITIALS.finditer(prompt):
        add(m.start(), m.start(1) + len(m.group(1).rstrip()), "initials")
    # the shapes of one language first: they span the whole name ("Vũ Thị Hạnh", not "Thị Hạnh")
    ascii_only = prompt.isascii()  # a Vietnamese name needs a Vietnamese letter, a Cyrillic pair Cyrillic
    for s, e in () if ascii_only else names_latin.vietnamese_names(prompt):
        add(s, e, "surname.vi", inside_ok=True)
    for s, e in names_latin.turkish_pairs(prompt, common):
        if not given_only or _key(prompt[s:e].split()[0]) in given:
            add(s, e, "suffix.tr", inside_ok=True)
    for m in _CAP_PAIR.finditer(prompt):
        first, last = _key(m.group(1)), _key(m.group(2).split()[-1])
        if last in common or (last in given and first not in given):
            continue  # "Golden Grace": a given name needs a given name before it to be a surname
        if names_latin.brief_head(first):
            continue  # "Auftrag Stadt Graz", "Zlecenie Urzędu Gminy": a brief's client line, an office
        if name_cues.kin_before(first):
            continue  # "Mamie Jeanne", "Nana Rose", "Tata Ana": a grandmother or an aunt of the scene
        if names_latin.place_name(prompt, m.start(), m.end()):
            continue  # "Hoàng Su Phì terraced fields": a place
        if name_cues.locative(prompt, m.start()):
            continue  # "en Buenos Aires", "in New Haven": a city
        if names_latin.place_head(m.group(2).split()[-1]):
            continue  # "Galata Köprüsü", "Amsterdam Centraal": a place
        if names_latin.animal_breed(prompt, m.start(), m.end()):
            continue  # "een snelle Jack Russell": a dog
        if given_only and (
            place_cues.named_place(prompt, m.start(), m.end())
            or place_cues.named_place(prompt, m.start(), m.start() + len(m.group(1)))
            or name_cues.address_word(last)
        ):
            continue  # "Adnan Menderes Havalimanı", "Mehmet Amca": a venue, a familiar character
        if first in given and first not in idx.very_common:
            # in an advert, a pair inside a longer capitalised run is a brand ("Lao Gan Ma")
            longer = given_only and re.match(r"[ \t]+[A-Z]", prompt[m.end() : m.end() + 3]) is not None
            # ... and a pair that qualifies a product is the fashion house or the distillery
            # ("a Tommy Hilfiger jacket", "a bottle of Jack Daniel's"), in any context
            label = name_cues.product_label(prompt, m.start(), m.end())
            if not (given_only and last in idx.semi_common) and not longer and not label:
                add(m.start(), m.end(), "name")
        elif first not in common and not given_only and not names_latin.german_noun(first):
            add(m.start(), m.end(), "name")
    for s, e in names_latin.recommended_pairs(prompt, idx.semi_common):  # "Google Pixel" is no one
        add(s, e, "endorser")
    for m in () if ascii_only else _CYR_PAIR.finditer(prompt):
        if given_only:
            break
        first, last = m.group(1).lower(), m.group(2).lower()
        if first not in common and last not in common:
            add(m.start(), m.end(), "name")
    return out


def _key(word: str) -> str:
    """Lowercase, without accents: the form the word lists use ("Thành" -> "thanh")."""
    d = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in d if not unicodedata.combining(c)).replace("đ", "d")


def script_unknowns(
    nt: NormText,
    prompt: str,
    turn: int | None,
    taken: Sequence[tuple[int, int]],
    found: Sequence[Finding] = (),
    cues: Path | None = None,
    untitled: bool = True,
) -> list[Finding]:
    """Named people in scripts without capitals (``names.find_names``): ``taken`` are normalised
    keyword/person spans, ``found`` the unknown-person findings already made (not repeated),
    ``cues`` the cue file (None: the built-in ``rules/people/name_cues.yaml``). ``untitled``: also
    the guesses with no title and no listed given name (a word before a surname-like word), which
    an advert brief's field lines ("แสง: ย้อนแสงสีทอง", "רקע: שיש לבן") imitate; only a harmful
    scene aimed at a person is evidence enough for them."""
    from provguard.screen import names

    out: list[Finding] = []
    for sp in names.find_names(nt.text, taken, names.load_cues(cues)):
        if not untitled and sp.cue == "surname" and sp.lang != "vi":
            continue
        s, e = nt.span(sp.start, sp.end)
        if any(f.span[0] < e and s < f.span[1] for f in found):
            continue
        out.append(
            build.finding(
                f"person.unknown.{sp.cue}.{sp.lang}",
                "unknown_person",
                (s, e),
                prompt[s:e],
                "unknown_person",
                turn=turn,
            )
        )
    return out


def office_holders(
    offices: Sequence[tuple[str, tuple[int, int]]], nt: NormText, prompt: str, turn: int | None
) -> list[Finding]:
    """A definite office whose holder no list knows ("the finance minister", "der Polizeipräsident von
    Berlin", 警察庁長官): one finding per office span, rule ``person.unknown.<office rule id>``."""
    out: list[Finding] = []
    for rule_id, span_n in offices:
        s, e = nt.span(*span_n)
        if any(f.span[0] < e and s < f.span[1] for f in out):
            continue
        out.append(
            build.finding(
                f"person.unknown.{rule_id}", "unknown_person", (s, e), prompt[s:e], "unknown_person",
                turn=turn,
            )
        )
    return out
