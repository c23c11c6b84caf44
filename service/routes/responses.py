"""OpenAI-compatible Responses API (``/v1/responses``), guarded; plus the team's Responses policy.

Bodies follow OpenAI's; unknown fields pass through to the upstream. Every route is scoped to
the caller's team: another team's response id is unknown (404). The work is in
``provguard.gateway.responses_guard``; this module only maps HTTP to it.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from provguard.gateway import Caller, json_dumps
from provguard.service import metrics
from provguard.service.auth import principal
from provguard.service.routes.images import _ERRORS, _respond
from provguard.tenancy import Principal
from provguard.tenancy.chains import ResponsesPolicy

router = APIRouter(tags=["responses (OpenAI-compatible)"])


class ResponsesRequest(BaseModel):
    """OpenAI's request body; fields not listed are passed through as well."""

    model_config = ConfigDict(extra="allow")

    model: str | None = None
    input: str | list[Any] | None = None
    instructions: str | None = None
    previous_response_id: str | None = Field(default=None, max_length=200)
    conversation: str | dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    stream: bool | None = None


class ResponseObject(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    object: str = "response"
    output: list[dict[str, Any]] = Field(default_factory=list)


class PolicyBody(BaseModel):
    unseen_inputs: Literal["refuse", "allow"] = "refuse"
    hold_partial_images: bool = True


def _caller(request: Request, who: Principal) -> Caller:
    return Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.post(
    "/v1/responses",
    summary="Create a response (screened across turns, images re-signed)",
    response_model=ResponseObject,
    responses={**_ERRORS, 200: {"content": {"text/event-stream": {}}}},
)
async def create_response(
    body: ResponsesRequest,
    request: Request,
    who: Principal = Depends(principal),
    x_provguard_review: str | None = Header(default=None, max_length=100),
) -> Response:
    guard = request.app.state.services.responses
    data = body.model_dump(exclude_unset=True)
    if body.stream:
        relay = await guard.stream(
            _caller(request, who), data, review_id=x_provguard_review, url_base=_base(request)
        )
        admitted = relay.ex.admitted
        metrics.observe_decision(admitted.decision.action, list(admitted.decision.categories))
        headers = {"x-provguard-decision": admitted.decision.action, "cache-control": "no-cache"}
        if admitted.receipt is not None:
            headers["x-provguard-audit-seq"] = str(admitted.receipt.seq)
        return StreamingResponse(relay.events(), media_type="text/event-stream", headers=headers)
    result = await guard.create(
        _caller(request, who), data, review_id=x_provguard_review, url_base=_base(request)
    )
    return _respond(request, result)


@router.get(
    "/v1/responses/{response_id}",
    summary="A response of this team (images re-signed)",
    response_model=ResponseObject,
    responses=_ERRORS,
)
async def get_response(response_id: str, request: Request, who: Principal = Depends(principal)) -> Response:
    body = await request.app.state.services.responses.retrieve(
        _caller(request, who), response_id, url_base=_base(request)
    )
    return Response(json_dumps(body), media_type="application/json")


@router.delete("/v1/responses/{response_id}", summary="Delete a response of this team", responses=_ERRORS)
async def delete_response(
    response_id: str, request: Request, who: Principal = Depends(principal)
) -> dict[str, Any]:
    return await request.app.state.services.responses.delete(_caller(request, who), response_id)


@router.get(
    "/v1/responses/{response_id}/input_items",
    summary="The input items of a response of this team",
    responses=_ERRORS,
)
async def input_items(
    response_id: str,
    request: Request,
    who: Principal = Depends(principal),
    limit: int | None = None,
    order: Literal["asc", "desc"] | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    params = {k: v for k, v in {"limit": limit, "order": order, "after": after}.items() if v is not None}
    return await request.app.state.services.responses.input_items(_caller(request, who), response_id, params)


@router.get("/v1/policy/responses", summary="The team's Responses API policy", response_model=PolicyBody)
async def get_policy(request: Request, who: Principal = Depends(principal)) -> dict[str, Any]:
    chains = request.app.state.services.chains
    return chains.policy(who.team).public()


@router.put(
    "/v1/policy/responses",
    summary="Change the team's Responses API policy (admin)",
    response_model=PolicyBody,
)
async def put_policy(
    body: PolicyBody, request: Request, who: Principal = Depends(principal)
) -> dict[str, Any]:
    who.require("admin")
    chains = request.app.state.services.chains
    policy = ResponsesPolicy(unseen_inputs=body.unseen_inputs, hold_partial_images=body.hold_partial_images)
    return chains.set_policy(who.team, policy).public()
