"""`provguard inspect --checkpoint`: prove which audited decision let a provguard-signed image through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provguard.audit import AuditEvent, AuditLog
from provguard.audit.checkpoint_files import write_checkpoint
from provguard.provenance.sign import DecisionAssertion, ImageSigner
from tests.conftest import IMAGES
from tests.test_sign_chain import make_chain

DALLE = IMAGES / "c2pa-extension-validator" / "DALL-E_cloud_surfing_puppy.webp"


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture()
def world(tmp_path: Path) -> dict[str, object]:
    """An audit log with a decision record, an image signed naming it, and an external checkpoint."""
    db, key = tmp_path / "audit.sqlite3", tmp_path / "audit.pem"
    with AuditLog.open(str(db), key_path=key) as log:
        log.append(AuditEvent(event_type="screen.decision", decision="allow"))
        receipt = log.append(AuditEvent(event_type="generation.request", decision="allow", request_id="r1"))
        log.append(AuditEvent(event_type="generation.result", decision="allow", request_id="r1"))
        cp = write_checkpoint(log.checkpoint(), tmp_path / "trusted.checkpoint")
        proof = log.inclusion_proof(receipt.seq, log.size())
        vkey = log.signer().verifier.vkey
    chain = make_chain(tmp_path / "chain")
    signer = ImageSigner(chain.chain_pem, chain.key_pem)

    def signed(leaf_hash: str, name: str) -> Path:
        assertion = DecisionAssertion(
            request_id="r1", action="allow", policy_digest="sha256:x", log_id=receipt.log_id,
            seq=receipt.seq, leaf_hash=leaf_hash,
        )
        path = tmp_path / name
        path.write_bytes(signer.sign(DALLE.read_bytes(), assertion))
        return path

    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env.update(PROVGUARD_DATA_DIR=str(tmp_path / "data"), PROVGUARD_DB=str(db), PROVGUARD_AUDIT_KEY=str(key))
    proof_file = tmp_path / "proof.json"
    proof_file.write_text(json.dumps(proof))
    return {
        "env": env, "checkpoint": cp, "vkey": vkey, "proof": proof_file,
        "good": signed(receipt.leaf_hash, "good.webp"), "forged": signed("ab" * 32, "forged.webp"),
    }


def _evidence(stdout: str) -> dict[str, str]:
    verdict = json.loads(stdout)[0]
    return {e["kind"]: e["detail"] for e in verdict["evidence"]}


def test_signed_image_is_proven_from_the_audit_store(world: dict) -> None:
    cp = str(world["checkpoint"])
    r = _cli(world["env"], "inspect", str(world["good"]), "--checkpoint", cp, "-f", "json")
    assert r.returncode == 0, r.stderr
    ev = _evidence(r.stdout)
    assert "provguard_decision" in ev and "provguard_audit_proof" in ev, ev
    assert "record 1" in ev["provguard_audit_proof"]


def test_image_naming_a_record_that_is_not_in_the_log_exits_4(world: dict) -> None:
    cp = str(world["checkpoint"])
    r = _cli(world["env"], "inspect", str(world["forged"]), "--checkpoint", cp, "-f", "json")
    assert r.returncode == 4, r.stderr
    assert "not the one the image names" in _evidence(r.stdout)["provguard_audit_proof_failed"]


def test_offline_with_proof_file_and_pinned_key(world: dict, tmp_path: Path) -> None:
    env = {k: v for k, v in world["env"].items() if k not in ("PROVGUARD_DB", "PROVGUARD_AUDIT_KEY")}
    env["PROVGUARD_DATA_DIR"] = str(tmp_path / "elsewhere")
    args = ["inspect", str(world["good"]), "--checkpoint", str(world["checkpoint"]), "-f", "json"]
    r = _cli(env, *args, "--proof", str(world["proof"]), "--pubkey", world["vkey"])
    assert r.returncode == 0, r.stderr
    assert "provguard_audit_proof" in _evidence(r.stdout)
    # a checkpoint signed by another key is refused
    with AuditLog.open(str(tmp_path / "other.sqlite3"), key_path=tmp_path / "other.pem") as other:
        other_vkey = other.signer().verifier.vkey
    r = _cli(env, *args, "--proof", str(world["proof"]), "--pubkey", other_vkey)
    assert r.returncode == 4
    assert "checkpoint rejected" in _evidence(r.stdout)["provguard_audit_proof_failed"]
    # without the store, both --proof and --pubkey are needed
    r = _cli(env, *args)
    assert r.returncode == 2 and "--pubkey" in r.stderr
