"""Provenance readers, registered in ONE list. A new reader is one module plus one line here.

Order matters: readers see what earlier ones found (the pixel readers skip work once a signed
C2PA manifest has decided), so cheap, strong readers come first.
"""

from __future__ import annotations

from provguard.provenance.readers.base import Reader, ReaderResult, ReadState, Signal
from provguard.provenance.readers.c2pa_reader import C2paReader
from provguard.provenance.readers.exif import ExifReader
from provguard.provenance.readers.png_text import PngTextReader
from provguard.provenance.readers.stealth import StealthReader
from provguard.provenance.readers.watermark import WatermarkReader
from provguard.provenance.readers.xmp import XmpReader

READERS: tuple[type[Reader], ...] = (
    C2paReader,
    XmpReader,
    ExifReader,
    PngTextReader,
    StealthReader,
    WatermarkReader,
)

__all__ = ["READERS", "Reader", "ReaderResult", "ReadState", "Signal"]
