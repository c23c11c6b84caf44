"""After the upstream answers: load each image, inspect it, re-sign it, put it back in the body.

Endpoint adapters say *where* the images are (``UpstreamImage``); this module does the rest
the same way for every endpoint.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio

from provguard.gateway.checks import check_output_image
from provguard.gateway.files import ImageFiles
from provguard.gateway.protocols import InspectorLike
from provguard.gateway.upstream import UpstreamFetcher, decode_b64
from provguard.models import Verdict
from provguard.provenance.sign import DecisionAssertion, ImageSigner

if TYPE_CHECKING:
    from provguard.config import Settings


@dataclass
class UpstreamImage:
    """One image in an upstream answer: the JSON object holding it and the field with its data.

    ``b64_field`` names the inline base64 field (``b64_json`` on the images API, ``result`` on a
    Responses ``image_generation_call``); when it is empty the image is fetched from ``url``.
    The signed image goes back into the same field, or to the file store as a URL.
    """

    container: dict[str, Any]
    b64_field: str = "b64_json"
    name: str = "upstream"

    @property
    def inline(self) -> bool:
        return self.container.get(self.b64_field) is not None and self.container.get(self.b64_field) != ""


@dataclass
class OutputRecord:
    """What the result record says about one output image."""

    verdict: Verdict
    signed: bool
    summary: dict[str, Any]


class OutputStage:
    """check output → inspect → sign, per image, for any endpoint."""

    def __init__(self, settings: Settings, inspector: InspectorLike, signer: ImageSigner | None,
                 files: ImageFiles, fetcher: UpstreamFetcher) -> None:
        self.settings = settings
        self.inspector = inspector
        self.signer = signer
        self.files = files
        self.fetcher = fetcher

    async def load(self, image: UpstreamImage) -> bytes:
        """Bytes of one upstream output: inline base64, or fetched from the upstream's own URL."""
        limit = self.settings.max_output_image_bytes
        if image.inline:
            return decode_b64(image.container[image.b64_field], limit)
        return await self.fetcher.fetch(image.container.get("url"), limit)

    async def process(self, image: UpstreamImage, assertion: DecisionAssertion | None,
                      url_base: str) -> OutputRecord:
        """Load, check, inspect and sign one image, then write the signed bytes back in place."""
        inline = image.inline
        original = await self.load(image)
        verdict, out = await self.checked(original, image.name, assertion)
        if inline:
            image.container[image.b64_field] = base64.b64encode(out).decode()
        else:
            file_id = await anyio.to_thread.run_sync(self.files.put, out)
            image.container["url"] = f"{url_base}/v1/images/files/{file_id}"
        c2pa = verdict.c2pa
        signed = assertion is not None and self.signer is not None
        image.container["provguard"] = {
            "upstream_verdict": verdict.verdict, "upstream_trust": verdict.trust,
            "upstream_c2pa": None if c2pa is None else {
                "active_manifest": c2pa.active_manifest, "claim_generator": c2pa.claim_generator,
                "signer": c2pa.signer, "validation_state": c2pa.validation_state},
            "signed": self.signer is not None,
        }
        summary = {"upstream_sha256": hashlib.sha256(original).hexdigest(),
                   "output_sha256": hashlib.sha256(out).hexdigest(),
                   "verdict": verdict.verdict, "trust": verdict.trust,
                   "c2pa_manifest": c2pa.active_manifest if c2pa else None}
        return OutputRecord(verdict, signed, summary)

    async def checked(self, original: bytes, name: str,
                      assertion: DecisionAssertion | None) -> tuple[Verdict, bytes]:
        """check output ∥ (inspect ∥ sign): the full decode check runs beside the other two.

        A full decode of a 1024² WebP costs tens of milliseconds, as much as inspection, so it
        overlaps with it instead of adding to it. Nothing leaves before the check has passed,
        and a failed check is the error reported even when inspection also failed on the bytes.
        """
        check = anyio.to_thread.run_sync(check_output_image, original, self.settings, name)
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not on asyncio (e.g. trio): one after the other
            await check
            return await self.inspect_and_sign(original, name, assertion)
        checking = asyncio.ensure_future(check)
        try:
            result = await self.inspect_and_sign(original, name, assertion)
        except BaseException:
            if not checking.done():
                with contextlib.suppress(BaseException):
                    await checking
            if checking.done() and not checking.cancelled() and checking.exception() is not None:
                raise checking.exception() from None  # type: ignore[misc]
            raise
        await checking
        return result

    async def inspect_and_sign(self, original: bytes, name: str,
                               assertion: DecisionAssertion | None) -> tuple[Verdict, bytes]:
        """Inspect the upstream image and (with a signer) re-sign it, in two threads at once.

        Signing does not depend on the verdict, and both spend most of their time in
        c2pa's native library (GIL released), so overlapping them saves the shorter of the
        two. Errors surface as they did sequentially: the inspection's first, then signing's.
        """
        inspect = self.inspector.inspect_bytes
        if assertion is None or self.signer is None:
            return await anyio.to_thread.run_sync(inspect, original, name), original
        sign = self.signer.sign
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not on asyncio (e.g. trio): one after the other
            verdict = await anyio.to_thread.run_sync(inspect, original, name)
            return verdict, await anyio.to_thread.run_sync(sign, original, assertion)
        signing = asyncio.ensure_future(anyio.to_thread.run_sync(sign, original, assertion))
        try:
            verdict = await anyio.to_thread.run_sync(inspect, original, name)
        except BaseException:
            signing.cancel()
            with contextlib.suppress(BaseException):
                await signing
            raise
        return verdict, await signing
