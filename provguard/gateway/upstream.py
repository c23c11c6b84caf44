"""The upstream side: the ``openai`` client provguard forwards with, and image bytes it hands back."""

from __future__ import annotations

import binascii
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

import httpx

from provguard.errors import UpstreamError
from provguard.gateway.errors import upstream_invalid

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from provguard.config import Settings


def make_client(settings: Settings) -> AsyncOpenAI:
    """The official client, so the upstream sees exactly what an OpenAI client would send."""
    from openai import AsyncOpenAI

    return AsyncOpenAI(
        base_url=settings.upstream_base_url,
        api_key=settings.upstream_api_key or "provguard-no-upstream-key",
        timeout=settings.upstream_timeout,
        max_retries=settings.upstream_retries,
    )


def decode_b64(b64: object, max_bytes: int | None = None) -> bytes:
    """Inline image data; anything but strict base64 (or too much of it) is ``upstream_invalid``."""
    if max_bytes is not None and isinstance(b64, str | bytes) and len(b64) // 4 * 3 > max_bytes + 3:
        raise upstream_invalid(f"upstream image exceeds {max_bytes} bytes (PROVGUARD_MAX_OUTPUT_IMAGE_BYTES)")
    try:
        # strict_mode: the alphabet/padding check of b64decode(validate=True), done in C
        return binascii.a2b_base64(b64.encode("ascii") if isinstance(b64, str) else b64,  # type: ignore[arg-type]
                                   strict_mode=True)
    except (binascii.Error, ValueError, TypeError, AttributeError) as exc:
        raise upstream_invalid("upstream returned invalid base64 image data") from exc


async def read_capped(streaming: AbstractAsyncContextManager[Any], limit: int) -> bytes:
    """The body of an openai ``with_streaming_response`` call, refused past ``limit`` bytes.

    The cap applies while reading, so a hostile or broken upstream cannot make provguard hold
    (and then parse and decode) an unbounded body.
    """
    async with streaming as response:
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise upstream_invalid(f"upstream body of {declared} bytes exceeds {limit} "
                                   "(PROVGUARD_MAX_UPSTREAM_BODY_BYTES)")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise upstream_invalid(f"upstream body exceeds {limit} bytes "
                                       "(PROVGUARD_MAX_UPSTREAM_BODY_BYTES)")
            chunks.append(chunk)
    return b"".join(chunks)


class UpstreamFetcher:
    """Downloads images the upstream returned as URLs, never more than ``limit`` bytes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._http = httpx.AsyncClient(timeout=settings.upstream_timeout, follow_redirects=False)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def fetch(self, url: object, limit: int) -> bytes:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise UpstreamError("upstream returned an image without data or an http(s) URL", status=502)
        try:
            async with self._http.stream("GET", url) as resp:
                if resp.status_code != 200:
                    raise UpstreamError(f"fetching the upstream image failed: HTTP {resp.status_code}",
                                        status=502)
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise upstream_invalid(f"upstream image exceeds {limit} bytes "
                                               "(PROVGUARD_MAX_OUTPUT_IMAGE_BYTES)")
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise UpstreamError(f"fetching the upstream image failed: {type(exc).__name__}",
                                status=502) from exc
        return b"".join(chunks)
