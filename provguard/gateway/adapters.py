"""Endpoint adapters: what is screened, how it is forwarded, where the images are in the answer.

An adapter is all an endpoint adds to the guard pipeline. The pipeline never looks at an
endpoint's request or response shape; the adapter never screens, audits, inspects or signs.
A new endpoint (the Responses API) is one more class here or in a module beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from provguard.errors import InputError
from provguard.gateway.checks import check_image_options, check_input_image, check_prompt
from provguard.gateway.errors import UpstreamFailure
from provguard.gateway.outputs import UpstreamImage
from provguard.gateway.upstream import read_capped
from provguard.gateway.values import ImageInput
from provguard.provenance.sign import sniff_mime

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from provguard.config import Settings


class EndpointAdapter(Protocol):
    """The per-endpoint part of a guarded request."""

    kind: str      # what a review approves and the request record's ``subject.kind``
    endpoint: str  # metrics label and the result record's ``subject.endpoint``

    @property
    def prompt(self) -> str:
        """The text the screener sees."""

    def validate(self, settings: Settings) -> None:
        """Refuse a malformed request (400/413) before anything is screened or recorded."""

    def screened_images(self) -> Sequence[ImageInput]:
        """Every input image the screener must see (face detection) and a review approves."""

    async def call(self, client: AsyncOpenAI, max_bytes: int) -> Any:
        """Forward to the upstream; return its body (bytes, read with ``read_capped``) or a parsed one."""

    def output_images(self, body: dict[str, Any]) -> list[UpstreamImage]:
        """Where the images are in the upstream's answer (an unexpected shape is a 502)."""


def images_in_data(body: dict[str, Any]) -> list[UpstreamImage]:
    """The images API's ``data`` list: each item has ``b64_json`` or ``url``."""
    data = body.get("data") or []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UpstreamFailure("upstream returned images in an unexpected shape", status=502,
                              code="upstream_error")
    return [UpstreamImage(item, "b64_json", f"upstream-{i}") for i, item in enumerate(data)]


@dataclass
class ImageGeneration:
    """``POST /v1/images/generations``: the client's JSON, passed through unchanged."""

    body: dict[str, Any]
    kind: str = "generation"
    endpoint: str = "generations"

    @property
    def prompt(self) -> str:
        prompt = self.body.get("prompt")
        return prompt if isinstance(prompt, str) else ""

    def validate(self, settings: Settings) -> None:
        check_prompt(self.body.get("prompt"), settings)
        if self.body.get("stream"):
            raise InputError("streaming image generation is not supported through provguard")
        check_image_options(self.body)

    def screened_images(self) -> Sequence[ImageInput]:
        return ()

    async def call(self, client: AsyncOpenAI, max_bytes: int) -> Any:
        extra = {k: v for k, v in self.body.items() if k != "prompt"}
        # raw bytes: parsed once by orjson, not into pydantic models and back to a dict
        return await read_capped(
            client.images.with_streaming_response.generate(prompt=self.prompt, extra_body=extra), max_bytes)

    def output_images(self, body: dict[str, Any]) -> list[UpstreamImage]:
        return images_in_data(body)


@dataclass
class ImageEdit:
    """``POST /v1/images/edits``: input images (and the mask) also go to the screener."""

    prompt: str
    images: Sequence[ImageInput]
    mask: ImageInput | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    kind: str = "edit"
    endpoint: str = "edits"

    def validate(self, settings: Settings) -> None:
        check_prompt(self.prompt, settings)
        if not self.images:
            raise InputError("at least one 'image' file is required")
        for img in [*self.images, *([self.mask] if self.mask else [])]:
            check_input_image(img, settings)
        check_image_options(self.fields)

    def screened_images(self) -> Sequence[ImageInput]:
        # the mask too: a face sent as the mask over a face-free image is still a face
        return [*self.images, *([self.mask] if self.mask is not None else [])]

    async def call(self, client: AsyncOpenAI, max_bytes: int) -> Any:
        files = [(i.filename, i.data, i.content_type or sniff_mime(i.data) or "application/octet-stream")
                 for i in self.images]
        kwargs: dict[str, Any] = {}
        if self.mask is not None:
            kwargs["mask"] = (self.mask.filename, self.mask.data, self.mask.content_type or "image/png")
        return await read_capped(client.images.with_streaming_response.edit(
            image=files if len(files) > 1 else files[0], prompt=self.prompt, extra_body=dict(self.fields),
            **kwargs), max_bytes)

    def output_images(self, body: dict[str, Any]) -> list[UpstreamImage]:
        return images_in_data(body)
