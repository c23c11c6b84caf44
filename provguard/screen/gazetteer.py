"""People -> surface forms with a strength: strong forms name a person on their own, weak
(ambiguous) forms need person context and none of their ``deny`` words.

Why: "a trump card", "musk perfume" and 奥特曼 (Ultraman) must not fire alone, while
"Donald Trump", 马斯克 and "the King of Sweden" must. The ambiguity comes from three places:
the pack's ``ambiguity_note``, the rule packs' ``ambiguous:`` lexicon, and the shape of names
in uncurated imported lists (single Latin tokens, CJK names of two characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from provguard.screen.normalize import normalize_pattern, squash_pattern
from provguard.screen.people import PersonRecord

PINYIN_COUNTRIES = frozenset({"CN", "TW", "HK", "MO"})
_HANGUL = re.compile(r"^[\uac00-\ud7af]+$")
_KANA = re.compile(r"^[\u3040-\u30ff]+$")


def short_native_form(form: str, country: str) -> str | None:
    """'drop' / 'weak' for native-script forms too short to name one person on their own.

    Why: 진 (Jin), サイ (Psy), リア (Lia) and 정원 (Jungwon, "garden") are ordinary text far more
    often than they are people. Two-character Han names (马云, 拜登) stay strong; a Han name inside a
    longer keyword (贝尔 in 诺贝尔奖) is dropped by the engine instead.
    """
    if len(form) == 1 and not form.isascii():
        return "drop"
    if _HANGUL.match(form) and len(form) <= 2:
        return "weak"
    if _KANA.match(form) and len(form) <= 3:
        return "weak"
    return None


_QUOTED = re.compile(r"[\"“”']([^\"“”']{2,40})[\"“”']")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Surface:
    form: str  # normalised
    person: int
    kind: str  # name | alias | nick | role | pinyin
    weak: bool


def is_latin(form: str) -> bool:
    return form.isascii()


def _note_terms(note: str) -> tuple[set[str], str]:
    quoted = {normalize_pattern(q) for q in _QUOTED.findall(note)}
    return quoted, normalize_pattern(note)


def _pinyin(zh: str) -> list[str]:
    from pypinyin import lazy_pinyin

    chars = [c for c in zh if _CJK.match(c)]
    if len(chars) < 2:
        return []
    syl = lazy_pinyin("".join(chars))
    if not all(s.isascii() and s.isalpha() for s in syl):
        return []
    return [" ".join(syl), "".join(syl)]


def person_surfaces(
    idx: int,
    rec: PersonRecord,
    ambiguous: Iterable[str] = (),
    *,
    with_pinyin: bool = True,
    everyday: frozenset[str] = frozenset(),
) -> list[Surface]:
    """All normalised forms of one person, each marked strong or weak. A run-together pinyin
    form that is an ``everyday`` word ("lining" for 李宁) is dropped: "students lining up to
    vote" names nobody, and the spaced form ("li ning") and the Han name still match."""
    amb = set(ambiguous)
    quoted, note = _note_terms(rec.ambiguity_note) if rec.ambiguity_note else (set(), "")
    brand_note = "brand" in note or "品牌" in note
    raw: list[tuple[str, str]] = [(n, "name") for n in rec.names]
    raw += [(a, "alias") for a in rec.aliases]
    raw += [(n, "nick") for n in rec.nicknames]
    raw += [(r, "role") for r in rec.roles]
    if with_pinyin and rec.curated and rec.country.upper() in PINYIN_COUNTRIES:
        for zh in rec.zh_hans:
            raw += [(p, "pinyin") for p in _pinyin(zh)]
    out: dict[str, Surface] = {}
    for form, kind in raw:
        nf = normalize_pattern(form)
        if not nf or nf in out or (kind == "pinyin" and nf in everyday):
            continue
        latin = is_latin(nf)
        if latin and len(nf.replace(" ", "")) < 3:
            continue
        single = " " not in nf
        short = short_native_form(nf, rec.country)
        if short == "drop":
            continue
        # a leetspeak spelling in the pack ("s1mple") folds to a plain word ("simple")
        leet_folded = latin and nf != " ".join(form.lower().split()) and any(c.isdigit() for c in form)
        weak = nf in amb or short == "weak" or leet_folded
        if not weak and rec.ambiguity_note:
            if nf in quoted:
                weak = True
            elif not latin and nf in note:
                weak = True
            elif latin and single and re.search(rf"(?<![a-z]){re.escape(nf)}(?![a-z])", note):
                weak = True
        if not rec.curated and not weak:
            if latin and single:
                weak = True
            elif not latin and len(nf) <= 2:
                weak = True
        if kind == "pinyin" and len(nf.replace(" ", "")) < 6:
            weak = True
        # a form the note calls a brand ("dyson" also the brand, 老干妈 … brand name) names the
        # product far more often than the founder: kind "brand", counted only with a harmful
        # person-directed context, never with an advert or a product shot
        if brand_note and nf in quoted:
            kind, weak = "brand", True
        out[nf] = Surface(nf, idx, kind, weak)
    return list(out.values())


# short Arabic first words whose al- is the article (a title before a name); a short name that
# merely starts with al- (اليسا, الياس) is not "li-" + article when written lil-
_AL_TITLES = frozenset({"الملك", "الامير", "الأمير", "الشيخ", "السيد", "الملكة", "الشيخة", "الامام", "الإمام",
                        "النجم", "الفنان", "اللاعب", "المطرب"})


def arabic_lil_variants(surfaces: Sequence[Surface]) -> list[Surface]:
    """Arabic li- + al- is written lil- ("للسيسي", "للرئيس المصري", "للملك سلمان"): the article's
    alif drops, so an al- form never occurs as written after that preposition. One extra surface
    per al- form whose first word is long enough (or a title) to carry the article."""
    have = {s.form for s in surfaces}
    out = []
    for s in surfaces:
        nf = s.form
        if not (nf.startswith("ال") and len(nf) > 2 and "\u0621" <= nf[2] <= "\u064a"):
            continue
        first = nf.split(" ")[0]
        if len(first) < 6 and first not in _AL_TITLES:
            continue
        lil = "لل" + nf[2:]
        if lil not in have:
            have.add(lil)
            out.append(Surface(lil, s.person, s.kind, s.weak))
    return out


# Thai letters that sound alike (vowel length, the several letters of one sound) or look alike (บ/ป, ผ/ฝ,
# พ/ฟ, ถ/ภ, ช/ซ, ด/ค, ฎ/ฏ, obsolete ฃ/ฅ): a misspelt or disguised Thai name swaps one of them (ทักษีณ,
# ทักษิน, ฃ for ข); a silenced letter with its mark is dropped (ประยุทธ์ -> ประยุท). Each value lists the
# letters a letter may be swapped for.
_THAI_SWAPS: dict[str, str] = {
    "\u0e34": "\u0e35", "\u0e35": "\u0e34", "\u0e38": "\u0e39", "\u0e39": "\u0e38", "\u0e36": "\u0e37",
    "\u0e37": "\u0e36", "ณ": "น", "น": "ณ", "ษ": "สศ", "ศ": "สษ", "ส": "ศษ", "ท": "ธฑ", "ธ": "ท", "ฑ": "ท",
    "ฒ": "ท", "ฏ": "ตฎ", "ต": "ฏ", "ฎ": "ดฏ", "ด": "ฎค", "ค": "ฅดฆ", "ฆ": "ค", "ภ": "พถ", "พ": "ภฟ",
    "ฟ": "พ", "ถ": "ภฐ", "ฐ": "ถ", "บ": "ป", "ป": "บ", "ผ": "ฝ", "ฝ": "ผ", "ช": "ซฌฃ", "ซ": "ช", "ฌ": "ช",
    "ญ": "ย", "ฬ": "ล", "ข": "ฃ",
}
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


def thai_spelling_variants(surfaces: Sequence[Surface]) -> list[Surface]:
    """One-letter misspellings of Thai names (a vowel of the other length, another letter of the
    same sound, a silenced letter dropped): weak surfaces, so they name someone only with a
    person-directed context ("ทักษีณ ติดคุก"). Only names of five Thai letters or more, and never a
    form another surface has."""
    have = {s.form for s in surfaces}
    out = []
    for s in surfaces:
        nf = s.form
        if s.kind not in ("name", "alias", "nick") or len(_THAI_LETTER.findall(nf)) < 5 or nf.isascii():
            continue
        if any(not ("\u0e00" <= c <= "\u0e7f" or c == " ") for c in nf):
            continue
        forms = set()
        for i, c in enumerate(nf):
            for r in _THAI_SWAPS.get(c, ""):
                forms.add(nf[:i] + r + nf[i + 1 :])
            if c == "\u0e4c" and i >= 2 and "\u0e01" <= nf[i - 1] <= "\u0e2e":
                forms.add(nf[: i - 1] + nf[i + 1 :])  # ประยุทธ์ -> ประยุท
        for f in sorted(forms):
            if f not in have:
                have.add(f)
                out.append(Surface(f, s.person, s.kind, True))
    return out


def squashed_key(form: str) -> str | None:
    """Key for the spaced-letters automaton: Latin forms of >= 8 letters, Han names of 2 or
    more characters, other scripts >= 3."""
    sq = squash_pattern(form)
    if form.isascii():
        return sq if len(sq) >= 8 else None
    if any("\u0900" <= c <= "\u09ff" for c in form):
        return None  # Indic words are spaced, never squashed
    if len(sq) == 2 and all("\u4e00" <= c <= "\u9fff" for c in sq):
        return sq  # a two-character Han name split by a space (马 云); only spaced views see it
    return sq if len(sq) >= 3 else None


def all_surfaces(people: Sequence[PersonRecord], ambiguous: Iterable[str]) -> list[Surface]:
    from provguard.screen.fuzzy import _common_words

    amb = set(ambiguous)
    everyday = _common_words()[0]
    out: list[Surface] = []
    for i, rec in enumerate(people):
        out += person_surfaces(i, rec, amb, everyday=everyday)
    return out
