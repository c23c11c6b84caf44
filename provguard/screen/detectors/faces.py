"""Face-in-input-image signal for edits: OpenCV 4.x's bundled Haar cascade, loaded lazily.

Why Haar: it ships inside ``opencv-python-headless`` 4.x (no runtime download) and runs in
milliseconds after downscaling. It misses profiles and small faces, so a detection is a
signal and a non-detection proves nothing; when OpenCV is missing the signal is reported as
unavailable, never as "no face".
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

from provguard.errors import PayloadTooLarge, UnsupportedFormat

MAX_SIDE = 640
_local = threading.local()


@dataclass(frozen=True)
class FaceResult:
    available: bool
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)  # x, y, w, h in original pixels
    reason: str = ""


def _cascade() -> Any:
    """One classifier per thread: OpenCV's CascadeClassifier is not thread-safe."""
    clf = getattr(_local, "clf", None)
    if clf is None:
        import cv2

        path = str(getattr(cv2, "data").haarcascades) + "haarcascade_frontalface_default.xml"  # noqa: B009
        clf = cv2.CascadeClassifier(path)
        if clf.empty():
            raise ImportError(f"Haar cascade not found at {path} (OpenCV 5.x no longer ships it)")
        _local.clf = clf
    return clf


def detect_faces(data: bytes, *, max_pixels: int = 40_000_000) -> FaceResult:
    """Decode with Pillow (pixel limit enforced before decoding) and run the cascade."""
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

        clf = _cascade()
    except ImportError as exc:
        return FaceResult(False, [], f"face signal unavailable: {exc}")
    try:
        img.draft("L", (MAX_SIDE, MAX_SIDE))
        gray = img.convert("L")
        scale = max(gray.size) / MAX_SIDE
        if scale > 1:
            gray = gray.resize((max(1, round(gray.width / scale)), max(1, round(gray.height / scale))))
        else:
            scale = 1.0
        scale = w / gray.width
    except (OSError, ValueError) as exc:
        raise UnsupportedFormat(f"input image could not be decoded: {exc}") from exc
    arr = np.asarray(gray, dtype=np.uint8)
    min_side = max(24, min(arr.shape) // 12)
    found = clf.detectMultiScale(arr, scaleFactor=1.1, minNeighbors=5, minSize=(min_side, min_side))
    boxes = [tuple(int(round(v * scale)) for v in b) for b in (found if len(found) else [])]
    return FaceResult(True, [(b[0], b[1], b[2], b[3]) for b in boxes])
