"""JSON in and out of the proxy: orjson where it is exact, the json module where it is not."""

from __future__ import annotations

import json
from typing import Any

import orjson

from provguard.gateway.errors import upstream_invalid


def response_body(response: Any) -> dict[str, Any]:
    """The upstream's JSON object: from a raw response (parsed once, with orjson) or a model."""
    if isinstance(response, dict):
        return dict(response)
    if hasattr(response, "to_dict"):  # a parsed openai model (clients without raw responses)
        return dict(response.to_dict(mode="json"))
    try:
        # bytes: a body read with ``read_capped``; otherwise a raw response
        body = json_loads(bytes(response) if isinstance(response, bytes | bytearray) else response.content)
    except (ValueError, TypeError, AttributeError) as exc:
        raise upstream_invalid("upstream returned a body that is not JSON") from exc
    if not isinstance(body, dict):
        raise upstream_invalid("upstream returned JSON that is not an object")
    return body


def json_loads(data: bytes | str) -> Any:
    """orjson when it can (~10x faster on 0.5 MB image bodies); json for what orjson refuses."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)  # NaN, lone surrogates...; raises ValueError when truly invalid
    return json.loads(data) if _maybe_wide_int(value) else value


def _maybe_wide_int(value: Any) -> bool:
    """True when orjson may have turned an integer beyond 64 bits into a float (json keeps it exact)."""
    if isinstance(value, float):
        return abs(value) >= 2.0**63
    if isinstance(value, dict):
        return any(_maybe_wide_int(v) for v in value.values())
    if isinstance(value, list):
        return any(_maybe_wide_int(v) for v in value)
    return False


def json_dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON, as Starlette's JSONResponse renders it, via orjson when it can."""
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")

