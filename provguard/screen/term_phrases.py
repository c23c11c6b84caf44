"""Phrase lists of ``rules/packs/terms.yaml`` that the engine reads as a whole-prompt cue, not through a rule.

- ``no_people``: the picture shows no one ("no people", "사람은 없이", 人物なし, "sin personas"). A name
  in it is a brand, a recipe or a namesake ("kimchi stew from Paik Jong-won's recipe, photo, no people"), so
  the engine drops the photoreal context; a harmful scene still counts.
- ``sample_mark`` and ``doc_placeholder``: a SAMPLE/SPECIMEN mark or a prop of a fictional country. A name
  printed on such a document is a placeholder, so the engine makes no unknown-person guess from it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from provguard.screen.normalize import normalize_pattern

TERMS_FILE = Path("packs") / "terms.yaml"


@lru_cache(maxsize=8)
def pattern(rules_dir: Path, names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex of the normalised terms of the lists ``names`` in ``rules_dir`` (None when none is there);
    read on first use, so that screening from the cache imports no YAML parser until a prompt needs a list."""
    import yaml

    path = rules_dir / TERMS_FILE
    if not path.is_file():
        return None
    lists = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("terms") or {}
    terms = [normalize_pattern(str(t).rstrip("*")) for n in names for t in lists.get(n) or []]
    alts = sorted({t for t in terms if t}, key=len, reverse=True)
    if not alts:
        return None
    bounded = (rf"(?<!\w){re.escape(t)}(?!\w)" if t.isascii() else re.escape(t) for t in alts)
    return re.compile("|".join(bounded))
