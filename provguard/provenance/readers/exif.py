"""EXIF: camera make/model as weak, unsigned hints; generator parameters hidden in EXIF.

exifread with ``details=False`` (no MakerNotes: 10-40x faster on camera files). It skips UserComment
in that mode, so UserComment is read with Pillow's lazy EXIF parser instead. ComfyUI's WebP writer
stores ``workflow:{json}`` and ``prompt:{json}`` in IFD0 Make/Model (and the tags below them), which
exifread does not see in WebP: those are read with Pillow too, and are never a camera make.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from typing import Any, ClassVar

import exifread

from provguard.provenance.generators import generator_text, identify, short
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import ReaderResult, ReadState, Signal, signal
from provguard.provenance.readers.c2pa_walk import GENERATOR_STATEMENT
from provguard.provenance.sniff import jpeg_app1, riff_chunks

logging.getLogger("exifread").setLevel(logging.CRITICAL)

_EXIF_FORMATS = {"jpeg", "tiff", "dng", "heic", "heif", "avif", "webp", "png"}
_USER_COMMENT_FORMATS = {"jpeg", "webp", "tiff"}
_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286
_IMAGE_DESCRIPTION = 0x010E
#: ComfyUI counts down from Make (0x010F) for each extra_pnginfo key; Model (0x0110) holds 'prompt'.
_COMFY_TAGS = range(0x0100, 0x0111)
_COMFY_MARKERS = (b"workflow:{", b"prompt:{", b"workflow: {", b"prompt: {")
_KEYED_JSON = re.compile(r"^\s*([A-Za-z_][\w-]{0,40})\s*:\s*([\[{].*)$", re.DOTALL)


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


_STEPS = (b"Steps:", b"S\x00t\x00e\x00p\x00s")  # ASCII, and UTF-16 in either byte order


def _exif_bytes(probe: Probe) -> list[bytes]:
    """The bytes that can hold EXIF text: the Exif APP1 blocks of a JPEG, the EXIF chunk of a
    WebP, nothing for a PNG without an eXIf chunk; the whole file only for rarer containers."""
    if probe.fmt.name == "jpeg":
        return jpeg_app1(probe.data, b"Exif\x00")
    if probe.fmt.name == "png":
        return [probe.data] if probe.png().has_exif else []
    if probe.fmt.name == "webp":
        chunks = riff_chunks(probe.data, b"EXIF")
        return [probe.data] if chunks is None else chunks
    return [probe.data]


def _has_any(probe: Probe, markers: tuple[bytes, ...]) -> bool:
    """Cheap pre-check before parsing EXIF twice: generator infotext always holds 'Steps:'."""
    return any(marker in block for block in _exif_bytes(probe) for marker in markers)


def keyed_json(value: str) -> tuple[str, str] | None:
    """('workflow', '{...}') for a ComfyUI-style 'key:{json}' tag value, else None."""
    m = _KEYED_JSON.match(value)
    return (m.group(1), m.group(2)) if m else None


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
        comfy = self._keyed_json_tags(probe) if _has_any(probe, _COMFY_MARKERS) else {}
        if comfy or keyed_json(make) or keyed_json(model):
            # JSON in Make/Model is a generator's, not a camera's
            make = "" if keyed_json(make) else make
            model = "" if keyed_json(model) else model
            signals += [
                signal("exif", "generator_parameters", f"{tool} in EXIF IFD0: {detail}", "moderate",
                       "ai_generated")
                for tool, detail in identify(comfy)
            ]
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
            if GENERATOR_STATEMENT.search(software) and not keyed_json(software):
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
        if probe.fmt.name in _USER_COMMENT_FORMATS and _has_any(probe, _STEPS):
            for where, text in self._parameter_texts(probe):
                if text and generator_text(text):
                    who = f"{software[:60]} parameters" if software else "AUTOMATIC1111-style infotext"
                    signals.append(
                        signal(
                            "exif",
                            "generator_parameters",
                            f"{who} in EXIF {where}: {short(text)}",
                            "moderate",
                            "ai_generated",
                        )
                    )
                    break
        return ReaderResult(signals)

    @staticmethod
    def _ifd0(probe: Probe) -> Any:
        img = probe.header()
        if img is None:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return img.getexif()
        except Exception:
            return None

    def _keyed_json_tags(self, probe: Probe) -> dict[str, str]:
        """{'workflow': json, 'prompt': json} from IFD0 tags holding ComfyUI's 'key:{json}' text."""
        exif = self._ifd0(probe)
        out: dict[str, str] = {}
        for tag in _COMFY_TAGS:
            value = exif.get(tag) if exif is not None else None
            if isinstance(value, bytes):
                value = value.decode("utf-8", errors="replace")
            found = keyed_json(value) if isinstance(value, str) else None
            if found:
                out.setdefault(found[0], found[1])
        return out

    def _parameter_texts(self, probe: Probe) -> list[tuple[str, str]]:
        exif = self._ifd0(probe)
        description = exif.get(_IMAGE_DESCRIPTION) if exif is not None else None
        out = [("UserComment", self._user_comment(probe))]
        if isinstance(description, str):
            out.append(("ImageDescription", description))
        return out

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
