"""A per-process budget of decoded pixels: how many megapixels may sit in memory at once.

Decoding is where inspection spends memory (about 4 bytes a pixel in Pillow), so every pixel decode
reserves its pixel count here first. In the CLI one worker decodes one file at a time and never
waits; in the service, uploads decoding at once share the budget, wait a bounded time for it, and
beyond that get :class:`~provguard.errors.Busy` (503 with Retry-After) instead of exhausting the host.
"""

from __future__ import annotations

import threading
import time

from provguard.errors import Busy


class PixelBudget:
    """A counting semaphore in pixels. Thread-safe; one per Inspector (so one per process)."""

    def __init__(self, total_pixels: int, wait_seconds: float) -> None:
        if total_pixels <= 0:
            raise ValueError("total_pixels must be positive")
        self.total = total_pixels
        self.wait_seconds = wait_seconds
        self._used = 0
        self._cond = threading.Condition()

    @property
    def in_use(self) -> int:
        with self._cond:
            return self._used

    def acquire(self, pixels: int) -> int:
        """Reserve ``pixels`` (capped at the total, so one maximal image always fits alone); wait at
        most ``wait_seconds``; raise Busy after. Returns what was reserved, for :meth:`release`."""
        need = max(1, min(pixels, self.total))
        deadline = time.monotonic() + self.wait_seconds
        with self._cond:
            while self._used + need > self.total:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Busy(
                        f"too many images are being decoded at once ({self._used} of {self.total} pixels "
                        f"in use); retry shortly",
                        retry_after=max(1, round(self.wait_seconds)),
                    )
                self._cond.wait(left)
            self._used += need
        return need

    def release(self, pixels: int) -> None:
        with self._cond:
            self._used = max(0, self._used - pixels)
            self._cond.notify_all()
