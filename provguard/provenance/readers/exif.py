"""EXIF: camera make/model as weak, unsigned hints; A1111 parameters hidden in UserComment.

exifread with ``details=False`` (no MakerNotes: 10-40x faster on camera files). It skips UserComment
in that mode, so UserComment is read with Pillow's lazy EXIF parser instead.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any, ClassVar

import exifread

from provguard.provenance.generators import a1111_parameters, short
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import ReaderResult, ReadState, Signal, signal
from provguard.provenance.readers.c2pa_reader import GENERATOR_STATEMENT
from provguard.provenance.sniff import jpeg_app1

logging.getLogger("exifread").setLevel(logging.CRITICAL)

_EXIF_FORMATS = {"jpeg", "tiff", "dng", "heic", "heif", "avif", "webp", "png"}
_USER_COMMENT_FORMATS = {"jpeg", "webp", "tiff"}
_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286


def decode_user_comment(raw: Any) -> str:
    """EXIF UserComment: an 8-byte charset prefix, then the text (A1111 writes UNICODE = UTF-16)."""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, bytes | bytearray):
        return ""
    head, body = bytes(raw[:8]), bytes(raw[8:])
    if head.startswith(b"UNICODE"):
        be = body.decode("utf-16-be", errors="replace")
        le = body.decode("utf-16-le", errors="replace")
        return be if be.isprintable() or "Steps" in be else le
    return body.decode("utf-8", errors="replace").strip("\x00")


_STEPS = (b"Steps: ", b"S\x00t\x00e\x00p\x00s")  # ASCII, and UTF-16 in either byte order


def _may_have_user_comment(probe: Probe) -> bool:
    """Cheap pre-check before parsing EXIF twice: A1111 infotext always holds 'Steps: '."""
    if probe.fmt.name == "jpeg":
        blocks = jpeg_app1(probe.data, b"Exif\x00")
        return any(marker in block for block in blocks for marker in _STEPS)
    return any(marker in probe.data for marker in _STEPS)


def _no_exif_block(probe: Probe) -> bool:
    """True when the container visibly has no EXIF (PNG without eXIf, JPEG without an Exif APP1),
    so exifread need not walk the file."""
    if probe.fmt.name == "png":
        return not probe.png().has_exif
    if probe.fmt.name == "jpeg":
        return not jpeg_app1(probe.data, b"Exif\x00")
    return False


class ExifReader:
    name: ClassVar[str] = "exif"

    def __init__(self, options: InspectOptions) -> None:
        self.options = options

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        if probe.fmt.name not in _EXIF_FORMATS:
            return ReaderResult()
        signals: list[Signal] = []
        try:
            tags = {}
            if not _no_exif_block(probe):
                tags = exifread.process_file(io.BytesIO(probe.data), details=False, extract_thumbnail=False)
        except Exception as exc:  # exifread raises assorted errors on broken IFDs
            tags = {}
            signals.append(
                signal("exif", "exif_unreadable", f"EXIF could not be parsed: {type(exc).__name__}", "weak")
            )
        make = str(tags.get("Image Make", "")).strip()
        model = str(tags.get("Image Model", "")).strip()
        software = str(tags.get("Image Software", "")).strip()
        when = str(tags.get("EXIF DateTimeOriginal", "")).strip()
        if make or model:
            detail = (
                f"camera EXIF {make} {model}".strip()
                + (f", taken {when}" if when else "")
                + " (unsigned and easily forged: a hint, not provenance)"
            )
            signals.append(signal("exif", "camera_exif", detail, "weak"))
        if software:
            if GENERATOR_STATEMENT.search(software):
                signals.append(
                    signal(
                        "exif",
                        "software",
                        f"Software '{software[:120]}' is an AI generator",
                        "moderate",
                        "ai_generated",
                    )
                )
            else:
                signals.append(signal("exif", "software", f"Software '{software[:120]}'", "weak"))
        if probe.fmt.name in _USER_COMMENT_FORMATS and _may_have_user_comment(probe):
            comment = self._user_comment(probe)
            if comment and a1111_parameters(comment):
                signals.append(
                    signal(
                        "exif",
                        "generator_parameters",
                        f"AUTOMATIC1111 infotext in EXIF UserComment: {short(comment)}",
                        "moderate",
                        "ai_generated",
                    )
                )
        return ReaderResult(signals)

    @staticmethod
    def _user_comment(probe: Probe) -> str:
        img = probe.header()
        if img is None:
            return ""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                raw = img.getexif().get_ifd(_EXIF_IFD).get(_USER_COMMENT)
        except Exception:
            return ""
        return decode_user_comment(raw)
