"""Sign-in (API key -> session cookie) and sign-out."""

from __future__ import annotations

import hmac
import secrets

import anyio
from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from provguard.errors import AuthError, PermissionDenied
from provguard.service.console import web
from provguard.service.console.sessions import ABSOLUTE_SECONDS, COOKIE, LOGIN_COOKIE, Session

router = APIRouter(route_class=web.ConsoleRoute)


def _login_page(request: Request, status: int = 200, error: str | None = None) -> Response:
    token = secrets.token_urlsafe(32)
    response = web.render(request, "login.html", status, login_csrf=token, error=error)
    response.set_cookie(LOGIN_COOKIE, token, max_age=900, path=web.PREFIX, httponly=True,
                        samesite="strict", secure=web.secure_cookie(request))
    return response


@router.get("/console/login", include_in_schema=False)
async def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/console/login", include_in_schema=False)
async def login(request: Request, api_key: str = Form(default="", max_length=400),
                csrf: str = Form(default="", max_length=200)) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE) or ""
    if not expected or not csrf or not hmac.compare_digest(expected.encode(), csrf.encode()):
        raise PermissionDenied("the sign-in form's CSRF token is missing or wrong; reload the page")
    request.app.state.limiter.check("console-login:" + (request.client.host if request.client else "?"))
    store = web.sessions(request)
    try:
        _session, token = await anyio.to_thread.run_sync(store.sign_in, api_key.strip())
    except PermissionDenied:
        return _login_page(request, 403, "This key cannot open the console: it needs the reviewer or "
                                         "admin role (member keys are refused).")
    except AuthError:
        return _login_page(request, 401, "That API key is not valid (unknown, malformed or revoked).")
    response = RedirectResponse(f"{web.PREFIX}/", status_code=303)
    response.set_cookie(COOKIE, token, max_age=ABSOLUTE_SECONDS, path=web.PREFIX, httponly=True,
                        samesite="strict", secure=web.secure_cookie(request))
    response.delete_cookie(LOGIN_COOKIE, path=web.PREFIX)
    return response


@router.post("/console/logout", include_in_schema=False)
async def logout(request: Request, csrf: str = Form(default="", max_length=200),
                 session: Session = Depends(web.current)) -> Response:
    web.check_csrf(request, session, csrf)
    store = web.sessions(request)
    await anyio.to_thread.run_sync(store.end, request.cookies.get(COOKIE))
    response = RedirectResponse(f"{web.PREFIX}/login", status_code=303)
    response.delete_cookie(COOKIE, path=web.PREFIX)
    return response


@router.get("/console", include_in_schema=False)
@router.get("/console/", include_in_schema=False)
async def home(session: Session = Depends(web.current)) -> Response:
    return RedirectResponse(f"{web.PREFIX}/reviews", status_code=303)
