"""Word boundaries of automaton hits, per script, and the clitics and case endings a person
name may carry inside its word.

Why its own module: the automaton finds keys anywhere; whether a hit is a word (or a name with a
clitic glued to it: لمحمد, שלנתניהו, মোদীর, Putina) depends on the script around it. ``matcher``
calls these on the hot path only when a boundary check fails.
"""

from __future__ import annotations

from typing import Any

from provguard.screen import lazy_re, morph

__all__ = [
    "INDIC_SUFFIXES",
    "_bounds",
    "_is_indic",
    "_joins",
    "_needs_left",
    "_person_tail_ok",
    "_semitic_edges_ok",
    "_wclass",
]


# Arabic-script punctuation inside the Arabic blocks: comma, date separator, semicolon, question
# mark, percent and decimal/thousands signs, Urdu full stop, ornate parentheses
_AR_PUNCT = frozenset("\u060c\u060d\u061b\u061f\u066a\u066b\u066c\u066d\u06d4\ufd3e\ufd3f")


def _wclass(ch: str) -> int:
    """Word class of a non-ASCII character for boundaries: 1 Indic, 2 Cyrillic, 3 Greek,
    4 katakana, 5 Arabic/Persian, 6 Hebrew, 0 none (CJK has no spaces; Korean attaches particles
    on the right only). Arabic and Hebrew keywords still match inside words (clitics); only
    person names check the boundary, allowing the clitics (``_semitic_edges_ok``)."""
    if "\u0900" <= ch <= "\u09ff":
        return 1
    if "\u0400" <= ch <= "\u04ff":
        return 2
    if "\u0370" <= ch <= "\u03ff":
        return 3
    if "\u30a1" <= ch <= "\u30fc":
        return 4
    if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
        # the block's own punctuation (، ؛ ؟ ٪ ۔ ﴾ ﴿) ends a word: "السيسي، في السجن"
        return 0 if ch in _AR_PUNCT else 5
    if "\u0590" <= ch <= "\u05ff":
        return 6
    return 0


def _needs_left(ch: str) -> bool:
    # Latin, Cyrillic, Greek and Devanagari/Bengali words (space separated) need a left boundary
    return (ch.isascii() and ch.isalnum()) or _wclass(ch) in (1, 2, 3)


def _joins(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` belong to one word (Latin alnum, or one non-CJK script)."""
    if a.isascii():
        return b.isascii() and a.isalnum() and b.isalnum()
    w = _wclass(a)
    return w != 0 and w == _wclass(b)


def _bounds(form: str, prefix: bool) -> tuple[bool, bool]:
    """(needs left boundary, needs right boundary). A katakana key of up to three characters
    must be a whole katakana word (キス is not in テキスト); longer katakana keys match inside
    compounds (フェイク in ディープフェイク)."""
    kana = len(form) <= 3 and all(_wclass(c) == 4 for c in form)
    left = _needs_left(form[0]) or kana
    right = (not prefix) and (
        (form[-1].isascii() and form[-1].isalnum()) or _wclass(form[-1]) in (2, 3) or kana
    )
    return (left, right)


def _is_indic(ch: str) -> bool:
    return "\u0900" <= ch <= "\u09ff"


# case endings / honorifics that may follow a name in the same Hindi or Bengali word
INDIC_SUFFIXES = frozenset(
    {
        "র",
        "এর",
        "ের",
        "কে",
        "েরা",
        "রা",
        "দের",
        "ও",
        "ই",
        "ে",
        "জি",
        "জী",
        "সহ",
        # Bengali honorifics glued to a name (মিঠুনদা, মমতাদির) and the emphatic/inclusive -ই/-ও after a case
        "দা",
        "দাকে",
        "দার",
        "দি",
        "দিকে",
        "দির",
        "কেই",
        "কেও",
        "েরই",
        "েরও",
        "রই",
        "রও",
        "जी",
        "का",
        "की",
        "के",
        "ने",
        "को",
        "से",
        "में",
    }
)


def _indic_end_ok(text: str, stop: int) -> bool:
    """A person name in Devanagari/Bengali must end its word, bar a case ending (মোদীর, मोदीजी)."""
    if stop >= len(text) or not _is_indic(text[stop]):
        return True
    end = text.find(" ", stop)
    return text[stop : end if end >= 0 else len(text)] in INDIC_SUFFIXES


def _person_tail_ok(item: tuple[Any, ...], text: str, end: int, stop: int) -> bool:
    """A name glued to a case ending: Hindi/Bengali (मोदीजी, মোদীর) or Slavic ("Putina")."""
    if _is_indic(text[end]):
        return _indic_end_ok(text, stop)
    return (item[6] == "" and morph.latin_case_ok(text, stop)) or item[6] in morph.STEM_MARKERS


# clitics an Arabic/Persian or Hebrew name may carry inside its word: conjunctions, prepositions
# and the article before it (و ف ب ك ل ال لل; ו ה ב ל מ ש כ and their combinations), and the
# Persian ezafe/indefinite -ی, plural -ها and object marker را after it
_AR_PROCLITIC = lazy_re.compile(r"^(?:[وف]?(?:[بكلک]|لل)?(?:ال)?)$")
_HE_PROCLITIC = lazy_re.compile(r"^(?:[ושבלמכ]{0,3}ה?)$")
_FA_SUFFIXES = frozenset({"ی", "ای", "یی", "ها", "های", "را", "ى"})


def _semitic_edges_ok(text: str, start: int, stop: int, left_ok: bool, right_ok: bool) -> bool:
    """A name in Arabic/Persian or Hebrew script whose word holds only clitics besides it."""
    w = _wclass(text[start])
    if w not in (5, 6):
        return False
    if not left_ok:
        ws = start
        while ws > 0 and _wclass(text[ws - 1]) == w:
            ws -= 1
        if not (_AR_PROCLITIC if w == 5 else _HE_PROCLITIC).match(text[ws:start]):
            return False
    if not right_ok:
        we, n = stop, len(text)
        while we < n and _wclass(text[we]) == w:
            we += 1
        if w == 6 or text[stop:we] not in _FA_SUFFIXES:
            return False
    return True
