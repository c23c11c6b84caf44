"""Names typed in Arabizi, Arabic in Latin letters with digits for the sounds Latin lacks ("3amr di2ab",
"7aifa wehbe", "mo7amed 9ala7").

Why: the normalised text reads those digits as leetspeak (3 -> e, 7 -> t, 5 -> s), which turns "3amr" into
"eamr", a name no list holds. A word that mixes letters with single Arabizi digits (2 3 5 6 7 9) and has three
or more letters is read the Arabizi way instead (3 -> a before a consonant and nothing before a vowel, 2 ->
nothing, 7 -> h, 5 -> kh, 6 -> t, 9 -> s), and that reading of the prompt goes through the main automaton;
only a name that covers such a word counts. Codes and sizes ("4k", "3d", "h264", "mp3", "7am") are no
Arabizi words: they have fewer than three letters or digits side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from provguard.models import Finding
from provguard.screen import lazy_re, matcher, persons
from provguard.screen.normalize import NormText

__all__ = ["MAY_HOLD", "arabizi_hits", "arabizi_persons"]

MAY_HOLD = lazy_re.compile(r"[235679]")  # the caller's quick test: no Arabizi digit, no Arabizi word
# an Arabizi digit touching a letter, not inside a run of digits (on the original prompt)
_MAYBE = lazy_re.compile(r"(?i)[a-z][235679](?![0-9])|(?<![0-9a-z])[235679][a-z]")
_TOKEN = lazy_re.compile(r"[a-z0-9@$]+")
_WORD = lazy_re.compile(r"(?:[a-z@$]|[0-9](?![0-9]))+")
_LEET = str.maketrans({"0": "o", "1": "i", "4": "a", "@": "a", "$": "s"})
_VOWELS = frozenset("aeiouy")
_SOUND = {"2": "", "7": "h", "5": "kh", "9": "s"}


def _reading(word: str, six: str) -> str | None:
    """The Arabizi reading of one lower-case word, or None when it is no Arabizi word; ``six``: what 6 reads
    as (ط, t, mostly; some write ض, d, with it too: "rama6an")."""
    if _WORD.fullmatch(word) is None or not any(c in "235679" for c in word):
        return None
    if sum(c.isalpha() for c in word) < 3:
        return None
    w = word.translate(_LEET)
    out: list[str] = []
    for k, c in enumerate(w):
        if c == "3":  # ع: a vowel of its own before a consonant ("3jram" -> ajram), silent before a vowel
            out.append("" if k + 1 < len(w) and w[k + 1] in _VOWELS else "a")
        else:
            out.append(six if c == "6" else _SOUND.get(c, c))
    return "".join(out)


def arabizi_persons(
    compiled: matcher.Compiled,
    nt: NormText,
    prompt: str,
    terms: set[int],
    directed: bool,
    turn: int | None,
    kw_spans: list[tuple[int, int]],
    today: dt.date | None,
    *,
    brand_ok: bool,
    photoreal: bool,
) -> list[Finding]:
    """Person findings (``via arabizi``) of the names the Arabizi reading holds, with the same ambiguity and
    death-date checks as the names found as written (``persons.exact_persons``)."""
    hits = arabizi_hits(nt, lambda m: matcher.scan(compiled, m)[1])
    if not hits:
        return []
    return persons.exact_persons(
        compiled, nt, prompt, [matcher.Hit._make(h) for h in hits], terms, directed, turn, kw_spans, today,
        brand_ok, photoreal=photoreal, via="arabizi",
    )


def arabizi_hits(
    nt: NormText, scan: Callable[[NormText], Sequence[tuple[Any, ...]]]
) -> list[tuple[Any, ...]]:
    """Person hits on the Arabizi reading of ``nt``, re-based onto ``nt.text``; empty unless a word of the
    prompt is Arabizi. ``scan`` runs the main automaton over a NormText."""
    original = nt.original
    if not original.isascii() or _MAYBE.search(original) is None:
        return []
    out: list[tuple[Any, ...]] = []
    for six in ("t", "d"):
        read = _read(nt, six)
        if read is None:
            return out
        mini, pos, changed = read
        for h in scan(NormText(mini, mini, None, None)):
            if not any(h[2] < ce and h[3] > cs for cs, ce in changed):
                continue  # a name the main scan found as written
            start, end = pos[h[2]], pos[h[3] - 1] + 1
            out.append((h[0], h[1], start, end, *h[4:]))
        if out or "6" not in original:
            break
    return out


def _read(nt: NormText, six: str) -> tuple[str, list[int], list[tuple[int, int]]] | None:
    """The prompt with its Arabizi words read, the index into ``nt.text`` of each character, and the spans
    that stand for an Arabizi word; None when it has none."""
    text = nt.text
    pieces: list[str] = []
    pos: list[int] = []
    changed: list[tuple[int, int]] = []
    last = 0
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        a, b = nt.span(s, e)
        read = _reading(nt.original[a:b].lower(), six)
        if not read:
            continue
        pieces.append(text[last:s])
        pos.extend(range(last, s))
        start = len(pos)
        pieces.append(read)
        pos.extend(s + min(k, e - s - 1) for k in range(len(read) - 1))
        pos.append(e - 1)  # the reading's last letter ends where the word ends
        changed.append((start, len(pos)))
        last = e
    if not changed:
        return None
    pieces.append(text[last:])
    pos.extend(range(last, len(text)))
    return "".join(pieces), pos, changed
