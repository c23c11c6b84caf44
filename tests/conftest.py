"""Shared test fixtures: where the public fixture data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pgserver"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures"
IMAGES = FIXTURES / "images"
PROMPTS = FIXTURES / "prompts"
PEOPLE = FIXTURES / "people"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.fail(f"../shared/fixtures not found beside the checkout (looked in {FIXTURES})")
    return FIXTURES
