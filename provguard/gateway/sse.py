"""Streaming Responses (``stream: true``) through the guard: SSE relayed event by event.

Events pass through as the upstream sends them (their bytes unchanged), except:
- ``response.image_generation_call.partial_image`` is held until that call's revised prompt
  has passed (the team can switch holding off); a withheld call's partials are dropped;
- ``response.output_item.done`` of an ``image_generation_call`` waits for ``guard_call``: the
  revised prompt is screened, the image checked, inspected and re-signed (or withheld) and
  audited before the event, with the signed image, goes on;
- ``response.completed`` (and ``incomplete``/``failed``) carries the same signed or withheld
  items, the provguard summary, and is sent after the response's signals are stored.
A client that goes away mid-stream still leaves a complete record: the stream's end is
audited (shielded from the cancellation) with what was delivered, and the upstream closed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import anyio

from provguard.errors import ProvguardError, UpstreamError
from provguard.gateway.jsonio import json_dumps

if TYPE_CHECKING:
    from provguard.gateway.responses_guard import Exchange, ResponsesGuard

_log = logging.getLogger("provguard.gateway")
MAX_EVENT_BYTES = 64 * 1024 * 1024  # one event (a final image is a few MB of base64)
_FINAL = ("response.completed", "response.incomplete", "response.failed")


async def sse_blocks(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Split a byte stream into SSE event blocks (each ending in a blank line)."""
    buf = b""
    async for chunk in chunks:
        buf += chunk.replace(b"\r\n", b"\n") if b"\r" in chunk else chunk
        while True:
            end = buf.find(b"\n\n")
            if end < 0:
                break
            block, buf = buf[: end + 2], buf[end + 2 :]
            yield block
        if len(buf) > MAX_EVENT_BYTES:
            raise UpstreamError("upstream sent an oversized server-sent event", status=502)
    if buf.strip():
        yield buf + b"\n\n"


def parse_block(block: bytes) -> dict[str, Any] | None:
    """The JSON ``data`` of an event block (None for comments, keep-alives or non-JSON data)."""
    data = [line[5:].lstrip() for line in block.split(b"\n") if line.startswith(b"data:")]
    if not data:
        return None
    try:
        value = json.loads(b"\n".join(data))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def encode(event: dict[str, Any]) -> bytes:
    return b"event: " + str(event.get("type", "message")).encode() + b"\ndata: " + json_dumps(event) + b"\n\n"


class StreamRelay:
    """One streamed response: relays ``upstream`` (an entered openai streaming response)."""

    def __init__(self, guard: ResponsesGuard, ex: Exchange, upstream: Any, closer: Any) -> None:
        self.guard = guard
        self.ex = ex
        self.upstream = upstream
        self.closer = closer  # the with_streaming_response context manager, exited at the end
        self.held: dict[str, list[bytes]] = {}
        self.cleared: set[str] = set()
        self.delivered = 0
        self.finished = False

    async def events(self) -> AsyncIterator[bytes]:
        outcome = "client_disconnected"
        try:
            async for block in sse_blocks(self.upstream.iter_bytes()):
                for out in await self.handle(block):
                    self.delivered += 1
                    yield out
            outcome = "completed" if self.finished else "upstream_ended"
        except ProvguardError as exc:
            outcome = f"error:{exc.code}"
            yield encode({"type": "error", "code": exc.code, "message": exc.message, "param": None})
        finally:
            with anyio.CancelScope(shield=True):
                await self.close(outcome)

    async def handle(self, block: bytes) -> list[bytes]:
        event = parse_block(block)
        kind = event.get("type") if event else None
        if event is None or not isinstance(kind, str):
            return [block]
        if kind == "response.created" and isinstance(event.get("response"), dict):
            rid = event["response"].get("id")
            self.ex.response_id = rid if isinstance(rid, str) else None
            return [block]
        if kind == "response.image_generation_call.partial_image":
            call = str(event.get("item_id"))
            if call in self.cleared or not self.ex.policy.hold_partial_images:
                return [block]
            outcome = self.ex.outcomes.get(call)
            if outcome is not None and outcome.withheld:
                return []
            self.held.setdefault(call, []).append(block)
            return []
        item = event.get("item")
        if (
            kind == "response.output_item.done"
            and isinstance(item, dict)
            and item.get("type") == "image_generation_call"
        ):
            outcome = await self.guard.guard_call(self.ex, item)
            held = self.held.pop(outcome.call_id, [])
            if outcome.withheld:
                return [encode(event)]
            self.cleared.add(outcome.call_id)
            return [*held, encode(event)]
        if kind in _FINAL and isinstance(event.get("response"), dict):
            response = event["response"]
            await self.guard.finish(self.ex, response)
            self.finished = True
            return [encode(event)]
        return [block]

    async def close(self, outcome: str) -> None:
        """Audit the stream's end (always), then close the upstream connection."""
        if not self.finished:
            ex = self.ex
            try:
                await self.guard.gw.record(
                    self.guard.result_event(
                        ex,
                        None,
                        ex.admitted.decision,
                        "",
                        stream=outcome,
                        events_delivered=self.delivered,
                        calls=[
                            {"call_id": o.call_id, "withheld": o.withheld, "seq": o.seq}
                            for o in ex.outcomes.values()
                        ],
                    ),
                    required=False,
                )
            except Exception:  # pragma: no cover - record() already logs and never raises here
                _log.exception("recording the end of a stream failed")
        try:
            await self.closer.__aexit__(None, None, None)
        except Exception:
            _log.debug("closing the upstream stream raised", exc_info=True)
