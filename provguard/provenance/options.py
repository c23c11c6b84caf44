"""Inspection options: one frozen value shared by the CLI, the service and worker processes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

WatermarkMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class InspectOptions:
    """How to inspect; picklable so worker processes can rebuild an Inspector from it.

    ``watermark="auto"`` decodes the Stable Diffusion watermark only where it can survive (lossless
    colour images, both sides >= 256 px) and where a signed C2PA manifest has not already decided.
    ``remote_fetch`` stays False: no silent network access.
    ``decode_budget_pixels`` bounds the pixels decoded at once in one process (0: twice
    ``max_image_pixels``, about 320 MB); a decode that cannot get its share within
    ``decode_wait_seconds`` raises :class:`provguard.errors.Busy`.
    """

    trust_anchors: Path | None = None
    watermark: WatermarkMode = "auto"
    max_image_pixels: int = 40_000_000
    remote_fetch: bool = False
    max_file_bytes: int = 512 * 1024 * 1024
    decode_budget_pixels: int = 0
    decode_wait_seconds: float = 10.0
