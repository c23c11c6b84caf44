"""Mixed-script words folded toward their dominant script ("Kсения" -> "ксения", "Еlon" -> "elon").

Why: a homoglyph disguise swaps one or two letters of a name for lookalikes from another script.
A Latin name with Cyrillic/Greek letters folds to Latin (UTS #39 confusables, the table
``normalize`` builds); a Cyrillic or Greek name with Latin lookalikes ("Сoбчак", Ukrainian
"Тiна" with a Latin i) folds the other way, to the script most of its letters are in. One
character for one, so offsets are unchanged. Words wholly in one script are real words and
stay as they are.
"""

from __future__ import annotations

import re

from provguard.screen import lazy_re

__all__ = ["MIXED_WORD", "fold_mixed"]

# a word holding Latin and Cyrillic/Greek letters together
MIXED_WORD = lazy_re.compile(r"[a-z][\u0370-\u04ff]|[\u0370-\u04ff][a-z]")
_LETTER_RUN = lazy_re.compile(r"[^\W\d_]+")
_LATIN = lazy_re.compile(r"[a-z]")
_LATIN_ONLY = lazy_re.compile(r"[a-z]+")
# casefolded Latin letter -> the Cyrillic / Greek letter it imitates (small or capital form)
_TO_CYRILLIC = dict(zip("abcehijkmopstxy", "авсен\u0456\u0458кмор\u0455тху", strict=True))
_TO_GREEK = dict(zip("abeikmnoptuvxyz", "αβεικμηοπτυνχγζ", strict=True))


def _script(c: str) -> int:
    """0 Latin, 1 Cyrillic, 2 Greek, -1 other."""
    if "a" <= c <= "z":
        return 0
    if "\u0400" <= c <= "\u04ff":
        return 1
    if "\u0370" <= c <= "\u03ff":
        return 2
    return -1


def fold_mixed(text: str, to_latin: dict[str, str]) -> str:
    """Fold the minority-script letters of each mixed word toward its dominant script; ties and
    Latin-dominant words fold to Latin (``to_latin``: Cyrillic/Greek letter -> Latin letter)."""

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        if not MIXED_WORD.search(w):
            return w
        counts = [0, 0, 0]
        for c in w:
            k = _script(c)
            if k >= 0:
                counts[k] += 1
        latin = "".join(to_latin.get(c, c) for c in w)
        # a Latin word typed mostly in lookalikes ("Аlіа": А, і, а and a Latin l) folds to Latin: every
        # other letter has a Latin twin and a Latin letter has none in the other script; a Cyrillic name
        # with one Latin letter ("Зеленськuй") keeps letters no Latin word has (з, л, ь)
        if counts[1] > counts[0] and counts[1] >= counts[2]:
            cyr = "".join(_TO_CYRILLIC.get(c, c) for c in w)
            return latin if _LATIN_ONLY.fullmatch(latin) and _LATIN.search(cyr) else cyr
        if counts[2] > counts[0] and counts[2] > counts[1]:
            greek = "".join(_TO_GREEK.get(c, c) for c in w)
            return latin if _LATIN_ONLY.fullmatch(latin) and _LATIN.search(greek) else greek
        return latin

    return _LETTER_RUN.sub(fix, text)
