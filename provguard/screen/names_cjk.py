"""Name cues of Korean, Japanese and Chinese (see ``names``): a Hangul name before 씨/님 or a
title, a kanji/katakana name before さん or an office title, a surname-led Han word before 先生
or in a clause slot ("张伟被…", "一张王建国的照片").

Why apart from ``names``: these scripts write names without spaces around them, so the span is
cut by the cue and a common surname, not by word boundaries.
"""

from __future__ import annotations

import re

from provguard.screen.names import Free, LangCues, Span, Words, alternation

__all__ = ["chinese", "japanese", "korean"]

_HAN = "\u3400-\u9fff\u3005"
_KATA = "\u30a1-\u30fc"
_HAN_CH = re.compile(f"[{_HAN}]")
_KATA_CH = re.compile(f"[{_KATA}]")
_ZH_PERSONAL = ("先生", "女士", "小姐", "老师", "师傅", "阿姨", "同学")


def korean(words: Words, scripts: list[str], cue: LangCues, free: Free) -> list[Span]:
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
                if mk in markers and 2 <= len(w) <= 4:
                    core = w  # a marker follows: the word has no particle (박하은 씨, not 박하 + 은)
                polite = mk in ("씨", "님") and len(core) in (2, 3)
                if mk in markers and ((core[0] in sur and len(core) == 3) or polite):
                    out.append(Span(s, s + len(core), "marker", "ko"))
                    continue
            if _korean_full_name(core, w, words[i + 1][2] if i + 1 < len(words) else "", cue):
                out.append(Span(s, s + len(core), "josa", "ko"))
    return out


_KO_PICTURE = ("사진", "사진을", "모습", "모습을", "얼굴", "얼굴을", "영상")


def _korean_full_name(core: str, word: str, nxt: str, cue: LangCues) -> bool:
    """A three-syllable word led by a common surname, with a particle glued to it (김도윤이,
    박서연의) or before 사진/모습/얼굴 ("임채원 사진"), that is no everyday noun: given-name
    syllables after the surname (not 용의자, 진찰받는), not listed as one, and not ending in a
    syllable that ends nouns and not names (경찰관, 운동장, 선수들)."""
    if len(core) != 3 or core[0] not in cue.surname or not all("\uac00" <= c <= "\ud7a3" for c in core):
        return False
    if word == core and nxt.rstrip(",.") not in _KO_PICTURE:
        return False
    if core[-1] == "하" and word[len(core) :] == "는":
        return False  # 기도하는, 연기하는: a verb's 하는 ("praying", "acting"), not a name + topic particle
    common = cue.extra.get("common", ())
    syllables = cue.extra.get("given_syllables", ())
    if syllables and not (core[1] in syllables and core[2] in syllables):
        return False
    return core not in cue.generic and core not in common and core[-1] not in cue.extra.get("noun_final", ())


# ---------------------------------------------------------------- Japanese


def japanese(text: str, cue: LangCues, free: Free) -> list[Span]:
    """Kanji or katakana name before さん/氏/様 (any), or before an office title (首相, 選手 …)
    when it starts with a common surname or is a katakana name."""
    out: list[Span] = []
    personal = cue.extra.get("personal", ())
    office = cue.extra.get("office", ())
    generic = cue.generic
    for markers, kind in ((personal, "personal"), (office, "office")):
        if not markers:
            continue
        rx = alternation(markers)
        for m in rx.finditer(text):
            q = m.start()
            s = q
            while s > 0 and _HAN_CH.match(text[s - 1]) and q - s < 8:
                s -= 1
            kata = False
            if s == q:
                # katakana, also across the space a ・ became ("ドナルド トランプ")
                while s > 0 and (
                    _KATA_CH.match(text[s - 1])
                    or (text[s - 1] == " " and s > 1 and _KATA_CH.match(text[s - 2]))
                ):
                    s -= 1
                kata = s < q
            name = text[s:q].strip()
            if not name or name in generic or not free(s, q):
                continue
            if kata:
                if len(name) < 2 or any(name.startswith(g) for g in generic if _KATA_CH.match(g)):
                    continue
                if kind == "office" and len(name) < 3:
                    continue
            else:
                lead = next((x for x in cue.surname if name.startswith(x)), None)
                if len(name) > 5:
                    # a longer kanji run: the name starts at a surname near its end
                    cuts = range(len(name) - 5, len(name) - 1)
                    cut = next((k for k in cuts if any(name.startswith(x, k) for x in cue.surname)), None)
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
    return out + _japanese_full_names(text, cue, free)


_HIRA_RUN = re.compile("[\u3041-\u3093]{2,4}")
_JA_HONORIFIC = ("さん", "さま", "くん", "ちゃん", "たち", "ども")
_JA_PARTICLE = ("が", "の", "は", "を", "に", "と", "も", "へ", "、", " ", "さん", "氏")


def _japanese_full_names(text: str, cue: LangCues, free: Free) -> list[Span]:
    """A common surname, then a given name of two or three kanji or two to four hiragana, then a
    particle (田中健一が, 中村あかりの): the surname starts the word (no kanji before it) and the
    given name does not end in a character that ends place and shop names (中村屋, 田中町)."""
    out: list[Span] = []
    surnames = tuple(x for x in cue.surname if len(x) >= 2)
    if not surnames:
        return out
    ends = cue.extra.get("given_end", ())
    for m in alternation(surnames).finditer(text):
        s, g = m.start(), m.end()
        if s > 0 and _HAN_CH.match(text[s - 1]):
            continue
        e = g
        while e < len(text) and _HAN_CH.match(text[e]) and e - g < 4:
            e += 1
        if 2 <= e - g <= 3:
            if text[e - 1] in ends or not text.startswith(_JA_PARTICLE, e):
                continue
        else:
            h = _HIRA_RUN.match(text, g)
            if e != g or h is None:
                continue
            run = h.group(0)
            cut = next((k for k in range(len(run), 1, -1) if text.startswith(_JA_PARTICLE, g + k)), None)
            if cut is None or cut < 2 or run.startswith(_JA_HONORIFIC) or run[:cut] in cue.generic:
                continue  # 田中さんち, 山田うどん
            e = g + cut
        name = text[s:e]
        if not free(s, e) or any(name.startswith(x) for x in cue.generic if len(x) >= 2):
            continue
        out.append(Span(s, e, "given", "ja"))
    return out


# ---------------------------------------------------------------- Chinese


def chinese(text: str, cue: LangCues, free: Free) -> list[Span]:
    """A surname + one or two characters before a title (先生, 总统 …), or alone in a name slot:
    a whole clause-initial word before 被/在/的照片 …, or after 一张/生成/把 …"""
    out: list[Span] = []
    sur = cue.surname
    generic = cue.generic
    han = _HAN_CH

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
        for m in alternation(tuple(markers)).finditer(text):
            q = m.start()
            for k in (4, 3, 2, 1):
                s = q - k
                if s < 0 or not all(han.match(c) for c in text[s:q]) or not free(s, q):
                    continue
                if name_ok(text[s:q], allow_single=m.group(0) in _ZH_PERSONAL):
                    out.append(Span(s, q, "title", "zh"))
                    break
    after = cue.extra.get("after_slot", ())
    before = cue.extra.get("before_slot", ())
    if after:
        for m in alternation(after).finditer(text):
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
