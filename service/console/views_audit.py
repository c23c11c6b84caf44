"""Audit log pages: filter, one record with its verified inclusion proof, export (JSONL, CSV, bundle)."""

from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
from fastapi import APIRouter, Depends, Form, Query, Request, Response
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from provguard.audit import AuditLog, AuditRecord
from provguard.audit.export import write_bundle, write_csv, write_jsonl
from provguard.errors import NotFound
from provguard.gateway import Caller
from provguard.models import VERDICTS
from provguard.service.console import audit_data, web
from provguard.service.console.sessions import Session

router = APIRouter(route_class=web.ConsoleRoute)
FILTER_FIELDS = ("since", "until", "event_type", "action", "category", "rule", "person", "key", "request_id")
EVENT_TYPES = ("screen.decision", "generation.request", "generation.result", "inspect.result",
               "review.override", "key.create", "key.rotate", "audit.export", "retention.purge")
ACTIONS = ("allow", "warn", "review", "block", "approved", "rejected", "error", *VERDICTS)


def _params(request: Request) -> dict[str, str | None]:
    return {name: request.query_params.get(name) for name in FILTER_FIELDS}


@router.get("/console/audit", include_in_schema=False)
async def log_page(request: Request, after: int | None = Query(default=None, ge=-1, le=2**62),
                   session: Session = Depends(web.current)) -> Response:
    params = _params(request)
    if not any(params.values()) and after is None:  # a first visit: the last 7 days, not the whole log
        params["since"] = (datetime.now(UTC) - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    flt = audit_data.make_filter(params)
    log = request.app.state.services.audit()
    page = await anyio.to_thread.run_sync(lambda: audit_data.scan(log, session.team, flt, after_seq=after))
    return web.render(request, "audit.html", session=session, active="audit", flt=flt,
                      form=flt.query_args(), page=page, after=after, event_types=EVENT_TYPES, actions=ACTIONS)


@router.get("/console/audit/{seq}", include_in_schema=False)
async def record_page(seq: int, request: Request, session: Session = Depends(web.current)) -> Response:
    log = request.app.state.services.audit()
    rec = await anyio.to_thread.run_sync(audit_data.record, log, session.team, seq)
    if rec is None:
        raise NotFound(f"no audit record {seq} for team {session.team}")
    proof = await anyio.to_thread.run_sync(audit_data.prove, log, rec)
    return web.render(request, "record.html", session=session, active="audit", rec=rec, proof=proof,
                      record_json=rec.model_dump(mode="json"))


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)[:60]


@router.post("/console/audit/export", include_in_schema=False)
async def export(request: Request, format: str = Form(pattern="^(jsonl|csv|bundle)$"),
                 csrf: str = Form(default="", max_length=200), since: str = Form(default=""),
                 until: str = Form(default=""), event_type: str = Form(default=""),
                 action: str = Form(default=""), category: str = Form(default=""),
                 rule: str = Form(default=""), person: str = Form(default=""), key: str = Form(default=""),
                 request_id: str = Form(default=""),
                 session: Session = Depends(web.current)) -> Response:
    """Export what the page shows, for the session's team only; the export itself is audited."""
    web.check_csrf(request, session, csrf)
    flt = audit_data.make_filter({"since": since, "until": until, "event_type": event_type, "action": action,
                                  "category": category, "rule": rule, "person": person, "key": key,
                                  "request_id": request_id})
    services = request.app.state.services
    log = services.audit()
    records = await anyio.to_thread.run_sync(audit_data.collect, log, session.team, flt)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"provguard-audit-{_safe_name(session.team)}-{stamp}"
    caller = Caller(team=session.team, actor=session.key_id, request_id=request.state.request_id)
    subject = {"format": format, "records": len(records), "team": session.team, "filter": flt.describe(),
               "via": "console"}
    if format == "bundle":
        path = await anyio.to_thread.run_sync(_bundle, log, records, session.team, flt)
        await services.gateway.record(services.gateway.event("audit.export", caller, subject=subject),
                                      required=True)
        return FileResponse(path, media_type="application/gzip", filename=base + ".tar.gz",
                            background=BackgroundTask(os.unlink, path))
    out = io.StringIO(newline="")
    (write_jsonl if format == "jsonl" else write_csv)(records, out)
    await services.gateway.record(services.gateway.event("audit.export", caller, subject=subject),
                                  required=True)
    media = "application/x-ndjson" if format == "jsonl" else "text/csv"
    return Response(out.getvalue().encode("utf-8"), media_type=f"{media}; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{base}.{format}"'})


def _bundle(log: AuditLog, records: list[AuditRecord], team: str, flt: audit_data.LogFilter) -> str:
    """A self-verifying bundle (provguard.audit.export.write_bundle), like ``provguard audit export``."""
    cp = log.checkpoint()
    kept = [r for r in records if r.seq < cp.size]
    proofs = [log.inclusion_proof(r.seq, cp.size) for r in kept]
    manifest = {"log_id": log.log_id, "records": len(kept), "tree_size": cp.size, "team": team,
                "filter": flt.describe(), "created": datetime.now(UTC).isoformat(), "via": "console"}
    fd, name = tempfile.mkstemp(prefix="provguard-console-", suffix=".tar.gz")
    os.close(fd)
    write_bundle(Path(name), kept, proofs, cp.text, log.signer().verifier.vkey, manifest)
    return name
