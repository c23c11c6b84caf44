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


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def fast_size(data: bytes, fmt: str) -> tuple[int, int] | None:
    """(width, height) from the PNG IHDR or the first JPEG SOF, without Pillow; None if not found."""
    if fmt == "png" and len(data) >= 24 and data[12:16] == b"IHDR":
        w, h = struct.unpack(">II", data[16:24])
        return w, h
    if fmt == "gif" and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return w, h
    if fmt == "webp" and len(data) >= 30:
        chunk = data[12:16]
        if chunk == b"VP8X":
            return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
        if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
            w, h = struct.unpack("<HH", data[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if chunk == b"VP8L" and data[20] == 0x2F:
            bits = int.from_bytes(data[21:25], "little")
            return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if fmt in ("avif", "heic", "heif"):
        return _ispe_size(data)
    if fmt == "jpeg":
        pos = 2
        while pos + 9 <= len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
                pos += 2
                continue
            if marker in _SOF:
                h, w = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return w, h
            if marker == 0xDA:
                return None
            pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return None


def jpeg_scan_start(data: bytes) -> int | None:
    """Offset of the first SOS segment, walking marker segments; None if the data ends first."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return pos  # not a marker: leave the judgement to the decoders
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xDA:
            return pos
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return None


XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\x00"


def jpeg_app1(data: bytes, prefix: bytes) -> list[bytes]:
    """Payloads (after ``prefix``) of the APP1 segments that start with ``prefix``, before the first scan."""
    out: list[bytes] = []
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xDA:
            break
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xE1 and data.startswith(prefix, pos + 4):
            out.append(data[pos + 4 + len(prefix) : end])
        pos = end
    return out


def _ispe_size(data: bytes) -> tuple[int, int] | None:
    """Largest 'ispe' (image spatial extents) property in an HEIF/AVIF file: the primary image or a grid."""
    best: tuple[int, int] | None = None
    pos = data.find(b"ispe")
    for _ in range(64):
        if pos < 4 or pos + 16 > len(data):
            break
        w, h = struct.unpack(">II", data[pos + 8 : pos + 16])
        if best is None or w * h > best[0] * best[1]:
            best = (w, h)
        pos = data.find(b"ispe", pos + 4)
    return best


def jpeg_has_segment(data: bytes, marker: int) -> bool:
    """True when a marker segment (e.g. 0xEB = APP11, where C2PA JUMBF lives) precedes the first scan,
    or when the segment walk cannot be completed (then the caller should look the slow way)."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return True
        m = data[pos + 1]
        if m == 0xFF:
            pos += 1
            continue
        if m == marker:
            return True
        if m == 0xDA:
            return False
        if m in (0x01, 0xD8) or 0xD0 <= m <= 0xD7:
            pos += 2
            continue
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return True


def riff_chunks(data: bytes, fourcc: bytes) -> list[bytes] | None:
    """Payloads of the top-level RIFF (WebP) chunks named ``fourcc``; None when the walk breaks."""
    out: list[bytes] = []
    pos = 12
    for _ in range(4096):
        if pos == len(data):
            return out
        if pos + 8 > len(data):
            return None
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if data[pos : pos + 4] == fourcc:
            out.append(data[pos + 8 : pos + 8 + size])
        pos += 8 + size + (size & 1)
    return None
