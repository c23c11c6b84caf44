"""Hangul typed as separate letters (ㅇㅣㅈㅐㅁㅕㅇ for 이재명) composed back into syllables.

Why: a name spelt out in compatibility jamo slips past every Hangul surface of the gazetteer.
NFKC turns each compatibility jamo into a conjoining one (initial consonants for every consonant),
which still is not a syllable; this pass composes initial + vowel (+ final) into the precomposed
syllable a surface is written in, keeping the offsets of the letters it was built from.
"""

from __future__ import annotations

import re

__all__ = ["JAMO", "compose_jamo"]

JAMO = re.compile(r"[\u1100-\u1112][\u1161-\u1175]")
_L0, _V0, _T0, _S0 = 0x1100, 0x1161, 0x11A7, 0xAC00
# initial consonant index -> final consonant index (0: it cannot end a syllable: ㄸ ㅃ ㅉ)
_L_TO_T = (1, 2, 4, 7, 0, 8, 16, 17, 0, 19, 20, 21, 22, 0, 23, 24, 25, 26, 27)


def _initial(c: str) -> int:
    o = ord(c) - _L0
    return o if 0 <= o < 19 else -1


def _vowel(c: str) -> int:
    o = ord(c) - _V0
    return o if 0 <= o < 21 else -1


def compose_jamo(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """``text`` with initial+vowel(+final) runs as syllables; ``starts``/``ends`` (original offsets
    per character) merged to match. A consonant followed by a vowel starts the next syllable."""
    out: list[str] = []
    s_out: list[int] = []
    e_out: list[int] = []
    i, n = 0, len(text)
    while i < n:
        li = _initial(text[i])
        vi = _vowel(text[i + 1]) if li >= 0 and i + 1 < n else -1
        if vi < 0:
            out.append(text[i])
            s_out.append(starts[i])
            e_out.append(ends[i])
            i += 1
            continue
        j = i + 2
        ti = 0
        if j < n:
            nxt = ord(text[j])
            if 0x11A8 <= nxt <= 0x11C2:  # a final consonant already (ㄳ ㄶ …)
                ti = nxt - _T0
            elif _initial(text[j]) >= 0 and not (j + 1 < n and _vowel(text[j + 1]) >= 0):
                ti = _L_TO_T[_initial(text[j])]
            if ti:
                j += 1
        out.append(chr(_S0 + (li * 21 + vi) * 28 + ti))
        s_out.append(starts[i])
        e_out.append(ends[j - 1])
        i = j
    return "".join(out), s_out, e_out
