"""Regression tests for bugs QA found (each fixed; the test keeps it fixed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def _env(data_dir: Path, db: Path | None = None) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    e["PROVGUARD_DATA_DIR"] = str(data_dir)
    if db is not None:
        e["PROVGUARD_DB"] = str(db)
    return e


def test_bundle_pubkey_pins_the_signer(tmp_path: Path) -> None:
    """docs/audit.md: compare the key id with a vkey received out of band, "or pass --pubkey VKEY"."""
    auditor = _env(tmp_path / "real")
    r = run(auditor, "audit", "keygen")
    assert r.returncode == 0, r.stderr
    real_vkey = r.stdout.strip()

    forger = _env(tmp_path / "forger", tmp_path / "forged.sqlite3")
    assert run(forger, "audit", "keygen").returncode == 0
    assert run(forger, "screen", "a red bicycle").returncode == 0
    bundle = tmp_path / "forged.tar.gz"
    r = run(forger, "audit", "export", "--format", "bundle", "-o", str(bundle))
    assert r.returncode == 0, r.stderr

    r = run(_env(tmp_path / "elsewhere"), "audit", "verify", "--bundle", str(bundle), "--pubkey", real_vkey)
    assert r.returncode == 4, (r.stdout, r.stderr)


@pytest.mark.parametrize(
    "line",
    ["[" * 100_000 + "]" * 100_000, '{"name": "Ann Lead", "n": ' + "1" * 5000 + "}"],
    ids=["deep", "huge-int"],
)
def test_people_import_hostile_jsonl_is_an_input_error(tmp_path: Path, line: str) -> None:
    f = tmp_path / "people.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    r = run(_env(tmp_path / "data"), "people", "import", str(f))
    assert r.returncode == 3, r.stderr[-500:]
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("member", ["records.jsonl", "proofs.jsonl"])
def test_hostile_bundle_is_reported_not_a_traceback(tmp_path: Path, member: str) -> None:
    import io
    import tarfile

    e = _env(tmp_path / "data", tmp_path / "audit.sqlite3")
    assert run(e, "screen", "a red bicycle").returncode == 0
    good = tmp_path / "good.tar.gz"
    assert run(e, "audit", "export", "--format", "bundle", "-o", str(good)).returncode == 0
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as src, tarfile.open(bad, "w:gz") as dst:
        for m in src.getmembers():
            data = src.extractfile(m).read() if m.isfile() else b""  # type: ignore[union-attr]
            if m.name == member:
                data = ("[" * 100_000 + "]" * 100_000 + "\n").encode()
                m.size = len(data)
            dst.addfile(m, io.BytesIO(data))
    r = run(_env(tmp_path / "elsewhere"), "audit", "verify", "--bundle", str(bad))
    assert r.returncode in (3, 4), r.stderr[-500:]
    assert "Traceback" not in r.stderr


def test_bundle_of_a_rewritten_log_fails_against_an_older_trusted_checkpoint(tmp_path: Path) -> None:
    data = tmp_path / "data"  # one signing key for both logs: the insider holds it
    real = _env(data, tmp_path / "real.sqlite3")
    assert run(real, "audit", "keygen").returncode == 0
    for p in ("a red bicycle", "a snowy campus"):
        assert run(real, "screen", p).returncode == 0
    cp = tmp_path / "trusted.checkpoint"
    r = run(real, "audit", "checkpoint", "--out", str(cp))
    assert r.returncode == 0 and cp.is_file(), r.stderr

    forged = _env(data, tmp_path / "forged.sqlite3")
    for p in ("a blue bicycle", "a rainy campus", "a quiet harbour"):
        assert run(forged, "screen", p).returncode == 0
    bundle = tmp_path / "forged.tar.gz"
    assert run(forged, "audit", "export", "--format", "bundle", "-o", str(bundle)).returncode == 0

    r = run(_env(tmp_path / "elsewhere"), "audit", "verify", "--bundle", str(bundle), "--checkpoint", str(cp))
    assert r.returncode == 4, (r.stdout, r.stderr)


def _png_bomb(path: Path, side: int = 14_000) -> None:
    """A 1-bit PNG of side x side pixels: 196 Mpx (over Pillow's hard 2x limit) in ~25 kB."""
    import struct
    import zlib

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_screen_image_decompression_bomb_is_an_input_error(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    _png_bomb(bomb)
    r = run(_env(tmp_path / "data"), "screen", "make her smile", "--image", str(bomb))
    assert r.returncode == 3, r.stderr[-800:]
    assert "Traceback" not in r.stderr


def test_people_import_names_given_as_a_string(tmp_path: Path) -> None:
    import json

    e = _env(tmp_path / "data")
    f = tmp_path / "execs.jsonl"
    f.write_text('{"names": "Zed Quorvath"}\n', encoding="utf-8")
    r = run(e, "people", "import", str(f))
    if r.returncode == 0:  # accepted: the string must count as one name, and protect the person
        r = run(e, "screen", "Zed Quorvath being arrested, news photo", "--format", "json")
        assert json.loads(r.stdout)["action"] == "block", r.stdout
    else:  # or refused as a clear input error
        assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr

