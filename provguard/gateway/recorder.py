"""Durable audit appends for the pipeline: fail closed unless ``fail_open`` is set (and then loudly)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from provguard.errors import ProvguardError, StoreUnavailable
from provguard.gateway.batcher import AppendBatcher
from provguard.gateway.protocols import AuditLike, ReceiptLike
from provguard.gateway.values import Caller, ImageInput, decision_rule_ids
from provguard.models import Decision

if TYPE_CHECKING:
    from provguard.config import Settings

_log = logging.getLogger("provguard.gateway")


class AuditRecorder:
    """Builds the gateway's audit events and appends them through one group-commit batcher."""

    def __init__(self, settings: Settings, audit: Callable[[], AuditLike],
                 audit_failed: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self._audit = audit
        self.audit_failed = audit_failed
        self._batcher = AppendBatcher()
        self._later: set[asyncio.Future[Any]] = set()

    async def record(self, event: Any, *, required: bool) -> ReceiptLike | None:
        """Append durably; on failure raise (fail closed) or, in fail-open mode, log loudly.

        ``event`` is an AuditEvent or a callable ``log -> AuditEvent`` (for per-team prompt HMACs).
        Concurrent calls on one event loop share one worker-thread hop and one commit
        (``AppendBatcher``); each still returns only after the commit holding its record.
        """
        try:
            log = self._audit()
            return await self._batcher.append(log, event)
        except Exception as exc:
            if self.audit_failed is not None:
                self.audit_failed()  # re-open on next use: a broken connection must not stick
            err = exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(
                f"audit append failed: {exc}")
            if required and not self.settings.fail_open:
                raise err from exc
            _log.error("AUDIT STORE UNAVAILABLE: continuing without a record because fail_open is set",
                       extra={"event": "audit.fail_open", "error": str(exc)})
            return None

    def record_later(self, event: Any) -> None:
        """An outcome record, group-committed with whatever comes next; the caller does not wait.

        Fail closed stays where it matters: nothing is forwarded before its intent record is
        durable, and every output carries that record's seq and leaf hash. A commit that fails
        here is logged and resets the store, so the next request's intent record fails closed.
        ``flush`` (shutdown, audit reads) waits for every record still in flight.
        """
        async def write() -> None:
            try:
                await self.record(event, required=True)
            except StoreUnavailable as exc:
                _log.error("AUDIT OUTCOME RECORD LOST: %s", exc, extra={"event": "audit.outcome_lost"})

        task = asyncio.ensure_future(write())
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def flush(self) -> None:
        """Wait until every outcome record handed to ``record_later`` is committed (or failed)."""
        while self._later:
            await asyncio.gather(*list(self._later), return_exceptions=True)

    def event(self, event_type: str, caller: Caller, **fields: Any) -> Any:
        from provguard.audit import AuditEvent

        return AuditEvent(event_type=event_type, team=caller.team, actor=caller.actor,
                          request_id=caller.request_id, **fields)

    def decision_event(self, caller: Caller, decision: Decision, prompt: str, *,
                       event_type: str = "screen.decision",
                       subject: dict[str, Any] | None = None) -> Callable[[Any], Any]:
        """A factory for the decision's event (prompt HMAC'd under the team secret, prompt in payload)."""
        from provguard.audit.recorder import decision_event

        def make(log: Any) -> Any:
            ev = decision_event(decision, prompt=prompt, log=log, team=caller.team, actor=caller.actor,
                                request_id=caller.request_id, event_type=event_type)
            ev.subject.update(subject or {})
            return ev

        return make

    def request_event(self, caller: Caller, decision: Decision, prompt: str, kind: str,
                      images: Sequence[ImageInput], review_id: str | None) -> Callable[[Any], Any]:
        """The ``generation.request`` record written before anything is forwarded."""
        subject: dict[str, Any] = {
            "kind": kind,
            "input_images_sha256": [hashlib.sha256(i.data).hexdigest() for i in images],
        }
        if review_id:
            subject["review_id"] = review_id
        return self.decision_event(caller, decision, prompt, event_type="generation.request", subject=subject)

    async def failure(self, endpoint: str, caller: Caller, decision: Decision,
                      receipt: ReceiptLike | None, error: ProvguardError) -> None:
        """The ``generation.result`` record of a request that failed after it was admitted."""
        await self.record(self.event(
            "generation.result", caller, decision="error", rule_ids=decision_rule_ids(decision),
            policy_digest=decision.policy_digest,
            subject={"endpoint": endpoint, "error_code": error.code, "status": error.http_status,
                     "request_seq": receipt.seq if receipt else None},
            payload={"error": error.message[:2000]}), required=False)
