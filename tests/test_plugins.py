"""Every registered plug-in (provenance reader, image detector, audit store) is exercised by a test.

Registration is one list per family; this keeps a new entry from landing untested.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provguard.audit.stores import STORES
from provguard.provenance.readers import READERS
from provguard.screen.detectors import IMAGE_DETECTORS

TESTS = Path(__file__).parent
SOURCES = {
    p.name: p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name
}


def _tested(name: str) -> list[str]:
    return [file for file, text in SOURCES.items() if name in text]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_each_provenance_reader_has_tests(reader: type) -> None:
    name = reader.name  # type: ignore[attr-defined]
    dedicated = (TESTS / f"test_provenance_{name}.py").exists()
    assert dedicated or _tested(reader.__name__) or _tested(reader.__module__.rsplit(".", 1)[-1]), reader


@pytest.mark.parametrize("detector", IMAGE_DETECTORS, ids=lambda d: d.__name__)
def test_each_image_detector_has_tests(detector: object) -> None:
    assert _tested(detector.__name__)  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", sorted(set(STORES) - {"postgres"}))
def test_each_audit_store_has_tests(scheme: str) -> None:
    assert [f for f in _tested(f"{scheme}") if f.startswith("test_audit")], scheme


def test_reader_names_are_the_evidence_sources() -> None:
    # Evidence.source is a closed set; every reader must map onto it.
    from typing import get_args

    from provguard.models import EvidenceSource

    assert len(READERS) == len(get_args(EvidenceSource))
