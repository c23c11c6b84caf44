"""Prove, from an image alone plus a checkpoint, which audited decision let it through.

provguard re-signs generated images with an ``org.provguard.decision`` assertion naming the
audit record (log id, seq, leaf hash). Given a signed checkpoint held outside the database and
an RFC 6962 inclusion proof at that checkpoint's size, anyone can check that the record is in
the log the checkpoint commits to, without trusting the database or the service.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provguard.audit import merkle
from provguard.audit.checkpoint import CheckpointError, VerifierKey, verify_checkpoint
from provguard.errors import ProvguardError

if TYPE_CHECKING:
    from provguard.audit.log import AuditLog


@dataclass(frozen=True)
class DecisionProof:
    ok: bool
    detail: str
    seq: int | None = None
    tree_size: int | None = None


def check_decision_proof(
    assertion: Mapping[str, Any],
    *,
    checkpoint_text: str,
    keys: Sequence[VerifierKey],
    proof: Mapping[str, Any] | None = None,
    log: AuditLog | None = None,
) -> DecisionProof:
    """Check the assertion's audit record against a signed checkpoint; never raises on bad input.

    The inclusion proof comes from ``proof`` (e.g. ``provguard audit proof SEQ --size N`` or
    ``GET /v1/audit/proof/{seq}``) or, when None, is computed from ``log`` at the checkpoint size.
    """
    audit = assertion.get("audit") if isinstance(assertion, Mapping) else None
    if not isinstance(audit, Mapping) or not isinstance(audit.get("seq"), int) or not audit.get("leaf_hash"):
        return DecisionProof(False, "the provguard assertion names no audit record (seq, leaf hash)")
    seq, leaf_hex, log_id = int(audit["seq"]), str(audit["leaf_hash"]), audit.get("log_id")
    try:
        cp = verify_checkpoint(checkpoint_text, list(keys))
    except CheckpointError as exc:
        return DecisionProof(False, f"checkpoint rejected: {exc}", seq)
    if log_id and cp.origin != log_id:
        return DecisionProof(False, f"checkpoint is for log {cp.origin!r}, the image names {log_id!r}", seq)
    if seq >= cp.size:
        return DecisionProof(
            False, f"record {seq} is newer than the checkpoint (size {cp.size}): use a newer checkpoint", seq
        )
    try:
        if proof is None:
            if log is None:
                return DecisionProof(False, "no inclusion proof given and no audit store to compute one", seq)
            proof = log.inclusion_proof(seq, cp.size)
        if int(proof["seq"]) != seq or int(proof["tree_size"]) != cp.size:
            return DecisionProof(
                False,
                f"the proof is for record {proof['seq']} at size {proof['tree_size']}, "
                f"not record {seq} at the checkpoint size {cp.size}",
                seq,
            )
        if str(proof.get("leaf_hash", leaf_hex)) != leaf_hex:
            return DecisionProof(False, f"record {seq} in the log is not the one the image names", seq)
        merkle.verify_inclusion(
            seq, cp.size, bytes.fromhex(leaf_hex), [bytes.fromhex(h) for h in proof["hashes"]], cp.root
        )
    except merkle.ProofError as exc:
        return DecisionProof(False, f"inclusion proof fails: {exc}", seq, cp.size)
    except ProvguardError as exc:
        return DecisionProof(False, f"cannot get an inclusion proof: {exc.message}", seq, cp.size)
    except (KeyError, TypeError, ValueError) as exc:
        return DecisionProof(False, f"malformed inclusion proof: {type(exc).__name__}", seq, cp.size)
    return DecisionProof(
        True,
        f"audit record {seq} (leaf {leaf_hex[:16]}…) is in log {cp.origin!r} at checkpoint size {cp.size}",
        seq,
        cp.size,
    )
