"""Shared test fixtures: where the public fixture data lives."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from provguard.screen import Screener

pytest_plugins = ["pgserver"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures"
IMAGES = FIXTURES / "images"
PROMPTS = FIXTURES / "prompts"
PEOPLE = FIXTURES / "people"


def pytest_configure(config: pytest.Config) -> None:
    """Hermetic runs: ignore the developer's PROVGUARD_* settings and never touch their data dir."""
    for name in [n for n in os.environ if n.startswith("PROVGUARD_")]:
        del os.environ[name]
    os.environ["PROVGUARD_DATA_DIR"] = tempfile.mkdtemp(prefix="provguard-test-data-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.get("PROVGUARD_DATA_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.fail(f"../shared/fixtures not found beside the checkout (looked in {FIXTURES})")
    return FIXTURES


@pytest.fixture(scope="session")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    """The screener a new install gets (built-in packs, ``standard``, no imported people), compiled once
    for every test module that pins shipped decisions; a module that needs another set-up defines its own."""
    from provguard.config import Settings
    from provguard.screen import Screener

    return Screener.load("standard", settings=Settings(data_dir=tmp_path_factory.mktemp("shipped")),
                         include_imported=False)


@pytest.fixture(scope="session")
def rules_screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    """``standard`` with the learned second opinion switched off (a team profile that extends it): for
    tests that pin what the rules themselves read (a name resolved or not, a keyword's scope)."""
    from provguard.config import Settings
    from provguard.screen import Screener

    d = tmp_path_factory.mktemp("rules-only")
    prof = d / "rules-only.yaml"
    prof.write_text(
        "name: rules-only\nextends: standard\nlearned:\n  escalate: null\n  escalate_alone: null\n"
        "  relieve: null\n",
        encoding="utf-8",
    )
    return Screener.load(prof, settings=Settings(data_dir=d / "data"), include_imported=False)
