"""The one allowed stand-in: a small local server speaking OpenAI's images API.

It answers ``POST /v1/images/generations`` (JSON) and ``POST /v1/images/edits`` (multipart)
with REAL images that carry C2PA (OpenAI's DALL-E WebP from ../shared/fixtures), as
``b64_json`` or as a ``url`` it serves itself, and can be told to be slow, answer 429/500
or drop the connection. It records what it received so tests can assert that nothing was
forwarded. Run alone: ``python tests/upstream_server.py --port 9001`` (control with
``POST /_control {"mode": "429"}``, read ``GET /_stats``).
"""

from __future__ import annotations

import argparse
import base64
import email.parser
import email.policy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

try:
    from tests import upstream_responses
except ImportError:  # run as a script: python tests/upstream_server.py
    import upstream_responses  # type: ignore[no-redef]

IMAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "images"
DEFAULT_IMAGE = IMAGES / "c2pa-extension-validator" / "DALL-E_cloud_surfing_puppy.webp"
MODES = ("ok", "slow", "429", "500", "drop", "garbage", "truncated", "huge_image", "huge_body", "not_json")
# bad outputs a broken or hostile upstream may send (see ``bad_output``)
BAD_OUTPUTS = ("garbage", "truncated", "huge_image", "huge_body", "not_json")
UPSTREAM_KEY_DEFAULT = "sk-upstream-test-key"


@dataclass
class Received:
    path: str
    prompt: str | None
    fields: dict[str, Any]
    files: dict[str, int] = field(default_factory=dict)  # name -> size


class UpstreamServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, *, image: Path = DEFAULT_IMAGE, api_key: str | None = None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.image = image.read_bytes()
        self.api_key = api_key
        self.mode = "ok"
        self.delay = 0.0
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.responses: dict[str, Any] = {}  # Responses API state (tests/upstream_responses.py)
        self.revised_prompt: str | None = None
        self.stream_delay = 0.0
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def set_mode(self, mode: str, delay: float = 0.0) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode, self.delay = mode, delay

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
        self.set_mode("ok")
        self.revised_prompt, self.stream_delay = None, 0.0

    def start(self) -> UpstreamServer:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: UpstreamServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(
        self, status: int, body: bytes, ctype: str = "application/json", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _error(
        self, status: int, message: str, etype: str, code: str | None, headers: dict[str, str] | None = None
    ) -> None:
        body = {"error": {"message": message, "type": etype, "param": None, "code": code}}
        self._send(status, json.dumps(body).encode(), headers=headers)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/v1/responses"):
            upstream_responses.handle(self, "GET", b"")
        elif self.path == "/_stats":
            with self.server.lock:
                data = [r.__dict__ for r in self.server.received]
            self._send(
                200, json.dumps({"count": len(data), "received": data, "mode": self.server.mode}).encode()
            )
        elif self.path.startswith("/files/"):
            self._send(200, self.server.image, "image/webp")
        else:
            self._error(404, "not found", "invalid_request_error", None)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path == "/_control":
            req = json.loads(raw or b"{}")
            if req.get("reset"):
                self.server.reset()
            if "mode" in req:
                self.server.set_mode(req["mode"], float(req.get("delay", 0.0)))
            self._send(200, b'{"ok": true}')
            return
        if self.path.startswith("/v1/responses"):
            upstream_responses.handle(self, "POST", raw)
            return
        if self.path not in ("/v1/images/generations", "/v1/images/edits"):
            self._error(404, f"unknown path {self.path}", "invalid_request_error", None)
            return
        if self.server.api_key and self.headers.get("authorization") != f"Bearer {self.server.api_key}":
            self._error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key")
            return
        if self.path.endswith("generations"):
            fields: dict[str, Any] = json.loads(raw or b"{}")
            files: dict[str, int] = {}
        else:
            fields, files = _parse_multipart(self.headers.get("content-type", ""), raw)
        with self.server.lock:
            self.server.received.append(Received(self.path, fields.get("prompt"), fields, files))
        mode = self.server.mode
        if mode == "slow":
            time.sleep(self.server.delay)
        elif mode == "drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        elif mode == "429":
            self._error(
                429,
                "Rate limit reached for images",
                "requests",
                "rate_limit_exceeded",
                headers={"retry-after": "1"},
            )
            return
        elif mode == "500":
            self._error(500, "The server had an error while processing your request.", "server_error", None)
            return
        elif mode in BAD_OUTPUTS:
            self._send(200, bad_output(mode, self.server.image))
            return
        if not fields.get("prompt"):
            self._error(400, "Missing required parameter: 'prompt'.", "invalid_request_error", None)
            return
        try:
            n = max(1, min(int(fields.get("n") or 1), 4))
        except (TypeError, ValueError):
            self._error(
                400, "Invalid type for 'n': expected an integer.", "invalid_request_error", "invalid_type"
            )
            return
        if fields.get("response_format") == "url":
            data = [{"url": f"http://127.0.0.1:{self.server.port}/files/{i}.webp"} for i in range(n)]
        else:
            data = [{"b64_json": base64.b64encode(self.server.image).decode()} for _ in range(n)]
        self._send(200, json.dumps({"created": int(time.time()), "data": data}).encode())


    def do_DELETE(self) -> None:  # noqa: N802
        upstream_responses.handle(self, "DELETE", b"")


def bad_output(mode: str, image: bytes) -> bytes:
    """A 200 answer whose images must not reach a client: non-image bytes, a truncated image,
    a decompression bomb (25 MP in a small PNG), a 12 MB body, or a body that is not JSON."""
    if mode == "not_json":
        return b"<html><body>502 Bad Gateway</body></html>"
    if mode == "garbage":
        data = b"this is not an image at all " * 100
    elif mode == "truncated":
        data = image[: len(image) // 2]
    elif mode == "huge_image":
        import io

        from PIL import Image

        buf = io.BytesIO()
        Image.new("L", (5000, 5000)).save(buf, "PNG")
        data = buf.getvalue()
    else:  # huge_body: many valid copies, 12 MB in all
        data = image
        copies = max(1, 12_000_000 // max(1, len(image)))
        items = [{"b64_json": base64.b64encode(data).decode()}] * copies
        return json.dumps({"created": int(time.time()), "data": items}).encode()
    item = {"b64_json": base64.b64encode(data).decode()}
    return json.dumps({"created": int(time.time()), "data": [item]}).encode()


def _parse_multipart(content_type: str, raw: bytes) -> tuple[dict[str, Any], dict[str, int]]:
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"content-type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    fields: dict[str, Any] = {}
    files: dict[str, int] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            files[f"{name}:{len(files)}"] = len(payload)
        elif name:
            fields[str(name)] = payload.decode("utf-8", "replace")
    return fields, files


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--api-key", default=None)
    args = ap.parse_args()
    srv = UpstreamServer(args.port, api_key=args.api_key)
    print(f"upstream listening on {srv.base_url}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        srv.server_close()
