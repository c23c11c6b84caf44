"""The scan's parts that need no cluster: rows and their digests through Parquet, batch audit records,
a single file's proof (and what breaks it), sources, options, and a light ``provguard --help``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")

from provguard.audit import AuditLog, merkle  # noqa: E402
from provguard.audit.checkpoint import Signer, generate_key, load_key  # noqa: E402
from provguard.errors import AuditIntegrityError, InputError, NotFound, UsageError  # noqa: E402
from provguard.provenance.options import InspectOptions  # noqa: E402
from provguard.scan.dest import Dest  # noqa: E402
from provguard.scan.proof import BatchAuditor, prove_file, verify_file_proof  # noqa: E402
from provguard.scan.rows import batch_root, row_hash  # noqa: E402
from provguard.scan.sources import Entry, list_sources, storage_options_from_env  # noqa: E402
from provguard.scan.task import BatchSpec, process_batch  # noqa: E402
from tests.conftest import IMAGES  # noqa: E402

FILES = [
    IMAGES / "c2pa-rs/CA.jpg",
    IMAGES / "sd-parsers/novelai1_cropped.png",
    IMAGES / "exif-samples/Canon_40D.jpg",
    IMAGES / "sd-parsers/empty_file.png",
]


def _batch(dest: Dest, batch: int = 0, files: list[Path] = FILES, **kw: Any) -> Any:
    entries = tuple(e for e in list_sources([str(f) for f in files], {}))
    spec = BatchSpec(
        "20260101T000000Z-abcdef",
        batch,
        entries,
        dest,
        {},
        InspectOptions(),
        "2026-01-01T00:00:00+00:00",
        **kw,
    )
    return process_batch(spec)


@pytest.fixture
def log(tmp_path: Path) -> Any:
    key = tmp_path / "key.pem"
    generate_key(key)
    with AuditLog.open(f"sqlite:///{tmp_path / 'audit.db'}", key_path=key) as log:
        yield log


def test_rows_survive_parquet_and_hash_to_the_batch_root(tmp_path: Path) -> None:
    dest = Dest(str(tmp_path / "dest"), {})
    result = _batch(dest, return_rows=True)
    back = dest.read_part(result.part).to_pylist()
    assert [r["path"] for r in back] == [str(f.absolute()) for f in FILES]
    assert [row_hash(r).hex() for r in back] == [r["row_hash"] for r in back]
    assert batch_root(back).hex() == result.merkle_root == dest.part_metadata(result.part)["merkle_root"]
    assert back[3]["error_code"] == "empty" and back[1]["verdict"] == "ai_generated"
    assert result.errors == {"empty": 1} and result.rows == 4
    assert not list((tmp_path / "dest").rglob("*.tmp"))  # written atomically: no temp file left


def test_retrying_a_batch_rewrites_the_same_part(tmp_path: Path) -> None:
    dest = Dest(str(tmp_path / "dest"), {})
    first, again = _batch(dest), _batch(dest)
    assert first.merkle_root == again.merkle_root and dest.parts() == [first.part]
    assert len(dest.done()) == 4 and len(dest.done(retry_errors=True)) == 3


def test_a_scanned_file_is_proven_up_to_a_signed_checkpoint(tmp_path: Path, log: AuditLog) -> None:
    dest = Dest(str(tmp_path / "dest"), {})
    auditor = BatchAuditor(log, dest, team="t1", actor="cli:test")
    receipt = auditor.record(_batch(dest))
    path = str(FILES[0].absolute())
    proof = prove_file(log, dest, dest.parts()[0], path)
    assert proof["record"]["seq"] == receipt.seq and proof["file"]["index"] == 0
    keys = log.verifier_keys()
    assert verify_file_proof(proof, keys)["verdict"] == proof["file"]["row"]["verdict"]

    def broken(change: Any) -> dict[str, Any]:
        p = json.loads(json.dumps(proof))
        change(p)
        return p

    forgeries = [
        lambda p: p["file"]["row"].update(verdict="captured"),
        lambda p: p["file"].update(index=1),
        lambda p: (
            p["file"]["hashes"].reverse() if len(p["file"]["hashes"]) > 1 else p["file"]["hashes"].pop()
        ),
        lambda p: p["record"].update(leaf=p["record"]["leaf"].replace('"rows":4', '"rows":5')),
        lambda p: p["log"]["hashes"].append("00" * 32),
    ]
    for forge in forgeries:
        with pytest.raises(AuditIntegrityError):
            verify_file_proof(broken(forge), keys)
    other = tmp_path / "other.pem"
    generate_key(other)
    with pytest.raises(AuditIntegrityError, match="checkpoint"):
        verify_file_proof(proof, [Signer("provguard", load_key(other)).verifier])
    with pytest.raises(InputError):
        verify_file_proof({"kind": "something else"}, keys)
    with pytest.raises(NotFound):
        prove_file(log, dest, dest.parts()[0], "/not/in/the/part.jpg")


def test_a_part_no_record_names_is_recorded_on_the_next_run(tmp_path: Path, log: AuditLog) -> None:
    dest = Dest(str(tmp_path / "dest"), {})
    _batch(dest, 0, FILES[:2])
    _batch(dest, 1, FILES[2:])
    with pytest.raises(NotFound, match="no audit receipt"):
        prove_file(log, dest, dest.parts()[1], str(FILES[2].absolute()))
    auditor = BatchAuditor(log, dest)
    assert auditor.record_pending() == 2 and auditor.record_pending() == 0
    proof = prove_file(log, dest, dest.parts()[1], str(FILES[2].absolute()))
    record = json.loads(proof["record"]["leaf"])
    assert record["event_type"] == "scan.batch" and record["subject"]["rows"] == 2
    assert merkle.leaf_hash(proof["record"]["leaf"].encode()).hex() == proof["record"]["leaf_hash"]
    assert log.verify().ok


def test_manifest_sources_and_missing_entries(tmp_path: Path) -> None:
    manifest = tmp_path / "list.txt"
    manifest.write_text(f"# images\n{FILES[0]}\n\n{tmp_path / 'gone.jpg'}\n")
    entries = list_sources([str(manifest), str(IMAGES / "c2pa-rs")], {})
    assert entries[0] == Entry(str(FILES[0]), FILES[0].stat().st_size, None, str(FILES[0].stat().st_mtime_ns))
    assert entries[1].size == -1 and len({e.path for e in entries}) == len(entries)
    dest = Dest(str(tmp_path / "dest"), {})
    spec = BatchSpec("s1", 0, (entries[1],), dest, {}, InspectOptions(), "t")
    assert dest.read_part(process_batch(spec).part).to_pylist()[0]["error_code"] == "not_found"
    with pytest.raises(InputError):
        list_sources([str(tmp_path / "nowhere")], {})
    with pytest.raises(UsageError):
        list_sources([], {})


def test_oversized_files_are_error_rows_without_a_read(tmp_path: Path) -> None:
    dest = Dest(str(tmp_path / "dest"), {})
    entry = Entry(str(FILES[0].absolute()), FILES[0].stat().st_size)
    spec = BatchSpec("s1", 0, (entry,), dest, {}, InspectOptions(max_file_bytes=1000), "t")
    row = dest.read_part(process_batch(spec).part).to_pylist()[0]
    assert row["error_code"] == "payload_too_large"


def test_storage_options_from_the_aws_variables() -> None:
    env = {"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
    assert storage_options_from_env(env) == {
        "client_kwargs": {"endpoint_url": "http://127.0.0.1:9"},
        "key": "k",
        "secret": "s",
    }
    assert storage_options_from_env({}) == {}


def test_cli_contract_without_a_cluster(tmp_path: Path) -> None:
    base = [sys.executable, "-m", "provguard.cli", "scan", str(IMAGES), "--out", str(tmp_path / "d")]
    bad = subprocess.run([*base, "--storage-options", "{nope"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--storage-options is not JSON" in bad.stderr
    bad = subprocess.run([*base, "--batch-size", "0"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    proof = subprocess.run(
        [sys.executable, "-m", "provguard.cli", "audit", "proof", "--scan-file", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proof.returncode == 2 and "go together" in proof.stderr


def test_help_does_not_import_the_cluster_stack() -> None:
    code = (
        "import sys\nfrom provguard.cli.main import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('dask', 'distributed', 's3fs', 'pyarrow', 'fsspec') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_file_is_proven_at_an_older_checkpoint_held_outside(tmp_path: Path, log: AuditLog) -> None:
    dest = Dest(str(tmp_path / "dest"), {})
    auditor = BatchAuditor(log, dest)
    auditor.record(_batch(dest, 0, FILES[:2]))
    held = log.checkpoint().text  # what an auditor kept, before the log grew
    auditor.record(_batch(dest, 1, FILES[2:]))
    proof = prove_file(log, dest, dest.parts()[0], str(FILES[1].absolute()), checkpoint_text=held)
    assert proof["checkpoint"] == held and proof["log"]["tree_size"] == 1
    assert verify_file_proof(proof, log.verifier_keys())["checkpoint_size"] == 1
    with pytest.raises(NotFound):  # batch 1 came after the held checkpoint
        prove_file(log, dest, dest.parts()[1], str(FILES[2].absolute()), checkpoint_text=held)
