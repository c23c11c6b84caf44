"""A private person named as the one a picture is for ("a birthday card for my dad", "send it to my wife")
is not a face in it.

Why: "my dad", "ma mère" are face references when they point at the person to be shown ("my dad in
handcuffs"); after "for" or "send it to" they name who receives the card, and a cartoon on a card for
one's father put him into no scene. Only the pointer right after the preposition is read so; another
pointer in the same prompt still counts.
"""

from __future__ import annotations

from provguard.screen import lazy_re

__all__ = ["is_recipient"]

# "for", its neighbours in the screened Latin-script languages, and "send/give/gift it to", ending right
# before the pointer ("card for my dad", "pour ma mère", "para mi papá", "für meinen Vater")
_BEFORE = lazy_re.compile(
    r"(?i)(?:\b(?:for|pour|para|pra|für|fuer|per|voor|dla|untuk|buat|cho|için)"
    r"|\b(?:send|sending|sent|give|giving|gift|gifting|dedicate|dedicated)\s+(?:it\s+|this\s+|them\s+)?to)"
    r"\s+$"
)


def is_recipient(prompt: str, start: int) -> bool:
    """Whether the pointer starting at ``start`` follows a "for" or a "send it to"."""
    return _BEFORE.search(prompt, max(0, start - 24), start) is not None
