"""Decoder for invisible-watermark's ``dwtDct`` method (the Stable Diffusion watermark), NumPy only.

The method, as published in imwatermark's ``maxDct.py``: convert BGR to YUV with OpenCV's 8-bit
formula, crop to a multiple of 4, take a one-level Haar DWT of the U channel (Y has scale 0; the V
scale is never reached by the encoder's loop), split the approximation band into 4x4 blocks in
row-major order, and in each block take the largest-magnitude coefficient other than [0, 0]:
``bit = (|c| mod 36) > 18``. Block ``k`` carries bit ``k mod L``; bits are voted by mean > 127/255.
Vectorised here (no per-block Python loop), so a megapixel decodes in milliseconds, not ~200 ms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pywt

SCALE = 36.0
BLOCK = 4
SD_V1 = b"StableDiffusionV1"
SDXL_BITS = np.array([int(c) for c in "101100111110110010010000011110111011000110011110"], dtype=np.uint8)

# OpenCV's fixed-point RGB->YUV (imgproc color_yuv): 14-bit coefficients, round half up.
_SHIFT = 14
_R2Y, _G2Y, _B2Y = 4899, 9617, 1868
_B2U = 8061  # 0.492 * 2**14
_HALF = 1 << (_SHIFT - 1)
_DELTA = 128 << _SHIFT
_Y_WEIGHTS = np.array([_R2Y, _G2Y, _B2Y], dtype=np.float32)


def yuv_u_channel(rgb: np.ndarray) -> np.ndarray:
    """U plane of OpenCV ``cvtColor(bgr, COLOR_BGR2YUV)`` for an HxWx3 RGB uint8 array (bit-exact).

    The fixed-point formula ``y = (r*R + g*G + b*B + half) >> 14``, ``u = ((b - y)*U + delta + half)
    >> 14`` is evaluated in float32: every intermediate is an integer of magnitude below 2**24, so
    float32 holds it exactly (whatever the summation order), and ``>> 14`` of the non-negative
    sums is an exact multiply by 2**-14 then floor. One BLAS product replaces three int32 channel
    copies: ~8x faster.
    Checked equal to OpenCV on all 2**24 colours; the test suite checks 262k random ones.
    """
    f = rgb.astype(np.float32)
    y = f @ _Y_WEIGHTS
    y += _HALF
    y *= 1.0 / (1 << _SHIFT)
    np.floor(y, out=y)
    u = f[..., 2] - y
    u *= _B2U
    u += _DELTA + _HALF
    u *= 1.0 / (1 << _SHIFT)
    np.floor(u, out=u)
    np.clip(u, 0, 255, out=u)
    return u.astype(np.uint8)


_HAAR = np.float64(pywt.Wavelet("haar").dec_lo[0])


def haar_approximation(x: np.ndarray) -> np.ndarray:
    """The approximation band of ``pywt.dwt2(x, "haar")`` for even-sized ``x``, bit for bit (tested),
    without computing the three detail bands: rows first, then columns, as pywt does."""
    rows = x[0::2] * _HAAR + x[1::2] * _HAAR
    return rows[:, 0::2] * _HAAR + rows[:, 1::2] * _HAAR


def block_scores(rgb: np.ndarray) -> np.ndarray:
    """Per-block bit reads (0/1) in the encoder's block order."""
    h, w = rgb.shape[0] // 4 * 4, rgb.shape[1] // 4 * 4
    u = yuv_u_channel(rgb[:h, :w])
    ca = haar_approximation(u.astype(np.float64))
    rows, cols = ca.shape[0] // BLOCK, ca.shape[1] // BLOCK
    blocks = ca[: rows * BLOCK, : cols * BLOCK].reshape(rows, BLOCK, cols, BLOCK).transpose(0, 2, 1, 3)
    flat = np.abs(blocks.reshape(-1, BLOCK * BLOCK))
    pos = np.argmax(flat[:, 1:], axis=1) + 1
    val = flat[np.arange(flat.shape[0]), pos]
    return (np.mod(val, SCALE) > 0.5 * SCALE).astype(np.float64)


def vote(scores: np.ndarray, length: int) -> np.ndarray:
    """Average block reads per bit position and threshold as imwatermark does (mean*255 > 127)."""
    idx = np.arange(scores.shape[0]) % length
    sums = np.bincount(idx, weights=scores, minlength=length)
    counts = np.bincount(idx, minlength=length)
    means = np.divide(sums, counts, out=np.zeros(length), where=counts > 0)
    return (means * 255 > 127).astype(np.uint8)


@dataclass(frozen=True)
class WatermarkRead:
    sd_v1_bytes: bytes
    sd_v1_distance: int  # Hamming distance to b"StableDiffusionV1" over 136 bits
    sdxl_matches: int  # matching bits out of 48


def decode(rgb: np.ndarray) -> WatermarkRead:
    """Decode both Stable Diffusion payloads from one pass over the image's blocks."""
    return decode_strips([rgb])


def decode_strips(strips: Iterable[np.ndarray]) -> WatermarkRead:
    """:func:`decode` over an image given as consecutive RGB strips of whole rows, top to bottom.

    A block row covers 8 image rows (Haar halves, then 4x4 blocks), so strips whose heights are
    multiples of 8 give exactly the whole image's block order; only the final partial rows, which
    the encoder never uses, are dropped. Memory is that of one strip, not of the image.
    """
    parts = []
    for strip in strips:
        rows = strip.shape[0] // (2 * BLOCK) * (2 * BLOCK)
        if rows:
            parts.append(block_scores(strip[:rows]))
    scores = np.concatenate(parts) if parts else np.zeros(0)
    v1 = vote(scores, len(SD_V1) * 8)
    expected = np.unpackbits(np.frombuffer(SD_V1, dtype=np.uint8))
    xl = vote(scores, SDXL_BITS.size)
    return WatermarkRead(
        sd_v1_bytes=np.packbits(v1).tobytes(),
        sd_v1_distance=int(np.count_nonzero(v1 != expected)),
        sdxl_matches=int(np.count_nonzero(xl == SDXL_BITS)),
    )
