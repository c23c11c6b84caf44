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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from provguard.screen.normalize import normalize_pattern

__all__ = ["NameCues", "Span", "find_names", "fold_semitic", "load_cues"]

# Arabic harakat, tatweel and Quranic marks; Hebrew niqqud and cantillation (not letters, not maqaf)
_DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ی", "ي": "ی", "ك": "ک", "ئ": "ی"})
_AR_PROCLITIC = re.compile(r"^(?:[وف]?(?:[بكل]|لل)?(?:ال)?)")
_HE_PROCLITIC = re.compile(r"^(?:[ושבלמכ]{0,2}ה?)")
_HAN = "\u3400-\u9fff\u3005"
_KATA = "\u30a1-\u30fc"
_KANA = re.compile("[\u3040-\u30ff]")


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


@lru_cache(maxsize=4)
def load_cues(path: Path | None = None) -> NameCues:
    """Read the cue lists (the built-in ``rules/people/name_cues.yaml`` when ``path`` is None)."""
    if path is None:
        from provguard.screen.rules import builtin_rules_dir

        path = builtin_rules_dir() / "people" / "name_cues.yaml"
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
        for k in ("stop", "josa", "personal", "office", "after_slot", "before_slot"):
            if k in d:
                lc.extra[k] = tuple(sorted(set(_norm(d[k], sem)), key=len, reverse=True))
        cues.langs[str(lang)] = lc
    # Arabic and Persian share a script: one set of cues for both
    ar, fa = cues.get("ar"), cues.get("fa")
    cues.langs["arab"] = LangCues(
        title_before=tuple(sorted({*ar.title_before, *fa.title_before}, key=len, reverse=True)),
        given=ar.given | fa.given,
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


def find_names(text: str, taken: Sequence[tuple[int, int]], cues: NameCues) -> list[Span]:
    """Name spans (normalised offsets) that a cue marks, outside ``taken`` (keyword and person
    spans); the longest span wins where two overlap."""
    covered = bytearray(len(text) + 1)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)

    def free(s: int, e: int) -> bool:
        return e > s and not any(covered[s:e])

    out: list[Span] = []
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^ ]+", text)]
    scripts = [_script(w[2][0]) for w in words]
    present = set(scripts)
    if "arab" in present:
        out += _spaced(words, scripts, "arab", cues.get("arab"), cues.get("ar"), free)
    if "he" in present:
        out += _spaced(words, scripts, "he", cues.get("he"), cues.get("he"), free)
    for lang in ("hi", "bn"):
        if lang in present:
            out += _spaced(words, scripts, lang, cues.get(lang), cues.get(lang), free)
    if "th" in present:
        out += _thai(text, cues.get("th"), free)
    if "ko" in present:
        out += _korean(words, scripts, cues.get("ko"), free)
    if "cjk" in present:
        if _KANA.search(text):
            out += _japanese(text, cues.get("ja"), free)
        else:
            out += _chinese(text, cues.get("zh"), free)
    out.sort(key=lambda s: (s.start - s.end, s.start))
    chosen: list[Span] = []
    for s in out:
        if all(s.end <= c.start or c.end <= s.start for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


# ---------------------------------------------------------------- space-separated scripts


def _strip(word: str, lang: str, sets: Sequence[frozenset[str]]) -> tuple[str, int]:
    """(core, characters of clitic before it): the word as written, or without a proclitic
    (Arabic/Hebrew) or a case ending (Devanagari/Bengali) when that leaves a word of ``sets``."""
    if lang in ("arab", "he"):
        f = fold_semitic(word)
        if any(f in s for s in sets):
            return f, 0
        rx = _AR_PROCLITIC if lang == "arab" else _HE_PROCLITIC
        m = rx.match(f)
        n = m.end() if m else 0
        for k in range(n, 0, -1):
            core = f[k:]
            if len(core) >= 2 and any(core in s for s in sets):
                # offset in the unfolded word: count kept letters
                return core, _orig_offset(word, k)
        return f, 0
    from provguard.screen.matcher import INDIC_SUFFIXES

    if any(word in s for s in sets):
        return word, 0
    for suf in sorted(INDIC_SUFFIXES, key=len, reverse=True):
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


def _spaced(words, scripts, lang, cue: LangCues, own: LangCues, free) -> list[Span]:  # type: ignore[no-untyped-def]
    """Titles, given names, surnames and after-markers in Arabic/Persian, Hebrew, Hindi, Bengali."""
    out: list[Span] = []
    code = "ar" if lang == "arab" else lang
    titles = set(cue.title_before)
    generic = cue.generic | titles | own.marker_after
    surname = own.surname

    def word_ok(i: int) -> bool:
        if i < 0 or i >= len(words) or scripts[i] != lang:
            return False
        s, e, w = words[i]
        core, _ = _strip(w, lang, (generic,))
        return free(s, e) and core not in generic and len(core) >= 2

    n = len(words)
    for i, (s, e, w) in enumerate(words):
        if scripts[i] != lang:
            continue
        core, off = _strip(w, lang, (titles, cue.given, surname))
        if core in titles and word_ok(i + 1):
            j = i + 2 if word_ok(i + 2) and (_strip(words[i + 1][2], lang, (cue.given,))[0] in cue.given
                                           or _strip(words[i + 2][2], lang, (surname,))[0] in surname) else i + 1
            out.append(Span(words[i + 1][0], words[j][1], "title", code))
        elif core in cue.given and free(s, e) and word_ok(i + 1) and _strip(words[i + 1][2], lang, (titles,))[0] not in titles:
            out.append(Span(s + off, words[i + 1][1], "given", code))
        elif core in surname and i > 0 and word_ok(i - 1) and free(s, e):
            prev, _ = _strip(words[i - 1][2], lang, (titles,))
            if prev not in titles:
                out.append(Span(words[i - 1][0], e, "surname", code))
        if own.marker_after and i + 1 < n and scripts[i + 1] == lang and _strip(
            words[i + 1][2], lang, (own.marker_after,)
        )[0] in own.marker_after:
            if word_ok(i) and core not in titles:
                start = words[i - 1][0] if word_ok(i - 1) and _strip(words[i - 1][2], lang, (cue.given,))[0] in cue.given else s
                out.append(Span(start, e, "marker", code))
    return out


# ---------------------------------------------------------------- Thai (no spaces)


def _thai(text: str, cue: LangCues, free) -> list[Span]:  # type: ignore[no-untyped-def]
    """A Thai title glued to the name that follows it; the name ends at a space, a rule keyword
    or a stop word (a verb or particle: ถูก, กำลัง, ที่ …)."""
    out: list[Span] = []
    stops = cue.extra.get("stop", ())
    generic = cue.generic
    for t in cue.title_before:
        if " " in t:
            continue
        for m in re.finditer(re.escape(t), text):
            s = m.end()
            if not free(m.start(), s) or any(text.startswith(g, m.start()) and len(g) > len(t) for g in generic):
                continue
            if text[max(0, m.start() - 3) : m.start()] == "ขอบ":
                continue  # ขอบคุณ "thank you"
            e = _thai_word_end(text, s, stops, free)
            if e - s < 3:
                continue
            if e < len(text) and text[e] == " ":
                e2 = _thai_word_end(text, e + 1, stops, free)
                if e2 - (e + 1) >= 3 and e2 < len(text) and text[e2] != " ":
                    e = e2  # "นายสมชาย วงศ์สวัสดิ์ถูกจับ": the surname runs up to the verb
            out.append(Span(s, e, "title", "th"))
    return out


def _thai_word_end(text: str, s: int, stops: Sequence[str], free) -> int:  # type: ignore[no-untyped-def]
    e = s
    n = len(text)
    while e < n and _script(text[e]) == "th" and e - s < 24:
        if e > s and (any(text.startswith(w, e) for w in stops) or not free(e, e + 1)):
            break
        if e == s and (any(text.startswith(w, e) for w in stops) or not free(e, e + 1)):
            return s
        e += 1
    return e


# ---------------------------------------------------------------- Korean


def _korean(words, scripts, cue: LangCues, free) -> list[Span]:  # type: ignore[no-untyped-def]
    """A Hangul name (a common surname + one or two syllables) with 씨/님 or a title after it."""
    out: list[Span] = []
    josa = cue.extra.get("josa", ())
    markers = cue.marker_after
    sur = cue.surname

    def core_of(w: str) -> str:
        if w in cue.generic or w in markers:
            return w
        for j in josa:
            if w.endswith(j) and len(w) > len(j):
                return w[: -len(j)]
        return w

    for i, (s, e, w) in enumerate(words):
        if scripts[i] != "ko" or not free(s, e):
            continue
        core = core_of(w)
        if core in cue.generic or w in cue.generic:
            continue
        for mk in ("씨", "님"):  # attached: 김민수씨가, 김씨
            if core.endswith(mk) and core not in cue.generic and 1 <= len(core) - 1 <= 3:
                name = core[:-1]
                if name[0] in sur and (len(name) in (1, 3) or (len(name) == 2 and mk == "씨")):
                    out.append(Span(s, s + len(name), "marker", "ko"))
                break
        else:
            if i + 1 < len(words) and scripts[i + 1] == "ko" and 2 <= len(core) <= 4:
                nxt = words[i + 1][2]
                mk = nxt if nxt in markers else core_of(nxt)
                if mk in markers and (core[0] in sur and len(core) == 3 or mk in ("씨", "님") and len(core) in (2, 3)):
                    out.append(Span(s, s + len(core), "marker", "ko"))
    return out


# ---------------------------------------------------------------- Japanese


def _japanese(text: str, cue: LangCues, free) -> list[Span]:  # type: ignore[no-untyped-def]
    """Kanji or katakana name before さん/氏/様 (any), or before an office title (首相, 選手 …)
    when it starts with a common surname or is a katakana name."""
    out: list[Span] = []
    personal = cue.extra.get("personal", ())
    office = cue.extra.get("office", ())
    generic = cue.generic
    for markers, kind in ((personal, "personal"), (office, "office")):
        if not markers:
            continue
        rx = re.compile("|".join(re.escape(m) for m in markers))
        for m in rx.finditer(text):
            q = m.start()
            s = q
            while s > 0 and re.match(f"[{_HAN}]", text[s - 1]) and q - s < 8:
                s -= 1
            kata = False
            if s == q:
                while s > 0 and (re.match(f"[{_KATA}]", text[s - 1]) or (text[s - 1] == " " and s > 1 and re.match(f"[{_KATA}]", text[s - 2]))):
                    s -= 1
                kata = s < q
            name = text[s:q].strip()
            if not name or name in generic or not free(s, q):
                continue
            if kata:
                if len(name) < 2 or any(name.startswith(g) for g in generic if re.match(f"[{_KATA}]", g)):
                    continue
                if kind == "office" and len(name) < 3:
                    continue
            else:
                lead = next((x for x in sorted(cue.surname, key=len, reverse=True) if name.startswith(x)), None)
                if len(name) > 5:
                    # a longer kanji run: the name starts at a surname near its end
                    cut = next((k for k in range(len(name) - 5, len(name) - 1) if any(name.startswith(x, k) for x in cue.surname)), None)
                    if cut is None:
                        continue
                    s += cut
                    name = name[cut:]
                    lead = name
                if kind == "office" and lead is None:
                    continue
                if len(name) < 2 and name not in cue.surname:
                    continue
                if any(name.startswith(g) for g in generic if len(g) >= 2) or name[-1] in "的人者":
                    continue
            out.append(Span(s, s + len(name), "marker" if kind == "personal" else "title", "ja"))
    return out


# ---------------------------------------------------------------- Chinese


def _chinese(text: str, cue: LangCues, free) -> list[Span]:  # type: ignore[no-untyped-def]
    """A surname + one or two characters before a title (先生, 总统 …), or alone in a name slot:
    a whole clause-initial word before 被/在/的照片 …, or after 一张/生成/把 …"""
    out: list[Span] = []
    sur = cue.surname
    generic = cue.generic
    han = re.compile(f"[{_HAN}]")

    def name_ok(name: str, allow_single: bool = False) -> bool:
        if name in generic or any(name.startswith(g) for g in generic if len(g) >= 2):
            return False
        lead = 2 if name[:2] in sur else 1 if name[:1] in sur else 0
        if not lead:
            return False
        rest = len(name) - lead
        return 1 <= rest <= 2 or (allow_single and rest == 0)

    markers = sorted(cue.marker_after, key=len, reverse=True)
    if markers:
        for m in re.finditer("|".join(re.escape(x) for x in markers), text):
            q = m.start()
            for k in (4, 3, 2, 1):
                s = q - k
                if s < 0 or not all(han.match(c) for c in text[s:q]) or not free(s, q):
                    continue
                if name_ok(text[s:q], allow_single=m.group(0) in ("先生", "女士", "小姐", "老师", "师傅", "阿姨", "同学")):
                    out.append(Span(s, q, "title", "zh"))
                    break
    after = cue.extra.get("after_slot", ())
    before = cue.extra.get("before_slot", ())
    if after:
        for m in re.finditer("|".join(re.escape(x) for x in after), text):
            q = m.start()
            s = q
            while s > 0 and han.match(text[s - 1]) and q - s < 6:
                s -= 1
            seg = text[s:q]
            for b in before:  # a slot word before the name: 一张王建国的照片, 把张伟…
                i = seg.rfind(b)
                if i >= 0 and 2 <= len(seg) - i - len(b) <= 4:
                    s += i + len(b)
                    seg = text[s:q]
                    break
            if 2 <= len(seg) <= 4 and free(s, q) and name_ok(seg):
                out.append(Span(s, q, "slot", "zh"))
    return out
