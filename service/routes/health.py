"""Liveness, readiness and Prometheus metrics (no auth: probes and scrapers)."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from provguard.errors import ProvguardError
from provguard.service import metrics

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: rules loaded, audit store and key store reachable",
            responses={503: {"description": "Not ready"}})
async def readyz(request: Request) -> JSONResponse:
    services = request.app.state.services
    screener = services.screener
    checks: dict[str, str] = {"rules": f"ok ({screener.policy_name} {screener.policy_digest})"}
    ready = True
    for name, probe in (("audit_store", lambda: services.audit().size()),
                        ("key_store", services.tenancy.ping)):
        try:
            await anyio.to_thread.run_sync(probe)
            checks[name] = "ok"
        except ProvguardError as exc:
            checks[name] = f"unavailable: {exc.message}"
            ready = False
        except Exception as exc:
            checks[name] = f"unavailable: {type(exc).__name__}"
            ready = False
    return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                        status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics_endpoint() -> Response:
    body, ctype = metrics.render()
    return Response(body, media_type=ctype)
