"""Inspect: drop or choose images; each gets the core Inspector's verdict, audited like POST /v1/inspect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from provguard.audit.recorder import verdict_event
from provguard.errors import InputError
from provguard.gateway import Caller
from provguard.models import Verdict
from provguard.service import metrics
from provguard.service.console import audit_data, manifest, web
from provguard.service.console.sessions import Session
from provguard.service.routes.inspect import read_upload

router = APIRouter(route_class=web.ConsoleRoute)
MAX_FILES = 20


@dataclass
class Result:
    name: str
    verdict: Verdict
    chain: manifest.Chain | None
    thumb: str | None
    audit_seq: int | None
    decision_seq: int | None  # the provguard decision record this image names, when this team can see it
    decision_note: str | None


@router.get("/console/inspect", include_in_schema=False)
async def inspect_form(request: Request, session: Session = Depends(web.current)) -> Response:
    return web.render(request, "inspect.html", session=session, active="inspect", results=[],
                      max_files=MAX_FILES)


def _decision_link(log: Any, team: str, verdict: Verdict) -> tuple[int | None, str | None]:
    assertion = verdict.c2pa.provguard if verdict.c2pa else None
    if not assertion:
        return None, None
    audit: dict[str, Any] = assertion["audit"] if isinstance(assertion.get("audit"), dict) else {}
    seq, log_id = audit.get("seq"), audit.get("log_id")
    if not isinstance(seq, int):
        return None, "signed by provguard, but the assertion names no audit record"
    if log_id != log.log_id:
        return None, f"signed by provguard for audit log {log_id!r}, not this service's log"
    rec = audit_data.record(log, team, seq)
    if rec is None:
        return None, f"names audit record {seq}, which is not one of your team's records"
    if audit.get("leaf_hash") and audit.get("leaf_hash") != rec.leaf_hash:
        return None, f"names audit record {seq}, but its leaf hash differs from the log's record"
    return seq, None


@router.post("/console/inspect", include_in_schema=False)
async def inspect(request: Request, files: list[UploadFile] = File(default=[]),
                  csrf: str = Form(default="", max_length=200),
                  session: Session = Depends(web.current)) -> Response:
    web.check_csrf(request, session, csrf)
    files = [f for f in files if f.filename or f.size]
    if not files:
        raise InputError("choose or drop at least one image")
    if len(files) > MAX_FILES:
        raise InputError(f"at most {MAX_FILES} images at a time")
    services = request.app.state.services
    settings = request.app.state.settings
    log = services.audit()
    caller = Caller(team=session.team, actor=session.key_id, request_id=request.state.request_id)
    results: list[Result] = []
    for upload in files:
        data = await read_upload(upload, settings.max_upload_bytes)
        name = (upload.filename or "upload")[:200]
        verdict: Verdict = await anyio.to_thread.run_sync(services.inspector.inspect_bytes, data, name)
        receipt = await services.gateway.record(
            verdict_event(verdict, team=caller.team, actor=caller.actor, request_id=caller.request_id),
            required=True)
        metrics.INSPECTIONS.labels(verdict=verdict.verdict or "error").inc()
        chain = None if verdict.error else await anyio.to_thread.run_sync(
            manifest.read_chain, services.inspector, data)
        thumb = None if verdict.error else await anyio.to_thread.run_sync(
            manifest.thumbnail, data, settings.max_image_pixels)
        seq, note = await anyio.to_thread.run_sync(_decision_link, log, session.team, verdict)
        results.append(Result(name, verdict, chain, thumb, receipt.seq if receipt else None, seq, note))
    return web.render(request, "inspect.html", session=session, active="inspect", results=results,
                      max_files=MAX_FILES)
