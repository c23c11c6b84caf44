"""Named people in scripts without capital letters: Arabic, Persian, Hebrew, Thai, Devanagari,
Bengali, Hangul, Chinese and Japanese.

Why cues and not a dictionary: capitalisation tells a Latin or Cyrillic reader where a name is;
these scripts give no such hint, and no word list here covers them. A name is marked instead by
what surrounds it, the way a reader finds it: a title before it (السيد, מר, คุณ, श्री), a marker
after it (さん, 씨, 先生, जी, সাহেব), a common given name before a second word (محمد …, יוסי …),
a common surname after a first word (… शर्मा, … כהן), or a surname-led short word in a name slot
of Chinese ("X被…", "X的照片"). The cue lists are policy data (``rules/people/name_cues.yaml``),
each with words that look like a cue but are not (คุณภาพ "quality", 日本首相). Clitics glued to
the word (Arabic و ف ب ك ل ال, Hebrew ו ה ב ל מ ש כ, Korean josa, Bengali case endings) are
stripped before a cue is compared. Runs only on the slow path: a person-directed context and no
listed person. Every span says which cue found it (``person.unknown.<cue>.<lang>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from provguard.screen.bounds import INDIC_SUFFIXES
from provguard.screen.normalize import normalize_pattern

__all__ = ["Free", "LangCues", "NameCues", "Span", "Words", "find_names", "fold_semitic", "load_cues"]

# Arabic harakat, tatweel and Quranic marks; Hebrew niqqud and cantillation (not letters, not maqaf)
_DROP = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ي": "ی", "ك": "ک", "ئ": "ی"}
)
_AR_PROCLITIC = re.compile(r"[وف]?(?:[بكلک]|لل)?(?:ال)?")
_HE_PROCLITIC = re.compile(r"[ושבלמכ]{0,3}ה?")
_KANA = re.compile("[\u3040-\u30ff]")
_KIN_TITLES = ("พี่", "น้อง")
_INDIC_SUFFIXES = sorted(INDIC_SUFFIXES, key=len, reverse=True)
Free = Callable[[int, int], bool]  # whether a normalised span is clear of keywords and names
Words = list[tuple[int, int, str]]  # (start, end, word) of the space-separated text


@dataclass(frozen=True)
class Span:
    start: int  # in normalised text
    end: int
    cue: str  # title | marker | given | surname | slot
    lang: str


@dataclass
class LangCues:
    title_before: tuple[str, ...] = ()
    marker_after: frozenset[str] = frozenset()
    given: frozenset[str] = frozenset()
    surname: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class NameCues:
    langs: dict[str, LangCues] = field(default_factory=dict)

    def get(self, lang: str) -> LangCues:
        return self.langs.get(lang) or LangCues()


def fold_semitic(word: str) -> str:
    """Arabic/Persian/Hebrew word without points, with letter variants unified (for cue lookup)."""
    return _DROP.sub("", word).translate(_FOLD)


def _norm(words: Iterable[str], semitic: bool) -> list[str]:
    out = []
    for w in words:
        n = normalize_pattern(str(w))
        out.append(fold_semitic(n) if semitic else n)
    return [w for w in out if w]


def load_cues(path: Path | None = None) -> NameCues:
    """Read the cue lists (the built-in ``rules/people/name_cues.yaml`` when ``path`` is None);
    parsed once per file version (path, size, modification time)."""
    if path is None:
        from provguard.screen.rules import builtin_rules_dir

        path = builtin_rules_dir() / "people" / "name_cues.yaml"
    try:
        st = path.stat()
    except OSError:
        return NameCues()
    return _load_cues(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _load_cues(path: Path, size: int, mtime_ns: int) -> NameCues:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return NameCues()
    cues = NameCues()
    for lang, d in raw.items():
        if not isinstance(d, dict):
            continue
        sem = lang in ("ar", "fa", "he")
        lc = LangCues(
            title_before=tuple(sorted(set(_norm(d.get("title_before", []), sem)), key=len, reverse=True)),
            marker_after=frozenset(_norm(d.get("marker_after", []), sem)),
            given=frozenset(_norm(d.get("given", []), sem)),
            surname=frozenset(_norm(d.get("surname", []), sem)),
            generic=frozenset(_norm(d.get("generic", []), sem)),
        )
        for k in ("stop", "josa", "personal", "office", "after_slot", "before_slot", "common", "noun_final",
                  "abbrev", "surname_part", "cut", "given_end", "given_syllables"):
            if k in d:
                lc.extra[k] = tuple(sorted(set(_norm(d[k], sem)), key=len, reverse=True))
        cues.langs[str(lang)] = lc
    # Arabic and Persian share a script: one set of cues for both
    ar, fa = cues.get("ar"), cues.get("fa")
    cues.langs["arab"] = LangCues(
        title_before=tuple(sorted({*ar.title_before, *fa.title_before}, key=len, reverse=True)),
        given=ar.given | fa.given,
        surname=ar.surname | fa.surname,
        generic=ar.generic | fa.generic,
    )
    return cues


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
        return "arab"
    if 0x0590 <= o <= 0x05FF:
        return "he"
    if 0x0E00 <= o <= 0x0E7F:
        return "th"
    if 0x0900 <= o <= 0x097F:
        return "hi"
    if 0x0980 <= o <= 0x09FF:
        return "bn"
    if 0xAC00 <= o <= 0xD7AF:
        return "ko"
    if 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF:
        return "cjk"
    return ""


_WORDS = re.compile(r"[^ ,.;:!?()\[\]«»…،؛؟\u0964\u0965]+")


def find_names(text: str, taken: Sequence[tuple[int, int]], cues: NameCues) -> list[Span]:
    """Name spans (normalised offsets) that a cue marks, outside ``taken`` (keyword and person
    spans); the longest span wins where two overlap."""
    covered = bytearray(len(text) + 1)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)

    def free(s: int, e: int) -> bool:
        return e > s and not any(covered[s:e])

    out: list[Span] = []
    # a name never holds clause punctuation: "نور صبح،" is light and a comma, not "نور" and "صبح،"
    words = [(m.start(), m.end(), m.group(0)) for m in _WORDS.finditer(text)]
    scripts = [_script(w[2][0]) for w in words]
    present = set(scripts)
    if "arab" in present:
        out += _spaced(words, scripts, "arab", cues.get("arab"), cues.get("arab"), free)
    if "he" in present:
        out += _spaced(words, scripts, "he", cues.get("he"), cues.get("he"), free)
    for lang in ("hi", "bn"):
        if lang in present:
            out += _spaced(words, scripts, lang, cues.get(lang), cues.get(lang), free)
    if "th" in present:
        out += _thai(text, cues.get("th"), free)
    if "ko" in present or "cjk" in present:
        from provguard.screen import names_cjk

        if "ko" in present:
            out += names_cjk.korean(words, scripts, cues.get("ko"), free)
        if "cjk" in present:
            if _KANA.search(text):
                out += names_cjk.japanese(text, cues.get("ja"), free)
            else:
                out += names_cjk.chinese(text, cues.get("zh"), free)
    out.sort(key=lambda s: (s.start - s.end, s.start))
    chosen: list[Span] = []
    for s in out:
        if all(s.end <= c.start or c.end <= s.start for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


# ---------------------------------------------------------------- space-separated scripts


@lru_cache(maxsize=8192)
def alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled regex matching any of ``words`` (longest first), built once per word list."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=8192)
def _strip(word: str, lang: str, sets: tuple[frozenset[str], ...]) -> tuple[str, int]:
    """(core, characters of clitic before it): the word as written, or without a proclitic
    (Arabic/Hebrew) or a case ending (Devanagari/Bengali) when that leaves a word of ``sets``."""
    if lang in ("arab", "he"):
        f = fold_semitic(word)
        if any(f in s for s in sets):
            return f, 0
        rx = _AR_PROCLITIC if lang == "arab" else _HE_PROCLITIC
        for k in range(min(4, len(f) - 2), 0, -1):
            if not rx.fullmatch(f[:k]):
                continue
            # ل + ال contracts to لل: للسيد is ل + السيد
            cores = (f[k:], "ال" + f[k:]) if f[:k].endswith("لل") else (f[k:],)
            for core in cores:
                if any(core in s for s in sets):
                    # offset in the unfolded word: count kept letters
                    return core, _orig_offset(word, k)
        return f, 0
    if any(word in s for s in sets):
        return word, 0
    for suf in _INDIC_SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 2 and any(word[: -len(suf)] in s for s in sets):
            return word[: -len(suf)], 0
    return word, 0


def _orig_offset(word: str, k: int) -> int:
    """Index in ``word`` of the ``k``-th character that survives ``fold_semitic``."""
    kept = 0
    for i, ch in enumerate(word):
        if kept == k:
            return i
        if not _DROP.match(ch):
            kept += 1
    return len(word)


def _spaced(
    words: Words, scripts: list[str], lang: str, cue: LangCues, own: LangCues, free: Free
) -> list[Span]:
    """Titles, given names, surnames and after-markers in Arabic/Persian, Hebrew, Hindi, Bengali."""
    out: list[Span] = []
    code = "ar" if lang == "arab" else lang
    titles = frozenset(cue.title_before)
    generic = cue.generic | titles | own.marker_after
    surname = own.surname

    def word_ok(i: int) -> bool:
        if i < 0 or i >= len(words) or scripts[i] != lang:
            return False
        s, e, w = words[i]
        core, _ = _strip(w, lang, (generic,))
        return free(s, e) and core not in generic and len(core) >= 2

    def second_ok(i: int) -> bool:
        """A word that can follow a given name in the same name: not an Arabic imperfect verb
        (يتلقى, تبكي) unless a listed name or a family name with the article."""
        if not word_ok(i):
            return False
        if lang != "arab" or is_in(i, cue.given) or is_in(i, surname):
            return True
        f = fold_semitic(words[i][2])
        return f.startswith(("ال", "ابو", "بن")) or not (f[0] in "یتن" and len(f) >= 4)

    def is_in(i: int, ws: frozenset[str]) -> bool:
        return 0 <= i < len(words) and scripts[i] == lang and _strip(words[i][2], lang, (ws,))[0] in ws

    for i, (s, e, w) in enumerate(words):
        if scripts[i] != lang:
            continue
        core, off = _strip(w, lang, (titles, cue.given, surname))
        # a proclitic may precede an Arabic/Hebrew title (للسيد); a case ending on an Indic title
        # makes it a noun (ডাক্তারের "the doctor's")
        if (core in titles if lang in ("arab", "he") else w in titles) and word_ok(i + 1):
            two = second_ok(i + 2) and (is_in(i + 1, cue.given) or is_in(i + 2, surname))
            out.append(Span(words[i + 1][0], words[i + 2 if two else i + 1][1], "title", code))
        elif core in cue.given and free(s, e) and second_ok(i + 1) and not is_in(i + 1, titles):
            out.append(Span(s + off, words[i + 1][1], "given", code))
        elif core in surname and word_ok(i - 1) and free(s, e) and not is_in(i - 1, titles):
            out.append(Span(words[i - 1][0], e, "surname", code))
        if own.marker_after and is_in(i + 1, own.marker_after) and word_ok(i) and core not in titles:
            start = words[i - 1][0] if word_ok(i - 1) and is_in(i - 1, cue.given) else s
            out.append(Span(start, e, "marker", code))
    return out


# ---------------------------------------------------------------- Thai (no spaces)


def _thai(text: str, cue: LangCues, free: Free) -> list[Span]:
    """A Thai title glued to the name that follows it; the name ends at a space, a rule keyword
    or a stop word (a verb or particle: ถูก, กำลัง, ที่ …)."""
    out: list[Span] = []
    stops = cue.extra.get("stop", ())
    generic = cue.generic
    seen: set[int] = set()
    for t in cue.title_before:  # longest first: นางสาว before นาง
        if " " in t:
            continue
        for m in re.finditer(re.escape(t), text):
            if m.start() in seen:
                continue
            seen.add(m.start())
            s = m.end()
            # a longer word that holds the title: คุณภาพ, or พี่น้อง around น้อง
            longer = any(
                len(g) > len(t) and (k := g.find(t)) >= 0 and text.startswith(g, m.start() - k)
                for g in generic
            )
            if longer or not free(m.start(), s):
                continue
            if text[max(0, m.start() - 3) : m.start()] == "ขอบ":
                continue  # ขอบคุณ "thank you"
            e = _thai_word_end(text, s, stops, free)
            if e - s < (2 if t in _KIN_TITLES else 3):  # nicknames after พี่/น้อง are short: พี่ฝน
                continue
            if e < len(text) and text[e] == " ":
                e2 = _thai_word_end(text, e + 1, stops, free)
                if e2 - (e + 1) >= 3 and e2 < len(text) and text[e2] != " ":
                    e = e2  # "นายสมชาย วงศ์สวัสดิ์ถูกจับ": the surname runs up to the verb
            out.append(Span(s, e, "title", "th"))
    for a in cue.extra.get("abbrev", ()):  # ดร.สุรชัย, ส.ส.อนุชา: the dot became a space
        for m in re.finditer(re.escape(a) + " +", text):
            if m.start() > 0 and text[m.start() - 1] != " " and _script(text[m.start() - 1]) != "th":
                continue
            s = m.end()
            e = _thai_word_end(text, s, stops, free)
            if e - s < 3 or not free(m.start(), s):
                continue
            if e < len(text) and text[e] == " ":
                e2 = _thai_word_end(text, e + 1, stops, free)
                if e2 - (e + 1) >= 3:
                    e = e2
            out.append(Span(s, e, "title", "th"))
    return out + _thai_untitled(text, cue, free)


def _thai_untitled(text: str, cue: LangCues, free: Free) -> list[Span]:
    """A name without a title: a given name (after a cut word such as ของ "of" or ภาพ "picture",
    or opening its phrase), a space, and a word built with a surname part (ทองดี, รุ่งเรืองศรี)
    that runs up to a stop word, a keyword, a space or the end."""
    out: list[Span] = []
    parts = cue.extra.get("surname_part", ())
    if not parts:
        return out
    stops = cue.extra.get("stop", ())
    cut_rx = alternation(cue.extra.get("cut", ()) or ("\0",))
    for m in re.finditer(" ", text):
        p = m.start()
        s = p
        while s > 0 and _script(text[s - 1]) == "th":
            s -= 1
        phrase = text[s:p]
        cuts = [c.end() for c in cut_rx.finditer(phrase)]
        g = s + (cuts[-1] if cuts else 0)
        e = _thai_word_end(text, p + 1, stops, free)
        given, surname = text[g:p], text[p + 1 : e]
        if not (3 <= len(given) <= 10 and 4 <= len(surname) <= 16) or not free(g, p):
            continue
        if any(given.startswith(x) for x in (*stops, *cue.title_before)) or given in cue.generic:
            continue
        if any(surname.startswith(x) for x in cue.generic if len(x) >= 4):
            continue  # แสงไฟเมือง "city lights", ทองคำ "gold": an everyday word, not a surname
        if any(x in surname for x in parts):
            out.append(Span(g, e, "surname", "th"))
    return out


def _thai_word_end(text: str, s: int, stops: tuple[str, ...], free: Free) -> int:
    stop_at = alternation(stops).match if stops else (lambda _t, _p: None)
    e = s
    n = len(text)
    while e < n and _script(text[e]) == "th" and e - s < 24:
        if e > s and (stop_at(text, e) or not free(e, e + 1)):
            break
        # a two-letter stop word may open a name (มา in มายด์); a longer one ends it (คุณกำลัง)
        if e == s and (((st := stop_at(text, e)) and len(st.group(0)) > 2) or not free(e, e + 1)):
            return s
        e += 1
    return e
