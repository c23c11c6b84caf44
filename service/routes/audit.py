"""Audit log reads: a team's own records, the signed checkpoint, inclusion proofs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from provguard.errors import NotFound
from provguard.service.auth import principal
from provguard.tenancy import Principal

router = APIRouter(tags=["audit"])


class RecordsPage(BaseModel):
    records: list[dict[str, Any]]
    next_after_seq: int | None


class CheckpointOut(BaseModel):
    size: int
    root_hash: str
    text: str


def _hex(value: Any) -> str:
    return value.hex() if isinstance(value, bytes | bytearray) else str(value)


@router.get("/v1/audit/records", response_model=RecordsPage, summary="This team's audit records",
            responses={401: {}, 429: {}, 503: {}})
async def records(
    request: Request, who: Principal = Depends(principal),
    event_type: str | None = Query(default=None, max_length=100),
    since: datetime | None = None, until: datetime | None = None,
    after_seq: int | None = Query(default=None, ge=-1, le=2**62),
    limit: int = Query(default=100, ge=1, le=1000),
) -> RecordsPage:
    """Oldest first; page with ``after_seq=<next_after_seq>``. Payloads (prompts) only for admin/reviewer."""
    await request.app.state.services.gateway.recorder.flush()  # read this replica's own writes
    log = request.app.state.services.audit()
    rows = await anyio.to_thread.run_sync(lambda: log.query(
        team=who.team, event_type=event_type, since=since, until=until, after_seq=after_seq, limit=limit))
    include_payload = who.role in ("admin", "reviewer")
    out = []
    for r in rows:
        data = r.model_dump(mode="json")
        if not include_payload:
            data.pop("payload", None)
        out.append(data)
    return RecordsPage(records=out, next_after_seq=rows[-1].seq if len(rows) == limit else None)


@router.get("/v1/audit/checkpoint", response_model=CheckpointOut, summary="The latest signed checkpoint",
            responses={401: {}, 503: {}})
async def checkpoint(request: Request, who: Principal = Depends(principal)) -> CheckpointOut:
    await request.app.state.services.gateway.recorder.flush()  # read this replica's own writes
    log = request.app.state.services.audit()
    cp = await anyio.to_thread.run_sync(log.checkpoint)
    return CheckpointOut(size=cp.size, root_hash=_hex(cp.root_hash), text=cp.text)


@router.get("/v1/audit/proof/{seq}", summary="Inclusion proof for one of this team's records",
            responses={401: {}, 404: {}, 503: {}})
async def proof(
    seq: int,
    request: Request,
    tree_size: int | None = Query(None, ge=1, le=2**62,
                                  description="Prove against this tree size (a checkpoint you hold)."),
    who: Principal = Depends(principal),
) -> dict[str, Any]:
    if seq < 0 or seq > 2**62:
        raise NotFound(f"no record {seq}")
    await request.app.state.services.gateway.recorder.flush()  # read this replica's own writes
    log = request.app.state.services.audit()
    rows = await anyio.to_thread.run_sync(lambda: log.query(team=who.team, after_seq=seq - 1, limit=1))
    if not rows or rows[0].seq != seq:
        raise NotFound(f"no record {seq} for team {who.team}")
    result: dict[str, Any] = await anyio.to_thread.run_sync(log.inclusion_proof, seq, tree_size)
    return result
