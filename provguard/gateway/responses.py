"""The Responses API adapter: what ``POST /v1/responses`` screens, forwards and returns.

Screening sees everything the model will see: ``instructions``, every string input and
``input_text`` (assistant history the client replays included), and every ``input_image``
sent as a base64 data URL (decoded, checked within limits, face detection as for edits).
Inputs provguard cannot see (image URLs it will not fetch, ``file_id`` images and files) are
refused with a 400 unless the team allows them. The earlier turns' signals come from the
chain store (``context``), loaded by ``ResponsesGuard`` before the pipeline runs.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provguard.errors import InputError, PayloadTooLarge
from provguard.gateway.checks import check_input_image
from provguard.gateway.errors import UpstreamFailure
from provguard.gateway.outputs import UpstreamImage
from provguard.gateway.upstream import read_capped
from provguard.gateway.values import ImageInput

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from provguard.config import Settings

MAX_INPUT_IMAGES = 16
_TEXT_PARTS = ("input_text", "output_text", "text", "refusal", "summary_text", "reasoning_text")


class UnseenInput(InputError):
    """An input provguard cannot screen (a URL or a file id), refused under the team's policy."""

    code = "unscreenable_input"


@dataclass
class ParsedInput:
    texts: list[str] = field(default_factory=list)
    images: list[ImageInput] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)  # param paths of inputs provguard cannot see


def parse_input(body: dict[str, Any]) -> ParsedInput:
    """Walk ``instructions`` and ``input`` (string or item list) for text, images and unseen inputs."""
    out = ParsedInput()
    instructions = body.get("instructions")
    if isinstance(instructions, str) and instructions.strip():
        out.texts.append(instructions)
    elif instructions is not None and not isinstance(instructions, str):
        raise InputError("'instructions' must be a string")
    inp = body.get("input")
    if isinstance(inp, str):
        out.texts.append(inp)
        return out
    if inp is None:
        return out
    if not isinstance(inp, list):
        raise InputError("'input' must be a string or a list of input items")
    for i, item in enumerate(inp):
        if isinstance(item, str):
            out.texts.append(item)
            continue
        if not isinstance(item, dict):
            raise InputError(f"input[{i}] must be an object")
        _walk_item(item, f"input[{i}]", out)
    return out


def _walk_item(item: dict[str, Any], where: str, out: ParsedInput) -> None:
    kind = item.get("type", "message")
    content = item.get("content")
    if kind == "message" or "role" in item:
        if isinstance(content, str):
            out.texts.append(content)
        elif isinstance(content, list):
            for j, part in enumerate(content):
                if not isinstance(part, dict):
                    raise InputError(f"{where}.content[{j}] must be an object")
                _walk_part(part, f"{where}.content[{j}]", out)
        elif content is not None:
            raise InputError(f"{where}.content must be a string or a list")
        return
    if kind == "function_call_output" and isinstance(item.get("output"), str):
        out.texts.append(item["output"])
    elif kind == "image_generation_call":
        if isinstance(item.get("revised_prompt"), str):
            out.texts.append(item["revised_prompt"])
    elif kind == "item_reference":
        out.unseen.append(f"{where} (item_reference)")
    for key in ("text", "arguments"):
        if isinstance(item.get(key), str):
            out.texts.append(item[key])


def _walk_part(part: dict[str, Any], where: str, out: ParsedInput) -> None:
    kind = part.get("type")
    if kind in _TEXT_PARTS:
        text = part.get("text")
        if not isinstance(text, str):
            raise InputError(f"{where}.text must be a string")
        out.texts.append(text)
    elif kind == "input_image":
        url = part.get("image_url")
        if isinstance(url, str) and url.startswith("data:"):
            out.images.append(ImageInput(decode_data_url(url, where), filename=f"{where}.image"))
        elif part.get("file_id") is not None:
            out.unseen.append(f"{where}.file_id")
        else:
            out.unseen.append(f"{where}.image_url")
    elif kind == "input_file":
        out.unseen.append(f"{where} (input_file)")
    else:
        raise InputError(f"{where}: unsupported content part type {kind!r}")


def decode_data_url(url: str, where: str) -> bytes:
    """``data:image/...;base64,...`` to bytes (anything else is a 400)."""
    head, sep, data = url.partition(",")
    if not sep or not head.startswith("data:image/") or not head.endswith(";base64"):
        raise InputError(f"{where}.image_url: a data URL must be data:image/<type>;base64,<data>")
    try:
        return binascii.a2b_base64(data.encode("ascii"), strict_mode=True)
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise InputError(f"{where}.image_url: invalid base64 image data") from exc


def image_calls(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``image_generation_call`` items of a response object (an odd shape is the upstream's fault)."""
    output = body.get("output")
    if output is None:
        return []
    if not isinstance(output, list) or not all(isinstance(item, dict) for item in output):
        raise UpstreamFailure(
            "upstream returned a response output in an unexpected shape", status=502, code="upstream_error"
        )
    return [item for item in output if item.get("type") == "image_generation_call"]


@dataclass
class ResponsesCreate:
    """``POST /v1/responses``: the client's JSON, screened whole, forwarded unchanged."""

    body: dict[str, Any]
    allow_unseen: bool = False
    context: Sequence[Any] = ()  # screen.Turn of earlier responses in the chain or conversation
    turn: int = 0
    parsed: ParsedInput = field(default_factory=ParsedInput)
    kind: str = "responses"
    endpoint: str = "responses"

    def __post_init__(self) -> None:
        self.parsed = parse_input(self.body)

    @property
    def prompt(self) -> str:
        return "\n".join(t for t in self.parsed.texts if t.strip())

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    def validate(self, settings: Settings) -> None:
        if not self.parsed.texts and not self.parsed.images and not self.parsed.unseen:
            raise InputError("'input' is required")
        if len(self.prompt) > settings.max_prompt_chars:
            raise PayloadTooLarge(
                f"the input text is {len(self.prompt)} characters; the limit is {settings.max_prompt_chars}"
            )
        if self.parsed.unseen and not self.allow_unseen:
            raise UnseenInput(
                f"provguard cannot screen {self.parsed.unseen[0]}: send images as base64 data URLs "
                "(data:image/png;base64,...)",
                hint="provguard never fetches client URLs or file ids; a team admin can allow unscreened "
                'inputs with PUT /v1/policy/responses {"unseen_inputs": "allow"}',
            )
        if len(self.parsed.images) > MAX_INPUT_IMAGES:
            raise InputError(f"at most {MAX_INPUT_IMAGES} input images")
        for img in self.parsed.images:
            check_input_image(img, settings)

    def screened_images(self) -> Sequence[ImageInput]:
        return list(self.parsed.images)

    def forwarded(self) -> dict[str, Any]:
        return {k: v for k, v in self.body.items() if k != "stream"}

    async def call(self, client: AsyncOpenAI, max_bytes: int) -> Any:
        return await read_capped(
            client.responses.with_streaming_response.create(extra_body=self.forwarded()), max_bytes
        )

    def open_stream(self, client: AsyncOpenAI) -> Any:
        """The upstream's SSE stream (an async context manager of the raw response)."""
        return client.responses.with_streaming_response.create(
            extra_body={**self.forwarded(), "stream": True}
        )

    def output_images(self, body: dict[str, Any]) -> list[UpstreamImage]:
        return [
            UpstreamImage(item, "result", str(item.get("id") or f"call-{i}"))
            for i, item in enumerate(image_calls(body))
            if item.get("result")
        ]


def withhold(item: dict[str, Any], info: dict[str, Any]) -> None:
    """Remove an image the client must not get; the item says why (the SDK ignores extra fields)."""
    item["result"] = None
    item["status"] = "failed"
    item["provguard"] = {**info, "withheld": True}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
