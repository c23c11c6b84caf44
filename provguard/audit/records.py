"""The audit record model and its canonical bytes (RFC 8785 JSON).

An ``AuditEvent`` is what a caller submits; the store turns it into an ``AuditRecord`` by
assigning ``seq`` and ``time``. The leaf committed to the Merkle tree is the RFC 8785
canonical JSON of the record's *leaf fields*; the payload (prompt text and the like) stays
out of the leaf and is represented only by its digest, so retention can purge it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, Field

from provguard.audit import merkle

RECORD_VERSION = 1

KNOWN_EVENT_TYPES = (
    "screen.decision",
    "inspect.result",
    "generation.request",
    "generation.result",
    "policy.change",
    "review.override",
    "key.rotate",
    "retention.purge",
    "audit.export",
    "scan.batch",  # one record per scan batch: its Parquet part and the Merkle root of its rows
)

LEAF_FIELDS = (
    "v",
    "log_id",
    "seq",
    "time",
    "team",
    "event_type",
    "actor",
    "request_id",
    "decision",
    "rule_ids",
    "policy_digest",
    "subject",
    "payload_sha256",
)


class AuditEvent(BaseModel):
    """Something worth recording; the log assigns seq and time."""

    model_config = ConfigDict(extra="forbid")

    event_type: str = Field(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_.\-]*$")
    team: str = Field(default="default", min_length=1, max_length=200)
    actor: str | None = None
    request_id: str | None = None
    decision: str | None = None
    rule_ids: list[str] = Field(default_factory=list)
    policy_digest: str | None = None
    subject: dict[str, Any] = Field(default_factory=dict)
    payload: dict[str, Any] | None = None


PayloadState = Literal["none", "present", "purged", "missing"]


class AuditRecord(BaseModel):
    """One committed leaf plus what the store knows around it (leaf hash, payload)."""

    model_config = ConfigDict(frozen=True)

    v: int = RECORD_VERSION
    log_id: str
    seq: int
    time: datetime
    team: str
    event_type: str
    actor: str | None = None
    request_id: str | None = None
    decision: str | None = None
    rule_ids: list[str] = Field(default_factory=list)
    policy_digest: str | None = None
    subject: dict[str, Any] = Field(default_factory=dict)
    payload_sha256: str | None = None
    # not part of the leaf:
    leaf_hash: str = ""
    payload: dict[str, Any] | None = None
    payload_state: PayloadState = "none"

    def leaf_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", include=set(LEAF_FIELDS))
        data["time"] = format_time(self.time)
        return data

    @classmethod
    def from_leaf(cls, leaf: bytes, **extra: Any) -> AuditRecord:
        return cls.model_validate({**json.loads(leaf), **extra})


class Receipt(BaseModel):
    """What ``append`` returns once the record is durable."""

    model_config = ConfigDict(frozen=True)

    seq: int
    leaf_hash: str
    log_id: str
    time: datetime


def format_time(t: datetime) -> str:
    """RFC 3339 UTC with microseconds and a ``Z``: one spelling, so the bytes never drift."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(obj: Any) -> bytes:
    """RFC 8785 canonical JSON bytes.

    Values without floats, huge integers or keys beyond U+D7FF serialise identically with
    ``json.dumps(sort_keys=True)`` (a property test pins this against ``rfc8785``), which is
    several times faster; everything else goes through the ``rfc8785`` package.
    """
    if _plain(obj):
        try:
            return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            pass
    try:
        return rfc8785.dumps(obj)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise ValueError(f"value cannot be canonicalised as JSON: {exc}") from exc


_MAX_SAFE = 2**53 - 1


def _plain(obj: Any) -> bool:
    if obj is None or isinstance(obj, str | bool):
        return True
    if isinstance(obj, int):
        return -_MAX_SAFE <= obj <= _MAX_SAFE
    if isinstance(obj, dict):
        return all(isinstance(k, str) and (not k or max(k) < "\ud800") and _plain(v) for k, v in obj.items())
    if isinstance(obj, list | tuple):
        return all(_plain(v) for v in obj)
    return False


def payload_digest(payload: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(payload)).hexdigest()


def build_leaf(
    event: AuditEvent, *, log_id: str, seq: int, time: datetime, payload_sha256: str | None = None
) -> tuple[dict[str, Any], bytes]:
    """The leaf dict and its canonical bytes for ``event`` at ``seq``."""
    leaf: dict[str, Any] = {
        "v": RECORD_VERSION,
        "log_id": log_id,
        "seq": seq,
        "time": format_time(time),
        "team": event.team,
        "event_type": event.event_type,
        "actor": event.actor,
        "request_id": event.request_id,
        "decision": event.decision,
        "rule_ids": list(event.rule_ids),
        "policy_digest": event.policy_digest,
        "subject": event.subject,
        "payload_sha256": payload_sha256
        or (payload_digest(event.payload) if event.payload is not None else None),
    }
    return leaf, canonical(leaf)


def record_leaf_hash(leaf_bytes: bytes) -> bytes:
    return merkle.leaf_hash(leaf_bytes)
