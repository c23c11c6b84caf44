"""Console plumbing: templates, security headers, the session dependency, CSRF, HTML error pages.

Every console response carries a strict Content-Security-Policy (scripts and styles only
from this origin, no inline script, no eval, no framing). Templates autoescape, and a
``finalize`` hook makes invisible characters visible in everything they print.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from provguard.errors import PermissionDenied, ProvguardError
from provguard.service.console import text
from provguard.service.console.sessions import COOKIE, NotSignedIn, Session, SessionStore

_log = logging.getLogger("provguard.service.console")
HERE = Path(__file__).resolve().parent
PREFIX = "/console"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ }}``: None prints nothing, strings show their invisible characters."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return text.visible(value)
    return value


def _age(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(max(0, seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    if s < 86400:
        return f"{s // 3600}h {(s % 3600) // 60:02d}m"
    return f"{s // 86400}d {(s % 86400) // 3600}h"


ENV = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                  autoescape=select_autoescape(["html"], default_for_string=True, default=True),
                  finalize=_finalize, trim_blocks=True, lstrip_blocks=True)
ENV.filters["age"] = _age
ENV.filters["json"] = text.safe_json


def sessions(request: Request) -> SessionStore:
    """One SessionStore per process, over the same tenancy store the API uses."""
    store: SessionStore | None = getattr(request.app.state, "console_sessions", None)
    services = request.app.state.services
    if store is None or store.tenancy is not services.tenancy:
        store = SessionStore(services.tenancy)
        request.app.state.console_sessions = store
    return store


async def current(request: Request) -> Session:
    """FastAPI dependency: the signed-in session (NotSignedIn otherwise)."""
    token = request.cookies.get(COOKIE)
    store = sessions(request)
    poll = request.url.path.startswith(PREFIX + "/api/")
    session: Session = await anyio.to_thread.run_sync(lambda: store.lookup(token, touch=not poll))
    request.state.console_session = session
    request.app.state.limiter.check(session.key_id)  # console use counts against the key's rate limit
    extra = request.scope.get("state", {}).get("log_extra")
    if extra is not None:
        extra.update({"team": session.team, "key_id": session.key_id, "console": True})
    return session


def check_csrf(request: Request, session: Session, token: str | None) -> None:
    """Refuse a state-changing request without this session's CSRF token or from another origin."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            raise PermissionDenied("cross-origin form post refused")
    if not session.csrf_ok(token):
        raise PermissionDenied("the form's CSRF token is missing or wrong; reload the page and try again")


def secure_cookie(request: Request) -> bool:
    """``Secure`` when the browser reached us over TLS (directly or via a trusted proxy header)."""
    return request.url.scheme == "https"


def render(request: Request, template: str, status: int = 200, *, session: Session | None = None,
           **context: Any) -> HTMLResponse:
    body = ENV.get_template(template).render(
        request=request, session=session, prefix=PREFIX, now=datetime.now(UTC), **context)
    return HTMLResponse(body, status_code=status)


def _with_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class ConsoleRoute(APIRoute):
    """Console routes answer errors as HTML pages (or JSON under /console/api) with security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            api = request.url.path.startswith(PREFIX + "/api/")
            try:
                response = await inner(request)
            except NotSignedIn as exc:
                if api:
                    response = JSONResponse({"code": exc.code, "detail": exc.message}, status_code=401)
                else:
                    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
                    response.delete_cookie(COOKIE, path=PREFIX)
            except ProvguardError as exc:
                if exc.http_status >= 500:
                    _log.warning("console request failed", extra={"event": "console.error", "code": exc.code,
                                                                   "error": exc.message})
                if api:
                    response = JSONResponse({"code": exc.code, "detail": exc.message},
                                            status_code=exc.http_status)
                else:
                    response = render(request, "error.html", exc.http_status, error=exc,
                                      session=getattr(request.state, "console_session", None))
            return _with_headers(response)

        return handler
