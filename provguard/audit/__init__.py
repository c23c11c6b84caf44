"""Tamper-evident audit log: RFC 6962 Merkle tree, signed C2SP checkpoints, SQLite/PostgreSQL.

Public API::

    log = AuditLog.open(url, key_path=..., checkpoint_dir=..., log_id="provguard")
    receipt = log.append(AuditEvent(event_type="screen.decision", ...))
    log.checkpoint(); log.inclusion_proof(seq); log.verify(checkpoint=path)
"""

from provguard.audit.checkpoint import Checkpoint, VerifierKey
from provguard.audit.log import AuditLog
from provguard.audit.records import AuditEvent, AuditRecord, Receipt
from provguard.audit.verify import VerifyReport

__all__ = ["AuditEvent", "AuditLog", "AuditRecord", "Checkpoint", "Receipt", "VerifierKey", "VerifyReport"]
