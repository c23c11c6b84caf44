"""The face signal of an edit's input image: a human face in the picture counts like a face reference.

Why apart from the engine: it is the one step that reads pixels, and OpenCV loads only when an image
comes with the prompt (the detector is imported here, lazily)."""

from __future__ import annotations

from provguard.screen import build
from provguard.screen.policy import Signals


def add_face_signal(sig: Signals, image: bytes, max_pixels: int) -> None:
    """Add the first detected face to ``sig.faces``, or a note when the detector is unavailable."""
    from provguard.screen.detectors.faces import detect_faces

    res = detect_faces(image, max_pixels=max_pixels)
    if not res.available:
        sig.notes.append(res.reason or "face signal unavailable")
    elif res.boxes:
        x, y, w, h = res.boxes[0]
        sig.faces.append(
            build.finding(
                "face.image.haar",
                "face_in_image",
                (0, 0),
                f"{len(res.boxes)} face(s), first at x={x} y={y} w={w} h={h}",
                "face_image",
                set_turn=False,
                set_hazard=True,
            )
        )
