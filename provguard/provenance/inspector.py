"""Inspector: bytes -> readers -> one Verdict with evidence. Never raises for bad or hostile files."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from pathlib import Path
from typing import cast

from PIL import Image

from provguard.errors import Busy
from provguard.models import C2paSummary, ErrorInfo, EvidenceSource, Trust, Verdict
from provguard.provenance.budget import PixelBudget
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers import READERS, Reader, ReaderResult, ReadState
from provguard.provenance.readers.base import signal
from provguard.provenance.sniff import jpeg_scan_start, sniff
from provguard.provenance.verdict import decide

_logger = logging.getLogger(__name__)

#: Pillow's own hard limit (2x Image.MAX_IMAGE_PIXELS): a header claiming more is a bomb, whatever we
#: would do with it. Below it, ``max_image_pixels`` only bounds what the pixel readers decode, so a
#: 61-megapixel camera JPEG still gets its C2PA/EXIF verdict.
BOMB_PIXELS = 2 * (Image.MAX_IMAGE_PIXELS or 89_478_485)


def _error(name: str, code: str, message: str, fmt: str | None = None) -> Verdict:
    return Verdict(path=name, verdict=None, error=ErrorInfo(code=code, message=message), format=fmt)


class Inspector:
    """Reusable and thread-safe: readers (and the c2pa Context inside) are built once here."""

    def __init__(self, options: InspectOptions | None = None) -> None:
        self.options = options or InspectOptions()
        self.readers: tuple[Reader, ...] = tuple(cls(self.options) for cls in READERS)
        total = self.options.decode_budget_pixels or 2 * self.options.max_image_pixels
        self.budget = PixelBudget(total, self.options.decode_wait_seconds)

    def inspect_path(self, path: Path) -> Verdict:
        name = str(path)
        try:
            if Path(path).is_dir():
                return _error(name, "is_directory", "is a directory (pass --recursive to scan its files)")
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                return _error(name, "unreadable", "not a regular file (device, FIFO or socket)")
            size = st.st_size
            if size > self.options.max_file_bytes:
                return _error(
                    name,
                    "payload_too_large",
                    f"file is {size} bytes, over max_file_bytes={self.options.max_file_bytes}",
                )
            limit = self.options.max_file_bytes + 1
            with open(path, "rb") as fh:
                # ask for the size stat() saw, not the limit: read(n) allocates n bytes up front,
                # and a 512 MiB buffer per file cost more than reading it; then any growth since
                data = fh.read(min(size + 1, limit))
                if len(data) == size + 1 and len(data) < limit:
                    data += fh.read(limit - len(data))
        except FileNotFoundError:
            return _error(name, "not_found", "no such file")
        except PermissionError:
            return _error(name, "unreadable", "permission denied")
        except OSError as exc:
            return _error(name, "unreadable", f"cannot read: {exc.strerror or exc}")
        return self.inspect_bytes(data, name)

    def inspect_bytes(self, data: bytes, name: str = "<upload>") -> Verdict:
        """Raises only :class:`~provguard.errors.Busy` (the decode budget stayed full); every
        problem with the file itself becomes the Verdict's ``error``."""
        try:
            return self._inspect(data, name)
        except Busy:
            raise
        except Exception as exc:  # last line of defence: one bad file never stops a batch
            _logger.exception("inspector failed on %s", name)
            return _error(name, "internal_error", f"{type(exc).__name__}: {exc}")

    def _inspect(self, data: bytes, name: str) -> Verdict:
        if not data:
            return _error(name, "empty", "file is empty (0 bytes)")
        if len(data) > self.options.max_file_bytes:
            return _error(name, "payload_too_large", f"over max_file_bytes={self.options.max_file_bytes}")
        fmt = sniff(data)
        if fmt is None:
            return _error(
                name,
                "unsupported_format",
                f"not an image format provguard reads (content starts {data[:8]!r})",
            )
        probe = Probe(name=name, data=data, fmt=fmt, options=self.options, budget=self.budget)
        try:
            return self._read(probe)
        finally:
            probe.close()

    def _read(self, probe: Probe) -> Verdict:
        name, data, fmt = probe.name, probe.data, probe.fmt
        problem = _truncation(probe)
        if problem:
            return _error(name, "truncated", problem, fmt.name)
        size = probe.size()
        hard_cap = max(self.options.max_image_pixels, BOMB_PIXELS)
        if size is not None and size[0] * size[1] > hard_cap:
            return _error(
                name,
                "payload_too_large",
                f"{size[0]}x{size[1]} pixels is over {hard_cap} (decompression bomb guard)",
                fmt.name,
            )
        if probe.header_error() and str(probe.header_error()).startswith("decompression bomb"):
            return _error(name, "payload_too_large", str(probe.header_error()), fmt.name)
        state = ReadState()
        c2pa: C2paSummary | None = None
        trust: Trust = "none"
        for reader in self.readers:
            try:
                result = reader.read(probe, state)
            except Busy:
                raise
            except Exception as exc:
                _logger.warning("reader %s failed on %s: %s", reader.name, name, exc)
                result = ReaderResult(
                    [
                        signal(
                            cast(EvidenceSource, reader.name),
                            "reader_error",
                            f"{reader.name} reader failed: {type(exc).__name__}: {exc}",
                            "weak",
                        )
                    ]
                )
            state.results.append(result)
            if result.c2pa is not None:
                c2pa = result.c2pa
            if result.trust is not None:
                trust = result.trust
        signals = state.signals()
        return Verdict(
            path=name,
            verdict=decide(signals),
            trust=trust,
            evidence=[s.evidence for s in signals],
            c2pa=c2pa,
            format=fmt.name,
            sha256=hashlib.sha256(data).hexdigest(),
        )


def _truncation(probe: Probe) -> str | None:
    """Name the problem when a file visibly ends early (PNG without IEND, JPEG without EOI)."""
    if probe.fmt.name == "png":
        info = probe.png()
        if info.truncated or not info.has_iend:
            return "PNG ends before its IEND chunk (file truncated)"
    if probe.fmt.name == "jpeg":
        sos = jpeg_scan_start(probe.data)
        if sos is None:
            return "JPEG ends inside its header segments (file truncated)"
        if probe.data.rfind(b"\xff\xd9", sos) < 0:  # EOI sits at the end: search backwards
            return "JPEG has no end-of-image marker after its scan data (file truncated)"
    return None
