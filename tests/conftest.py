"""Shared test fixtures: where the public fixture data lives."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

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
