"""Input checks: what a client may upload before anything is screened or forwarded."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from provguard.errors import InputError, PayloadTooLarge
from provguard.gateway.values import ImageInput

if TYPE_CHECKING:
    from provguard.config import Settings


def check_input_image(img: ImageInput, settings: Settings) -> None:
    """An upload must be a decodable image within the pixel limit (hostile files: 400/413)."""
    from PIL import Image, UnidentifiedImageError

    if len(img.data) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"{img.filename}: {len(img.data)} bytes; the limit is "
                              f"{settings.max_upload_bytes}")
    try:
        with Image.open(io.BytesIO(img.data)) as im:
            width, height = im.size
    except Image.DecompressionBombError as exc:
        raise PayloadTooLarge(f"{img.filename}: image dimensions exceed the pixel limit") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(f"{img.filename}: not a readable image ({type(exc).__name__})") from exc
    if width * height > settings.max_image_pixels:
        raise PayloadTooLarge(f"{img.filename}: {width}x{height} pixels; the limit is "
                              f"{settings.max_image_pixels}")


def check_prompt(prompt: object, settings: Settings) -> str:
    """The prompt every endpoint screens: a non-empty string within the length limit."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise InputError("'prompt' is required and must be a non-empty string")
    if len(prompt) > settings.max_prompt_chars:
        raise PayloadTooLarge(f"prompt is {len(prompt)} characters; the limit is "
                              f"{settings.max_prompt_chars}")
    return prompt
