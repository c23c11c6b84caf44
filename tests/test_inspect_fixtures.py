"""Every real fixture image gets the verdict written (with its reason) in tests/data/expected_verdicts.tsv."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from provguard.provenance import InspectOptions, Inspector, scan_paths
from tests.conftest import IMAGES, REPO

TABLE = REPO / "tests" / "data" / "expected_verdicts.tsv"


def _rows() -> list[dict[str, str]]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


ROWS = _rows()


@pytest.fixture(scope="module")
def inspector() -> Inspector:
    return Inspector(InspectOptions())


def test_table_covers_every_fixture_file(fixtures_dir: Path) -> None:
    on_disk = sorted(
        str(p.relative_to(IMAGES)) for p in IMAGES.rglob("*") if p.is_file() and p.name != "SOURCES.md"
    )
    assert sorted(r["path"] for r in ROWS) == on_disk
    assert all(r["reason"].strip() for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["path"] for r in ROWS])
def test_fixture_verdict(row: dict[str, str], inspector: Inspector, fixtures_dir: Path) -> None:
    v = inspector.inspect_path(IMAGES / row["path"])
    if row["verdict"].startswith("error:"):
        assert v.verdict is None and v.error is not None
        assert v.error.code == row["verdict"].split(":", 1)[1]
        return
    assert v.error is None, v.error
    assert (v.verdict, v.trust) == (row["verdict"], row["trust"]), [e.detail for e in v.evidence]
    # a verdict other than no_provenance always comes with evidence that argues for it
    if v.verdict != "no_provenance":
        assert any(e.strength in ("strong", "moderate") for e in v.evidence)
    assert (v.c2pa is not None) == (row["trust"] != "none" or v.verdict == "unverifiable")


def test_parallel_scan_matches_serial_in_order(fixtures_dir: Path) -> None:
    serial = list(scan_paths([IMAGES], recursive=True, workers=1, options=InspectOptions()))
    parallel = list(scan_paths([IMAGES], recursive=True, workers=2, options=InspectOptions()))
    assert [v.path for v in serial] == [v.path for v in parallel]
    assert [v.model_dump() for v in serial] == [v.model_dump() for v in parallel]
    assert len(serial) == len(ROWS)  # SOURCES.md is skipped: not an image by name or content


def test_cli_jsonl_on_fixture_folder(fixtures_dir: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "provguard.cli",
            "inspect",
            str(IMAGES),
            "--recursive",
            "--format",
            "jsonl",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 3, (
        proc.stderr
    )  # sd-parsers/empty_file.png cannot be read; others still reported
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    expected = {str(IMAGES / r["path"]): r for r in ROWS}
    assert [r["path"] for r in records] == sorted(expected)
    for rec in records:
        assert {"path", "verdict", "trust", "evidence", "c2pa", "error"} <= rec.keys()
        row = expected[rec["path"]]
        if row["verdict"].startswith("error:"):
            assert rec["verdict"] is None and rec["error"]["code"] == row["verdict"][6:]
        else:
            assert (rec["verdict"], rec["trust"], rec["error"]) == (row["verdict"], row["trust"], None)
            for ev in rec["evidence"]:
                assert set(ev) == {"source", "kind", "detail", "strength"}
                assert ev["source"] in {"c2pa", "xmp", "exif", "png_text", "stealth", "watermark"}


def test_one_inspector_shared_by_threads(inspector: Inspector, fixtures_dir: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    paths = [IMAGES / r["path"] for r in ROWS]
    serial = [inspector.inspect_path(p).model_dump() for p in paths]
    with ThreadPoolExecutor(4) as pool:
        threaded = [v.model_dump() for v in pool.map(inspector.inspect_path, paths)]
    assert threaded == serial
