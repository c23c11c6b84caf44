"""Stable Diffusion invisible watermark (dwtDct): ``StableDiffusionV1`` bytes or the SDXL 48-bit mark.

``auto`` decodes only where the mark can survive (lossless formats, colour, both sides >= 256 px)
and where a signed C2PA manifest has not already decided; ``always`` decodes every colour image
Pillow can open; ``never`` skips it.
"""

from __future__ import annotations

from typing import ClassVar

from provguard.provenance import dwtdct
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import PixelsUnavailable, Probe
from provguard.provenance.readers.base import ReaderResult, ReadState, signal

MIN_SIDE = 256
NEAR_V1 = 8  # bits of 136: a near match is reported, but only as weak evidence
SDXL_MIN = 46  # of 48: unmarked images match 19-30 bits


class WatermarkReader:
    name: ClassVar[str] = "watermark"

    def __init__(self, options: InspectOptions) -> None:
        self.options = options

    def _applies(self, probe: Probe, state: ReadState) -> bool:
        mode = self.options.watermark
        if mode == "never" or (mode == "auto" and (not probe.fmt.lossless or state.ai_declared())):
            return False  # cheap checks first: opening the header costs more
        header = probe.header()
        if header is None or header.mode not in ("RGB", "RGBA"):
            return False  # the mark lives in chroma: grey, bilevel and palette images cannot carry it
        return min(header.size) >= MIN_SIDE

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        if not self._applies(probe, state):
            return ReaderResult()
        try:
            read = dwtdct.decode_strips(probe.strips(2 * dwtdct.BLOCK))
        except PixelsUnavailable as exc:
            return ReaderResult([signal("watermark", "not_decoded", f"pixels not checked: {exc}", "weak")])
        if read.sd_v1_distance == 0:
            return ReaderResult(
                [
                    signal(
                        "watermark",
                        "sd_watermark",
                        "invisible watermark (dwtDct) decodes to "
                        "b'StableDiffusionV1' (Stable Diffusion reference scripts)",
                        "strong",
                        "ai_generated",
                    )
                ]
            )
        if read.sdxl_matches >= SDXL_MIN:
            return ReaderResult(
                [
                    signal(
                        "watermark",
                        "sdxl_watermark",
                        f"invisible watermark (dwtDct) matches the "
                        f"SDXL/diffusers 48-bit pattern in {read.sdxl_matches}/48 bits",
                        "strong",
                        "ai_generated",
                    )
                ]
            )
        if read.sd_v1_distance <= NEAR_V1:
            return ReaderResult(
                [
                    signal(
                        "watermark",
                        "sd_watermark_near",
                        f"invisible watermark decodes to "
                        f"{read.sd_v1_bytes!r}, {read.sd_v1_distance}/136 bits from "
                        "'StableDiffusionV1' (near match: weak on its own)",
                        "weak",
                    )
                ]
            )
        return ReaderResult()
