"""Human tables at 80 columns and in a pipe: short rows, whole file names and rule ids, a summary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IMAGES

from provguard.cli.tables import clip_lines, fold_path


def cli(*args: str, columns: int | None = 80, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-m", "provguard.cli", *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=300)


@pytest.mark.parametrize("width", [12, 20, 34, 80])
def test_fold_path_breaks_after_slashes_and_keeps_the_file_name(width: int) -> None:
    path = "../shared/fixtures/images/c2pa-extension-validator/cards_expired_without_timestamp.jpg"
    lines = fold_path(path, width)
    assert "".join(lines) == path
    assert lines[-1].endswith("cards_expired_without_timestamp.jpg")
    assert all(len(line) <= width for line in lines[:-1])
    assert all(line.endswith("/") for line in lines[:-1] if len(line) < width)


def test_clip_lines_marks_a_cut() -> None:
    assert clip_lines("one two three four five six", 9, 2) == ["one two", "three…"]
    assert clip_lines("short", 20, 2) == ["short"]


@pytest.mark.parametrize("columns", [80, None])  # COLUMNS=80, and a pipe with no COLUMNS at all
def test_inspect_fixture_folder_fits_80_columns(columns: int | None, fixtures_dir: Path) -> None:
    proc = cli("inspect", str(IMAGES), "-r", columns=columns)
    files = json.loads(cli("inspect", str(IMAGES), "-r", "-f", "json").stdout)
    lines = proc.stdout.rstrip("\n").split("\n")
    assert proc.returncode == 3
    assert max(len(line) for line in lines[:-1]) <= 80
    assert len(lines) <= 3 * len(files) + 3, f"{len(lines)} lines for {len(files)} files"
    for f in files:  # every file name whole on one line
        name = Path(f["path"]).name
        assert any(name in line for line in lines), name
    summary = lines[-1]
    assert re.fullmatch(r"\d+ files: (\d+ [a-z_]+, )+\d+ errors?", summary), summary
    assert f"{len(files)} files:" in summary and "1 error" in summary
    counts = {k: v for v, k in re.findall(r"(\d+) ([a-z_]+)", summary.split(": ", 1)[1])}
    assert sum(int(v) for k, v in counts.items() if k not in ("error", "errors")) == len(files) - 1
    assert "exit 3" in proc.stderr and "empty_file.png" in proc.stderr and "could not be read" in proc.stderr


def test_inspect_wide_terminal_uses_four_columns(fixtures_dir: Path) -> None:
    proc = cli("inspect", str(IMAGES / "c2pa-rs"), columns=160)
    header = proc.stdout.split("\n")[0].split()
    assert header == ["path", "verdict", "trust", "evidence"]
    assert proc.returncode == 0 and proc.stderr == ""


def test_screen_table_drops_the_empty_id_column_and_never_splits_rule_ids() -> None:
    prompt = "photorealistic photo of Lei Jun live-streaming, selling phones"
    proc = cli("screen", prompt)
    decision = json.loads(cli("screen", prompt, "-f", "json").stdout)
    lines = proc.stdout.rstrip("\n").split("\n")
    assert lines[0].split()[0] == "action" and " id " not in f" {lines[0]} "
    assert max(len(line) for line in lines) <= 80
    text = proc.stdout
    for finding in decision["findings"]:
        assert finding["rule"] in text, finding["rule"]
    for category in decision["categories"]:
        assert category in text


def test_screen_table_shows_ids_when_inputs_have_them() -> None:
    stdin = '{"id": "p-1", "prompt": "a lighthouse at dawn"}\n{"id": "p-2", "prompt": "a cat"}\n'
    proc = cli("screen", "--input", "-", "--format", "table", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[0].split()[0] == "id"
    assert "p-1" in proc.stdout and "p-2" in proc.stdout
