"""A bundle checked against an older trusted checkpoint must prove it extends that checkpoint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_partial_bundle_needs_and_verifies_a_consistency_proof(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env.update(PROVGUARD_DATA_DIR=str(tmp_path / "data"), PROVGUARD_DB=str(tmp_path / "audit.sqlite3"))
    assert run(env, "screen", "a red bicycle", "--team", "blue").returncode == 0
    old = tmp_path / "old.checkpoint"
    assert run(env, "audit", "checkpoint", "--out", str(old)).returncode == 0
    for p in ("a snowy campus", "a recipe infographic"):
        assert run(env, "screen", p, "--team", "red").returncode == 0

    # only team red: the prefix the old checkpoint covers is not in the bundle
    bare = tmp_path / "bare.tar.gz"
    r = run(env, "audit", "export", "--format", "bundle", "--team", "red", "-o", str(bare))
    assert r.returncode == 0, r.stderr
    elsewhere = {**env, "PROVGUARD_DATA_DIR": str(tmp_path / "elsewhere")}
    elsewhere.pop("PROVGUARD_DB")
    r = run(elsewhere, "audit", "verify", "--bundle", str(bare), "--checkpoint", str(old))
    assert r.returncode == 4 and "--checkpoint" in (r.stdout + r.stderr), (r.stdout, r.stderr)

    proven = tmp_path / "proven.tar.gz"
    r = run(
        env, "audit", "export", "--format", "bundle", "--team", "red",
        "--checkpoint", str(old), "-o", str(proven),
    )
    assert r.returncode == 0, r.stderr
    r = run(elsewhere, "audit", "verify", "--bundle", str(proven), "--checkpoint", str(old))
    assert r.returncode == 0, (r.stdout, r.stderr)
