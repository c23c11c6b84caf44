"""Guarded image generation: screen -> audit -> upstream (openai) -> inspect -> sign -> audit.

Framework-free so the service, a CLI or a batch job can all drive it. Fail closed: the
screening decision is written to the audit log *before* anything is forwarded, and when that
write fails the request stops with ``StoreUnavailable`` unless ``fail_open`` is set (which is
logged loudly on every request). Every upstream failure is also recorded before the error
goes back to the caller.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import io
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import httpx
import orjson

from provguard.errors import (
    InputError,
    PayloadTooLarge,
    ProvguardError,
    StoreUnavailable,
    UpstreamError,
)
from provguard.models import ACTION_ORDER, Decision, Verdict
from provguard.provenance.sign import DecisionAssertion, ImageSigner, sniff_mime

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from provguard.config import Settings
    from provguard.tenancy import TenancyStore

_log = logging.getLogger("provguard.gateway")


# --------------------------------------------------------------------------- collaborators


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


# --------------------------------------------------------------------------- results and errors


@dataclass(frozen=True)
class Caller:
    """Who asked (team = tenant, actor = API key id) and the request id for correlation."""

    team: str
    actor: str
    request_id: str


@dataclass(frozen=True)
class ImageInput:
    data: bytes
    filename: str = "image.png"
    content_type: str | None = None


@dataclass
class GuardedResult:
    """The OpenAI-shaped body to return plus what the front end needs for headers/metrics."""

    body: dict[str, Any]
    decision: Decision
    request_seq: int | None
    result_seq: int | None
    verdicts: list[Verdict] = field(default_factory=list)
    signed: int = 0


class ContentBlocked(ProvguardError):
    """The screening decision blocks this request (HTTP 400, OpenAI content-policy shape)."""

    code = "content_policy_violation"
    exit_code = 1
    http_status = 400

    def __init__(self, decision: Decision, audit_seq: int | None) -> None:
        super().__init__(f"Request blocked by provguard policy '{decision.policy}': {decision.explanation}")
        self.decision = decision
        self.audit_seq = audit_seq


class ReviewRequired(ProvguardError):
    """The decision is ``review``: the request is held until a reviewer approves it."""

    code = "review_required"
    exit_code = 1
    http_status = 403

    def __init__(self, decision: Decision, audit_seq: int | None, review_id: str) -> None:
        super().__init__(
            f"Request held for review ({review_id}): {decision.explanation}",
            hint="a reviewer approves it with POST /v1/reviews/{id}/approve; then resend the same request "
                 "with the header X-Provguard-Review: <review id>",
        )
        self.decision = decision
        self.audit_seq = audit_seq
        self.review_id = review_id


def request_digest(kind: str, prompt: str, images: Sequence[ImageInput]) -> str:
    """What a review approves: the prompt and the exact input images, nothing else."""
    h = hashlib.sha256(kind.encode() + b"\x00" + prompt.encode())
    for img in images:
        h.update(b"\x00" + hashlib.sha256(img.data).digest())
    return h.hexdigest()


def decision_rule_ids(decision: Decision) -> list[str]:
    return sorted({f.rule for f in decision.findings})


# --------------------------------------------------------------------------- image store (url format)


class ImageFiles:
    """Signed outputs served back at ``/v1/images/files/{id}`` when a client asks for URLs.

    Ids are 192-bit random tokens (like a pre-signed URL); files live under the data dir of
    the replica that made them.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    _EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif",
            "image/avif": "avif", "image/heic": "heic", "image/tiff": "tif"}

    def put(self, data: bytes) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        file_id = secrets.token_urlsafe(24) + "." + self._EXT.get(sniff_mime(data) or "", "bin")
        (self.directory / file_id).write_bytes(data)
        return file_id

    def get(self, file_id: str) -> tuple[bytes, str] | None:
        if not file_id or "/" in file_id or "\\" in file_id or file_id.startswith("."):
            return None
        path = self.directory / file_id
        if not path.is_file():
            return None
        data = path.read_bytes()
        return data, sniff_mime(data) or "application/octet-stream"


# --------------------------------------------------------------------------- audit appends


class AppendBatcher:
    """Group commit on the event loop: concurrent requests' audit records share one commit.

    Handing every append to a worker thread cost more CPU than screening the prompt (a queue
    put, a condition notify and a GIL handoff per request). Here the first request with
    nothing in flight starts a drain task; every request that arrives while a commit runs
    joins the next batch, and the whole batch makes one thread hop to ``log.append_many``.
    A request's future is resolved only after the commit holding its record has returned,
    and a failed commit fails every request in it (fail closed). Logs without
    ``append_many`` (and event loops other than asyncio's) get one ``append`` per thread hop.
    """

    def __init__(self) -> None:
        self._queues: dict[asyncio.AbstractEventLoop, list[_PendingAppend]] = {}
        self._drains: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}

    async def append(self, log: AuditLike, event: Any) -> ReceiptLike:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or not hasattr(log, "append_many"):
            return await anyio.to_thread.run_sync(_append_one, log, event)
        pending = _PendingAppend(log, event, loop.create_future())
        self._queues.setdefault(loop, []).append(pending)
        if loop not in self._drains:
            self._drains[loop] = loop.create_task(self._drain(loop))
        return await pending.future

    async def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            while self._queues.get(loop):
                batch = self._queues.pop(loop)
                try:
                    outcomes = await anyio.to_thread.run_sync(_commit_batch, batch)
                except BaseException as exc:  # cancelled or thread failure: nothing may be acked
                    outcomes = [exc] * len(batch)
                    if not isinstance(exc, Exception):
                        _settle(batch, outcomes)
                        raise
                _settle(batch, outcomes)
        finally:
            self._drains.pop(loop, None)
            for pending in self._queues.pop(loop, []):  # only when cancelled mid-way
                if not pending.future.done():
                    pending.future.set_exception(StoreUnavailable("audit append was interrupted"))


@dataclass
class _PendingAppend:
    log: Any
    event: Any
    future: asyncio.Future[Any]


def _append_one(log: Any, event: Any) -> Any:
    return log.append(event(log) if callable(event) else event)


def _commit_batch(batch: list[_PendingAppend]) -> list[Any]:
    """In a worker thread: build each event, then one ``append_many`` per distinct log.

    Returns a receipt or the exception for each entry: an event that cannot be built fails
    alone; a failed commit fails every entry it held.
    """
    outcomes: list[Any] = [None] * len(batch)
    groups: dict[int, tuple[Any, list[int], list[Any]]] = {}
    for i, pending in enumerate(batch):
        try:
            event = pending.event(pending.log) if callable(pending.event) else pending.event
        except Exception as exc:
            outcomes[i] = exc
            continue
        group = groups.setdefault(id(pending.log), (pending.log, [], []))
        group[1].append(i)
        group[2].append(event)
    for log, indexes, events in groups.values():
        try:
            receipts = log.append_many(events)
            if len(receipts) != len(events):
                raise StoreUnavailable("audit store returned the wrong number of receipts")
        except Exception as exc:
            for i in indexes:
                outcomes[i] = exc
            continue
        for i, receipt in zip(indexes, receipts, strict=True):
            outcomes[i] = receipt
    return outcomes


def _settle(batch: list[_PendingAppend], outcomes: list[Any]) -> None:
    for pending, outcome in zip(batch, outcomes, strict=True):
        if pending.future.done():  # the request was cancelled (client went away)
            continue
        if isinstance(outcome, BaseException):
            pending.future.set_exception(outcome)
        else:
            pending.future.set_result(outcome)


# --------------------------------------------------------------------------- the gateway


class Gateway:
    """One per process. ``generate``/``edit`` are async; blocking work runs in threads."""

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
        self._audit = audit
        self.tenancy = tenancy
        self.signer = signer
        self.files = files or ImageFiles(settings.data_dir / "images")
        self.client = client or self._make_client(settings)
        self.observe_upstream = observe_upstream
        self.audit_failed = audit_failed
        self._fetch = httpx.AsyncClient(timeout=settings.upstream_timeout, follow_redirects=False)
        self._batcher = AppendBatcher()

    @staticmethod
    def _make_client(settings: Settings) -> AsyncOpenAI:
        from openai import AsyncOpenAI

        return AsyncOpenAI(
            base_url=settings.upstream_base_url,
            api_key=settings.upstream_api_key or "provguard-no-upstream-key",
            timeout=settings.upstream_timeout,
            max_retries=settings.upstream_retries,
        )

    async def aclose(self) -> None:
        await self.client.close()
        await self._fetch.aclose()

    # ------------------------------------------------------------------ audit helpers
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

    def _decision_event(self, caller: Caller, decision: Decision, prompt: str, kind: str,
                        images: Sequence[ImageInput], review_id: str | None) -> Callable[[Any], Any]:
        subject: dict[str, Any] = {
            "kind": kind,
            "input_images_sha256": [hashlib.sha256(i.data).hexdigest() for i in images],
        }
        if review_id:
            subject["review_id"] = review_id
        return self.decision_event(caller, decision, prompt, event_type="generation.request", subject=subject)

    # ------------------------------------------------------------------ screening
    async def screen(self, prompt: str, *, caller: Caller, images: Sequence[ImageInput] = (),
                     conversation_id: str | None = None) -> Decision:
        """The most severe decision over the prompt (with conversation context) and each input image."""
        if len(prompt) > self.settings.max_prompt_chars:
            raise PayloadTooLarge(f"prompt is {len(prompt)} characters; the limit is "
                                  f"{self.settings.max_prompt_chars}")
        context: list[Any] = []
        if conversation_id and self.tenancy is not None:
            from provguard.screen import Turn

            turns = await anyio.to_thread.run_sync(self.tenancy.conversation, caller.team, conversation_id)
            for t in turns:
                prior = Decision.model_validate(t.decision) if t.decision else None
                context.append(Turn(prompt=t.prompt, decision=prior))
        if not images:
            return self.screener.screen(prompt, context=context, id=caller.request_id)
        def run(data: bytes) -> Decision:
            return self.screener.screen(prompt, context=context, image=data, id=caller.request_id)

        decisions = [await anyio.to_thread.run_sync(run, img.data) for img in images]
        return max(decisions, key=lambda d: ACTION_ORDER[d.action])

    async def _guard(self, kind: str, caller: Caller, prompt: str, images: Sequence[ImageInput],
                     conversation_id: str | None,
                     review_id: str | None) -> tuple[Decision, ReceiptLike | None]:
        decision = await self.screen(prompt, caller=caller, images=images, conversation_id=conversation_id)
        approved_review: str | None = None
        if review_id and decision.action == "review" and self.tenancy is not None:
            await anyio.to_thread.run_sync(
                lambda: self.tenancy.consume_review(  # type: ignore[union-attr]
                    review_id, team=caller.team, request_digest=request_digest(kind, prompt, images)))
            approved_review = review_id
        receipt = await self.record(
            self._decision_event(caller, decision, prompt, kind, images, approved_review), required=True)
        seq = receipt.seq if receipt else None
        decision = decision.model_copy(update={"audit_seq": seq})
        if conversation_id and self.tenancy is not None:
            await anyio.to_thread.run_sync(lambda: self.tenancy.add_turn(  # type: ignore[union-attr]
                caller.team, conversation_id, prompt=prompt, decision=decision.model_dump(mode="json"),
                audit_seq=seq, request_id=caller.request_id))
        if decision.action == "block":
            raise ContentBlocked(decision, seq)
        if decision.action == "review" and approved_review is None:
            if self.tenancy is None:
                raise ContentBlocked(decision, seq)
            review = await anyio.to_thread.run_sync(lambda: self.tenancy.create_review(  # type: ignore[union-attr]
                team=caller.team, actor=caller.actor, request_id=caller.request_id, kind=kind,
                request_digest=request_digest(kind, prompt, images),
                decision=decision.model_dump(mode="json"), audit_seq=seq))
            raise ReviewRequired(decision, seq, review.review_id)
        return decision, receipt

    # ------------------------------------------------------------------ public entry points
    async def generate(self, caller: Caller, body: dict[str, Any], *, conversation_id: str | None = None,
                       review_id: str | None = None, url_base: str = "") -> GuardedResult:
        """``POST /v1/images/generations``: ``body`` is the client's JSON, passed through unchanged."""
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise InputError("'prompt' is required and must be a non-empty string")
        if body.get("stream"):
            raise InputError("streaming image generation is not supported through provguard")
        decision, receipt = await self._guard("generation", caller, prompt, (), conversation_id, review_id)
        extra = {k: v for k, v in body.items() if k != "prompt"}

        async def call() -> Any:
            # raw: the body is parsed once by orjson, not into pydantic models and back to a dict
            return await self.client.images.with_raw_response.generate(prompt=prompt, extra_body=extra)

        return await self._forward("generations", caller, decision, receipt, call, url_base)

    async def edit(self, caller: Caller, *, prompt: str, images: Sequence[ImageInput],
                   mask: ImageInput | None = None, fields: dict[str, Any] | None = None,
                   conversation_id: str | None = None, review_id: str | None = None,
                   url_base: str = "") -> GuardedResult:
        """``POST /v1/images/edits``: input images also go to the screener (face detection)."""
        if not prompt.strip():
            raise InputError("'prompt' is required and must be a non-empty string")
        if not images:
            raise InputError("at least one 'image' file is required")
        for img in [*images, *([mask] if mask else [])]:
            self.check_image(img)
        decision, receipt = await self._guard("edit", caller, prompt, images, conversation_id, review_id)
        files = [(i.filename, i.data, i.content_type or sniff_mime(i.data) or "application/octet-stream")
                 for i in images]
        extra = dict(fields or {})

        async def call() -> Any:
            kwargs: dict[str, Any] = {}
            if mask is not None:
                kwargs["mask"] = (mask.filename, mask.data, mask.content_type or "image/png")
            return await self.client.images.with_raw_response.edit(
                image=files if len(files) > 1 else files[0], prompt=prompt, extra_body=extra, **kwargs)

        return await self._forward("edits", caller, decision, receipt, call, url_base)

    def check_image(self, img: ImageInput) -> None:
        """An upload must be a decodable image within the pixel limit (hostile files: 400/413)."""
        from PIL import Image, UnidentifiedImageError

        if len(img.data) > self.settings.max_upload_bytes:
            raise PayloadTooLarge(f"{img.filename}: {len(img.data)} bytes; the limit is "
                                  f"{self.settings.max_upload_bytes}")
        try:
            with Image.open(io.BytesIO(img.data)) as im:
                width, height = im.size
        except Image.DecompressionBombError as exc:
            raise PayloadTooLarge(f"{img.filename}: image dimensions exceed the pixel limit") from exc
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise InputError(f"{img.filename}: not a readable image ({type(exc).__name__})") from exc
        if width * height > self.settings.max_image_pixels:
            raise PayloadTooLarge(f"{img.filename}: {width}x{height} pixels; the limit is "
                                  f"{self.settings.max_image_pixels}")

    # ------------------------------------------------------------------ upstream and outputs
    async def _forward(self, endpoint: str, caller: Caller, decision: Decision, receipt: ReceiptLike | None,
                       call: Callable[[], Awaitable[Any]], url_base: str) -> GuardedResult:
        started = time.perf_counter()
        try:
            response = await call()
        except Exception as exc:
            error = upstream_error(exc)
            self._observe(endpoint, error.code if error.code in ("upstream_timeout", "upstream_unavailable")
                          else str(error.http_status), started)
            await self._record_failure(endpoint, caller, decision, receipt, error)
            raise error from exc
        self._observe(endpoint, "ok", started)
        try:
            return await self._outputs(endpoint, caller, decision, receipt, response, url_base)
        except ProvguardError as exc:
            if not isinstance(exc, StoreUnavailable):
                await self._record_failure(endpoint, caller, decision, receipt, exc)
            raise

    def _observe(self, endpoint: str, outcome: str, started: float) -> None:
        if self.observe_upstream is not None:
            self.observe_upstream(endpoint, outcome, time.perf_counter() - started)

    async def _record_failure(self, endpoint: str, caller: Caller, decision: Decision,
                              receipt: ReceiptLike | None, error: ProvguardError) -> None:
        await self.record(self.event(
            "generation.result", caller, decision="error", rule_ids=decision_rule_ids(decision),
            policy_digest=decision.policy_digest,
            subject={"endpoint": endpoint, "error_code": error.code, "status": error.http_status,
                     "request_seq": receipt.seq if receipt else None},
            payload={"error": error.message[:2000]}), required=False)

    async def _outputs(self, endpoint: str, caller: Caller, decision: Decision, receipt: ReceiptLike | None,
                       response: Any, url_base: str) -> GuardedResult:
        body = response_body(response)
        verdicts: list[Verdict] = []
        outputs: list[dict[str, Any]] = []
        signed = 0
        data = body.get("data") or []
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise UpstreamFailure("upstream returned images in an unexpected shape", status=502,
                                  code="upstream_error")
        for index, item in enumerate(data):
            original = await self._image_bytes(item)
            assertion = None
            if self.signer is not None:
                assertion = DecisionAssertion(
                    request_id=caller.request_id, action=decision.action,
                    categories=list(decision.categories),
                    rule_ids=decision_rule_ids(decision), policy_digest=decision.policy_digest,
                    log_id=receipt.log_id if receipt else None, seq=receipt.seq if receipt else None,
                    leaf_hash=receipt.leaf_hash if receipt else None)
            verdict, out = await self._inspect_and_sign(original, f"upstream-{index}", assertion)
            verdicts.append(verdict)
            if assertion is not None:
                signed += 1
            if "b64_json" in item and item["b64_json"] is not None:
                item["b64_json"] = base64.b64encode(out).decode()
            else:
                file_id = await anyio.to_thread.run_sync(self.files.put, out)
                item["url"] = f"{url_base}/v1/images/files/{file_id}"
            c2pa = verdict.c2pa
            item["provguard"] = {
                "upstream_verdict": verdict.verdict, "upstream_trust": verdict.trust,
                "upstream_c2pa": None if c2pa is None else {
                    "active_manifest": c2pa.active_manifest, "claim_generator": c2pa.claim_generator,
                    "signer": c2pa.signer, "validation_state": c2pa.validation_state},
                "signed": self.signer is not None,
            }
            outputs.append({"upstream_sha256": hashlib.sha256(original).hexdigest(),
                            "output_sha256": hashlib.sha256(out).hexdigest(),
                            "verdict": verdict.verdict, "trust": verdict.trust,
                            "c2pa_manifest": verdict.c2pa.active_manifest if verdict.c2pa else None})
        result_receipt = await self.record(self.event(
            "generation.result", caller, decision=decision.action, rule_ids=decision_rule_ids(decision),
            policy_digest=decision.policy_digest,
            subject={"endpoint": endpoint, "request_seq": receipt.seq if receipt else None,
                     "images": outputs}),
            required=True)
        body["provguard"] = {
            "request_id": caller.request_id, "action": decision.action,
            "audit_seq": receipt.seq if receipt else None,
            "result_seq": result_receipt.seq if result_receipt else None,
        }
        return GuardedResult(body, decision, receipt.seq if receipt else None,
                             result_receipt.seq if result_receipt else None, verdicts, signed)

    async def _inspect_and_sign(self, original: bytes, name: str,
                                assertion: DecisionAssertion | None) -> tuple[Verdict, bytes]:
        """Inspect the upstream image and (with a signer) re-sign it, in two threads at once.

        Signing does not depend on the verdict, and both spend most of their time in
        c2pa's native library (GIL released), so overlapping them saves the shorter of the
        two. Errors surface as they did sequentially: the inspection's first, then signing's.
        """
        inspect = self.inspector.inspect_bytes
        if assertion is None or self.signer is None:
            return await anyio.to_thread.run_sync(inspect, original, name), original
        sign = self.signer.sign
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not on asyncio (e.g. trio): one after the other
            verdict = await anyio.to_thread.run_sync(inspect, original, name)
            return verdict, await anyio.to_thread.run_sync(sign, original, assertion)
        signing = asyncio.ensure_future(anyio.to_thread.run_sync(sign, original, assertion))
        try:
            verdict = await anyio.to_thread.run_sync(inspect, original, name)
        except BaseException:
            signing.cancel()
            with contextlib.suppress(BaseException):
                await signing
            raise
        return verdict, await signing

    async def _image_bytes(self, item: dict[str, Any]) -> bytes:
        """Bytes of one upstream output: inline base64, or fetched from the upstream's own URL."""
        if item.get("b64_json"):
            b64 = item["b64_json"]
            try:
                # strict_mode: the alphabet/padding check of b64decode(validate=True), done in C
                return binascii.a2b_base64(b64.encode("ascii") if isinstance(b64, str) else b64,
                                           strict_mode=True)
            except (binascii.Error, ValueError, TypeError) as exc:
                raise UpstreamError("upstream returned invalid base64 image data", status=502) from exc
        url = item.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise UpstreamError("upstream returned an image without data or an http(s) URL", status=502)
        limit = self.settings.max_upload_bytes
        try:
            async with self._fetch.stream("GET", url) as resp:
                if resp.status_code != 200:
                    raise UpstreamError(f"fetching the upstream image failed: HTTP {resp.status_code}",
                                        status=502)
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise UpstreamError("upstream image exceeds max_upload_bytes", status=502)
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise UpstreamError(f"fetching the upstream image failed: {type(exc).__name__}",
                                status=502) from exc
        return b"".join(chunks)


def response_body(response: Any) -> dict[str, Any]:
    """The upstream's JSON object: from a raw response (parsed once, with orjson) or a model."""
    if isinstance(response, dict):
        return dict(response)
    if hasattr(response, "to_dict"):  # a parsed openai model (clients without raw responses)
        return dict(response.to_dict(mode="json"))
    try:
        body = json_loads(response.content)
    except (ValueError, TypeError, AttributeError) as exc:
        raise UpstreamFailure("upstream returned a body that is not JSON", status=502,
                              code="upstream_error") from exc
    if not isinstance(body, dict):
        raise UpstreamFailure("upstream returned JSON that is not an object", status=502,
                              code="upstream_error")
    return body


def json_loads(data: bytes | str) -> Any:
    """orjson when it can (~10x faster on 0.5 MB image bodies); json for what orjson refuses."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)  # NaN, lone surrogates...; raises ValueError when truly invalid
    return json.loads(data) if _maybe_wide_int(value) else value


def _maybe_wide_int(value: Any) -> bool:
    """True when orjson may have turned an integer beyond 64 bits into a float (json keeps it exact)."""
    if isinstance(value, float):
        return abs(value) >= 2.0**63
    if isinstance(value, dict):
        return any(_maybe_wide_int(v) for v in value.values())
    if isinstance(value, list):
        return any(_maybe_wide_int(v) for v in value)
    return False


def json_dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON, as Starlette's JSONResponse renders it, via orjson when it can."""
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


class UpstreamFailure(UpstreamError):
    """An upstream error with the OpenAI error body to pass through (status kept)."""

    def __init__(self, message: str, *, status: int, code: str, error_type: str = "api_error",
                 body: dict[str, Any] | None = None, retry_after: str | None = None) -> None:
        super().__init__(message, status=status)
        self.code = code
        self.http_status = status
        self.error_type = error_type
        self.body = body
        self.retry_after = retry_after


def upstream_error(exc: Exception) -> UpstreamFailure:
    """Map openai client exceptions to the statuses and codes OpenAI clients already handle."""
    import openai

    if isinstance(exc, UpstreamFailure):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return UpstreamFailure("the image generator did not answer in time", status=504,
                               code="upstream_timeout")
    if isinstance(exc, openai.APIConnectionError):
        return UpstreamFailure("the image generator could not be reached", status=502,
                               code="upstream_unavailable")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = exc.body if isinstance(exc.body, dict) else None
        err = body.get("error", body) if body else None
        err = err if isinstance(err, dict) else {}
        code = str(err.get("code") or ("rate_limit_exceeded" if status == 429 else "upstream_error"))
        etype = str(err.get("type") or ("rate_limit_error" if status == 429 else
                                        "invalid_request_error" if status < 500 else "api_error"))
        message = str(err.get("message") or f"the image generator answered HTTP {status}")
        return UpstreamFailure(message, status=status if 400 <= status < 600 else 502, code=code,
                               error_type=etype, body=body,
                               retry_after=exc.response.headers.get("retry-after"))
    if isinstance(exc, UpstreamError):
        return UpstreamFailure(exc.message, status=exc.status or 502, code=exc.code)
    return UpstreamFailure(f"upstream call failed: {type(exc).__name__}", status=502, code="upstream_error")
