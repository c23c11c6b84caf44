"""Admins manage their own team's keys over HTTP (the CLI does the first key)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from provguard.gateway import Caller
from provguard.service.auth import principal
from provguard.tenancy import Principal, Role

router = APIRouter(tags=["keys"])


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role = "member"
    name: str | None = Field(default=None, max_length=200)


def _public(key: Any) -> dict[str, Any]:
    return {"key_id": key.key_id, "team": key.team, "role": key.role, "name": key.name,
            "created_at": key.created_at, "revoked_at": key.revoked_at}


@router.post("/v1/keys", status_code=201, summary="Create a key in the caller's team (admin)",
             responses={401: {}, 403: {}})
async def create_key(body: NewKey, request: Request, who: Principal = Depends(principal)) -> dict[str, Any]:
    who.require("admin")
    services = request.app.state.services
    record, secret = await anyio.to_thread.run_sync(
        lambda: services.tenancy.create_key(who.team, body.role, body.name))
    caller = Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)
    await services.gateway.record(services.gateway.event(
        "key.create", caller, decision=body.role, subject={"key_id": record.key_id}), required=True)
    return {**_public(record), "key": secret}


@router.get("/v1/keys", summary="The caller's team's keys (admin)", responses={401: {}, 403: {}})
async def list_keys(request: Request, who: Principal = Depends(principal)) -> dict[str, Any]:
    who.require("admin")
    store = request.app.state.services.tenancy
    keys = await anyio.to_thread.run_sync(lambda: store.list_keys(who.team))
    return {"keys": [_public(k) for k in keys]}


@router.delete("/v1/keys/{key_id}", summary="Revoke a key of the caller's team (admin)",
               responses={401: {}, 403: {}, 404: {}})
async def revoke_key(key_id: str, request: Request, who: Principal = Depends(principal)) -> dict[str, Any]:
    who.require("admin")
    services = request.app.state.services
    key = await anyio.to_thread.run_sync(lambda: services.tenancy.revoke_key(key_id, team=who.team))
    caller = Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)
    await services.gateway.record(services.gateway.event(
        "key.rotate", caller, decision="revoked", subject={"key_id": key.key_id}), required=True)
    return _public(key)
