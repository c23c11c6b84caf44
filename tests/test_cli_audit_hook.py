"""CLI batch work (screen, inspect) lands in the audit log when a store is configured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IMAGES

from provguard.audit import AuditLog


def _cli(
    tmp_path: Path, *args: str, db: bool = True, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env["PROVGUARD_DATA_DIR"] = str(tmp_path / "data")
    env["PROVGUARD_AUDIT_KEY"] = str(tmp_path / "audit.key")
    if db:
        env["PROVGUARD_DB"] = str(tmp_path / "audit.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, input=stdin, timeout=120,
    )


def _records(tmp_path: Path) -> list[dict[str, object]]:
    with AuditLog.open(str(tmp_path / "audit.sqlite3"), key_path=tmp_path / "audit.key") as log:
        assert log.verify().ok
        return [r.model_dump(mode="json") for r in log.query(limit=1000)]


def test_screen_records_each_decision_with_its_seq(tmp_path: Path) -> None:
    lines = "\n".join(
        json.dumps({"id": i, "prompt": p})
        for i, p in enumerate(["photoreal news photo of Elon Musk being arrested", "a snowy campus at dusk"])
    )
    out = _cli(tmp_path, "screen", "--input", "-", stdin=lines + "\n")
    assert out.returncode == 1, out.stderr
    decisions = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["audit_seq"] for d in decisions] == [0, 1]
    records = _records(tmp_path)
    assert [r["decision"] for r in records] == [d["action"] for d in decisions] == ["block", "allow"]
    assert {r["event_type"] for r in records} == {"screen.decision"}
    assert records[0]["policy_digest"] == decisions[0]["policy_digest"]
    # the prompt is in the purgeable payload, only its HMAC is in the leaf
    assert str(records[0]["subject"]["prompt_hmac"]).startswith("hmac-sha256:")  # type: ignore[index]
    assert "Musk" not in json.dumps(records[0]["subject"])


def test_inspect_records_every_file_including_unreadable_ones(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    out = _cli(tmp_path, "inspect", str(IMAGES / "c2pa-rs" / "C.jpg"), str(empty), "--format", "jsonl")
    assert out.returncode == 3, out.stderr
    records = _records(tmp_path)
    assert len(records) == 2
    assert records[1]["decision"] == "error"
    assert records[0]["subject"]["image_sha256"]  # type: ignore[index]


@pytest.mark.parametrize("args", [("--no-audit",), ()])
def test_no_store_no_records(tmp_path: Path, args: tuple[str, ...]) -> None:
    db = bool(args)  # --no-audit with PROVGUARD_DB set; or no PROVGUARD_DB at all
    out = _cli(tmp_path, "screen", "a red bicycle", "--format", "json", *args, db=db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["audit_seq"] is None
    assert not (tmp_path / "audit.sqlite3").exists()
