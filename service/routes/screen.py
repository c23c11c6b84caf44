"""``POST /v1/screen``: the same Decision as ``provguard screen --format json``, audited.

The route is served twice over: by FastAPI (validation errors, OpenAPI, every odd request)
and by ``fast_screen``, a pure-ASGI path the service middleware tries first for the plain
case (JSON body, one bearer key). Both run ``screen_and_record``; the fast path hands any
request it is not sure about to FastAPI *before* any side effect, so answers are the same.
FastAPI's routing, dependency solving and body handling were about 60% of the CPU of a
/v1/screen request, which caps throughput on a small machine.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import Message, Receive, Scope, Send

from provguard.errors import PayloadTooLarge, ProvguardError
from provguard.gateway import Caller
from provguard.models import Decision
from provguard.service import metrics
from provguard.service.auth import principal
from provguard.tenancy import Principal

router = APIRouter(tags=["screening"])
PATH = "/v1/screen"


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(description="The text-to-image or edit prompt.")
    policy: str | None = Field(default=None, description="standard | strict | permissive (default: the "
                                                         "service's configured policy).")
    context: list[str] = Field(default_factory=list, max_length=50,
                               description="Earlier prompts of the same conversation, oldest first.")
    id: str | None = Field(default=None, max_length=200, description="Your id for this prompt, echoed back.")


def check_lengths(body: ScreenRequest, limit: int) -> None:
    if len(body.prompt) > limit or any(len(c) > limit for c in body.context):
        raise PayloadTooLarge(f"prompt longer than {limit} characters")


async def screen_and_record(services: Any, who: Principal, body: ScreenRequest, request_id: str,
                            log_extra: dict[str, Any] | None, screener: Any = None) -> bytes:
    """Screen, append the decision durably (fail closed), and return the response JSON."""
    screener = screener or services.screener_for(body.policy)
    decision: Decision = screener.screen(body.prompt, context=tuple(body.context), id=body.id)
    caller = Caller(team=who.team, actor=who.key_id, request_id=request_id)
    gateway = services.gateway
    event = gateway.decision_event(caller, decision, body.prompt)
    receipt = await gateway.record(event, required=True)
    metrics.observe_decision(decision.action, list(decision.categories))
    if log_extra is not None:
        log_extra.update({"decision": decision.action, "audit_seq": receipt.seq if receipt else None})
    out = decision.model_copy(update={"audit_seq": receipt.seq if receipt else None})
    # serialised once by pydantic-core (no response_model re-validation on the hot path)
    return out.model_dump_json().encode()


@router.post(PATH, response_model=Decision, summary="Screen a prompt before generation",
             responses={401: {}, 413: {}, 429: {}, 503: {}})
async def screen(body: ScreenRequest, request: Request, who: Principal = Depends(principal)) -> Response:
    check_lengths(body, request.app.state.settings.max_prompt_chars)
    raw = await screen_and_record(request.app.state.services, who, body, request.state.request_id,
                                  request.state.log_extra)
    return Response(raw, media_type="application/json")


# --------------------------------------------------------------------------- the fast path


class _Route:
    """What the access log and metrics read from ``scope["route"]``: the route template."""

    path = PATH


_ROUTE = _Route()


async def fast_screen(scope: Scope, receive: Receive, send: Send) -> Receive | None:
    """Serve a plain ``POST /v1/screen``; or return a ``receive`` replaying what was read.

    Everything that can refuse the request (key, body, lengths, policy) is checked before
    the rate limiter is charged; anything unusual goes to FastAPI with the body replayed,
    so its errors (401, 413, 422, 429...) come out exactly as before. After the charge,
    core errors get the app's own error body (``error_response``).
    """
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return _replay(messages, receive)
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    token = _plain_request(scope)
    app = scope.get("app")
    services = getattr(getattr(app, "state", None), "services", None)
    if token is None or services is None:
        return _replay(messages, receive)
    state = app.state  # type: ignore[union-attr]
    try:
        who: Principal = services.tenancy.authenticate(token)
        body = ScreenRequest.model_validate_json(b"".join(chunks))
        check_lengths(body, state.settings.max_prompt_chars)
        screener = services.screener_for(body.policy)
    except Exception:
        return _replay(messages, receive)
    try:
        state.limiter.check(who.key_id)  # charges only when it lets the request through
    except ProvguardError:
        return _replay(messages, receive)  # FastAPI answers the 429 (the check changed nothing)
    scope["route"] = _ROUTE
    st = scope.setdefault("state", {})
    log_extra = st.get("log_extra")
    if log_extra is not None:
        log_extra.update({"team": who.team, "key_id": who.key_id})
    try:
        raw = await screen_and_record(services, who, body, st.get("request_id", ""), log_extra, screener)
    except ProvguardError as exc:
        from starlette.requests import Request as StarletteRequest

        from provguard.service.errors import error_response

        response = error_response(StarletteRequest(scope, _replay(messages, receive)), exc)
        await response(scope, _replay(messages, receive), send)
        return None
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", str(len(raw)).encode()),
                            (b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": raw})
    return None


def _plain_request(scope: Scope) -> str | None:
    """The bearer token when the request is the plain case (JSON, one bearer header, no query)."""
    if scope.get("query_string"):
        return None
    token: str | None = None
    json_body = False
    for name, value in scope.get("headers") or ():
        if name == b"authorization":
            if token is not None or not value.startswith(b"Bearer ") or b" " in value[7:]:
                return None
            token = value[7:].decode("latin-1")
        elif name == b"content-type":
            if json_body or value not in (b"application/json", b"application/json; charset=utf-8"):
                return None
            json_body = True
    return token if token and json_body else None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
