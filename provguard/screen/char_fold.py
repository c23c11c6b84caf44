"""One original character -> its folded form: the per-character half of normalisation.

Why apart from ``normalize``: this is the table work (UTS #39 confusables, OpenCC's traditional ->
simplified characters, NFKC, accents, ignorable code points, vowel points, small capitals), done
once per distinct character and memoised; ``normalize`` assembles the views and the offset map.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from importlib import resources
from pathlib import Path

__all__ = ["SEPARATORS", "char_memo", "fold_char", "is_ignorable", "load_tables", "mixed_letters"]

_SEPARATORS = set("-_.·・‧•/\\|~+=,;:!?\"'`()[]{}<>«»“”‘’「」『』【】《》〈〉、，。！？：；（）\t\n\r\f\v ")
# scripts we never fold through the confusables table (their letters are real letters here)
_NO_CONFUSABLE_PREFIXES = (
    "CJK",
    "HANGUL",
    "DEVANAGARI",
    "BENGALI",
    "HIRAGANA",
    "KATAKANA",
    "HALFWIDTH",
    "IDEOGRAPHIC",
    "DIGIT",
    "ARABIC",
    "HEBREW",
    "CYRILLIC",  # folded only inside words that mix them with Latin letters (see _fold_mixed)
    "GREEK",
)

_lock = threading.Lock()
_MIXED: dict[str, str] = {}  # Cyrillic/Greek letter -> the Latin letter it imitates
_tables: tuple[dict[str, str], dict[str, str]] | None = None
_char_memo: dict[str, str] = {}


def _load_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Confusable -> ASCII and traditional -> simplified character tables (loaded once)."""
    global _tables
    if _tables is not None:
        return _tables
    with _lock:
        if _tables is not None:
            return _tables
        import confusable_homoglyphs
        import opencc

        conf: dict[str, str] = {}
        conf_path = Path(confusable_homoglyphs.__file__).parent / "confusables.json"
        data = json.loads(conf_path.read_text(encoding="utf-8"))
        for ch, glyphs in data.items():
            if len(ch) != 1 or ch.isascii():
                continue
            name = unicodedata.name(ch, "")
            if not name or name.startswith(_NO_CONFUSABLE_PREFIXES):
                continue
            for g in glyphs:
                c = g.get("c", "")
                if len(c) == 1 and c.isascii() and c.isalpha():
                    conf[ch] = c.lower()
                    break
        t2s: dict[str, str] = {}
        ts_file = resources.files(opencc).joinpath("dictionary/TSCharacters.txt")
        for line in ts_file.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                t2s[parts[0]] = parts[1].split(" ")[0]
        for ch, glyphs in data.items():
            name = unicodedata.name(ch, "") if len(ch) == 1 else ""
            if name.startswith(("CYRILLIC", "GREEK")):
                for g in glyphs:
                    c = g.get("c", "")
                    if len(c) == 1 and c.isascii() and c.isalpha():
                        _MIXED[ch] = c.lower()
                        _MIXED[ch.lower()] = _MIXED.get(ch.lower(), c.lower())
                        break
        _tables = (conf, t2s)
        return _tables


def is_ignorable(ch: str) -> bool:
    """Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) or a combining diacritic.

    Why both: tag characters (U+E0000–E007F), variation selectors, fillers and joiners render as
    nothing, and a stray combining accent ("T\u0301rump") only decorates the letter before it;
    either one inside a name must not break the match. Indic/Thai/Arabic vowel signs are letters
    and are kept (they are not in these ranges).
    """
    o = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0x0300 <= o <= 0x036F  # combining diacritical marks
        or 0x1AB0 <= o <= 0x1AFF
        or 0x1DC0 <= o <= 0x1DFF
        or 0x20D0 <= o <= 0x20FF
        or 0xFE20 <= o <= 0xFE2F
        or 0xFE00 <= o <= 0xFE0F  # variation selectors
        or 0xE0000 <= o <= 0xE0FFF  # tags, variation selectors supplement
        or ch in _IGNORABLE
    )


# the Default_Ignorable_Code_Points that are not Cf (fillers, CGJ, Mongolian selectors, …)
_IGNORABLE = frozenset("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0")


def _is_point(ch: str) -> bool:
    """Arabic harakat/tatweel and Hebrew niqqud/cantillation: optional vowel points that decorate a
    word without changing it ("نَتَنْيَاهُو" is نتنياهو, "נְתַנְיָהוּ" is נתניהו)."""
    o = ord(ch)
    return (
        0x064B <= o <= 0x065F
        or o in (0x0640, 0x0670)
        or 0x0610 <= o <= 0x061A
        or 0x06D6 <= o <= 0x06ED
        or (0x0591 <= o <= 0x05C7 and o not in (0x05BE, 0x05C0, 0x05C3, 0x05C6))
    )


# Hindi is typed with and without the nukta ("ख़ान"/"खान", "कैफ़"/"कैफ") and with candrabindu or
# anusvara ("हँस"/"हंस") interchangeably: both fold to the plain letter / anusvara. Bengali khanda ta ৎ
# is a dead ত that turns back into ত before a case ending (জিৎ, জিতের; প্রসেনজিৎ, প্রসেনজিতকে) and is
# often typed as ত: it folds to ত, so a name reaches its inflected forms
_DEVANAGARI_FOLD = {"\u093c": "", "\u0901": "\u0902", "\u09ce": "\u09a4"}


def _letterlike(c: str) -> str | None:
    """Small capitals, modifier and regional-indicator letters -> the plain ASCII letter."""
    name = unicodedata.name(c, "")
    for prefix in (
        "LATIN LETTER SMALL CAPITAL ",
        "MODIFIER LETTER SMALL ",
        "MODIFIER LETTER CAPITAL ",
        "REGIONAL INDICATOR SYMBOL LETTER ",
        "LATIN SUBSCRIPT SMALL LETTER ",
    ):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            if len(rest) == 1 and rest.isalpha():
                return rest.lower()
    return None


def fold_char(ch: str) -> str:
    """Normalise one original character to zero or more folded characters (memoised)."""
    out = _char_memo.get(ch)
    if out is not None:
        return out
    conf, t2s = _load_tables()
    if is_ignorable(ch) or _is_point(ch):
        out = ""
    elif (small := _letterlike(ch)) is not None:
        out = small
    else:
        pieces = []
        for c in unicodedata.normalize("NFKC", ch):
            c = _DEVANAGARI_FOLD.get(c, c)
            if not c:
                continue
            c = conf.get(c, c)
            c = t2s.get(c, c)
            for d in c.casefold():
                if d in _SEPARATORS or d.isspace():
                    pieces.append(" ")
                    continue
                if d == "\u0307" and pieces and pieces[-1] == "i":
                    continue  # Turkish İ casefolds to i + a dot: "İmamoğlunun" is "imamoglunun"
                if not d.isascii() and "LATIN" in unicodedata.name(d, ""):
                    base = "".join(x for x in unicodedata.normalize("NFD", d) if not unicodedata.combining(x))
                    pieces.append(base or d)
                    continue
                pieces.append(d)
        out = "".join(pieces)
    if len(_char_memo) < 200_000:
        _char_memo[ch] = out
    return out


SEPARATORS = _SEPARATORS
char_memo = _char_memo


def load_tables() -> tuple[dict[str, str], dict[str, str]]:
    """The confusable and traditional -> simplified tables (loaded once)."""
    return _load_tables()


def mixed_letters() -> dict[str, str]:
    """Cyrillic/Greek letter -> the Latin letter it imitates (filled by ``load_tables``)."""
    _load_tables()
    return _MIXED
