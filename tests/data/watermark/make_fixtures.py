"""Regenerate the imwatermark-encoded test images in this folder (run by hand, not by the tests).

invisible-watermark 0.2.0 cannot be imported without torch (its package __init__ pulls in RivaGAN),
so this loads its ``imwatermark/maxDct.py`` (the dwtDct method: numpy + cv2 + pywt only) straight
from an unpacked wheel and encodes synthetic images exactly as ``WatermarkEncoder.encode(img,
'dwtDct')`` does. Usage::

    pip download invisible-watermark==0.2.0 --no-deps -d /tmp/iwm
    python3 -m zipfile -e /tmp/iwm/invisible_watermark-0.2.0-py3-none-any.whl /tmp/iwm/x
    python3 tests/data/watermark/make_fixtures.py /tmp/iwm/x/imwatermark/maxDct.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
SD_V1 = b"StableDiffusionV1"
SDXL = [int(c) for c in "101100111110110010010000011110111011000110011110"]


def synthetic(h: int, w: int, seed: int, dots: bool = True) -> np.ndarray:
    """A smooth mid-tone BGR picture; with ``dots``, one blue 2x2 dot per 8x8 block.

    dwtDct marks the largest non-DC value of each 4x4 block of the chroma DWT band, so a flat image
    gives the decoder ties and bit errors (as the research note found on small images); the dots
    make every block's maximum clear, so a small image can carry the whole mark.
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack(
        [
            110 + 30 * np.sin(x / 37.0 + seed) * np.cos(y / 53.0),
            120 + 25 * np.cos(x / 29.0) * np.sin(y / 41.0 + seed),
            115 + 20 * np.sin((x + y) / 61.0),
        ],
        axis=-1,
    )
    img += rng.normal(0, 1.5, img.shape)
    if dots:
        for by in range(0, h - 7, 8):
            for bx in range(0, w - 7, 8):
                cell = int(rng.integers(1, 16))
                cy, cx = by + 2 * (cell // 4), bx + 2 * (cell % 4)
                img[cy : cy + 2, cx : cx + 2, 0] += 70  # blue up: U (B - Y) rises
    return np.clip(img, 0, 255).astype(np.uint8)


def main(max_dct_path: str) -> None:
    spec = importlib.util.spec_from_file_location("maxDct", max_dct_path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    v1_bits = [int(b) for b in np.unpackbits(np.frombuffer(SD_V1, dtype=np.uint8))]
    jobs: list[tuple[str, np.ndarray, list[int]]] = [
        ("imwatermark_sdv1_320x256.png", synthetic(256, 320, 1), v1_bits),
        ("imwatermark_sdxl_288x256.png", synthetic(256, 288, 2), SDXL),
        ("imwatermark_sdv1_flat_256x256.png", synthetic(256, 256, 3, dots=False), v1_bits),
    ]
    expected: dict[str, dict[str, str]] = {}
    for name, bgr, bits in jobs:
        encoded = mod.EmbedMaxDct(bits, wmLen=len(bits)).encode(bgr)
        cv2.imwrite(str(HERE / name), encoded, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        img = cv2.imread(str(HERE / name))
        expected[name] = {
            str(n): "".join(str(int(b)) for b in mod.EmbedMaxDct([], wmLen=n).decode(img)) for n in (136, 48)
        }
        print(
            name,
            "imwatermark's own decoder recovers the mark:",
            expected[name][str(len(bits))] == "".join(map(str, bits)),
        )
    # what imwatermark's decoder reads from each image (bit errors included): ours must match exactly
    (HERE / "imwatermark_decoded.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
