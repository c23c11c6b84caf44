"""One file's bytes, read once and shared by every reader; pixels are decoded lazily, at most once.

Memory is bounded: the decoded image stays uint8 inside Pillow (about 4 bytes a pixel), its pixel
count is reserved in the process's :class:`~provguard.provenance.budget.PixelBudget` first, and
readers take it in strips or column slices, never as a second full-size array.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from provguard.provenance.budget import PixelBudget
from provguard.provenance.options import InspectOptions
from provguard.provenance.png_chunks import PngText, parse_png
from provguard.provenance.sniff import Format, fast_size

_PILLOW_CANNOT = {"heic", "heif", "jxl"}  # no plugin in a default Pillow: don't try every decoder
STRIP_PIXELS = 1 << 18  # ~0.26 MP per strip: ~8 MB of float temporaries in the watermark decoder
TRIM_PIXELS = 4_000_000  # after freeing a decode this big, hand the memory back to the OS


@functools.cache
def _libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def _malloc_trim() -> None:
    """glibc keeps freed image blocks in per-thread arenas (the service decodes in a thread pool), so
    a burst of big uploads left the process gigabytes larger for good; ``malloc_trim`` returns them."""
    libc = _libc()
    if libc is not None:  # not glibc: nothing to do
        libc.malloc_trim(0)


class PixelsUnavailable(Exception):
    """The pixels cannot be decoded (unsupported codec, truncated data, over the pixel limit)."""


@dataclass
class Probe:
    """The input of every reader: name, bytes, detected format, options, and a lazy Pillow image."""

    name: str
    data: bytes
    fmt: Format
    options: InspectOptions
    budget: PixelBudget | None = None
    _header: Image.Image | None = field(default=None, init=False, repr=False)
    _header_error: str | None = field(default=None, init=False, repr=False)
    _pixels: Image.Image | None = field(default=None, init=False, repr=False)
    _png: PngText | None = field(default=None, init=False, repr=False)
    _reserved: int = field(default=0, init=False, repr=False)

    def header(self) -> Image.Image | None:
        """Pillow's lazily opened image (header parsed, pixels not decoded), or None if Pillow cannot."""
        if self._header is None and self._header_error is None and self.fmt.name in _PILLOW_CANNOT:
            self._header_error = f"Pillow has no {self.fmt.name} decoder installed"
        if self._header is None and self._header_error is None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._header = Image.open(io.BytesIO(self.data))
            except Image.DecompressionBombError as exc:
                self._header_error = f"decompression bomb: {exc}"
            except Exception as exc:  # Pillow raises many types for hostile headers
                self._header_error = f"{type(exc).__name__}: {exc}"
        return self._header

    def size(self) -> tuple[int, int] | None:
        """Pixel dimensions: from the PNG/JPEG header directly (cheap), else from Pillow."""
        fast = fast_size(self.data, self.fmt.name)
        if fast is not None:
            return fast
        img = self.header()
        return img.size if img is not None else None

    def pixels(self) -> Image.Image:
        """Decode the first frame once (within max_image_pixels and the pixel budget), or raise
        PixelsUnavailable. Raises :class:`provguard.errors.Busy` when the budget stays full."""
        if self._pixels is not None:
            return self._pixels
        img = self.header()
        if img is None:
            raise PixelsUnavailable(self._header_error or "Pillow cannot open this format")
        w, h = img.size
        if w * h > self.options.max_image_pixels:
            raise PixelsUnavailable(f"{w}x{h} exceeds max_image_pixels={self.options.max_image_pixels}")
        if self.budget is not None and not self._reserved:
            self._reserved = self.budget.acquire(w * h)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                img.load()
        except Exception as exc:
            raise PixelsUnavailable(f"cannot decode pixels: {type(exc).__name__}: {exc}") from exc
        self._pixels = img
        return img

    def strips(self, rows_multiple: int = 8) -> Iterator[np.ndarray]:
        """The decoded image as RGB uint8 strips of whole rows (top to bottom), each a multiple of
        ``rows_multiple`` rows (but the last) and about STRIP_PIXELS pixels."""
        img = self.pixels()
        w, h = img.size
        step = max(rows_multiple, STRIP_PIXELS // max(1, w) // rows_multiple * rows_multiple)
        for y in range(0, h, step):
            part = img.crop((0, y, w, min(h, y + step)))
            yield np.asarray(part if part.mode == "RGB" else part.convert("RGB"))

    def columns(self, count: int) -> np.ndarray:
        """The first ``count`` columns (all rows, all channels of the decoded mode) as uint8 HxWxC."""
        img = self.pixels()
        return np.asarray(img.crop((0, 0, min(count, img.size[0]), img.size[1])))

    def close(self) -> None:
        """Drop the decoded pixels and give their share of the budget back (idempotent)."""
        self._pixels = None
        if self._header is not None:
            self._header.close()
            self._header = None
        if self._reserved and self.budget is not None:
            self.budget.release(self._reserved)
        if self._reserved >= TRIM_PIXELS:
            _malloc_trim()
        self._reserved = 0

    def png(self) -> PngText:
        """The PNG chunk walk, done once per file (truncation check, XMP and text readers share it)."""
        if self._png is None:
            self._png = parse_png(self.data)
        return self._png

    def header_error(self) -> str | None:
        """Why Pillow could not open the file, if it was asked to and failed (never opens it itself)."""
        return self._header_error

    def info(self) -> dict[str, Any]:
        img = self.header()
        return {str(k): v for k, v in img.info.items()} if img is not None else {}
