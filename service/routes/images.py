"""OpenAI-compatible ``/v1/images/generations`` and ``/v1/images/edits``, guarded.

Request and response bodies follow OpenAI's images API; unknown request fields pass through
to the upstream unchanged. provguard adds a ``provguard`` object to the response (and inside
``error`` on failures), which the ``openai`` package ignores.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile

from provguard.errors import InputError, NotFound, PayloadTooLarge
from provguard.gateway import Caller, GuardedResult, ImageInput, json_dumps
from provguard.service import metrics
from provguard.service.auth import principal
from provguard.service.routes.inspect import read_upload
from provguard.tenancy import Principal

router = APIRouter(tags=["images (OpenAI-compatible)"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Blocked by policy (code content_policy_violation) or invalid request "
                         "(invalid_value with param: size, quality, n, output_format, background, ...)"},
    401: {"description": "Missing or invalid API key"},
    403: {"description": "Held for review (error.provguard.review_id)"},
    413: {"description": "Body, upload, pixel or prompt limit exceeded"},
    429: {"description": "Rate limited (provguard or upstream)"},
    502: {"description": "Upstream failed (upstream_error, upstream_unavailable) or returned output that "
                         "is not a decodable image within the limits (upstream_invalid)"},
    503: {"description": "Audit store unavailable, fail closed (store_unavailable), or no upstream "
                         "configured (upstream_not_configured, x-should-retry: false)"},
    504: {"description": "Upstream timed out"},
}


class ImageGenerationRequest(BaseModel):
    """OpenAI's request body; fields not listed are passed through as well."""

    model_config = ConfigDict(extra="allow")

    prompt: str = Field(min_length=1)
    model: str | None = None
    n: int | None = Field(default=None, ge=1, le=10)
    size: str | None = None
    quality: str | None = None
    response_format: str | None = Field(default=None, pattern="^(url|b64_json)$")
    style: str | None = None
    user: str | None = None


class ImageData(BaseModel):
    model_config = ConfigDict(extra="allow")

    b64_json: str | None = None
    url: str | None = None
    revised_prompt: str | None = None


class ImagesResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    created: int
    data: list[ImageData]


def check_prompt(request: Request, prompt: str) -> None:
    limit = request.app.state.settings.max_prompt_chars
    if len(prompt) > limit:
        raise PayloadTooLarge(f"prompt is {len(prompt)} characters; the limit is {limit}")


def _caller(request: Request, who: Principal) -> Caller:
    return Caller(team=who.team, actor=who.key_id, request_id=request.state.request_id)


def _respond(request: Request, result: GuardedResult) -> Response:
    metrics.observe_decision(result.decision.action, list(result.decision.categories))
    for verdict in result.verdicts:
        metrics.INSPECTIONS.labels(verdict=verdict.verdict or "error").inc()
    if result.signed:
        metrics.SIGNED.inc(result.signed)
    request.state.log_extra.update({"decision": result.decision.action, "audit_seq": result.request_seq})
    headers: dict[str, str] = {"x-provguard-decision": result.decision.action}
    if result.request_seq is not None:
        headers["x-provguard-audit-seq"] = str(result.request_seq)
    # orjson: the body carries the base64 images (~0.5 MB each); json.dumps took ~1.7 ms per image
    return Response(json_dumps(result.body), media_type="application/json", headers=headers)


@router.post("/v1/images/generations", summary="Create an image (screened, audited, signed)",
             response_model=ImagesResponse, responses=_ERRORS)
async def generations(
    body: ImageGenerationRequest, request: Request, who: Principal = Depends(principal),
    x_provguard_conversation: str | None = Header(default=None, max_length=200),
    x_provguard_review: str | None = Header(default=None, max_length=100),
) -> Response:
    services = request.app.state.services
    check_prompt(request, body.prompt)
    result = await services.gateway.generate(
        _caller(request, who), body.model_dump(exclude_unset=True),
        conversation_id=x_provguard_conversation,
        review_id=x_provguard_review, url_base=str(request.base_url).rstrip("/"))
    return _respond(request, result)


_EDIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["image", "prompt"],
            "properties": {
                "image": {"type": "string", "format": "binary", "description": "Image to edit (or image[])"},
                "mask": {"type": "string", "format": "binary"},
                "prompt": {"type": "string", "minLength": 1},
                "model": {"type": "string"}, "n": {"type": "integer", "minimum": 1, "maximum": 10},
                "size": {"type": "string"},
                "response_format": {"type": "string", "enum": ["url", "b64_json"]},
                "user": {"type": "string"},
            },
        }}},
    }
}


@router.post("/v1/images/edits", summary="Edit an image (screened with face detection, audited, signed)",
             response_model=ImagesResponse, responses=_ERRORS, openapi_extra=_EDIT_BODY)
async def edits(
    request: Request, who: Principal = Depends(principal),
    x_provguard_conversation: str | None = Header(default=None, max_length=200),
    x_provguard_review: str | None = Header(default=None, max_length=100),
) -> Response:
    services = request.app.state.services
    settings = request.app.state.settings
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise InputError("send multipart/form-data with 'image' and 'prompt'")
    try:
        form = await request.form(max_files=17, max_fields=40,
                                  max_part_size=settings.max_prompt_chars * 4 + 1024)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"malformed multipart body: {exc}") from exc
    images: list[ImageInput] = []
    mask: ImageInput | None = None
    fields: dict[str, Any] = {}
    prompt: str | None = None
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await read_upload(value, settings.max_upload_bytes)
            item = ImageInput(data=data, filename=(value.filename or "image.png")[:200],
                              content_type=value.content_type)
            if key in ("image", "image[]"):
                images.append(item)
            elif key == "mask":
                mask = item
            else:
                raise InputError(f"unexpected file field {key!r}")
        elif key == "prompt":
            prompt = value
        elif key in ("image", "image[]", "mask"):
            raise InputError(f"{key!r} must be a file")
        else:
            fields[key] = value
    if prompt is None:
        raise InputError("'prompt' is required")
    check_prompt(request, prompt)
    if len(images) > 16:
        raise InputError("at most 16 images")
    result = await services.gateway.edit(
        _caller(request, who), prompt=prompt, images=images, mask=mask, fields=fields,
        conversation_id=x_provguard_conversation, review_id=x_provguard_review,
        url_base=str(request.base_url).rstrip("/"))
    return _respond(request, result)


@router.get("/v1/images/files/{file_id}", summary="A signed output returned as a URL (capability link)",
            response_class=Response, responses={200: {"content": {"image/*": {}}}, 404: {}})
async def image_file(file_id: str, request: Request) -> Response:
    found = request.app.state.services.files.get(file_id)
    if found is None:
        raise NotFound("no such image")
    data, ctype = found
    return Response(data, media_type=ctype, headers={"cache-control": "private, max-age=3600"})
