"""Indirect descriptions: "the founder of Amazon", "Tesla's CEO", "小米的创始人", "トヨタの社長".

Why templates × organisations: a people row says *what* (``org_roles``: ``founder:Amazon``),
``rules/people/roles/orgs.tsv`` says how each organisation is written in each script, and
``rules/people/roles/templates.tsv`` says how each language phrases each role. Their product
becomes ordinary person surfaces (kind ``role``) in the one automaton, so resolving a
description costs nothing at scan time and every finding says ``via: role``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from provguard.errors import RuleLoadError
from provguard.screen.normalize import normalize_pattern
from provguard.screen.offices import OFFICE_FILES, office_surfaces, read_rows

if TYPE_CHECKING:  # building surfaces is compile time; a cached start only lists the files
    from provguard.screen.gazetteer import Surface
    from provguard.screen.people import PersonRecord

__all__ = ["role_files", "role_surfaces"]

# whoever founded, runs, chairs or owns an organisation is also described as its "boss" or
# "owner" in every language ("el dueño de Zara", "Reliance ke malik", "ông chủ Vingroup"): the
# ``boss`` templates apply to each of these roles
BOSS_ROLES = frozenset({"founder", "ceo", "chairman", "owner"})



def role_files(rules_dir: Path) -> list[Path]:
    d = rules_dir / "people" / "roles"
    names = ("templates.tsv", "orgs.tsv", *OFFICE_FILES)
    return [p for p in (d / n for n in names) if p.is_file()]


def role_surfaces(people: Sequence[PersonRecord], files: Sequence[Path]) -> list[Surface]:
    """Person surfaces for every (person, role, organisation) the packs declare, and for every
    office whose holder is known (offices.py)."""
    from provguard.screen.gazetteer import Surface

    out = office_surfaces(people, files)
    by_name = {p.name: p for p in files}
    tpl_file, org_file = by_name.get("templates.tsv"), by_name.get("orgs.tsv")
    if tpl_file is None or org_file is None or not any(p.org_roles for p in people):
        return out
    templates: dict[str, list[str]] = {}
    for r in read_rows(tpl_file, ("lang", "role", "templates")):
        for t in r["templates"].split("|"):
            if "{org}" not in t:
                raise RuleLoadError(f"{tpl_file}: template {t!r} has no {{org}}")
            templates.setdefault(r["role"], []).append(t.strip())
    orgs: dict[str, list[str]] = {}
    for r in read_rows(org_file, ("forms", "org")):
        orgs[r["org"].casefold()] = [f.strip() for f in r["forms"].split("|") if f.strip()] or [r["org"]]
    seen: set[tuple[str, int]] = {(s.form, s.person) for s in out}
    for i, p in enumerate(people):
        for spec in p.org_roles:
            role, _, org = spec.partition(":")
            role, org = role.strip().casefold(), org.strip()
            if role not in templates:
                raise RuleLoadError(
                    f"people pack: {p.name}: unknown role {role!r}", hint=f"known: {sorted(templates)}"
                )
            tpls = templates[role] + (templates.get("boss", []) if role in BOSS_ROLES else [])
            for form in orgs.get(org.casefold(), [org]):
                for t in tpls:
                    nf = normalize_pattern(t.replace("{org}", form))
                    if len(nf) < 4 or (nf, i) in seen:
                        continue
                    seen.add((nf, i))
                    out.append(Surface(nf, i, "role", False))
    return out
