"""A well-known surname written in lowercase as the subject of a fabricated scene ("swift
naked in bed", "bush counting stacks of cash, security cam angle").

Why: these surnames are everyday words ("a swift bird", "a bush in the garden"), so the gazetteer
does not carry them alone. In a prompt that already has a person-directed harmful context, the
word in a subject slot (clause start, or after "of"/"with"/"and") followed directly by a
predicate is the person. Curated forms only (rules/people/subject_surnames.yaml); the hit is
weak and reported as ``person.gazetteer.subject``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from provguard.screen.compiled import Compiled
from provguard.screen.matcher import PERSON, Hit
from provguard.screen.normalize import NormText
from provguard.screen.rules import builtin_rules_dir

__all__ = ["subject_hits"]

# a subject slot: start of the text or a clause, or after a word that introduces the subject
_SLOT = r"(?:^|[.,;:!?\n] ?|\b(?:of|with|and|shows|showing|where|while) )"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], re.Pattern[str] | None]:
    import yaml  # here, not at import: a cached screen of a harmless prompt never needs a YAML parser

    path = builtin_rules_dir() / "people" / "subject_surnames.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    names: dict[str, str] = dict(data.get("surnames") or {})
    preds = sorted(map(str, data.get("predicates") or []), key=len, reverse=True)
    if not names:
        return names, None
    forms = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    pred = "|".join(re.escape(p) for p in preds)
    pat = rf"{_SLOT}({forms}) (?:(?:{pred})\b|[a-z]{{3,}}(?:ing|ed)\b)"
    return names, re.compile(pat)


_refs: dict[int, dict[str, int]] = {}


def _ref(c: Compiled, name: str) -> int | None:
    """Index of the person called ``name`` in ``c.people`` (table built once per compiled set)."""
    table = _refs.get(id(c))
    if table is None:
        table = {}
        for i, p in enumerate(c.people):
            table.setdefault(p.name, i)
        _refs.clear()
        _refs[id(c)] = table
    return table.get(name)


def subject_hits(c: Compiled, nt: NormText, prompt: str) -> list[Hit]:
    """Weak person hits (matcher ``Hit`` fields) for curated surnames in a subject slot, written
    in lowercase in the prompt (a capitalised one is the gazetteer's business)."""
    names, pat = _table()
    if pat is None or not nt.text.isascii() or not any(k in nt.text for k in names):
        return []  # (the substring test in C spares the regex on nearly every prompt)
    out: list[Hit] = []
    for m in pat.finditer(nt.text):
        s, e = m.span(1)
        s0, e0 = nt.span(s, e)
        if not prompt[s0:e0].islower():
            continue
        ref = _ref(c, names[m.group(1)])
        if ref is not None:
            out.append(Hit(PERSON, ref, s, e, True, "subject", m.group(1), False))
    return out
