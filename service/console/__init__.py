"""The review console at ``/console``: server-rendered pages over the same core and stores as the API.

``install(app)`` adds its routes and static files to the service app. Nothing is loaded from
another origin; scripts are static files (no inline script), and every page carries a strict CSP.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from provguard.service.console import (
    views_audit,
    views_auth,
    views_dashboard,
    views_inspect,
    views_reviews,
)
from provguard.service.console.web import HERE, PREFIX

ROUTERS = (views_auth.router, views_reviews.router, views_audit.router, views_inspect.router,
           views_dashboard.router)


class _Static(StaticFiles):
    """Static files with ``nosniff`` (a script is only ever run as the type it was served as)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["x-content-type-options"] = "nosniff"
        return response


def install(app: FastAPI) -> None:
    """Mount the console on ``app`` (same port, same auth model, same Services)."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount(PREFIX + "/static", _Static(directory=str(HERE / "static")), name="console-static")
