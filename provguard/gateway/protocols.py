"""What the gateway needs from its collaborators, as structural types (no imports of the real ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from provguard.models import Decision, Verdict


class ScreenerLike(Protocol):
    policy_name: str
    policy_digest: str

    def screen(self, prompt: str, *, context: Sequence[Any] = (), image: bytes | None = None,
               id: str | None = None) -> Decision: ...


class InspectorLike(Protocol):
    def inspect_bytes(self, data: bytes, name: str = "<upload>") -> Verdict: ...


class ReceiptLike(Protocol):
    seq: int
    leaf_hash: str
    log_id: str


class AuditLike(Protocol):
    def append(self, event: Any) -> Any: ...
