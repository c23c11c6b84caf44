"""Review queue: held requests, one request's evidence, approve or reject with a reason.

Deciding goes through the very function ``POST /v1/reviews/{id}/approve|reject`` uses
(``routes.reviews._resolve``: the tenancy store's resolve, then the audited
``review.override`` record), so the console cannot decide differently from the API, and any
refusal it raises (already resolved, separation of duties) is shown as it is.
"""

from __future__ import annotations

from typing import Any, Literal

import anyio
from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import JSONResponse

from provguard.errors import InputError, ProvguardError
from provguard.service.console import review_view, web
from provguard.service.console.sessions import Session
from provguard.service.routes import reviews as api_reviews

router = APIRouter(route_class=web.ConsoleRoute)
MAX_REASON = 2000


@router.get("/console/reviews", include_in_schema=False)
async def queue(request: Request, session: Session = Depends(web.current)) -> Response:
    store = request.app.state.services.tenancy
    pending, recent = await anyio.to_thread.run_sync(lambda: (
        store.list_reviews(team=session.team, status="pending", limit=200),
        [r for r in store.list_reviews(team=session.team, limit=60) if r.status != "pending"][:20]))
    return web.render(request, "queue.html", session=session, active="reviews",
                      pending=[review_view.queue_item(r) for r in reversed(pending)],
                      recent=[review_view.queue_item(r) for r in recent])


@router.get("/console/api/queue", include_in_schema=False)
async def queue_json(request: Request, session: Session = Depends(web.current)) -> Response:
    """Polled by console.js every few seconds so the queue updates without a reload."""
    store = request.app.state.services.tenancy
    pending = await anyio.to_thread.run_sync(
        lambda: store.list_reviews(team=session.team, status="pending", limit=200))
    items = [review_view.queue_item(r) for r in reversed(pending)]  # oldest first: work the backlog
    oldest = max((i["age_seconds"] for i in items), default=None)
    return JSONResponse({"pending": items, "count": len(items), "oldest_age_seconds": oldest})


async def _detail(request: Request, session: Session, review_id: str, status: int = 200,
                  error: str | None = None, reason: str = "",
                  outcome: dict[str, Any] | None = None) -> Response:
    services = request.app.state.services
    review = await anyio.to_thread.run_sync(
        lambda: services.tenancy.get_review(review_id, team=session.team))
    log = services.audit()
    view = await anyio.to_thread.run_sync(review_view.build, review, log, services.tenancy)
    return web.render(request, "review.html", status, session=session, active="reviews", view=view,
                      error=error, reason=reason, outcome=outcome)


@router.get("/console/reviews/{review_id}", include_in_schema=False)
async def detail(review_id: str, request: Request, session: Session = Depends(web.current)) -> Response:
    if len(review_id) > 100:
        raise InputError("review id too long")
    return await _detail(request, session, review_id)


@router.post("/console/reviews/{review_id}/{verb}", include_in_schema=False)
async def decide(review_id: str, verb: Literal["approve", "reject"], request: Request,
                 reason: str = Form(default="", max_length=MAX_REASON),
                 csrf: str = Form(default="", max_length=200),
                 session: Session = Depends(web.current)) -> Response:
    web.check_csrf(request, session, csrf)
    reason = reason.strip()
    if not reason:
        return await _detail(request, session, review_id, 400,
                             error="A reason is required to approve or reject a held request.")
    try:
        note = api_reviews.ReviewNote(note=reason)
        outcome = await api_reviews._resolve(review_id, verb == "approve", note, request, session.principal)
    except ProvguardError as exc:
        if exc.http_status == 404:
            raise
        return await _detail(request, session, review_id, exc.http_status, error=exc.message, reason=reason)
    return await _detail(request, session, review_id, outcome=outcome)
