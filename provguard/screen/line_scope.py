"""Line scope of an undressing instruction: its garment word and its removal verb share a line.

Undressing rules fire on a garment word with a removal verb "anywhere in the turn", which a one-line
request needs ("now take her top off", "同一个人，但是不穿比基尼"). In a list of edits the two can sit
on different lines of unrelated items: "- clothes and hairstyle unchanged / - remove the pimple",
"- don't touch my face and clothes / - remove the scaffolding". A list keeps each instruction on
its own line, so the verb has to be on one of the garment's lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from provguard.screen import matcher
from provguard.screen.compiled import Compiled
from provguard.screen.normalize import NormText


def cue_on_hit_line(
    compiled: Compiled,
    cues: frozenset[int],
    nt: NormText,
    hits: Sequence[matcher.Hit],
    normalized: Callable[[str], NormText],
) -> bool:
    """True when a line holding one of ``hits`` also holds one of the ``cues`` term ids (a
    one-line prompt always does: the caller checked the whole turn)."""
    orig = nt.original
    if "\n" not in orig:
        return True
    seen: set[int] = set()
    for h in hits:
        s = nt.span(h.start, h.end)[0]
        a = orig.rfind("\n", 0, s) + 1
        if a in seen:
            continue
        seen.add(a)
        b = orig.find("\n", s)
        line = orig[a : b if b >= 0 else len(orig)]
        if cues & matcher.scan(compiled, normalized(line))[2]:
            return True
    return False
