"""One file's bytes, read once and shared by every reader; pixels are decoded lazily, at most once."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from provguard.provenance.options import InspectOptions
from provguard.provenance.png_chunks import PngText, parse_png
from provguard.provenance.sniff import Format, fast_size

_PILLOW_CANNOT = {"heic", "heif", "jxl"}  # no plugin in a default Pillow: don't try every decoder


class PixelsUnavailable(Exception):
    """The pixels cannot be decoded (unsupported codec, truncated data, over the pixel limit)."""


@dataclass
class Probe:
    """The input of every reader: name, bytes, detected format, options, and a lazy Pillow image."""

    name: str
    data: bytes
    fmt: Format
    options: InspectOptions
    _header: Image.Image | None = field(default=None, init=False, repr=False)
    _header_error: str | None = field(default=None, init=False, repr=False)
    _pixels: Image.Image | None = field(default=None, init=False, repr=False)
    _png: PngText | None = field(default=None, init=False, repr=False)
    _array: np.ndarray | None = field(default=None, init=False, repr=False)

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
        """Decode the first frame once (within max_image_pixels), or raise PixelsUnavailable."""
        if self._pixels is not None:
            return self._pixels
        img = self.header()
        if img is None:
            raise PixelsUnavailable(self._header_error or "Pillow cannot open this format")
        w, h = img.size
        if w * h > self.options.max_image_pixels:
            raise PixelsUnavailable(f"{w}x{h} exceeds max_image_pixels={self.options.max_image_pixels}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                img.load()
        except Exception as exc:
            raise PixelsUnavailable(f"cannot decode pixels: {type(exc).__name__}: {exc}") from exc
        self._pixels = img
        return img

    def array(self) -> np.ndarray:
        """``np.asarray(self.pixels())``, made once: the stealth and watermark readers share it."""
        if self._array is None:
            self._array = np.asarray(self.pixels())
        return self._array

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
