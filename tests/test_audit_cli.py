"""`provguard audit ...` end to end through the real console entry point (exit codes are the contract)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from provguard.audit import AuditLog, merkle
from provguard.audit.recorder import decision_event, record_decision, record_verdict
from provguard.models import Decision, Entity, Evidence, Finding, Verdict


def run(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


DECISION = Decision(
    id="req-1",
    action="block",
    categories=["deepfake"],
    findings=[
        Finding(
            rule="deepfake.person_nude",
            category="ncii",
            span=(0, 5),
            match="Alice",
            entity=Entity(id="p1", name="Alice Example"),
        )
    ],
    policy="standard",
    policy_digest="sha256:" + "ab" * 32,
    explanation="real person in sexual content",
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    e.update(PROVGUARD_DATA_DIR=str(tmp_path / "data"), PROVGUARD_DB=str(tmp_path / "audit.sqlite3"))
    return e


@pytest.fixture
def seeded(env: dict[str, str], tmp_path: Path) -> Iterator[AuditLog]:
    log = AuditLog.open("sqlite:///" + env["PROVGUARD_DB"], key_path=tmp_path / "data" / "audit_ed25519.pem")
    for i in range(8):
        record_decision(
            log,
            DECISION,
            prompt=f"Alice prompt {i}",
            team="red" if i % 2 else "blue",
            actor="key_1",
            request_id=f"r{i}",
        )
    record_verdict(
        log,
        Verdict(
            path="/x/y.png",
            verdict="ai_generated",
            trust="trusted",
            sha256="00" * 32,
            evidence=[
                Evidence(
                    source="c2pa",
                    kind="digital_source_type",
                    detail="trainedAlgorithmicMedia",
                    strength="strong",
                )
            ],
        ),
    )
    yield log
    log.close()


def test_recorder_keeps_prompts_out_of_the_leaf(seeded: AuditLog) -> None:
    ev = decision_event(DECISION, prompt="Alice prompt 0", log=seeded, team="blue")
    assert ev.subject["prompt_hmac"] == seeded.hmac_prompt("blue", " Alice prompt 0 ")
    assert ev.subject["prompt_hmac"] != seeded.hmac_prompt("red", "Alice prompt 0")  # per-team secret
    assert ev.decision == "block" and ev.rule_ids == ["deepfake.person_nude"] and ev.request_id == "req-1"
    rec = seeded.query(team="red", limit=1)[0]
    assert rec.payload is not None and rec.payload["prompt"] == "Alice prompt 1"
    assert "Alice" not in json.dumps(rec.leaf_dict())
    (verdict,) = seeded.query(event_type="inspect.result")
    assert verdict.subject["image_sha256"] == "00" * 32 and verdict.rule_ids == ["c2pa:digital_source_type"]


def test_verify_checkpoint_proof_consistency(seeded: AuditLog, env: dict[str, str], tmp_path: Path) -> None:
    r = run(env, "audit", "checkpoint", "--out", str(tmp_path / "cps") + "/")
    assert r.returncode == 0, r.stderr
    (cp_file,) = (tmp_path / "cps").iterdir()
    assert cp_file.read_text() == r.stdout and r.stdout.startswith("provguard\n9\n")
    r = run(env, "audit", "verify", "--checkpoint", str(cp_file))
    assert r.returncode == 0 and "verified 9 records" in r.stdout, r.stderr
    r = run(env, "audit", "proof", "4")
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    merkle.verify_inclusion(
        4,
        p["tree_size"],
        bytes.fromhex(p["leaf_hash"]),
        [bytes.fromhex(h) for h in p["hashes"]],
        bytes.fromhex(p["root_hash"]),
    )
    record_decision(seeded, DECISION, prompt="later", team="blue")
    r = run(env, "audit", "consistency", str(cp_file))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["verified"] is True and json.loads(r.stdout)["new_size"] == 10
    r = run(env, "audit", "verify", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True


def test_hand_edit_is_named_with_exit_4(seeded: AuditLog, env: dict[str, str]) -> None:
    conn = sqlite3.connect(env["PROVGUARD_DB"])
    conn.execute("DROP TRIGGER audit_leaves_no_update")
    conn.execute("UPDATE audit_leaves SET record = replace(record, '\"block\"', '\"allow\"') WHERE seq = 5")
    conn.commit()
    conn.close()
    r = run(env, "audit", "verify")
    assert r.returncode == 4
    assert "record 5" in r.stderr and "record edited" in r.stderr
    r = run(env, "audit", "verify", "--format", "json")
    assert r.returncode == 4 and json.loads(r.stdout)["first_bad_seq"] == 5


def test_bundle_verifies_without_the_database(seeded: AuditLog, env: dict[str, str], tmp_path: Path) -> None:
    bundle = tmp_path / "evidence.tar.gz"
    r = run(env, "audit", "export", "--format", "bundle", "--team", "red", "-o", str(bundle))
    assert r.returncode == 0, r.stderr
    elsewhere = {**env, "PROVGUARD_DB": "postgresql://nobody@127.0.0.1:1/none"}
    r = run(elsewhere, "audit", "verify", "--bundle", str(bundle), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "4 record(s) proven in the signed tree of size 9" in r.stdout
    assert seeded.query(event_type="audit.export")[0].subject["records"] == 4
    # tamper with one record inside the bundle
    with tarfile.open(bundle) as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    files["records.jsonl"] = files["records.jsonl"].replace(b'\\"block\\"', b'\\"allow\\"', 1)
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    r = run(elsewhere, "audit", "verify", "--bundle", str(forged))
    assert r.returncode == 4 and "record 1" in r.stderr and "edited" in r.stderr


def test_exports_and_query(seeded: AuditLog, env: dict[str, str], tmp_path: Path) -> None:
    r = run(env, "audit", "query", "--team", "blue", "--event-type", "screen.decision")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["seq"] for x in rows] == [0, 2, 4, 6]
    r = run(env, "audit", "export", "--format", "csv", "--since", "2000-01-01")
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("seq,time,team")
    assert len(r.stdout.splitlines()) == 10
    out = tmp_path / "x.jsonl"
    r = run(env, "audit", "export", "--format", "jsonl", "--until", "2000-01-01", "-o", str(out))
    assert r.returncode == 0 and out.read_text() == ""


def test_purge_then_verify(seeded: AuditLog, env: dict[str, str]) -> None:
    r = run(env, "audit", "purge", "--before", "2999-01-01")
    assert r.returncode == 0 and "purged 9" in r.stdout, r.stderr
    r = run(env, "audit", "verify")
    assert r.returncode == 0 and "payload purged, digest kept: 9" in r.stdout


def test_keygen_and_rotation(env: dict[str, str], tmp_path: Path, seeded: AuditLog) -> None:
    key = tmp_path / "k2.pem"
    r = run(env, "audit", "keygen", "--key", str(key))
    assert r.returncode == 0 and r.stdout.startswith("provguard+"), r.stderr
    assert run(env, "audit", "keygen", "--key", str(key)).returncode == 2
    cp = run(env, "audit", "checkpoint").stdout
    (tmp_path / "old.checkpoint").write_text(cp)
    r = run(env, "audit", "rotate-key")
    assert r.returncode == 0, r.stderr
    vkeys = json.loads(r.stdout)
    assert vkeys["old_vkey"] != vkeys["new_vkey"]
    r = run(env, "audit", "verify", "--checkpoint", str(tmp_path / "old.checkpoint"))
    assert r.returncode == 0, r.stderr
    assert seeded.query(event_type="key.rotate")[0].subject["new_vkey"] == vkeys["new_vkey"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("audit", "verify", "--db", "postgresql://nobody@127.0.0.1:1/none"), 3),
        (("audit", "verify", "--db", "mysql://x/y"), 2),
        (("audit", "export", "--format", "bundle"), 2),
        (("audit", "query", "--since", "yesterday-ish"), 2),
        (("audit", "purge", "--before", "soon"), 2),
        (("audit", "proof", "999"), 3),
        (("audit", "verify", "--bundle", "/nonexistent.tar.gz"), 3),
        (("audit", "frobnicate"), 2),
    ],
)
def test_errors_map_to_exit_codes(env: dict[str, str], args: tuple[str, ...], code: int) -> None:
    r = run(env, *args)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr


def test_garbage_bundle_and_checkpoint_are_clear_errors(
    env: dict[str, str], tmp_path: Path, seeded: AuditLog
) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    r = run(env, "audit", "verify", "--bundle", str(junk))
    assert r.returncode == 3 and "cannot read audit bundle" in r.stderr
    bad = tmp_path / "bad.checkpoint"
    bad.write_text("hello\n")
    r = run(env, "audit", "verify", "--checkpoint", str(bad))
    assert r.returncode == 4 and "trusted checkpoint rejected" in r.stderr


def test_pubkey_without_a_key_is_exit_3_and_keygen_twice_explains_rotation(
    env: dict[str, str], tmp_path: Path
) -> None:
    key = tmp_path / "nokey.pem"
    r = run(env, "audit", "pubkey", "--key", str(key))
    assert r.returncode == 3 and f"no checkpoint signing key at {key}" in r.stderr
    assert "provguard audit keygen" in r.stderr and "Traceback" not in r.stderr
    first = run(env, "audit", "keygen", "--key", str(key))
    assert first.returncode == 0
    again = run(env, "audit", "keygen", "--key", str(key))
    assert again.returncode == 2 and again.stdout == ""
    assert "already exists" in again.stderr and "provguard audit rotate-key" in again.stderr
    assert "--force" in again.stderr
    r = run(env, "audit", "pubkey", "--key", str(key))
    assert r.returncode == 0 and r.stdout == first.stdout
    key.write_text("not a key")
    r = run(env, "audit", "pubkey", "--key", str(key))
    assert r.returncode == 3 and "not an unencrypted PEM private key" in r.stderr
