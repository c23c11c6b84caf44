"""The one guard pipeline: screen → audit → forward → check output → inspect → sign → audit.

Framework-free so the service, a CLI or a batch job can all drive it. Fail closed: the
screening decision is written to the audit log *before* anything is forwarded, and when that
write fails the request stops with ``StoreUnavailable`` unless ``fail_open`` is set (which is
logged loudly on every request). Every upstream failure is also recorded before the error
goes back to the caller. Endpoints differ only in their adapter (``adapters.py``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio

from provguard.errors import ProvguardError, StoreUnavailable
from provguard.gateway.adapters import EndpointAdapter, ImageEdit, ImageGeneration
from provguard.gateway.checks import check_input_image
from provguard.gateway.errors import ContentBlocked, ReviewRequired, upstream_error, upstream_not_configured
from provguard.gateway.files import ImageFiles
from provguard.gateway.jsonio import response_body
from provguard.gateway.outputs import OutputStage
from provguard.gateway.protocols import AuditLike, InspectorLike, ReceiptLike, ScreenerLike
from provguard.gateway.recorder import AuditRecorder
from provguard.gateway.screening import screen_request
from provguard.gateway.upstream import UpstreamFetcher, make_client
from provguard.gateway.values import Caller, GuardedResult, ImageInput, decision_rule_ids, request_digest
from provguard.models import Decision
from provguard.provenance.sign import DecisionAssertion, ImageSigner

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from provguard.config import Settings
    from provguard.tenancy import TenancyStore


@dataclass(frozen=True)
class Admission:
    """A request the pipeline let through: its decision and the durable record of it."""

    decision: Decision
    receipt: ReceiptLike | None


class Gateway:
    """One per process. ``run(adapter)`` guards any endpoint; ``generate``/``edit`` are the images API."""

    def __init__(
        self,
        *,
        settings: Settings,
        screener: ScreenerLike,
        inspector: InspectorLike,
        audit: Callable[[], AuditLike],
        tenancy: TenancyStore | None = None,
        signer: ImageSigner | None = None,
        files: ImageFiles | None = None,
        client: AsyncOpenAI | None = None,
        observe_upstream: Callable[[str, str, float], None] | None = None,
        audit_failed: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.screener = screener
        self.inspector = inspector
        self.tenancy = tenancy
        self.signer = signer
        self.files = files or ImageFiles(settings.data_dir / "images")
        # never fall back to the openai package's default (api.openai.com): no upstream, no forwarding
        self.upstream_configured = client is not None or bool(settings.upstream_base_url)
        self.client = client or make_client(settings)
        self.observe_upstream = observe_upstream
        self.recorder = AuditRecorder(settings, audit, audit_failed)
        self.defer_outcomes = settings.audit_outcome == "group"  # flushed by aclose()
        self.fetcher = UpstreamFetcher(settings)
        self.outputs = OutputStage(settings, inspector, signer, self.files, self.fetcher)

    async def aclose(self) -> None:
        await self.recorder.flush()
        await self.client.close()
        await self.fetcher.aclose()

    # ------------------------------------------------------------------ audit (also used by routes)
    async def record(self, event: Any, *, required: bool) -> ReceiptLike | None:
        return await self.recorder.record(event, required=required)

    async def record_outcome(self, event: Any) -> ReceiptLike | None:
        """An outcome record: committed before answering, or group-committed with the next ones
        while the answer goes out (``defer_outcomes``; then there is no seq to report)."""
        if self.defer_outcomes:
            self.recorder.record_later(event)
            return None
        return await self.record(event, required=True)

    def event(self, event_type: str, caller: Caller, **fields: Any) -> Any:
        return self.recorder.event(event_type, caller, **fields)

    def decision_event(self, caller: Caller, decision: Decision, prompt: str, *,
                       event_type: str = "screen.decision",
                       subject: dict[str, Any] | None = None) -> Callable[[Any], Any]:
        return self.recorder.decision_event(caller, decision, prompt, event_type=event_type, subject=subject)

    # ------------------------------------------------------------------ the images API
    async def generate(self, caller: Caller, body: dict[str, Any], *, conversation_id: str | None = None,
                       review_id: str | None = None, url_base: str = "") -> GuardedResult:
        """``POST /v1/images/generations``: ``body`` is the client's JSON, passed through unchanged."""
        return await self.run(ImageGeneration(dict(body)), caller, conversation_id=conversation_id,
                              review_id=review_id, url_base=url_base)

    async def edit(self, caller: Caller, *, prompt: str, images: Sequence[ImageInput],
                   mask: ImageInput | None = None, fields: dict[str, Any] | None = None,
                   conversation_id: str | None = None, review_id: str | None = None,
                   url_base: str = "") -> GuardedResult:
        """``POST /v1/images/edits``: input images also go to the screener (face detection)."""
        adapter = ImageEdit(prompt, list(images), mask, dict(fields or {}))
        return await self.run(adapter, caller, conversation_id=conversation_id, review_id=review_id,
                              url_base=url_base)

    def check_image(self, img: ImageInput) -> None:
        check_input_image(img, self.settings)

    async def screen(self, prompt: str, *, caller: Caller, images: Sequence[ImageInput] = (),
                     conversation_id: str | None = None, prior: Sequence[Any] = ()) -> Decision:
        """The most severe decision over the prompt (with conversation context) and each input image."""
        return await screen_request(self.screener, self.tenancy, self.settings, prompt, caller=caller,
                                    images=images, conversation_id=conversation_id, earlier=prior)

    # ------------------------------------------------------------------ the pipeline
    async def run(self, adapter: EndpointAdapter, caller: Caller, *, conversation_id: str | None = None,
                  review_id: str | None = None, url_base: str = "") -> GuardedResult:
        """Every stage in order for one non-streaming request."""
        adapter.validate(self.settings)
        admitted = await self.admit(adapter, caller, conversation_id=conversation_id, review_id=review_id)
        limit = self.settings.max_upstream_body_bytes
        response = await self.forward(adapter, caller, admitted, lambda: adapter.call(self.client, limit))
        try:
            return await self.deliver(adapter, caller, admitted, response_body(response), url_base)
        except ProvguardError as exc:
            if not isinstance(exc, StoreUnavailable):
                await self.recorder.failure(adapter.endpoint, caller, admitted.decision,
                                            admitted.receipt, exc)
            raise

    async def admit(self, adapter: EndpointAdapter, caller: Caller, *, conversation_id: str | None,
                    review_id: str | None) -> Admission:
        """screen → audit: block (400) or hold (403) here; nothing is forwarded without a record."""
        prompt, images, kind = adapter.prompt, adapter.screened_images(), adapter.kind
        earlier = getattr(adapter, "context", ())  # turns the adapter loaded (a Responses API chain)
        decision = await self.screen(prompt, caller=caller, images=images, conversation_id=conversation_id,
                                     prior=earlier)
        tenancy = self.tenancy
        digest = request_digest(kind, prompt, images)
        approved_review: str | None = None
        if review_id and decision.action == "review" and tenancy is not None:
            await anyio.to_thread.run_sync(
                lambda: tenancy.consume_review(review_id, team=caller.team, request_digest=digest))
            approved_review = review_id
        event = self.recorder.request_event(caller, decision, prompt, kind, images, approved_review)
        try:
            receipt = await self.record(event, required=True)
        except StoreUnavailable:
            if approved_review is not None and tenancy is not None:  # the approval is not used up
                with contextlib.suppress(Exception):
                    await anyio.to_thread.run_sync(
                        lambda: tenancy.release_review(approved_review, team=caller.team))
            raise
        seq = receipt.seq if receipt else None
        decision = decision.model_copy(update={"audit_seq": seq})
        if conversation_id and tenancy is not None:
            await anyio.to_thread.run_sync(lambda: tenancy.add_turn(
                caller.team, conversation_id, prompt=prompt, decision=decision.model_dump(mode="json"),
                audit_seq=seq, request_id=caller.request_id))
        if decision.action == "block":
            raise ContentBlocked(decision, seq)
        if decision.action == "review" and approved_review is None:
            if tenancy is None:
                raise ContentBlocked(decision, seq)
            review = await anyio.to_thread.run_sync(lambda: tenancy.create_review(
                team=caller.team, actor=caller.actor, request_id=caller.request_id, kind=kind,
                request_digest=digest, decision=decision.model_dump(mode="json"), audit_seq=seq))
            raise ReviewRequired(decision, seq, review.review_id)
        return Admission(decision, receipt)

    async def forward(self, adapter: EndpointAdapter, caller: Caller, admitted: Admission,
                      call: Callable[[], Awaitable[Any]]) -> Any:
        """forward: an upstream failure is recorded, then raised in OpenAI's shape."""
        started = time.perf_counter()
        try:
            if not self.upstream_configured:
                raise upstream_not_configured()
            response = await call()
        except Exception as exc:
            error = upstream_error(exc)
            self._observe(adapter.endpoint, error.code if error.code in ("upstream_timeout",
                                                                         "upstream_unavailable")
                          else str(error.http_status), started)
            await self.recorder.failure(adapter.endpoint, caller, admitted.decision, admitted.receipt, error)
            raise error from exc
        self._observe(adapter.endpoint, "ok", started)
        return response

    def _observe(self, endpoint: str, outcome: str, started: float) -> None:
        if self.observe_upstream is not None:
            self.observe_upstream(endpoint, outcome, time.perf_counter() - started)

    def assertion(self, caller: Caller, admitted: Admission) -> DecisionAssertion | None:
        """The decision assertion embedded in every re-signed output (None without a signer)."""
        if self.signer is None:
            return None
        decision, receipt = admitted.decision, admitted.receipt
        return DecisionAssertion(
            request_id=caller.request_id, action=decision.action, categories=list(decision.categories),
            rule_ids=decision_rule_ids(decision), policy_digest=decision.policy_digest,
            log_id=receipt.log_id if receipt else None, seq=receipt.seq if receipt else None,
            leaf_hash=receipt.leaf_hash if receipt else None)

    async def deliver(self, adapter: EndpointAdapter, caller: Caller, admitted: Admission,
                      body: dict[str, Any], url_base: str) -> GuardedResult:
        """check output → inspect → sign every image, then the result record (fail closed)."""
        decision, receipt = admitted.decision, admitted.receipt
        assertion = self.assertion(caller, admitted)
        records = [await self.outputs.process(image, assertion, url_base)
                   for image in adapter.output_images(body)]
        result = self.event(
            "generation.result", caller, decision=decision.action, rule_ids=decision_rule_ids(decision),
            policy_digest=decision.policy_digest,
            subject={"endpoint": adapter.endpoint, "request_seq": receipt.seq if receipt else None,
                     "images": [r.summary for r in records]})
        result_receipt = await self.record_outcome(result)
        body["provguard"] = {
            "request_id": caller.request_id, "action": decision.action,
            "audit_seq": receipt.seq if receipt else None,
            "result_seq": result_receipt.seq if result_receipt else None,
        }
        return GuardedResult(body, decision, receipt.seq if receipt else None,
                             result_receipt.seq if result_receipt else None,
                             [r.verdict for r in records], sum(r.signed for r in records))
