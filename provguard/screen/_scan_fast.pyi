"""Types of matcher.scan's per-hit loop in C (_scan_fast.c)."""

from collections.abc import Callable, Iterable
from typing import Any

def scan_ascii(
    hits: Iterable[tuple[int, tuple[int, int]]],
    text: str,
    entries: Any,
    kw: dict[int, list[Any]],
    persons: list[Any],
    found: set[int],
    hit: type,
    edge_ok: Callable[..., bool],
    word_matches: Callable[..., bool],
    person_hit: Callable[..., Any],
    not_inflections: frozenset[str],
    min_stem: int,
    /,
) -> bool: ...
