"""Face-in-input-image signal for edits: OpenCV 4.x's bundled Haar cascades, loaded lazily.

Why Haar: the frontal and profile cascades ship inside ``opencv-python-headless`` 4.x (a core
dependency; no model download at run time, and no ONNX face model ships in any PyPI package we
can use). One upright cascade misses a lot, so the detector runs the frontal cascade and the
profile cascade (plus its mirror image, for the other side) in all four orientations, and
upscales small images so a face of ~24 px still fills the cascade's window. Recall and false
positives on a face set built from the fixtures are in docs/benchmarks.md (bench/face_bench.py).
A detection is a signal; a non-detection proves nothing. When OpenCV is missing the signal is
reported as unavailable, never as "no face".

Memory is bounded: JPEGs are decoded at reduced size (DCT scaling), other formats are reduced
from the uint8 decode straight to the working size, never converted at full size.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

from provguard.errors import PayloadTooLarge, UnsupportedFormat

MAX_SIDE = 640  # working resolution: a face of 24 px here is ~4% of the long side
MIN_SHORT_SIDE = 240  # smaller images are upscaled (at most 4x) so small faces fill a 24 px window
_FRONTAL = "haarcascade_frontalface_alt2.xml"
_PROFILE = "haarcascade_profileface.xml"
#: (cascade, minNeighbors, mirrored too): the profile cascade finds one side; mirroring finds the other.
_PASSES = ((_FRONTAL, 5, False), (_PROFILE, 6, False), (_PROFILE, 6, True))
_local = threading.local()

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class FaceResult:
    available: bool
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)  # x, y, w, h in original pixels
    reason: str = ""


def _cascade(name: str) -> Any:
    """One classifier per thread and model: OpenCV's CascadeClassifier is not thread-safe."""
    cache: dict[str, Any] = getattr(_local, "cascades", None) or {}
    _local.cascades = cache
    clf = cache.get(name)
    if clf is None:
        import cv2

        path = str(getattr(cv2, "data").haarcascades) + name  # noqa: B009
        clf = cv2.CascadeClassifier(path)
        if clf.empty():
            raise ImportError(f"Haar cascade not found at {path} (OpenCV 5.x no longer ships it)")
        cache[name] = clf
    return clf


def _working_gray(img: Any) -> tuple[Any, float]:
    """Greyscale uint8 at most MAX_SIDE on the long side (upscaled when small), and the factor
    from working pixels back to original pixels."""
    from PIL import Image

    w, h = img.size
    img.draft("L", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at 1/2, 1/4 or 1/8 size directly
    factor = max(1, max(img.size) // MAX_SIDE)
    if factor > 1:
        img = img.reduce(factor)  # from the uint8 decode, no full-size greyscale copy
    gray = img.convert("L")
    long_side, short_side = max(gray.size), min(gray.size)
    if long_side > MAX_SIDE:
        s = MAX_SIDE / long_side
        gray = gray.resize((max(1, round(gray.width * s)), max(1, round(gray.height * s))),
                           Image.Resampling.BILINEAR)
    elif short_side < MIN_SHORT_SIDE:
        s = min(4.0, MIN_SHORT_SIDE / max(1, short_side), MAX_SIDE / long_side)
        if s > 1:
            gray = gray.resize((max(1, round(gray.width * s)), max(1, round(gray.height * s))),
                               Image.Resampling.BICUBIC)
    return gray, w / gray.width


def _unrotate(box: Box, k: int, width: int, height: int) -> Box:
    """Map a box found in ``np.rot90(arr, k)`` back to ``arr`` (``width`` x ``height``)."""
    x, y, w, h = box
    if k == 1:
        return (width - y - h, x, h, w)
    if k == 2:
        return (width - x - w, height - y - h, w, h)
    if k == 3:
        return (y, height - x - w, h, w)
    return box


def _overlaps(a: Box, b: Box) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    return ix * iy > 0.3 * min(aw * ah, bw * bh)


def find_boxes(gray: Any) -> list[Box]:
    """Faces in a greyscale uint8 array, any of four orientations, frontal or profile."""
    import numpy as np

    eq = np.ascontiguousarray(gray)
    height, width = eq.shape
    side = max(20, min(eq.shape) // 20)
    boxes: list[Box] = []
    for k in range(4):
        rot = np.ascontiguousarray(np.rot90(eq, k))
        for name, neighbours, mirrored in _PASSES:
            src = np.ascontiguousarray(rot[:, ::-1]) if mirrored else rot
            found = _cascade(name).detectMultiScale(
                src, scaleFactor=1.15, minNeighbors=neighbours, minSize=(side, side)
            )
            for fx, fy, fw, fh in found if len(found) else []:
                box = (int(fx), int(fy), int(fw), int(fh))
                if mirrored:
                    box = (rot.shape[1] - box[0] - box[2], box[1], box[2], box[3])
                box = _unrotate(box, k, width, height)
                if not any(_overlaps(box, b) for b in boxes):
                    boxes.append(box)
        if boxes:
            break  # most photos are upright: the other orientations only cost time then
    return boxes


def detect_faces(data: bytes, *, max_pixels: int = 40_000_000) -> FaceResult:
    """Decode with Pillow (pixel limit enforced before decoding) and run the cascades."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # our own pixel limit below is the one that applies
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        w, h = img.size
    except Image.DecompressionBombError as exc:
        raise PayloadTooLarge(f"input image is a decompression bomb: {exc}") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UnsupportedFormat(f"input image could not be decoded: {exc}") from exc
    if w * h > max_pixels:
        raise PayloadTooLarge(f"input image has {w * h} pixels (limit {max_pixels})")
    try:
        import cv2  # noqa: F401
        import numpy as np

        _cascade(_FRONTAL)
        _cascade(_PROFILE)
    except ImportError as exc:
        return FaceResult(False, [], f"face signal unavailable: {exc}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gray, scale = _working_gray(img)
    except (OSError, ValueError) as exc:
        raise UnsupportedFormat(f"input image could not be decoded: {exc}") from exc
    arr = np.asarray(gray, dtype=np.uint8)
    boxes = [tuple(int(round(v * scale)) for v in b) for b in find_boxes(arr)]
    return FaceResult(True, [(b[0], b[1], b[2], b[3]) for b in boxes])
