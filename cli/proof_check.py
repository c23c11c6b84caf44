"""``inspect --checkpoint``: check a provguard-signed image's audit record against a checkpoint."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import typer

from provguard.audit import AuditLog
from provguard.audit.checkpoint import CheckpointError, VerifierKey
from provguard.audit.checkpoint_files import read_checkpoint_arg
from provguard.audit.decision_proof import DecisionProof, check_decision_proof
from provguard.config import load_settings
from provguard.errors import InputError, UsageError
from provguard.models import Evidence, Verdict

PROOF_OK, PROOF_FAILED = "provguard_audit_proof", "provguard_audit_proof_failed"

CHECKPOINT_OPTION = typer.Option(
    None,
    "--checkpoint",
    help="Signed audit checkpoint held outside the database: prove each provguard-signed image's "
    "decision record is in it (exit 4 if not).",
)
PROOF_OPTION = typer.Option(
    None, "--proof", help="Inclusion proof JSON (audit proof SEQ --size N) instead of the audit database."
)
PUBKEY_OPTION = typer.Option(
    None, "--pubkey", help="Verifier key (vkey text) of the checkpoint signer, received out of band."
)

Checker = Callable[[Mapping[str, Any]], DecisionProof]


@contextmanager
def proof_checker(
    checkpoint: Path | None, proof: Path | None, pubkey: str | None
) -> Iterator[Checker | None]:
    """A checker when --checkpoint is given; keys and proofs come from flags or the audit store."""
    if checkpoint is None:
        if proof is not None or pubkey is not None:
            raise UsageError("--proof and --pubkey need --checkpoint")
        yield None
        return
    text = read_checkpoint_arg(checkpoint)
    proof_data = _read_proof(proof) if proof is not None else None
    with ExitStack() as stack:
        log = None
        if proof_data is None or pubkey is None:
            log = stack.enter_context(_open_existing_log())
        keys = _keys(pubkey, log)

        def check(assertion: Mapping[str, Any]) -> DecisionProof:
            return check_decision_proof(assertion, checkpoint_text=text, keys=keys, proof=proof_data, log=log)

        yield check


def with_decision_proofs(results: Iterator[Verdict], check: Checker | None) -> Iterator[Verdict]:
    """Add the proof outcome as strong evidence to every image that carries provguard's assertion."""
    for v in results:
        if check is not None and v.c2pa is not None and v.c2pa.provguard:
            outcome = check(v.c2pa.provguard)
            evidence = Evidence(
                source="c2pa",
                kind=PROOF_OK if outcome.ok else PROOF_FAILED,
                detail=outcome.detail,
                strength="strong",
            )
            v = v.model_copy(update={"evidence": [*v.evidence, evidence]})
        yield v


def _keys(pubkey: str | None, log: AuditLog | None) -> list[VerifierKey]:
    if pubkey is not None:
        try:
            return [VerifierKey.parse(pubkey.strip())]
        except CheckpointError as exc:
            raise UsageError(f"--pubkey: {exc}") from None
    assert log is not None
    return log.verifier_keys()


def _read_proof(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(f"--proof {path}: not a readable inclusion proof ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise InputError(f"--proof {path}: expected a JSON object")
    return data


@contextmanager
def _open_existing_log() -> Iterator[AuditLog]:
    settings = load_settings()
    url = settings.db_url()
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        raise UsageError(
            "--checkpoint needs the audit store (PROVGUARD_DB) or both --proof and --pubkey",
            hint="provguard audit proof SEQ --size N > proof.json; provguard audit pubkey",
        )
    with AuditLog.open(url, key_path=settings.audit_key_path()) as log:
        yield log
