"""Rejoining forms that a script lets users split: a half-width kana and its separate voiced mark
(ｶﾞ), and Persian verb prefixes and plural/possessive suffixes typed with a space instead of a
zero-width non-joiner. Both keep the normaliser's ``starts``/``ends`` offsets aligned, so findings
still point into the original prompt."""

from __future__ import annotations

import unicodedata

from provguard.screen import lazy_re

__all__ = ["FA_LETTER", "compose_kana", "join_fa_affixes"]


def compose_kana(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """Join a (half-width) voiced sound mark to the kana before it: ｱﾗｶﾞｷ is アラガキ."""
    out: list[str] = []
    st: list[int] = []
    en: list[int] = []
    for ch, a, b in zip(text, starts, ends, strict=True):
        if ch in "\u3099\u309a" and out:
            joined = unicodedata.normalize("NFC", out[-1] + ch)
            if len(joined) == 1:
                out[-1] = joined
                en[-1] = b
                continue
        out.append(ch)
        st.append(a)
        en.append(b)
    return "".join(out), st, en


# Persian writes the verb prefix می/نمی and the suffixes ها/های/ای/اش with a zero-width non-joiner,
# which the normaliser drops ("می‌خورد" -> "میخورد"), but users as often type a space ("می خورد",
# "لباس های", "خامنه ای"): the space is dropped too, so either spelling meets the same keyword or name.
# Only where a letter proper to Persian occurs (Arabic text keeps its spaces: "مي عز الدين").
FA_LETTER = lazy_re.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_AR = "\u0621-\u064a\u0671-\u06d3"
# the suffixes ها های هایی ای اش
_FA_SUFFIX = "\u0647\u0627|\u0647\u0627\u06cc|\u0647\u0627\u06cc\u06cc|\u0627\u06cc|\u0627\u0634"
_FA_SPACED = lazy_re.compile(
    f"(?<![{_AR}])(?:\u0646?\u0645\u06cc) (?=[{_AR}])"  # (ن)می + space + verb
    f"|(?<=[{_AR}]) (?=(?:{_FA_SUFFIX})(?![{_AR}]))"
)


def join_fa_affixes(text: str, starts: list[int], ends: list[int]) -> str:
    """Drop the spaces ``_FA_SPACED`` marks, keeping ``starts``/``ends`` aligned (in place)."""
    drop = {m.end() - 1 for m in _FA_SPACED.finditer(text)}
    if not drop:
        return text
    keep = [i for i in range(len(text)) if i not in drop]
    starts[:] = [starts[i] for i in keep]
    ends[:] = [ends[i] for i in keep]
    return "".join(text[i] for i in keep)
