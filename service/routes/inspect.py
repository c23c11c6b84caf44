"""``POST /v1/inspect``: upload an image, get the same Verdict as ``provguard inspect``.

Uploads only: a URL in the request is never fetched (no SSRF through provguard).
Pixel decodes share the inspector's per-process pixel budget: an upload that cannot get its share
within ``decode_wait_seconds`` raises ``Busy``, answered 503 with Retry-After (no verdict, no record),
so sixteen 40-megapixel uploads at once queue or are refused instead of exhausting the host.
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse

from provguard.audit.recorder import verdict_event
from provguard.errors import InputError, PayloadTooLarge
from provguard.gateway import Caller
from provguard.models import Verdict
from provguard.service import metrics
from provguard.service.auth import principal
from provguard.tenancy import Principal

router = APIRouter(tags=["provenance"])

# An upload that cannot be read is the client's error: 4xx, with the same Verdict body (its
# ``error`` says why) and the audit record still written.
UNREADABLE_STATUS = {"payload_too_large": 413, "unsupported_format": 415}


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """Read at most ``limit`` bytes; larger uploads are 413 without reading the rest."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"upload {upload.filename or ''!r} exceeds {limit} bytes")
    return data


@router.post("/v1/inspect", response_model=Verdict, summary="Inspect an uploaded image's provenance",
             responses={400: {}, 401: {}, 413: {"model": Verdict}, 415: {"model": Verdict},
                        422: {"model": Verdict}, 429: {}, 503: {}})
async def inspect(request: Request, file: UploadFile = File(description="The image file."),
                  who: Principal = Depends(principal)) -> Verdict | JSONResponse:
    services = request.app.state.services
    data = await read_upload(file, request.app.state.settings.max_upload_bytes)
    if not data:
        raise InputError("the uploaded file is empty")
    name = (file.filename or "upload")[:200]
    verdict: Verdict = await anyio.to_thread.run_sync(services.inspector.inspect_bytes, data, name)
    caller = Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)
    event = verdict_event(verdict, team=caller.team, actor=caller.actor, request_id=caller.request_id)
    receipt = await services.gateway.record(event, required=True)
    metrics.INSPECTIONS.labels(verdict=verdict.verdict or "error").inc()
    request.state.log_extra.update({"verdict": verdict.verdict,
                                    "audit_seq": receipt.seq if receipt else None})
    if verdict.error is not None:
        status = UNREADABLE_STATUS.get(verdict.error.code, 422)
        return JSONResponse(status_code=status, content=verdict.model_dump(mode="json"))
    return verdict
