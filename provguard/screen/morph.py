"""Morphology for rule keywords and names: pack authors write base forms, prompts inflect them.

Why a stem key plus verification: the automaton stays one Aho-Corasick pass. At compile time a
keyword of a pack whose language has a Snowball stemmer is registered by the prefix its stem
shares with the keyword ("esposado" -> "espos"); at scan time a hit there takes the whole word
and is kept only if that word stems to the same stem ("esposada", "esposados" yes, "esposible"
no). Cyrillic names work the same way with the Russian stemmer (Путина, Путиным -> путин;
Зеленского -> зеленск). Latin-script names take a closed set of case endings instead (Polish,
Czech, Croatian, Turkish without apostrophe: "Trumpa", "Bidenem"), because a stemmer for the
prompt's unknown language cannot be chosen per name.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

__all__ = [
    "LATIN_CASE_ENDINGS",
    "LATIN_A_ENDINGS",
    "stem_form",
    "stem_marker",
    "stem_tail",
    "STEM_LANGS",
    "cyrillic",
    "latin_case_ok",
    "name_word_matches",
    "stem",
    "stem_key",
    "word_matches",
]

# pack language -> Snowball algorithm. English and the CJK/Indic languages are left as written
# (their packs already use explicit ``word*`` prefixes); Arabic, Persian and Hebrew keywords
# match inside words already (no word boundary), which covers their clitic prefixes.
STEM_LANGS: dict[str, str] = {
    "es": "spanish",
    "fr": "french",
    "de": "german",
    "pt": "portuguese",
    "it": "italian",
    "nl": "dutch",
    "ru": "russian",
    "uk": "russian",  # no Ukrainian Snowball stemmer; the Russian one strips the shared endings
    "pl": "polish",
    "tr": "turkish",
    "id": "indonesian",
}
# languages whose inflection appends to the base form: the base form followed by a short tail
# is accepted even when the stemmer analyses the longer word differently
AGGLUTINATIVE = frozenset({"tr", "id"})
MIN_STEM = 3

# case endings a Latin-script name may carry in Slavic and Baltic languages, and in Turkish
# written without the apostrophe; "s" is left out on purpose ("trumps" is an English verb)
LATIN_CASE_ENDINGS = frozenset(
    {
        "a",
        "u",
        "e",
        "y",
        "i",
        "em",
        "om",
        "ie",
        "owi",
        "ovi",
        "ov",
        "ova",
        "ym",
        "ego",
        "emu",
        "ach",
        "ami",
        "ow",
        "iem",
        "owa",
        "owie",
        "in",
        "un",
        "nin",
        "nun",
        "ya",
        "ye",
        "yi",
        "yu",
        "ja",
        "ju",
        "jem",
        "as",
        "ui",
        "ai",
        "ą",
        "ę",
        "m",  # Polish instrumental/locative of -ski/-cki names ("Trzaskowskim", "z Sikorskim")
        "nya",  # Indonesian/Malay possessive ("Jokowinya")
    }
)
MIN_LATIN_NAME = 5

# a Latin name whose last letters change when it declines (Polish, Czech, Slovak, Baltic, Slovene,
# Croatian) is registered by its stem, with the tails that may follow it (diacritics are folded, so -ę
# is "e" and -ą "a"): -a replaced (Hołownia -> Hołowni/Hołownię, Lewandowska -> Lewandowskiej), a
# masculine -o replaced (Ziobro -> Ziobry/Ziobrze, Podsiadło -> Podsiadły), a fleeting e (Czarnek ->
# Czarnka/Czarnkiem)
LATIN_A_ENDINGS = frozenset({"y", "i", "e", "ie", "ej", "iej", "u"})
LATIN_O_ENDINGS = frozenset({"y", "e", "a", "ze", "zie", "owi"})
# one word of at least MIN_LATIN_NAME letters, and only names of these countries: elsewhere a name
# minus -a plus a tail is often a word (Paquetá, paquete)
A_DECLENSION_COUNTRIES = frozenset({"PL", "CZ", "SK", "LT", "LV", "SI", "HR"})
# markers: a name minus -a; a name minus -a whose bare stem is a form too (Hołowni); minus -o; -ek as -k
A_STEM, IA_STEM, O_STEM, EK_STEM = "a", "ia", "o", "ek"
STEM_MARKERS = frozenset({A_STEM, IA_STEM, O_STEM, EK_STEM})
_STEM_TAILS = {A_STEM: LATIN_A_ENDINGS, IA_STEM: LATIN_A_ENDINGS | {""}, O_STEM: LATIN_O_ENDINGS}


def stem_marker(form: str) -> str | None:
    """How a one-word name of a declining language is registered by its stem, if it is."""
    if form.endswith("ia") and len(form) >= 7:
        return IA_STEM
    if form.endswith("a"):
        return A_STEM
    if form.endswith("o") and len(form) >= 6:
        return O_STEM
    if form.endswith("ek") and len(form) >= 6:
        return EK_STEM
    return None


def stem_form(form: str, marker: str) -> str:
    """The key a name is registered by for ``marker`` (Hołownia -> hołowni, Czarnek -> czarnk)."""
    return form[:-2] + "k" if marker == EK_STEM else form[:-1]

_lock = threading.Lock()
_stemmers: dict[str, Any] = {}


def _stemmer(algo: str) -> Any:
    st = _stemmers.get(algo)
    if st is None:
        with _lock:
            st = _stemmers.get(algo)
            if st is None:
                import snowballstemmer

                st = _stemmers[algo] = snowballstemmer.stemmer(algo)
    return st


@lru_cache(maxsize=65536)
def stem(algo: str, word: str) -> str:
    """Snowball stem of one normalised word (memoised: the same words recur across prompts)."""
    return str(_stemmer(algo).stemWord(word))


def cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def stem_key(form: str, algo: str) -> tuple[str, str] | None:
    """(automaton key, stem of the last word) for a normalised base form, or None when the
    stem gives no usable prefix (the form then matches only as written)."""
    head, _, last = form.rpartition(" ")
    if not last or not last.isalpha():
        return None
    st = stem(algo, last)
    n = 0
    for a, b in zip(last, st, strict=False):
        if a != b:
            break
        n += 1
    if n < MIN_STEM:
        return None
    key = (head + " " if head else "") + last[:n]
    return key, st


# everyday words of one language that another language's stemmer folds onto a keyword's stem:
# Indonesian "bikin" (make) is not a form of "bikini" (it, pl, id, fr stems: "bikin"), Vietnamese "bạn"
# (friend, you; folded "ban") not one of Spanish "baño"; "bikinin" (make for me) is no Turkish genitive of
# "bikini" in the Indonesian that writes it in nearly every request
# Spanish "sosteniendo" (holding) stems onto "sostén" (a bra); and the false friends that
# scripts/find_collisions.py found among the most frequent words of eight languages: English "process",
# "public", "blessed", "supplies" are no Italian trial, Portuguese advert, French wound or French begging;
# French "près" is no Portuguese arrest, Dutch "droge" (dry) no drug, "bijen" (bees) no Polish beating,
# "ergens" no Turkish teenager, "sessie" no Italian sex; Spanish "rampa", Italian "sosta" (a stop)
NOT_INFLECTIONS = frozenset(
    {"bikin", "bikinin", "ban", "sosteniendo", "sostiene", "sostienen", "sostener", "sostenia", "sostenía",
     "sostenido", "sostenida", "sostengo", "sostenga", "sosteniendolo", "sosteniendola", "sostenian",
     "process", "processes", "processing", "processed", "public", "publicly", "publics", "publique",
     "publiques", "publico", "publica", "publicos", "publicas", "publicamente", "publicar", "publicado",
     "publicada", "publier", "publie", "publiee", "blessed", "bless", "blessing", "blessings", "supplies",
     "supply", "supplied", "pres", "apres", "aupres", "droge", "droog", "bijen", "bijeen", "bijeenkomst",
     "ergens", "sessie", "sessies", "session", "sessions", "sessione", "sessioni", "sesion", "sessao",
     "rampa", "rampas", "ramp", "sosta", "soste"}
)
# the endings Indonesian glues to a word (-nya, -ku, -kan, colloquial -in …): "behanya" is a form of "beha",
# "behalten" (German: keep) and "behavior" are not
_ID_TAILS = frozenset({"nya", "ku", "mu", "kan", "an", "i", "lah", "kah", "pun", "in", "nyа"})


def word_matches(algo: str, stem_of_base: str, base_last: str, word: str, agglutinative: bool) -> bool:
    """Whether ``word`` (a whole word of the prompt) is an inflection of the base form."""
    if word == base_last:
        return True
    if word in NOT_INFLECTIONS:
        return False
    if agglutinative and word.startswith(base_last) and len(word) - len(base_last) <= 8:
        if algo != "indonesian" or word[len(base_last) :] in _ID_TAILS:
            return True
    if len(stem_of_base) <= MIN_STEM:
        # a stem of three letters is a word of many languages ("bara" -> "bar", "bacio" -> "bac" =
        # Vietnamese "bậc"): only the listed form itself counts
        return False
    st = stem(algo, word)
    # Snowball cuts a surname's -ов/-ев/-ин as if it were an ending (буданов -> будан) but stems
    # its cases back to the surname (буданова, будановым -> буданов): accept those too
    return st == stem_of_base or st == base_last


def name_word_matches(stem_of_base: str, base_last: str, word: str) -> bool:
    """Whether ``word`` is a case form of a Cyrillic name: as ``word_matches``, but a plural -ы of a
    name not ending in -а is a noun ("путины", the fishing seasons, is no form of Путин)."""
    if word.endswith("ы") and not base_last.endswith(("а", "ы")):
        return False
    # an adjective built on a surname's stem ("лавровый лист" bay leaf, "путинская") is no case form of the
    # surname: -ов/-ев/-ин surnames decline like Лаврова, Лаврову, Лавровым, never with an adjective's ending
    if base_last.endswith(("ов", "ев", "ёв", "ин", "ын")) and word.endswith(_ADJECTIVE_TAILS):
        return False
    return word_matches("russian", stem_of_base, base_last, word, False)


_ADJECTIVE_TAILS = ("ый", "ий", "ое", "ые", "ая", "ую", "ский", "ская", "ское", "ские")


def stem_tail(text: str, stop: int, marker: str) -> int:
    """End of the word when the name stem before ``stop`` carries a declension tail, else -1."""
    e, n = stop, len(text)
    while e < n and text[e].isalnum():
        e += 1
        if e - stop > 3:
            return -1
    tail = text[stop:e]
    return e if tail in _STEM_TAILS.get(marker, LATIN_CASE_ENDINGS) else -1


def latin_case_ok(text: str, stop: int) -> bool:
    """A Latin name followed, in the same word, by a case ending only ("Putina", "Bidenem")."""
    e = stop
    n = len(text)
    while e < n and text[e].isalpha():
        e += 1
        if e - stop > 4:
            return False
    return (e >= n or not text[e].isalnum()) and text[stop:e] in LATIN_CASE_ENDINGS
