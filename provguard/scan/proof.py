"""Audit at scale: one audit record per batch, and a single file's proof up to a signed checkpoint.

A 10-million-file scan makes ~40,000 audit writes at the default batch size, not 10 million. Each
``scan.batch`` record names its Parquet part and holds the RFC 6962 Merkle root of the part's row
digests. A file's proof chains three checks anyone can redo offline with the verifier key:

1. the row (as stored in Parquet) hashes to ``row_hash`` and is leaf ``index`` of the batch tree
   whose root is ``batch_root`` (inclusion proof inside the batch);
2. the audit record's canonical bytes hash to its leaf hash, and it names that part and that root;
3. that leaf is record ``seq`` of the log a signed checkpoint commits to (log inclusion proof).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from provguard.audit import merkle
from provguard.audit.checkpoint import CheckpointError, VerifierKey, verify_checkpoint
from provguard.audit.records import AuditEvent, Receipt
from provguard.errors import AuditIntegrityError, InputError, NotFound
from provguard.scan.dest import Dest
from provguard.scan.rows import batch_root, digest_view, row_hash

if TYPE_CHECKING:
    from provguard.audit.log import AuditLog
    from provguard.scan.task import BatchResult

EVENT_TYPE = "scan.batch"
PROOF_KIND = "provguard.scan-file-proof"


def batch_event(
    dest: Dest,
    part: str,
    rows: int,
    root_hex: str,
    *,
    scan_id: str,
    verdicts: dict[str, int],
    errors: int,
    team: str = "default",
    actor: str | None = None,
) -> AuditEvent:
    """The one record for a batch: the part it wrote and the Merkle root of its rows."""
    return AuditEvent(
        event_type=EVENT_TYPE,
        team=team,
        actor=actor,
        request_id=scan_id,
        subject={
            "dest": dest.url,
            "part": part,
            "rows": rows,
            "rows_root": root_hex,
            "verdicts": dict(sorted(verdicts.items())),
            "errors": errors,
        },
    )


class BatchAuditor:
    """Appends each batch's record and writes its receipt beside the part (``DEST/_audit/...``)."""

    def __init__(self, log: AuditLog, dest: Dest, *, team: str = "default", actor: str | None = None) -> None:
        self.log, self.dest, self.team, self.actor = log, dest, team, actor
        self.receipts: list[Receipt] = []

    def _record(self, event: AuditEvent, part: str) -> Receipt:
        receipt = self.log.append(event)
        self.receipts.append(receipt)
        self.dest.write_json(
            self.dest.receipt_name(part),
            {
                "log_id": receipt.log_id,
                "seq": receipt.seq,
                "leaf_hash": receipt.leaf_hash,
                "part": part,
                **{k: event.subject[k] for k in ("rows", "rows_root")},
            },
        )
        return receipt

    def record(self, result: BatchResult) -> Receipt:
        event = batch_event(
            self.dest,
            result.part,
            result.rows,
            result.merkle_root,
            scan_id=result.scan_id,
            verdicts=result.verdicts,
            errors=sum(result.errors.values()),
            team=self.team,
            actor=self.actor,
        )
        return self._record(event, result.part)

    def record_pending(self) -> int:
        """Record parts written by a run that died before auditing them (root recomputed from rows)."""
        n = 0
        for part in self.dest.parts():
            if self.dest.read_json(self.dest.receipt_name(part)) is not None:
                continue
            rows = self.dest.read_part(part).to_pylist()
            verdicts: dict[str, int] = {}
            for r in rows:
                verdicts[r["verdict"] or "error"] = verdicts.get(r["verdict"] or "error", 0) + 1
            scan_id = part.split("/", 1)[0].removeprefix("scan_id=")
            event = batch_event(
                self.dest,
                part,
                len(rows),
                batch_root(rows).hex(),
                scan_id=scan_id,
                verdicts=verdicts,
                errors=sum(1 for r in rows if r["error_code"]),
                team=self.team,
                actor=self.actor,
            )
            self._record(event, part)
            n += 1
        return n


def prove_file(
    log: AuditLog,
    dest: Dest,
    part: str,
    path: str,
    *,
    seq: int | None = None,
    checkpoint_text: str | None = None,
) -> dict[str, Any]:
    """The proof that ``path``'s row in ``part`` is in the audit log, checked before it is returned."""
    rows = dest.read_part(part).to_pylist()
    hits = [i for i, r in enumerate(rows) if r["path"] == path]
    if not hits:
        raise NotFound(f"{path} has no row in {part}")
    index = hits[-1]
    leaves = [row_hash(r) for r in rows]
    hashes = merkle.inclusion_proof(index, len(rows), merkle.list_range_hash(leaves))
    if seq is None:
        receipt = dest.read_json(dest.receipt_name(part))
        if receipt is None:
            raise NotFound(
                f"{part} has no audit receipt",
                hint="re-run provguard scan with auditing on: it records parts left unaudited",
            )
        seq = int(receipt["seq"])
    with log.store.read() as conn:
        leaf = log.store.leaf(conn, log.log_id, seq)
    if leaf is None:
        raise NotFound(f"audit record {seq} does not exist in log {log.log_id!r}")
    cp = verify_checkpoint(checkpoint_text, log.verifier_keys()) if checkpoint_text else log.checkpoint()
    bundle = {
        "kind": PROOF_KIND,
        "v": 1,
        "file": {
            "path": path,
            "part": part,
            "index": index,
            "batch_size": len(rows),
            "row": digest_view(rows[index]),
            "row_hash": leaves[index].hex(),
            "hashes": [h.hex() for h in hashes],
            "batch_root": merkle.mth(leaves).hex(),
        },
        "record": {"seq": seq, "leaf": leaf.record.decode("utf-8"), "leaf_hash": leaf.leaf_hash.hex()},
        "log": log.inclusion_proof(seq, cp.size),
        "checkpoint": cp.text,
    }
    verify_file_proof(bundle, log.verifier_keys())
    return bundle


def verify_file_proof(bundle: dict[str, Any], keys: list[VerifierKey]) -> dict[str, Any]:
    """Check all three links offline; raises AuditIntegrityError naming the broken one."""
    try:
        if bundle.get("kind") != PROOF_KIND:
            raise InputError(f"not a scan file proof (kind {bundle.get('kind')!r})")
        f, rec, lp = bundle["file"], bundle["record"], bundle["log"]
        rh = row_hash(f["row"])
        if rh.hex() != f["row_hash"] or f["row"]["path"] != f["path"]:
            raise AuditIntegrityError("the row does not hash to its row_hash (row altered)")
        merkle.verify_inclusion(
            int(f["index"]),
            int(f["batch_size"]),
            rh,
            [bytes.fromhex(h) for h in f["hashes"]],
            bytes.fromhex(f["batch_root"]),
        )
        leaf_bytes = rec["leaf"].encode("utf-8")
        leaf_hash = merkle.leaf_hash(leaf_bytes)
        record = json.loads(leaf_bytes)
        subject = record.get("subject") or {}
        if leaf_hash.hex() != rec["leaf_hash"] or record.get("seq") != rec["seq"]:
            raise AuditIntegrityError("the audit record does not hash to its leaf hash", seq=rec["seq"])
        if (
            record.get("event_type") != EVENT_TYPE
            or subject.get("rows_root") != f["batch_root"]
            or subject.get("part") != f["part"]
            or subject.get("rows") != f["batch_size"]
        ):
            raise AuditIntegrityError(
                f"audit record {rec['seq']} does not commit to this part's Merkle root", seq=rec["seq"]
            )
        cp = verify_checkpoint(bundle["checkpoint"], keys)
        same = cp.origin == record.get("log_id") and int(lp["seq"]) == rec["seq"]
        if not same or int(lp["tree_size"]) != cp.size:
            raise AuditIntegrityError("the log proof is not for this record at the checkpoint's size")
        merkle.verify_inclusion(
            int(rec["seq"]), cp.size, leaf_hash, [bytes.fromhex(h) for h in lp["hashes"]], cp.root
        )
    except merkle.ProofError as exc:
        raise AuditIntegrityError(f"inclusion proof fails: {exc}") from None
    except CheckpointError as exc:
        raise AuditIntegrityError(f"checkpoint rejected: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"malformed scan file proof: {type(exc).__name__}: {exc}") from None
    return {
        "verified": True,
        "path": f["path"],
        "verdict": f["row"]["verdict"],
        "trust": f["row"]["trust"],
        "part": f["part"],
        "seq": rec["seq"],
        "checkpoint_size": cp.size,
        "origin": cp.origin,
    }
