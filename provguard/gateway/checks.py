"""Input checks: what a client may upload before anything is screened or forwarded."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from provguard.errors import InputError, PayloadTooLarge
from provguard.gateway.errors import InvalidParameter, upstream_invalid
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


# OpenAI's documented values (images API and the Responses ``image_generation`` tool)
FIXED_SIZES = frozenset({
    "auto", "256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792",
    "2048x2048", "2048x1152", "1152x2048", "3840x2160", "2160x3840",
})
ENUMS: dict[str, frozenset[str]] = {
    "quality": frozenset({"auto", "low", "medium", "high", "standard", "hd"}),
    "output_format": frozenset({"png", "jpeg", "webp"}),
    "background": frozenset({"auto", "transparent", "opaque"}),
    "response_format": frozenset({"url", "b64_json"}),
    "moderation": frozenset({"auto", "low"}),
    "style": frozenset({"vivid", "natural"}),
    "input_fidelity": frozenset({"high", "low"}),
}
# GPT Image 2 custom sizes: both edges multiples of 16, long edge <= 3840, ratio <= 3:1
MAX_EDGE, MAX_RATIO, MIN_PIXELS, MAX_PIXELS = 3840, 3, 655_360, 8_294_400


def check_size(value: object) -> None:
    if not isinstance(value, str):
        raise InvalidParameter("size", "'size' must be a string such as '1024x1024' or 'auto'")
    if value in FIXED_SIZES:
        return
    w_s, sep, h_s = value.partition("x")
    if not (sep and w_s.isdigit() and h_s.isdigit() and len(w_s) <= 5 and len(h_s) <= 5):
        raise InvalidParameter("size", f"invalid size {value[:40]!r}: use WIDTHxHEIGHT or 'auto'")
    w, h = int(w_s), int(h_s)
    if (w % 16 or h % 16 or not w or not h or max(w, h) > MAX_EDGE or max(w, h) > MAX_RATIO * min(w, h)
            or not MIN_PIXELS <= w * h <= MAX_PIXELS):
        raise InvalidParameter(
            "size", f"invalid size {value!r}: use one of OpenAI's sizes "
                    f"({', '.join(sorted(FIXED_SIZES))}) or a custom size with both edges multiples "
                    f"of 16, the long edge at most {MAX_EDGE}, "
                    f"a ratio up to {MAX_RATIO}:1 and {MIN_PIXELS}-{MAX_PIXELS} pixels")


def _int_field(name: str, value: object, lo: int, hi: int) -> None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)  # multipart form fields arrive as text
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidParameter(name, f"'{name}' must be an integer from {lo} to {hi}")


def check_image_options(fields: dict[str, object]) -> None:
    """``size``, ``quality``, ``n``, ``output_format``, ``background`` (and friends) against the
    values OpenAI documents, so a bad value is a 400 here instead of a cost or an error upstream."""
    for name, value in fields.items():
        if value is None:
            continue
        if name == "size":
            check_size(value)
        elif name == "n":
            _int_field("n", value, 1, 10)
        elif name == "output_compression":
            _int_field("output_compression", value, 0, 100)
        elif name in ENUMS and value not in ENUMS[name]:
            allowed = ", ".join(sorted(ENUMS[name]))
            raise InvalidParameter(name, f"invalid {name} {str(value)[:40]!r}: use one of {allowed}")


def check_output_image(data: bytes, settings: Settings, name: str = "upstream image") -> tuple[int, int]:
    """An upstream image must be a real, fully decodable image within the output limits.

    Returns its size; anything else is ``upstream_invalid`` (HTTP 502), never passed on.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    if len(data) > settings.max_output_image_bytes:
        raise upstream_invalid(f"{name}: {len(data)} bytes; the limit is {settings.max_output_image_bytes} "
                               "(PROVGUARD_MAX_OUTPUT_IMAGE_BYTES)")
    try:
        with warnings.catch_warnings():  # our own pixel limit below is the one that applies
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if width * height > settings.max_output_image_pixels:
                    raise upstream_invalid(
                        f"{name}: {width}x{height} pixels; the limit is {settings.max_output_image_pixels} "
                        "(PROVGUARD_MAX_OUTPUT_IMAGE_PIXELS)")
                if im.format not in ("PNG", "JPEG", "WEBP"):
                    raise upstream_invalid(f"{name}: {im.format} is not an image format OpenAI returns")
                im.load()  # the whole image must decode, not only its header
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise upstream_invalid(f"{name}: not a decodable image ({type(exc).__name__})") from exc
    return width, height
