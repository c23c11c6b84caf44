"""A1111 "stealth pnginfo": generation parameters hidden in pixel LSBs (alpha, or RGB) of PNG/WebP.

Bits run column by column (x outer, y inner), MSB first: a 15-byte signature, a 32-bit payload
length in bits, then the payload (gzip when the signature ends in 'comp').
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import ClassVar

import numpy as np

from provguard.provenance.generators import generator_text, short
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import PixelsUnavailable, Probe
from provguard.provenance.readers.base import ReaderResult, ReadState, signal

SIGNATURES = {
    b"stealth_pnginfo": ("alpha", False),
    b"stealth_pngcomp": ("alpha", True),
    b"stealth_rgbinfo": ("rgb", False),
    b"stealth_rgbcomp": ("rgb", True),
}
_SIG_BITS = 15 * 8
MAX_PAYLOAD = 4 * 1024 * 1024


Columns = Callable[[int], np.ndarray]


def _stream(columns: Columns, h: int, planes: slice, nbits: int) -> np.ndarray:
    """The first ``nbits`` LSBs in column-major pixel order over the given channel planes, reading
    only the leading columns that hold them (``columns(n)`` gives the first n, HxnxC)."""
    per_col = h * (planes.stop - planes.start)
    part = columns(-(-nbits // per_col))[:, :, planes] & 1
    return np.ascontiguousarray(part.transpose(1, 0, 2)).ravel()[:nbits]


def extract(arr: np.ndarray) -> tuple[str, bytes] | None:
    """Return (mode, payload) when a stealth signature is present in an HxWxC uint8 array."""
    if arr.ndim != 3:
        return None
    return extract_columns(lambda n: arr[:, :n], arr.shape[0], arr.shape[1], arr.shape[2])


def extract_columns(columns: Columns, h: int, w: int, channels: int) -> tuple[str, bytes] | None:
    """:func:`extract` on an image of ``h`` x ``w`` x ``channels`` given by its leading columns:
    the signature sits in the first column or two, so an unmarked image costs one column slice."""
    if channels < 3:
        return None
    total_pixels = h * w
    candidates = []
    if channels == 4:
        candidates.append(slice(3, 4))
    candidates.append(slice(0, 3))
    for planes in candidates:
        width = planes.stop - planes.start
        capacity = total_pixels * width
        if capacity < _SIG_BITS + 32:
            continue
        head = _stream(columns, h, planes, _SIG_BITS + 32)
        sig = np.packbits(head[:_SIG_BITS]).tobytes()
        if sig not in SIGNATURES:
            continue
        mode, compressed = SIGNATURES[sig]
        if (mode == "alpha") != (width == 1):
            continue
        length = int.from_bytes(np.packbits(head[_SIG_BITS:]).tobytes(), "big")
        if length <= 0 or length > min(capacity - _SIG_BITS - 32, MAX_PAYLOAD * 8):
            return mode, b""
        bits = _stream(columns, h, planes, _SIG_BITS + 32 + length)[_SIG_BITS + 32 :]
        payload = np.packbits(bits).tobytes()
        if compressed:
            d = zlib.decompressobj(wbits=47)
            try:
                payload = d.decompress(payload, MAX_PAYLOAD)
            except zlib.error:
                return mode, b""
        return mode, payload
    return None


class StealthReader:
    name: ClassVar[str] = "stealth"

    def __init__(self, options: InspectOptions) -> None:
        self.options = options

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        if probe.fmt.name not in ("png", "webp") or not probe.fmt.lossless or state.ai_declared():
            return ReaderResult()
        header = probe.header()
        if header is None or header.mode not in ("RGB", "RGBA"):
            return ReaderResult()
        w, h = header.size
        try:
            found = extract_columns(probe.columns, h, w, len(header.mode))
        except PixelsUnavailable as exc:
            return ReaderResult([signal("stealth", "not_decoded", f"pixels not checked: {exc}", "weak")])
        if found is None:
            return ReaderResult()
        mode, payload = found
        text = payload.decode("utf-8", errors="replace")
        what = (
            f"AUTOMATIC1111 infotext: {short(text)}"
            if generator_text(text)
            else f"{len(payload)} bytes: {short(text, 80)}"
        )
        return ReaderResult(
            [
                signal(
                    "stealth",
                    "stealth_pnginfo",
                    f"A1111 stealth pnginfo in {mode} LSBs, {what}",
                    "moderate",
                    "ai_generated",
                )
            ]
        )
