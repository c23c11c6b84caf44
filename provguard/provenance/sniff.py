"""Detect the image format from content (magic bytes), never from the file name."""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """What the bytes are: a short name, the MIME type c2pa expects, and whether pixels are lossless."""

    name: str
    mime: str
    lossless: bool


_BMFF_BRANDS = {
    b"avif": ("avif", "image/avif"),
    b"avis": ("avif", "image/avif"),
    b"heic": ("heic", "image/heic"),
    b"heix": ("heic", "image/heic"),
    b"heim": ("heic", "image/heic"),
    b"heis": ("heic", "image/heic"),
    b"hevc": ("heic", "image/heic"),
    b"hevx": ("heic", "image/heic"),
    b"mif1": ("heif", "image/heif"),
    b"msf1": ("heif", "image/heif"),
}
_DNG_VERSION_TAG = 0xC612


def sniff(data: bytes) -> Format | None:
    """Return the format of ``data`` or None when it is not an image format provguard reads."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return Format("jpeg", "image/jpeg", False)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Format("png", "image/png", True)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Format("gif", "image/gif", True)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Format("webp", "image/webp", _webp_lossless(data))
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        if _tiff_is_dng(data):
            return Format("dng", "image/dng", True)
        return Format("tiff", "image/tiff", True)
    if head[:12] == b"\x00\x00\x00\x0cJXL \r\n\x87\n" or head[:2] == b"\xff\x0a":
        return Format("jxl", "image/jxl", False)
    if head[4:8] == b"ftyp":
        return _bmff(data)
    if head[:2] == b"BM" and len(data) >= 26:
        return Format("bmp", "image/bmp", True)
    return None


def _bmff(data: bytes) -> Format | None:
    size = struct.unpack(">I", data[:4])[0]
    brands = [data[8:12]]
    end = min(max(size, 16), len(data), 256)
    brands += [data[i : i + 4] for i in range(16, end - 3, 4)]
    for brand in brands:
        if brand in _BMFF_BRANDS:
            name, mime = _BMFF_BRANDS[brand]
            return Format(name, mime, False)
    return None


def _webp_lossless(data: bytes) -> bool:
    pos, end = 12, min(len(data), 12 + 64 * 1024)
    while pos + 8 <= end:
        fourcc = data[pos : pos + 4]
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        pos += 8 + size + (size & 1)
    return False


def _tiff_is_dng(data: bytes) -> bool:
    """Look for the DNGVersion tag in IFD0 (classic TIFF only; bounded, never raises)."""
    try:
        endian = "<" if data[:2] == b"II" else ">"
        if data[2:4] not in (b"*\x00", b"\x00*"):
            return False
        ifd = struct.unpack(endian + "I", data[4:8])[0]
        count = struct.unpack(endian + "H", data[ifd : ifd + 2])[0]
        for i in range(min(count, 1024)):
            off = ifd + 2 + 12 * i
            if struct.unpack(endian + "H", data[off : off + 2])[0] == _DNG_VERSION_TAG:
                return True
    except (struct.error, IndexError):
        return False
    return False
