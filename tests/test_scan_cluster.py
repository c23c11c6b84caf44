"""``provguard scan`` against real processes: a Dask scheduler with two ``dask worker`` processes and a
SeaweedFS S3 server, both started once for this module (see tests/scan_servers.py)."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
pytest.importorskip("s3fs")
pytest.importorskip("pyarrow")

from provguard.scan.dest import Dest  # noqa: E402
from tests.conftest import IMAGES  # noqa: E402
from tests.scan_servers import DaskCluster, Seaweed, dask_cluster, seaweed_server  # noqa: E402

pytestmark = pytest.mark.cluster

BUCKET = "scans"
COPIES = 4  # the "big" prefix: the fixtures this many times, for kill / resume mid-scan


@dataclass
class Env:
    s3: Seaweed
    cluster: DaskCluster
    tmp: Path

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.s3.env(), **extra}

    def fs(self) -> Any:
        import s3fs

        return s3fs.S3FileSystem(skip_instance_cache=True, **self.s3.storage_options())  # type: ignore[arg-type]

    def scan_args(self, source: str, dest: Path | str, *extra: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "provguard.cli",
            "scan",
            source,
            "--out",
            str(dest),
            "--cluster",
            self.cluster.address,
            "--format",
            "json",
            *extra,
        ]

    def scan(
        self, source: str, dest: Path | str, *extra: str, aws_env: bool = True, **env: str
    ) -> tuple[int, dict[str, Any]]:
        run_env = self.env(**env)
        if not aws_env:
            run_env = {k: v for k, v in run_env.items() if not k.startswith("AWS_")}
        proc = subprocess.run(
            self.scan_args(source, dest, *extra),
            capture_output=True,
            text=True,
            timeout=300,
            env=run_env,
        )
        assert proc.returncode in (0, 3), proc.stderr
        return proc.returncode, json.loads(proc.stdout)


def _images() -> list[Path]:
    from provguard.provenance.scan import IMAGE_SUFFIXES

    return sorted(p for p in IMAGES.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    if not IMAGES.is_dir():
        pytest.fail(f"fixtures not found at {IMAGES}")
    with seaweed_server() as s3, dask_cluster(2) as cluster:
        e = Env(s3, cluster, tmp_path_factory.mktemp("scan"))
        fs = e.fs()
        fs.mkdir(BUCKET)
        for p in _images():
            rel = p.relative_to(IMAGES).as_posix()
            fs.put_file(str(p), f"{BUCKET}/fixtures/{rel}")
            for i in range(COPIES):
                fs.put_file(str(p), f"{BUCKET}/big/copy{i}/{rel}")
        fs.put_file(str(IMAGES / "SOURCES.md"), f"{BUCKET}/fixtures/SOURCES.md")  # not an image: not listed
        yield e


def rows(dest: Path | str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    return Dest(str(dest), {}).table(columns).to_pylist()


@pytest.fixture(scope="module")
def s3_scan(env: Env) -> dict[str, Any]:
    """One audited scan of s3://scans/fixtures with a JSONL stream, reused by the tests below."""
    dest, jsonl, db = env.tmp / "fixtures-dest", env.tmp / "rows.jsonl", env.tmp / "audit.db"
    code, summary = env.scan(
        f"s3://{BUCKET}/fixtures", dest, "--batch-size", "8", "--jsonl", str(jsonl), PROVGUARD_DB=str(db)
    )
    return {"code": code, "summary": summary, "dest": dest, "jsonl": jsonl, "db": db}


def _inspect_locally() -> dict[str, dict[str, Any]]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "provguard.cli",
            "inspect",
            "-r",
            str(IMAGES),
            "--format",
            "json",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 3), proc.stderr
    return {Path(v["path"]).relative_to(IMAGES).as_posix(): v for v in json.loads(proc.stdout)}


def test_s3_scan_matches_provguard_inspect(s3_scan: dict[str, Any]) -> None:
    scanned = {r["path"].removeprefix(f"s3://{BUCKET}/fixtures/"): r for r in rows(s3_scan["dest"])}
    local = _inspect_locally()
    assert set(scanned) == set(local) and len(local) == len(_images())
    for rel, v in local.items():
        r = scanned[rel]
        assert r["verdict"] == v["verdict"], rel
        assert r["trust"] == v["trust"], rel
        assert [dict(e) for e in r["evidence"]] == v["evidence"], rel
        assert (json.loads(r["c2pa"]) if r["c2pa"] else None) == v["c2pa"], rel
        assert r["error_code"] == (v["error"]["code"] if v["error"] else None), rel
        assert r["sha256"] == v["sha256"], rel
    assert s3_scan["code"] == 3  # the fixtures hold one empty file: an error row, exit 3
    assert {r["etag"] for r in scanned.values()} != {None}


def test_jsonl_stream_and_summary_agree_with_parquet(s3_scan: dict[str, Any]) -> None:
    table = rows(s3_scan["dest"])
    streamed = [json.loads(line) for line in s3_scan["jsonl"].read_text().splitlines()]
    assert sorted(r["path"] for r in streamed) == sorted(r["path"] for r in table)
    assert len({r["path"] for r in table}) == len(table)
    summary = s3_scan["summary"]
    assert summary["scanned"] == summary["listed"] == len(table) and summary["skipped"] == 0
    assert summary["verdicts"] == dict(Counter(r["verdict"] or "error" for r in table))
    assert summary["errors"] == {"empty": 1}
    written = json.loads((s3_scan["dest"] / "_summary.json").read_text())
    assert written["totals"]["rows"] == len(table)


def test_rerun_skips_files_already_in_dest(env: Env, s3_scan: dict[str, Any]) -> None:
    # this time the endpoint and keys come from --storage-options, with no AWS_* variable set
    opts = json.dumps(env.s3.storage_options())
    _, again = env.scan(
        f"s3://{BUCKET}/fixtures",
        s3_scan["dest"],
        "--storage-options",
        opts,
        aws_env=False,
        PROVGUARD_DB=str(s3_scan["db"]),
    )
    assert again["scanned"] == 0 and again["skipped"] == again["listed"] == len(_images())
    assert len(rows(s3_scan["dest"], ["path"])) == len(_images())


def test_one_audit_record_per_batch_and_a_single_file_is_provable(env: Env, s3_scan: dict[str, Any]) -> None:
    dest, db = s3_scan["dest"], str(s3_scan["db"])
    parts = Dest(str(dest), {}).parts()
    assert s3_scan["summary"]["audit"]["records"] == len(parts) == -(-len(_images()) // 8)
    base = [sys.executable, "-m", "provguard.cli", "audit"]
    run_env = env.env(PROVGUARD_DB=db)
    assert subprocess.run([*base, "verify"], env=run_env, capture_output=True, timeout=120).returncode == 0
    target = next(r for r in rows(dest) if r["path"].endswith("c2pa-rs/CA.jpg"))
    store = Dest(str(dest), {})
    part = next(p for p in parts if target["path"] in store.read_part(p, ["path"]).column("path").to_pylist())
    proc = subprocess.run(
        [*base, "proof", "--scan-part", str(dest / part), "--scan-file", target["path"]],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    proof = json.loads(proc.stdout)
    assert proof["file"]["row"]["verdict"] == target["verdict"] and proof["file"]["batch_size"] > 1
    vkey = subprocess.run(
        [*base, "pubkey"], env=run_env, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    proof_file = env.tmp / "proof.json"
    proof_file.write_text(json.dumps(proof))
    offline = {k: v for k, v in run_env.items() if k != "PROVGUARD_DB"}  # no database: only the vkey
    ok = subprocess.run(
        [*base, "verify", "--scan-proof", str(proof_file), "--pubkey", vkey],
        env=offline,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["verified"] is True
    for field, value in (("verdict", "captured"), ("trust", "trusted")):
        forged = json.loads(json.dumps(proof))
        forged["file"]["row"][field] = value
        proof_file.write_text(json.dumps(forged))
        bad = subprocess.run(
            [*base, "verify", "--scan-proof", str(proof_file), "--pubkey", vkey],
            env=offline,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert bad.returncode == 4, bad.stderr


def test_corrupt_empty_and_vanished_objects_are_error_rows(env: Env) -> None:
    from distributed import Client

    from provguard.audit import AuditLog
    from provguard.audit.checkpoint import generate_key
    from provguard.scan.engine import ScanPlan, run_scan
    from provguard.scan.proof import BatchAuditor, prove_file, verify_file_proof

    fs = env.fs()
    jpeg = (IMAGES / "exif-samples/Canon_40D.jpg").read_bytes()
    fs.pipe_file(f"{BUCKET}/bad/corrupt.jpg", b"this is not an image at all" * 10)
    fs.pipe_file(f"{BUCKET}/bad/truncated.jpg", jpeg[: len(jpeg) // 2])
    fs.pipe_file(f"{BUCKET}/bad/empty.png", b"")
    fs.pipe_file(f"{BUCKET}/bad/vanishing.jpg", jpeg)
    fs.pipe_file(f"{BUCKET}/bad/good.jpg", jpeg)

    def delete_after_listing(done: int, total: int) -> None:
        if done == 0:
            assert total == 5
            fs.rm_file(f"{BUCKET}/bad/vanishing.jpg")

    opts = env.s3.storage_options()
    dest = Dest(f"s3://{BUCKET}/bad-results", opts)  # DEST on the object store too: parts and receipts
    key = env.tmp / "bad.pem"
    generate_key(key)
    with (
        AuditLog.open(f"sqlite:///{env.tmp / 'bad.db'}", key_path=key) as log,
        Client(env.cluster.address) as client,
    ):
        auditor = BatchAuditor(log, dest)
        summary = run_scan(
            ScanPlan((f"s3://{BUCKET}/bad",), dest, opts, batch_size=2),
            client,
            on_batch=auditor.record,
            on_progress=delete_after_listing,
        )
        good = f"s3://{BUCKET}/bad/good.jpg"
        part = next(p for p in dest.parts() if good in dest.read_part(p, ["path"]).column("path").to_pylist())
        proof = prove_file(log, dest, part, good)
        assert verify_file_proof(proof, log.verifier_keys())["verdict"] == "no_provenance"
        assert len(auditor.receipts) == len(dest.parts()) == 5
    got = {r["path"].rsplit("/", 1)[-1]: r for r in dest.table().to_pylist()}
    assert {k: v["error_code"] for k, v in got.items()} == {
        "corrupt.jpg": "unsupported_format",
        "truncated.jpg": "truncated",
        "empty.png": "empty",
        "vanishing.jpg": "not_found",
        "good.jpg": None,
    }
    assert got["good.jpg"]["verdict"] == "no_provenance" and got["vanishing.jpg"]["verdict"] is None
    assert summary.scanned == 5 and not summary.failed_batches and sum(summary.errors.values()) == 4


def _wait_for_parts(dest: Path, n: int, proc: subprocess.Popen[str], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(list(dest.glob("scan_id=*/part-*.parquet"))) >= n:
            return
        if proc.poll() is not None:
            raise AssertionError(f"scan ended before {n} parts were written: {proc.communicate()}")
        time.sleep(0.02)
    raise AssertionError("no parts appeared")


def test_killing_a_worker_mid_scan_loses_nothing_and_duplicates_nothing(env: Env) -> None:
    dest = env.tmp / "kill-worker"
    proc = subprocess.Popen(
        env.scan_args(f"s3://{BUCKET}/big", dest, "--batch-size", "4"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env.env(),
    )
    try:
        _wait_for_parts(dest, 2, proc)
        victim = env.cluster.live_workers()[0]
        assert proc.poll() is None, "the scan finished before a worker could be killed"
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
        env.cluster.start_worker()
        env.cluster.wait_workers(2)
    assert proc.returncode in (0, 3), err
    summary = json.loads(out)
    table = rows(dest, ["path"])
    assert not summary["failed_batches"]
    assert summary["scanned"] == summary["listed"] == len(table) == COPIES * len(_images())
    assert len({r["path"] for r in table}) == len(table)


def test_rerun_after_an_interrupted_scan_processes_only_the_missing_files(env: Env) -> None:
    dest = env.tmp / "interrupted"
    proc = subprocess.Popen(
        env.scan_args(f"s3://{BUCKET}/big", dest, "--batch-size", "4"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env.env(),
    )
    try:
        _wait_for_parts(dest, 3, proc)
        assert proc.poll() is None, "the scan finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    env.cluster.wait_idle()  # tasks the dead client left running may still land their parts
    before = len(rows(dest, ["path"]))
    total = COPIES * len(_images())
    assert 0 < before < total
    _, summary = env.scan(f"s3://{BUCKET}/big", dest, "--batch-size", "4")
    assert summary["skipped"] == before and summary["scanned"] == total - before
    table = rows(dest, ["path"])
    assert len(table) == total and len({r["path"] for r in table}) == total


def test_local_folder_and_manifest_on_a_local_cluster(tmp_path: Path) -> None:
    """``--cluster`` from PROVGUARD_CLUSTER=local: a LocalCluster of 2 workers; JSONL to stdout, and the
    progress bar, dashboard link and summary on stderr, which is a terminal here."""
    manifest = tmp_path / "more.txt"
    manifest.write_text(f"{IMAGES / 'c2pa-rs/CA.jpg'}\n{tmp_path / 'missing.jpg'}\n")
    dest = tmp_path / "dest"
    args = [
        sys.executable,
        "-m",
        "provguard.cli",
        "scan",
        str(IMAGES / "sd-parsers"),
        f"@{manifest}",
        "--out",
        str(dest),
        "--workers",
        "2",
        "--batch-size",
        "5",
        "--jsonl",
        "-",
    ]
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "PROVGUARD_CLUSTER": "local"}
        )
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        out = proc.stdout.read() if proc.stdout else b""
        proc.wait(timeout=300)
    finally:
        os.close(master)
    stderr = seen.decode(errors="replace")
    assert proc.returncode == 3, stderr  # the missing manifest entry and an empty fixture file
    assert "scanning" in stderr  # the progress bar
    streamed = [json.loads(line) for line in out.decode().splitlines()]
    table = rows(dest)
    expected = len([p for p in _images() if p.parent.name == "sd-parsers"]) + 2
    assert len(streamed) == len(table) == expected
    assert "Dask dashboard: http" in stderr and "scanned" in stderr
    errors = {Path(r["path"]).name: r["error_code"] for r in table if r["error_code"]}
    assert errors == {"missing.jpg": "not_found", "empty_file.png": "empty"}
