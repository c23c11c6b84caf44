"""A bounded PNG chunk walker for text chunks (tEXt, zTXt, iTXt) anywhere in the file.

Pillow only exposes text after IDAT once pixels are decoded; walking chunk headers is cheaper and
sees every chunk. Compressed text is inflated with a hard cap so a zlib bomb cannot exhaust memory.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_TEXT_BYTES = 4 * 1024 * 1024  # per chunk, after inflation
MAX_TOTAL_TEXT = 16 * 1024 * 1024
MAX_CHUNKS = 100_000  # a hostile file with millions of tiny chunks must not stall the walk


@dataclass
class PngText:
    texts: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False
    has_iend: bool = False
    has_exif: bool = False
    has_c2pa: bool = False  # a caBX chunk (C2PA JUMBF), or the walk stopped before seeing them all
    problems: list[str] = field(default_factory=list)


def _inflate(blob: bytes, limit: int) -> bytes | None:
    d = zlib.decompressobj()
    try:
        out = d.decompress(blob, limit)
    except zlib.error:
        return None
    if d.unconsumed_tail:
        return None  # over the limit: refuse rather than inflate a bomb
    return out


def parse_png(data: bytes) -> PngText:
    """Collect text chunks; never raises. Marks files that end before IEND as truncated."""
    info = PngText()
    if not data.startswith(PNG_MAGIC):
        return info
    pos, total, count = 8, 0, 0
    while pos + 8 <= len(data):
        count += 1
        if count > MAX_CHUNKS:
            info.problems.append(f"more than {MAX_CHUNKS} chunks: stopped reading text chunks")
            info.has_iend = True  # not a truncation: we chose to stop
            info.has_c2pa = True  # unknown: let c2pa look
            return info
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        body_start, body_end = pos + 8, pos + 8 + length
        if body_end + 4 > len(data):
            info.truncated = True
            return info
        if ctype == b"IEND":
            info.has_iend = True
            return info
        if ctype == b"eXIf":
            info.has_exif = True
        elif ctype == b"caBX":
            info.has_c2pa = True
        if ctype in (b"tEXt", b"zTXt", b"iTXt") and total < MAX_TOTAL_TEXT:
            item = _text(ctype, data[body_start:body_end], info)
            if item is not None:
                total += len(item[1])
                info.texts.append(item)
        pos = body_end + 4
    info.truncated = True
    return info


def _text(ctype: bytes, body: bytes, info: PngText) -> tuple[str, str] | None:
    key, sep, rest = body.partition(b"\x00")
    if not sep or not key:
        info.problems.append(f"malformed {ctype.decode()} chunk")
        return None
    name = key[:79].decode("latin-1")
    if ctype == b"tEXt":
        return name, rest[:MAX_TEXT_BYTES].decode("latin-1")
    if ctype == b"zTXt":
        raw = _inflate(rest[1:], MAX_TEXT_BYTES) if rest[:1] == b"\x00" else None
        if raw is None:
            info.problems.append(f"zTXt '{name}' could not be inflated within {MAX_TEXT_BYTES} bytes")
            return None
        return name, raw.decode("latin-1")
    # iTXt: flag, method, language\0, translated keyword\0, text
    if len(rest) < 2:
        info.problems.append(f"malformed iTXt '{name}'")
        return None
    flag, method, tail = rest[0], rest[1], rest[2:]
    _lang, _, tail = tail.partition(b"\x00")
    _tkey, _, text = tail.partition(b"\x00")
    if flag:
        raw = _inflate(text, MAX_TEXT_BYTES) if method == 0 else None
        if raw is None:
            info.problems.append(f"iTXt '{name}' could not be inflated within {MAX_TEXT_BYTES} bytes")
            return None
        text = raw
    return name, text[:MAX_TEXT_BYTES].decode("utf-8", errors="replace")
