"""The Responses API on the guard pipeline: chains, per-call output guard, retrieve/delete.

``create`` is the pipeline's admit → forward, then for every ``image_generation_call`` in the
answer: screen its ``revised_prompt`` in the chain's context (withhold the image when it would
be blocked or held), else check, inspect and re-sign it (the assertion names the response and
the turn), and write one audit record per call. The response's screened signals are then
stored per team so the next turn, on any replica, is screened with them. Streaming uses the
same ``guard_call`` (``sse.py``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio

from provguard.errors import NotFound, ProvguardError, StoreUnavailable
from provguard.gateway.jsonio import response_body
from provguard.gateway.outputs import UpstreamImage
from provguard.gateway.pipeline import Admission, Gateway
from provguard.gateway.responses import ResponsesCreate, image_calls, withhold
from provguard.gateway.upstream import read_capped
from provguard.gateway.values import Caller, GuardedResult, decision_rule_ids
from provguard.models import ACTION_ORDER, Decision, Verdict

if TYPE_CHECKING:
    from provguard.gateway.sse import StreamRelay
    from provguard.tenancy.chains import ResponseChains, ResponsesPolicy, StoredResponse

MAX_CONTEXT_TURNS = 100  # the screener's bound on earlier turns


@dataclass
class CallOutcome:
    """What happened to one image_generation_call."""

    call_id: str
    revised_prompt: str
    decision: Decision
    seq: int | None
    withheld: bool
    verdict: Verdict | None = None
    signed: bool = False
    signed_result: str | None = None  # the re-signed image (base64), for a streamed answer's final copy
    info: Any = None  # the item's provguard object


@dataclass
class Exchange:
    """One guarded create: the request, its admission and what its calls came to."""

    adapter: ResponsesCreate
    caller: Caller
    admitted: Admission
    policy: ResponsesPolicy
    previous_response_id: str | None
    conversation_id: str | None
    url_base: str = ""
    response_id: str | None = None
    outcomes: dict[str, CallOutcome] = field(default_factory=dict)


def conversation_id_of(body: dict[str, Any]) -> str | None:
    conv = body.get("conversation")
    if isinstance(conv, dict):
        conv = conv.get("id")
    return conv if isinstance(conv, str) and conv else None


class ResponsesGuard:
    """``POST/GET/DELETE /v1/responses`` over one ``Gateway`` and the team's chain store."""

    def __init__(self, gateway: Gateway, chains: ResponseChains) -> None:
        self.gw = gateway
        self.chains = chains

    # ------------------------------------------------------------------ admission
    async def admit(
        self, caller: Caller, body: dict[str, Any], *, review_id: str | None, url_base: str
    ) -> Exchange:
        """Load the chain (404 for another team's id), validate, screen with its signals, audit."""
        from provguard.screen import Turn

        team = caller.team
        policy = await anyio.to_thread.run_sync(self.chains.policy, team)
        prev = body.get("previous_response_id")
        if prev is not None and not isinstance(prev, str):
            raise NotFound("'previous_response_id' must be a response id")
        conv = conversation_id_of(body)
        lineage: list[StoredResponse] = []
        if prev:
            lineage = await anyio.to_thread.run_sync(self.chains.lineage, team, prev)
        if conv:
            lineage = [*await anyio.to_thread.run_sync(self.chains.conversation, team, conv), *lineage]
        context = [
            Turn(prompt=s.prompt, decision=Decision.model_validate(s.decision))
            for r in lineage
            for s in r.signals
        ][-MAX_CONTEXT_TURNS:]
        turn = max((r.turn for r in lineage), default=-1) + 1
        adapter = ResponsesCreate(
            dict(body), allow_unseen=policy.unseen_inputs == "allow", context=context, turn=turn
        )
        adapter.validate(self.gw.settings)
        admitted = await self.gw.admit(adapter, caller, conversation_id=None, review_id=review_id)
        return Exchange(adapter, caller, admitted, policy, prev or None, conv, url_base)

    # ------------------------------------------------------------------ plain create
    async def create(
        self, caller: Caller, body: dict[str, Any], *, review_id: str | None = None, url_base: str = ""
    ) -> GuardedResult:
        ex = await self.admit(caller, body, review_id=review_id, url_base=url_base)
        adapter, gw = ex.adapter, self.gw
        limit = gw.settings.max_upstream_body_bytes
        raw = await gw.forward(adapter, caller, ex.admitted, lambda: adapter.call(gw.client, limit))
        try:
            answer = response_body(raw)
            ex.response_id = answer.get("id") if isinstance(answer.get("id"), str) else None
            await self.finish(ex, answer)
        except ProvguardError as exc:
            if not isinstance(exc, StoreUnavailable):
                await gw.recorder.failure(
                    adapter.endpoint, caller, ex.admitted.decision, ex.admitted.receipt, exc
                )
            raise
        return self.result(ex, answer)

    async def stream(
        self, caller: Caller, body: dict[str, Any], *, review_id: str | None = None, url_base: str = ""
    ) -> StreamRelay:
        """Admit (a block or hold is raised here, before any byte is sent), open the upstream
        stream (its errors too), then relay it through ``StreamRelay`` (``.events()``)."""
        from provguard.gateway.sse import StreamRelay

        ex = await self.admit(caller, body, review_id=review_id, url_base=url_base)
        opener = ex.adapter.open_stream(self.gw.client)
        upstream = await self.gw.forward(ex.adapter, caller, ex.admitted, opener.__aenter__)
        return StreamRelay(self, ex, upstream, opener)

    async def finish(self, ex: Exchange, response: dict[str, Any]) -> None:
        """Guard every call not guarded yet, then remember the response's signals.

        The revised prompts are screened first (fast), so storing the signals overlaps with
        checking, inspecting and signing the images; the calls' records share a commit.
        """
        pending = [item for item in image_calls(response) if str(item.get("id")) not in ex.outcomes]
        screened = [(item, self.screen_call(ex, item)) for item in pending]
        await asyncio.gather(self.remember(ex), *(self.complete_call(ex, item, o) for item, o in screened))
        for item in image_calls(response):  # a streamed answer repeats its items: same outcome
            done = ex.outcomes.get(str(item.get("id")))
            if done is not None and done.withheld:
                withhold(item, self.withheld_info(done))
            elif done is not None and done.signed_result is not None and item.get("result"):
                item["result"] = done.signed_result
                item["provguard"] = done.info
        if not ex.outcomes:  # no image: still one result record for the request
            receipt = await self.gw.record_outcome(self.result_event(ex, None, ex.admitted.decision, ""))
            ex.outcomes["-"] = CallOutcome(
                "-", "", ex.admitted.decision, receipt.seq if receipt else None, False
            )
        response["provguard"] = self.summary(ex)

    def result(self, ex: Exchange, body: dict[str, Any]) -> GuardedResult:
        outcomes = [o for o in ex.outcomes.values() if o.call_id != "-"]
        seq = ex.admitted.receipt.seq if ex.admitted.receipt else None
        return GuardedResult(
            body,
            ex.admitted.decision,
            seq,
            next((o.seq for o in ex.outcomes.values()), None),
            [o.verdict for o in outcomes if o.verdict is not None],
            sum(o.signed for o in outcomes),
        )

    def summary(self, ex: Exchange) -> dict[str, Any]:
        receipt = ex.admitted.receipt
        return {
            "request_id": ex.caller.request_id,
            "action": ex.admitted.decision.action,
            "audit_seq": receipt.seq if receipt else None,
            "turn": ex.adapter.turn,
            "result_seqs": [o.seq for o in ex.outcomes.values()],
            "withheld": [o.call_id for o in ex.outcomes.values() if o.withheld],
        }

    # ------------------------------------------------------------------ one image_generation_call
    async def guard_call(self, ex: Exchange, item: dict[str, Any]) -> CallOutcome:
        """revised prompt → (withhold | check, inspect, sign) → one audit record."""
        outcome = self.screen_call(ex, item)
        await self.complete_call(ex, item, outcome)
        return outcome

    def screen_call(self, ex: Exchange, item: dict[str, Any]) -> CallOutcome:
        """Screen the call's revised prompt in the chain's context (this turn included)."""
        from provguard.screen import Turn

        call_id = str(item.get("id") or f"call-{len(ex.outcomes)}")
        found = item.get("revised_prompt")
        rp = found if isinstance(found, str) else ""
        context = [*ex.adapter.context, Turn(prompt=ex.adapter.prompt, decision=ex.admitted.decision)]
        decision = self.gw.screener.screen(
            rp[: self.gw.settings.max_prompt_chars],
            context=context[-MAX_CONTEXT_TURNS:],
            id=ex.caller.request_id,
        )
        withheld = ACTION_ORDER[decision.action] >= ACTION_ORDER["review"]
        outcome = ex.outcomes[call_id] = CallOutcome(call_id, rp, decision, None, withheld)
        return outcome

    async def complete_call(self, ex: Exchange, item: dict[str, Any], outcome: CallOutcome) -> None:
        """Withhold (recorded before the answer, like a block) or check, inspect, sign and record."""
        call_id, decision, rp = outcome.call_id, outcome.decision, outcome.revised_prompt
        if outcome.withheld:
            receipt = await self.gw.record(self.result_event(ex, outcome, decision, rp), required=True)
            outcome.seq = receipt.seq if receipt else None
            withhold(item, self.withheld_info(outcome))
            return
        images: list[dict[str, Any]] = []
        if item.get("result"):
            assertion = self.gw.assertion(ex.caller, ex.admitted)
            if assertion is not None:
                assertion = dataclasses.replace(assertion, response_id=ex.response_id, turn=ex.adapter.turn)
            record = await self.gw.outputs.process(
                UpstreamImage(item, "result", call_id), assertion, ex.url_base
            )
            outcome.verdict, outcome.signed = record.verdict, record.signed
            outcome.signed_result, outcome.info = item.get("result"), item.get("provguard")
            images = [record.summary]
        receipt = await self.gw.record_outcome(self.result_event(ex, outcome, decision, rp, images))
        outcome.seq = receipt.seq if receipt else None

    def withheld_info(self, outcome: CallOutcome) -> dict[str, Any]:
        d = outcome.decision
        return {
            "action": d.action,
            "categories": list(d.categories),
            "rule_ids": decision_rule_ids(d),
            "explanation": d.explanation,
            "audit_seq": outcome.seq,
            "message": "provguard withheld this image: its revised prompt is not allowed by policy",
        }

    def result_event(
        self,
        ex: Exchange,
        outcome: CallOutcome | None,
        decision: Decision,
        prompt: str,
        images: Sequence[dict[str, Any]] = (),
        **extra: Any,
    ) -> Any:
        """The ``generation.result`` record of one call (its revised prompt HMAC'd like any prompt)."""
        receipt = ex.admitted.receipt
        subject: dict[str, Any] = {
            "endpoint": "responses",
            "request_seq": receipt.seq if receipt else None,
            "response_id": ex.response_id,
            "turn": ex.adapter.turn,
            "images": list(images),
            "request_action": ex.admitted.decision.action,
            **extra,
        }
        if outcome is not None:
            subject.update({"call_id": outcome.call_id, "withheld": outcome.withheld})
        return self.gw.decision_event(
            ex.caller, decision, prompt, event_type="generation.result", subject=subject
        )

    async def remember(self, ex: Exchange) -> None:
        """Store the response's screened signals (input + revised prompts) for later turns."""
        from provguard.tenancy.chains import Signal, StoredResponse

        if ex.response_id is None:
            return
        receipt = ex.admitted.receipt
        signals = [
            Signal(
                ex.adapter.prompt,
                ex.admitted.decision.model_dump(mode="json"),
                receipt.seq if receipt else None,
            )
        ]
        signals += [
            Signal(o.revised_prompt, o.decision.model_dump(mode="json"), o.seq)
            for o in ex.outcomes.values()
            if o.call_id != "-" and o.revised_prompt
        ]
        stored = StoredResponse(
            ex.response_id,
            ex.previous_response_id,
            ex.conversation_id,
            ex.adapter.turn,
            signals,
            receipt.seq if receipt else None,
        )
        await anyio.to_thread.run_sync(self.chains.add, ex.caller.team, stored)

    # ------------------------------------------------------------------ retrieve / delete / input items
    async def retrieve(self, caller: Caller, response_id: str, *, url_base: str = "") -> dict[str, Any]:
        """The stored response, its images guarded again as they were (withheld stays withheld)."""
        stored = await anyio.to_thread.run_sync(self.chains.get, caller.team, response_id)
        body = await self._upstream(
            caller,
            "retrieve",
            lambda c, lim: read_capped(c.responses.with_streaming_response.retrieve(response_id), lim),
        )
        decision = Decision.model_validate(stored.signals[0].decision)
        receipt = await self.gw.record(
            self.gw.event(
                "responses.retrieve",
                caller,
                decision=decision.action,
                rule_ids=decision_rule_ids(decision),
                policy_digest=decision.policy_digest,
                subject={"response_id": response_id, "request_seq": stored.audit_seq},
            ),
            required=True,
        )
        admitted = Admission(decision, receipt)
        by_prompt = {s.prompt: Decision.model_validate(s.decision) for s in stored.signals[1:]}
        adapter = ResponsesCreate({"input": stored.signals[0].prompt}, turn=stored.turn)
        from provguard.tenancy.chains import ResponsesPolicy

        ex = Exchange(
            adapter,
            caller,
            admitted,
            ResponsesPolicy(),
            stored.previous_response_id,
            stored.conversation_id,
            url_base,
            response_id,
        )
        for item in image_calls(body):
            rp = item.get("revised_prompt") or ""
            known = by_prompt.get(rp)
            if known is not None and ACTION_ORDER[known.action] >= ACTION_ORDER["review"]:
                withhold(item, self.withheld_info(CallOutcome(str(item.get("id")), rp, known, None, True)))
            elif item.get("result"):
                assertion = self.gw.assertion(caller, admitted)
                if assertion is not None:
                    assertion = dataclasses.replace(assertion, response_id=response_id, turn=stored.turn)
                await self.gw.outputs.process(
                    UpstreamImage(item, "result", str(item.get("id"))), assertion, url_base
                )
        body["provguard"] = {
            "request_id": caller.request_id,
            "audit_seq": stored.audit_seq,
            "retrieve_seq": receipt.seq if receipt else None,
            "turn": ex.adapter.turn,
        }
        return body

    async def delete(self, caller: Caller, response_id: str) -> dict[str, Any]:
        await anyio.to_thread.run_sync(self.chains.get, caller.team, response_id)
        body = await self._upstream(
            caller,
            "delete",
            lambda c, lim: read_capped(c.responses.with_streaming_response.delete(response_id), lim),
        )
        await anyio.to_thread.run_sync(self.chains.mark_deleted, caller.team, response_id)
        await self.gw.record(
            self.gw.event("responses.delete", caller, subject={"response_id": response_id}), required=False
        )
        return body or {"id": response_id, "object": "response", "deleted": True}

    async def input_items(self, caller: Caller, response_id: str, params: dict[str, Any]) -> dict[str, Any]:
        await anyio.to_thread.run_sync(self.chains.get, caller.team, response_id)
        return await self._upstream(
            caller,
            "input_items",
            lambda c, lim: read_capped(
                c.responses.input_items.with_streaming_response.list(response_id, extra_query=params), lim
            ),
        )

    async def _upstream(self, caller: Caller, what: str, call: Any) -> dict[str, Any]:
        from provguard.gateway.errors import upstream_error, upstream_not_configured

        limit = self.gw.settings.max_upstream_body_bytes
        try:
            if not self.gw.upstream_configured:
                raise upstream_not_configured()
            raw = await call(self.gw.client, limit)
        except Exception as exc:
            raise upstream_error(exc) from exc
        return response_body(raw) if raw else {}
