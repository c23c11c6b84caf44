"""Offices: "the King of Jordan", "ملك الأردن", "президент Франции", "le président de la République".

Why data and not per-person aliases: an office is one fact (country, office, current holder)
while its phrasings are a product of languages × places × titles. ``rules/people/roles/``
holds four tables:

- ``offices.tsv``: ``place office holder`` — who holds an office now (``holder`` is a people
  pack ``name_en``); an office whose holder is uncertain is simply absent.
- ``places.tsv``: ``place lang name gen adj`` — how each language writes a country or a city:
  its name, the form a title governs (genitive or a preposition phrase: "Франции",
  "de Francia", "du Royaume-Uni") and its adjective ("French", "francés").
- ``office_templates.tsv``: ``office lang templates`` with the slots ``{name}``, ``{gen}``
  and ``{adj}`` ("president of {name}", "президент {gen}", "{name}总统", "{adj} president").
- ``office_implied.tsv``: ``place office lang forms`` — country-less forms that a language
  implies ("le président de la République" in French is France's, "Bundeskanzler" Germany's).

They compile into ordinary person surfaces (kind ``role``) like ``roles.py``'s organisation
roles, so a description costs nothing at scan time and every finding says ``via: role``.
A phrasing that two offices' holders share (two Congos, two Koreas) names nobody and is dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from provguard.errors import RuleLoadError
from provguard.screen.normalize import normalize_pattern

if TYPE_CHECKING:  # building surfaces is compile time; a cached start only lists the files
    from provguard.screen.gazetteer import Surface
    from provguard.screen.people import PersonRecord

__all__ = ["OFFICE_FILES", "office_surfaces"]

OFFICE_FILES = ("offices.tsv", "places.tsv", "office_templates.tsv", "office_implied.tsv")
MAX_ROWS = 100_000
MIN_FORM = 4  # letters of a normalised Latin surface; shorter ones are too generic to name anyone
MIN_FORM_OTHER = 3  # other scripts: 英首相, 美总统
MIN_IMPLIED_OTHER = 2  # a listed bare title (首相, 総理): hand-written, weak through the ambiguous lexicon
_SLOT = re.compile(r"\{(\w+)\}")
SLOTS = frozenset({"name", "gen", "adj"})


def read_rows(path: Path, need: tuple[str, ...]) -> list[dict[str, str]]:
    """A TSV table of the role data (``#`` comments allowed), each row stripped; RuleLoadError when
    unreadable or a needed column is missing. Shared with roles.py."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(f"{path}: cannot read ({exc})") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if not set(need) <= set(reader.fieldnames or ()):
        raise RuleLoadError(f"{path}: expected columns {list(need)}")
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader][:MAX_ROWS]


def _forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split("|") if f.strip()]


def _holders(people: Sequence[PersonRecord], path: Path) -> dict[tuple[str, str], int]:
    """(place, office) -> index of the person holding it; an unknown holder is a data error."""
    index: dict[str, int] = {}
    for i, p in enumerate(people):
        if p.curated and not p.died:
            index.setdefault(p.name, i)
    out: dict[tuple[str, str], int] = {}
    for r in read_rows(path, ("place", "office", "holder")):
        if not r["holder"]:
            continue
        if r["holder"] not in index:
            raise RuleLoadError(
                f"{path}: {r['place']} {r['office']}: holder {r['holder']!r} is not a living person",
                hint="name_en of a row in rules/people/*.tsv",
            )
        out[(r["place"], r["office"])] = index[r["holder"]]
    return out


def _fill(template: str, slots: dict[str, list[str]]) -> list[str]:
    """Every expansion of ``template`` with the place's forms; [] when a slot has none."""
    names = _SLOT.findall(template)
    for n in names:
        if n not in SLOTS:
            raise RuleLoadError(
                f"office template {template!r}: unknown slot {{{n}}}", hint=f"known: {sorted(SLOTS)}"
            )
    out = [template]
    for n in dict.fromkeys(names):
        values = slots.get(n) or []
        out = [t.replace("{" + n + "}", v) for t in out for v in values]
    return out


def office_surfaces(people: Sequence[PersonRecord], files: Sequence[Path]) -> list[Surface]:
    """Person surfaces for every office phrasing of every office whose holder is known."""
    by_name = {p.name: p for p in files}
    if any(n not in by_name for n in OFFICE_FILES):
        return []
    holders = _holders(people, by_name["offices.tsv"])
    places: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in read_rows(by_name["places.tsv"], ("place", "lang", "name", "gen", "adj")):
        slot = places.setdefault((r["place"], r["lang"]), {})
        for k in SLOTS:
            slot.setdefault(k, []).extend(f for f in _forms(r[k]) if f not in slot.get(k, []))
    templates: dict[str, list[tuple[str, str]]] = {}
    for r in read_rows(by_name["office_templates.tsv"], ("office", "lang", "templates")):
        for t in _forms(r["templates"]):
            if not _SLOT.search(t):
                raise RuleLoadError(f"{by_name['office_templates.tsv']}: template {t!r} names no place")
            templates.setdefault(r["office"], []).append((r["lang"], t))
    owner: dict[str, set[int]] = {}

    def add(form: str, person: int, min_other: int = MIN_FORM_OTHER) -> None:
        nf = normalize_pattern(form)
        if len(nf.replace(" ", "")) >= (MIN_FORM if nf.isascii() else min_other):
            owner.setdefault(nf, set()).add(person)

    for (place, office), person in holders.items():
        for lang, t in templates.get(office, []):
            for form in _fill(t, places.get((place, lang), {})):
                add(form, person)
    for r in read_rows(by_name["office_implied.tsv"], ("place", "office", "lang", "forms")):
        held = holders.get((r["place"], r["office"]))
        if held is not None:
            for form in _forms(r["forms"]):
                add(form, held, MIN_IMPLIED_OTHER)
    from provguard.screen.gazetteer import Surface

    return [Surface(nf, next(iter(ps)), "role", False) for nf, ps in owner.items() if len(ps) == 1]
