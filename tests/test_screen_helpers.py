"""Shared builders for the screening tests (no tests here).

Tests load the rule packs of this checkout with the 41-person seed from ../shared as the
only people pack, so they do not depend on the curated pack still being written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import PEOPLE, REPO

from provguard.config import Settings
from provguard.screen import Screener

SEED = PEOPLE / "provguard-seed" / "public_figures_seed.tsv"


def rules_without_people(dst: Path) -> Path:
    """A rules dir with this checkout's packs and profiles but no built-in people."""
    for sub in ("packs", "profiles"):
        shutil.copytree(REPO / "rules" / sub, dst / sub)
    return dst


def seed_screener(tmp: Path, policy: str = "standard") -> Screener:
    rules = tmp / "rules"
    if not rules.exists():
        rules_without_people(rules)
    return Screener.load(
        policy,
        people_packs=[SEED],
        rules_dir=rules,
        settings=Settings(data_dir=tmp / "data"),
        include_imported=False,
    )
