"""Error bodies: OpenAI's shape on /v1/images/*, RFC 9457 problem+json everywhere else.

Clients of the OpenAI-compatible routes already handle ``{"error": {message, type, param,
code}}`` (the ``openai`` package turns it into ``BadRequestError`` and friends); native API
clients get ``application/problem+json`` with the same stable ``code`` strings as
``ProvguardError.code``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from provguard.errors import ProvguardError, RateLimited
from provguard.gateway import ContentBlocked, ReviewRequired, UpstreamFailure, decision_rule_ids
from provguard.service import metrics

_log = logging.getLogger("provguard.service")

OPENAI_PREFIX = "/v1/images/"
_OPENAI_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error",
                 404: "invalid_request_error", 409: "invalid_request_error", 413: "invalid_request_error",
                 415: "invalid_request_error", 422: "invalid_request_error", 429: "rate_limit_error"}
_OPENAI_CODES = {"unauthorized": "invalid_api_key", "rate_limited": "rate_limit_exceeded"}
_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type",
           422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def is_openai_route(path: str) -> bool:
    return path.startswith(OPENAI_PREFIX) or path == "/v1/responses" or path.startswith("/v1/responses/")


def request_id_of(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def openai_error(status: int, message: str, code: str | None, *, param: str | None = None,
                 error_type: str | None = None, extra: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> JSONResponse:
    err: dict[str, Any] = {"message": message, "type": error_type or _OPENAI_TYPES.get(status, "api_error"),
                           "param": param, "code": code}
    if extra:
        err["provguard"] = extra
    return JSONResponse({"error": err}, status_code=status, headers=headers)


def problem(request: Request, status: int, code: str, detail: str, *, extra: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": f"urn:provguard:error:{code}", "title": _TITLES.get(status, "Error"),
                            "status": status, "detail": detail, "code": code,
                            "instance": request.url.path, "request_id": request_id_of(request)}
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type="application/problem+json")


def error_response(request: Request, exc: ProvguardError) -> JSONResponse:
    """One place that turns a core error into the right body for the route family."""
    status = exc.http_status
    headers: dict[str, str] = {}
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["retry-after"] = str(retry_after)
    should_retry = getattr(exc, "should_retry", None)
    if should_retry is not None:  # the openai client obeys it (no retries for a missing upstream)
        headers["x-should-retry"] = "true" if should_retry else "false"
    if status >= 500 and not isinstance(exc, UpstreamFailure):
        log = _log.error if status != 503 else _log.warning
        log("request failed", extra={"event": "request.error", "code": exc.code, "error": exc.message,
                                     "request_id": request_id_of(request)})
    extra: dict[str, Any] = {"request_id": request_id_of(request)}
    if isinstance(exc, ContentBlocked | ReviewRequired):
        d = exc.decision
        metrics.observe_decision(d.action, list(d.categories))
        log_extra = getattr(request.state, "log_extra", None)
        if log_extra is not None:
            log_extra.update({"decision": d.action, "audit_seq": exc.audit_seq})
        extra.update({"action": d.action, "categories": list(d.categories), "rule_ids": decision_rule_ids(d),
                      "findings": [f.model_dump(mode="json") for f in d.findings], "policy": d.policy,
                      "policy_digest": d.policy_digest, "explanation": d.explanation,
                      "audit_seq": exc.audit_seq})
        headers["x-provguard-decision"] = d.action
        if isinstance(exc, ReviewRequired):
            extra["review_id"] = exc.review_id
            headers["x-provguard-review"] = exc.review_id
    message = exc.message if not exc.hint else f"{exc.message} ({exc.hint})"
    if is_openai_route(request.url.path):
        if isinstance(exc, ContentBlocked):
            settings = getattr(request.app.state, "settings", None)
            code = settings.block_error_code if settings is not None else exc.code
            param = "input" if request.url.path.startswith("/v1/responses") else "prompt"
            return openai_error(400, message, code, param=param, extra=extra, headers=headers)
        if isinstance(exc, UpstreamFailure):
            return openai_error(status, message, exc.code, error_type=exc.error_type, extra=extra,
                                headers=headers)
        return openai_error(status, message, _OPENAI_CODES.get(exc.code, exc.code), extra=extra,
                            headers=headers, param=getattr(exc, "param", None))
    return problem(request, status, exc.code, message, extra=extra, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ProvguardError)
    async def _provguard(request: Request, exc: ProvguardError) -> JSONResponse:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        loc = [str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path", "header")]
        message = f"{'.'.join(loc) or 'request'}: {first.get('msg', 'invalid request')}"
        if is_openai_route(request.url.path):
            return openai_error(400, message, "invalid_request", param=loc[-1] if loc else None)
        details = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in errors]
        return problem(request, 422, "validation_error", message, extra={"errors": details})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = str(exc.detail)
        code = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}.get(exc.status_code,
                                                                                            "http_error")
        if is_openai_route(request.url.path):
            return openai_error(exc.status_code, detail, code, headers=dict(exc.headers or {}))
        return problem(request, exc.status_code, code, detail, headers=dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unhandled error",
                       extra={"event": "request.crash", "request_id": request_id_of(request)})
        if is_openai_route(request.url.path):
            return openai_error(500, "internal error in provguard", "internal_error")
        return problem(request, 500, "internal_error", "internal error in provguard")


class RateLimitExceeded(RateLimited):
    """RateLimited with the seconds until the next request would be allowed."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
