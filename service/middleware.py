"""One pure-ASGI middleware: request ids, the body-size limit, access logs and HTTP metrics.

Pure ASGI (not BaseHTTPMiddleware) keeps the per-request cost to a few microseconds and lets
the size limit stop a body while it streams, not after it has been buffered.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from provguard.service import metrics
from provguard.service.errors import is_openai_route
from provguard.service.routes import screen

_log = logging.getLogger("provguard.service.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")
# Request ids: a random per-process prefix plus a counter. uuid4() per request costs one
# getrandom() call, which measured ~170 us on these VMs (more than screening a prompt).
_PREFIX = uuid.uuid4().hex[:16]
_COUNTER = itertools.count(1)


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else f"req_{_PREFIX}{next(_COUNTER):012x}"
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        extra: dict[str, Any] = {}
        scope["state"]["log_extra"] = extra

        rejected = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if rejected:
                return  # a 413 already went out; drop whatever the app still tries to send
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        declared = headers.get(b"content-length")
        try:
            too_big = declared is not None and int(declared) > self.max_body
        except ValueError:
            too_big = True
        if too_big:
            await self._reject(scope, send_wrapper, request_id)
        else:
            received = 0

            async def receive_wrapper() -> Message:
                nonlocal received, rejected, status
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body and not rejected:
                        # streamed past the limit: answer 413 now and tell the app the client left
                        await self._reject(scope, send_wrapper, request_id)
                        status, rejected = 413, True
                        return {"type": "http.disconnect"}
                return message

            inner: Receive | None = receive_wrapper
            if scope["path"] == screen.PATH and scope["method"] == "POST":
                inner = await screen.fast_screen(scope, receive_wrapper, send_wrapper)
            if inner is not None:
                await self.app(scope, inner, send_wrapper)
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        elapsed = time.perf_counter() - start
        metrics.observe_request(template, scope["method"], status, elapsed)
        if _log.isEnabledFor(logging.INFO):
            _log.info("request", extra={"event": "http.request", "request_id": request_id,
                                        "method": scope["method"],
                                        "path": scope["path"], "route": template, "status": status,
                                        "duration_ms": round(elapsed * 1000, 3), **extra})

    async def _reject(self, scope: Scope, send: Send, request_id: str) -> None:
        import json

        detail = f"request body exceeds {self.max_body} bytes"
        body: dict[str, Any]
        if is_openai_route(scope["path"]):
            body = {"error": {"message": detail, "type": "invalid_request_error", "param": None,
                              "code": "payload_too_large"}}
            ctype = b"application/json"
        else:
            body = {"type": "urn:provguard:error:payload_too_large", "title": "Content Too Large",
                    "status": 413,
                    "detail": detail, "code": "payload_too_large", "instance": scope["path"],
                    "request_id": request_id}
            ctype = b"application/problem+json"
        raw = json.dumps(body).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(raw)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": raw})
