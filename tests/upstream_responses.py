"""The Responses API part of the local upstream stand-in (plugged into ``upstream_server.py``).

``POST /v1/responses`` answers like OpenAI: a ``response`` object whose ``output`` holds an
``image_generation_call`` (a REAL C2PA-bearing image from ../shared/fixtures, base64 in
``result``, with a ``revised_prompt``) when the request lists the ``image_generation`` tool,
then an assistant ``message``. With ``stream: true`` the same answer is sent as server-sent
events, partial images included (``tools[].partial_images``). ``GET``/``DELETE
/v1/responses/{id}`` and ``GET /v1/responses/{id}/input_items`` work on what it stored.
Everything received is recorded (``server.received``) so tests can assert a blocked turn
never arrived. ``server.revised_prompt`` (when set) replaces the revised prompt the "chat
model" writes, e.g. to name a real person the user only implied.
"""

from __future__ import annotations

import base64
import json
import secrets
import sys
import time
from typing import Any


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def input_text(body: dict[str, Any]) -> str:
    """Every text the client sent (string input, input_text parts), joined: the recorded prompt."""
    inp = body.get("input")
    if isinstance(inp, str):
        return inp
    texts: list[str] = []
    for item in inp or []:
        if not isinstance(item, dict):
            continue
        content = item.get("content")
        if isinstance(content, str):
            texts.append(content)
        parts = content if isinstance(content, list) else []
        texts += [
            str(p.get("text", ""))
            for p in parts
            if isinstance(p, dict) and p.get("type") in ("input_text", "text")
        ]
    return "\n".join(texts)


def input_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    inp = body.get("input")
    if isinstance(inp, str):
        inp = [{"role": "user", "content": [{"type": "input_text", "text": inp}]}]
    return [
        {"id": _id("msg"), "type": "message", "status": "completed", **item}
        for item in inp or []
        if isinstance(item, dict)
    ]


def build_response(server: Any, body: dict[str, Any]) -> dict[str, Any]:
    tools = body.get("tools") or []
    wants_image = any(isinstance(t, dict) and t.get("type") == "image_generation" for t in tools)
    text = input_text(body)
    output: list[dict[str, Any]] = []
    if wants_image:
        output.append(
            {
                "id": _id("ig"),
                "type": "image_generation_call",
                "status": "completed",
                "revised_prompt": server.revised_prompt or f"A detailed image: {text[:400]}",
                "result": base64.b64encode(server.image).decode(),
                "background": "opaque",
                "output_format": "webp",
                "quality": "high",
                "size": "1024x1024",
            }
        )
    output.append(
        {
            "id": _id("msg"),
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [
                {
                    "type": "output_text",
                    "text": "Here it is." if wants_image else f"You said: {text[:200]}",
                    "annotations": [],
                }
            ],
        }
    )
    return {
        "id": _id("resp"),
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed",
        "error": None,
        "incomplete_details": None,
        "instructions": body.get("instructions"),
        "model": body.get("model") or "gpt-5",
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": body.get("previous_response_id"),
        "tool_choice": "auto",
        "tools": tools,
        "temperature": 1.0,
        "top_p": 1.0,
        "metadata": body.get("metadata") or {},
        "usage": {
            "input_tokens": 10,
            "output_tokens": 20,
            "total_tokens": 30,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def sse_events(response: dict[str, Any], partial_images: int) -> list[dict[str, Any]]:
    """The event sequence OpenAI streams for one response (sequence numbers added by the caller)."""
    started = {**response, "status": "in_progress", "output": []}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": started},
        {"type": "response.in_progress", "response": started},
    ]
    for index, item in enumerate(response["output"]):
        if item["type"] == "image_generation_call":
            pending = {"id": item["id"], "type": item["type"], "status": "in_progress"}
            events.append({"type": "response.output_item.added", "output_index": index, "item": pending})
            events.append(
                {
                    "type": "response.image_generation_call.in_progress",
                    "output_index": index,
                    "item_id": item["id"],
                }
            )
            events.append(
                {
                    "type": "response.image_generation_call.generating",
                    "output_index": index,
                    "item_id": item["id"],
                }
            )
            events.extend(
                {
                    "type": "response.image_generation_call.partial_image",
                    "output_index": index,
                    "item_id": item["id"],
                    "partial_image_index": k,
                    "partial_image_b64": item["result"],
                }
                for k in range(partial_images)
            )
            events.append(
                {
                    "type": "response.image_generation_call.completed",
                    "output_index": index,
                    "item_id": item["id"],
                }
            )
        else:
            events.append(
                {
                    "type": "response.output_item.added",
                    "output_index": index,
                    "item": {**item, "status": "in_progress", "content": []},
                }
            )
            text = item["content"][0]["text"]
            events.append(
                {
                    "type": "response.output_text.delta",
                    "output_index": index,
                    "item_id": item["id"],
                    "content_index": 0,
                    "delta": text,
                    "logprobs": [],
                }
            )
            events.append(
                {
                    "type": "response.output_text.done",
                    "output_index": index,
                    "item_id": item["id"],
                    "content_index": 0,
                    "text": text,
                    "logprobs": [],
                }
            )
        events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    events.append({"type": "response.completed", "response": response})
    return [{**e, "sequence_number": i} for i, e in enumerate(events)]


def handle(handler: Any, method: str, raw: bytes) -> None:
    """Serve one ``/v1/responses...`` request on an ``upstream_server`` handler."""
    server = handler.server
    path = handler.path.split("?", 1)[0]
    if server.api_key and handler.headers.get("authorization") != f"Bearer {server.api_key}":
        handler._error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key")
        return
    parts = path.strip("/").split("/")  # v1 responses [id] [input_items]
    if method == "POST" and len(parts) == 2:
        _create(handler, raw)
        return
    stored = server.responses.get(parts[2]) if len(parts) >= 3 else None
    if stored is None:
        handler._error(
            404,
            f"Response with id '{parts[2] if len(parts) > 2 else ''}' not found.",
            "invalid_request_error",
            None,
        )
        return
    with server.lock:
        server.received.append(_received(server, handler.path, None, {"method": method}))
    if method == "DELETE" and len(parts) == 3:
        del server.responses[parts[2]]
        handler._send(200, json.dumps({"id": parts[2], "object": "response", "deleted": True}).encode())
    elif method == "GET" and len(parts) == 3:
        handler._send(200, json.dumps(stored[0]).encode())
    elif method == "GET" and len(parts) == 4 and parts[3] == "input_items":
        items = stored[1]
        handler._send(
            200,
            json.dumps(
                {
                    "object": "list",
                    "data": items,
                    "has_more": False,
                    "first_id": items[0]["id"] if items else None,
                    "last_id": items[-1]["id"] if items else None,
                }
            ).encode(),
        )
    else:
        handler._error(404, f"unknown path {handler.path}", "invalid_request_error", None)


def _received(server: Any, path: str, prompt: str | None, fields: dict[str, Any]) -> Any:
    """A ``Received`` of the server's own module (imported as tests.upstream_server or as a script)."""
    return sys.modules[type(server).__module__].Received(path, prompt, fields)


def _create(handler: Any, raw: bytes) -> None:
    server = handler.server
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        handler._error(
            400, "We could not parse the JSON body of your request.", "invalid_request_error", None
        )
        return
    with server.lock:
        server.received.append(_received(server, handler.path, input_text(body), body))
    prev = body.get("previous_response_id")
    if prev is not None and prev not in server.responses:
        handler._error(
            404,
            f"Previous response with id '{prev}' not found.",
            "invalid_request_error",
            "previous_response_not_found",
        )
        return
    if server.mode == "500":
        handler._error(500, "The server had an error while processing your request.", "server_error", None)
        return
    response = build_response(server, body)
    server.responses[response["id"]] = (response, input_items(body))
    if not body.get("stream"):
        handler._send(200, json.dumps(response).encode())
        return
    partials = max(
        (
            int(t.get("partial_images") or 0)
            for t in body.get("tools") or []
            if isinstance(t, dict) and t.get("type") == "image_generation"
        ),
        default=0,
    )
    handler.send_response(200)
    handler.send_header("content-type", "text/event-stream")
    handler.send_header("cache-control", "no-cache")
    handler.send_header("connection", "close")
    handler.end_headers()
    handler.close_connection = True
    try:
        for event in sse_events(response, partials):
            handler.wfile.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode())
            handler.wfile.flush()
            if server.stream_delay:
                time.sleep(server.stream_delay)
    except (BrokenPipeError, ConnectionResetError):
        return
