"""Dashboard page (numbers rendered on the server) and its JSON (charts drawn by dashboard.js)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from provguard.service.console import dashboard_data, web
from provguard.service.console.sessions import Session
from provguard.service.console.text import visible

router = APIRouter(route_class=web.ConsoleRoute)
WindowQ = Query(default="7d", pattern="^(24h|7d|30d)$")


async def _data(request: Request, session: Session, window: str) -> dict[str, Any]:
    services = request.app.state.services
    log = services.audit()
    data = await anyio.to_thread.run_sync(
        lambda: dashboard_data.aggregate(log, services.tenancy, session.team, window))
    data["top_rules"] = [[visible(r), c] for r, c in data["top_rules"]]
    data["top_people"] = [{**p, "name": visible(p["name"]), "id": visible(p["id"])}
                          for p in data["top_people"]]
    data["by_category"] = {visible(k): v for k, v in data["by_category"].items()}
    return data


@router.get("/console/dashboard", include_in_schema=False)
async def dashboard(request: Request, window: str = WindowQ,
                    session: Session = Depends(web.current)) -> Response:
    data = await _data(request, session, window)
    return web.render(request, "dashboard.html", session=session, active="dashboard", d=data,
                      windows=tuple(dashboard_data.WINDOWS))


@router.get("/console/api/dashboard", include_in_schema=False)
async def dashboard_json(request: Request, window: str = WindowQ,
                         session: Session = Depends(web.current)) -> Response:
    return JSONResponse(await _data(request, session, window))
