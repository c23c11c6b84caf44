"""Held requests: list, read, approve or reject (reviewer or admin role), each audited."""

from __future__ import annotations

from typing import Any, Literal

import anyio
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from provguard.gateway import Caller
from provguard.service.auth import principal
from provguard.tenancy import Principal, SeparationOfDuties

router = APIRouter(tags=["reviews"])


class ReviewNote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=2000)


@router.get("/v1/reviews", summary="This team's reviews", responses={401: {}, 403: {}})
async def list_reviews(request: Request, who: Principal = Depends(principal),
                       status: Literal["pending", "approved", "rejected", "used"] | None = None,
                       limit: int = Query(default=100, ge=1, le=1000)) -> dict[str, Any]:
    who.require("reviewer", "admin")
    store = request.app.state.services.tenancy
    rows = await anyio.to_thread.run_sync(
        lambda: store.list_reviews(team=who.team, status=status, limit=limit))
    return {"reviews": [r.public() for r in rows]}


@router.get("/v1/reviews/{review_id}", summary="One review (its requester or a reviewer)",
            responses={401: {}, 403: {}, 404: {}})
async def get_review(review_id: str, request: Request, who: Principal = Depends(principal)) -> dict[str, Any]:
    store = request.app.state.services.tenancy
    review = await anyio.to_thread.run_sync(lambda: store.get_review(review_id, team=who.team))
    if review.actor != who.key_id:
        who.require("reviewer", "admin")
    return review.public()


async def _resolve(review_id: str, approve: bool, body: ReviewNote, request: Request,
                   who: Principal) -> dict[str, Any]:
    who.require("reviewer", "admin")
    services = request.app.state.services
    store = services.tenancy
    separation = request.app.state.settings.review_separation
    caller = Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)
    try:
        review = await anyio.to_thread.run_sync(lambda: store.resolve_review(
            review_id, team=who.team, approve=approve, reviewer=who.key_id, note=body.note,
            separation=separation))
    except SeparationOfDuties as exc:  # a refused self-approval is itself an audit event
        held = await anyio.to_thread.run_sync(lambda: store.get_review(review_id, team=who.team))
        await services.gateway.record(services.gateway.event(
            "review.override", caller, decision="refused",
            subject={"review_id": review_id, "held_seq": held.audit_seq, "requester": held.actor,
                     "reason": exc.code, "separation": separation}), required=True)
        raise
    receipt = await services.gateway.record(services.gateway.event(
        "review.override", caller, decision="approved" if approve else "rejected",
        subject={"review_id": review.review_id, "held_seq": review.audit_seq, "requester": review.actor,
                 "separation": separation},
        payload={"note": body.note} if body.note else None), required=True)
    return {**review.public(), "audit_seq": receipt.seq if receipt else None}


@router.post("/v1/reviews/{review_id}/approve", summary="Approve a held request (reviewer/admin)",
             responses={400: {}, 401: {}, 403: {}, 404: {}})
async def approve(review_id: str, request: Request, body: ReviewNote | None = None,
                  who: Principal = Depends(principal)) -> dict[str, Any]:
    return await _resolve(review_id, True, body or ReviewNote(), request, who)


@router.post("/v1/reviews/{review_id}/reject", summary="Reject a held request (reviewer/admin)",
             responses={400: {}, 401: {}, 403: {}, 404: {}})
async def reject(review_id: str, request: Request, body: ReviewNote | None = None,
                 who: Principal = Depends(principal)) -> dict[str, Any]:
    return await _resolve(review_id, False, body or ReviewNote(), request, who)
