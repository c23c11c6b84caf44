"""``POST /v1/screen``: the same Decision as ``provguard screen --format json``, audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from provguard.errors import PayloadTooLarge
from provguard.gateway import Caller
from provguard.models import Decision
from provguard.service import metrics
from provguard.service.auth import principal
from provguard.tenancy import Principal

router = APIRouter(tags=["screening"])


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(description="The text-to-image or edit prompt.")
    policy: str | None = Field(default=None, description="standard | strict | permissive (default: the "
                                                         "service's configured policy).")
    context: list[str] = Field(default_factory=list, max_length=50,
                               description="Earlier prompts of the same conversation, oldest first.")
    id: str | None = Field(default=None, max_length=200, description="Your id for this prompt, echoed back.")


@router.post("/v1/screen", response_model=Decision, summary="Screen a prompt before generation",
             responses={401: {}, 413: {}, 429: {}, 503: {}})
async def screen(body: ScreenRequest, request: Request, who: Principal = Depends(principal)) -> Response:
    services = request.app.state.services
    limit = request.app.state.settings.max_prompt_chars
    if len(body.prompt) > limit or any(len(c) > limit for c in body.context):
        raise PayloadTooLarge(f"prompt longer than {limit} characters")
    screener = services.screener_for(body.policy)
    decision: Decision = screener.screen(body.prompt, context=tuple(body.context), id=body.id)
    caller = Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)
    gateway = services.gateway
    event = gateway.decision_event(caller, decision, body.prompt)
    receipt = await gateway.record(event, required=True)
    metrics.observe_decision(decision.action, list(decision.categories))
    request.state.log_extra.update({"decision": decision.action,
                                    "audit_seq": receipt.seq if receipt else None})
    out = decision.model_copy(update={"audit_seq": receipt.seq if receipt else None})
    # serialised once by pydantic-core (no response_model re-validation on the hot path)
    return Response(out.model_dump_json(), media_type="application/json")
