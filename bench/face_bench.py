"""Face detector recall and false positives on a face set built from the fixtures (a script, not a test).

Positives: the faces in ../shared/fixtures/images (boxes listed below, checked by eye), each image
rotated 90/180/270, mirrored, scaled down until the face is 24-48 px wide, and cropped around each
face (including a 64x48 thumbnail of it). Negatives: every other distinct fixture photo, in the same
four orientations. A face counts as found when a returned box's centre lies inside its true box.
Compares provguard's detector with the obvious alternative it replaced: OpenCV's upright frontal
Haar cascade at 640 px (minNeighbors 5).

    python3 bench/face_bench.py [--show-misses]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from provguard.screen.detectors.faces import detect_faces

IMAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "images"
Box = tuple[int, int, int, int]

#: True face boxes (x, y, w, h) in the original files' pixels.
FACES: dict[str, list[Box]] = {
    "huminify-c2pa-detector/lady.png": [(339, 296, 325, 325)],
    "huminify-c2pa-detector/test2.png": [(286, 163, 119, 119)],
    "huminify-c2pa-detector/triple.png": [(261, 358, 56, 56), (537, 368, 62, 62), (354, 679, 65, 65)],
    "exif-samples/no_exif.jpg": [(197, 14, 50, 50)],  # a profile on a film poster
}
#: Drawn or ambiguous faces: neither positives nor negatives.
SKIP = {"exif-samples/PaintTool_sample.jpg", "sd-parsers/automatic1111_stealth.png"}


@dataclass
class Case:
    name: str
    image: Image.Image
    faces: list[Box]


def _rotate(img: Image.Image, boxes: list[Box], quarter: int) -> tuple[Image.Image, list[Box]]:
    """Rotate counter-clockwise by quarter*90 degrees, boxes with it."""
    w, h = img.size
    out = []
    for x, y, bw, bh in boxes:
        if quarter == 1:
            out.append((y, w - x - bw, bh, bw))
        elif quarter == 2:
            out.append((w - x - bw, h - y - bh, bw, bh))
        elif quarter == 3:
            out.append((h - y - bh, x, bh, bw))
        else:
            out.append((x, y, bw, bh))
    ops = {1: Image.Transpose.ROTATE_90, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_270}
    return (img.transpose(ops[quarter]) if quarter else img), out


def _scale(img: Image.Image, boxes: list[Box], f: float) -> tuple[Image.Image, list[Box]]:
    size = (max(1, round(img.width * f)), max(1, round(img.height * f)))
    return img.resize(size, Image.Resampling.LANCZOS), [
        (round(x * f), round(y * f), max(1, round(w * f)), max(1, round(h * f))) for x, y, w, h in boxes
    ]


def positives() -> Iterator[Case]:
    for rel, boxes in FACES.items():
        img = Image.open(IMAGES / rel).convert("RGB")
        stem = Path(rel).stem
        for q in range(4):
            r, rb = _rotate(img, boxes, q)
            yield Case(f"{stem} rot{q * 90}", r, rb)
        mirrored = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        yield Case(f"{stem} mirror", mirrored, [(img.width - x - w, y, w, h) for x, y, w, h in boxes])
        for target in (48, 32, 24):
            f = target / min(b[2] for b in boxes)
            if f < 1:
                s, sb = _scale(img, boxes, f)
                yield Case(f"{stem} face{target}px", s, sb)
                r, rb = _rotate(s, sb, 1)
                yield Case(f"{stem} face{target}px rot90", r, rb)
        for i, (x, y, w, h) in enumerate(boxes):
            for margin in (0.5, 1.5):
                m = round(margin * w)
                box = (max(0, x - m), max(0, y - m), min(img.width, x + w + m), min(img.height, y + h + m))
                crop = img.crop(box)
                cb = [(x - box[0], y - box[1], w, h)]
                yield Case(f"{stem} face{i} crop{margin}", crop, cb)
                r, rb = _rotate(crop, cb, 3)
                yield Case(f"{stem} face{i} crop{margin} rot270", r, rb)
            m = round(0.6 * w)
            box = (max(0, x - m), max(0, y - m), min(img.width, x + w + m), min(img.height, y + h + m))
            thumb = img.crop(box)
            f = min(64 / thumb.width, 48 / thumb.height)
            t, tb = _scale(thumb, [(x - box[0], y - box[1], w, h)], f)
            yield Case(f"{stem} face{i} thumb {t.width}x{t.height}", t, tb)


def negatives() -> Iterator[Case]:
    seen: set[bytes] = set()
    for path in sorted(IMAGES.rglob("*")):
        rel = str(path.relative_to(IMAGES))
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp") or rel in FACES or rel in SKIP:
            continue
        try:
            img = Image.open(path)
            img.draft("RGB", (1024, 1024))
            img = img.convert("RGB")
        except Exception:
            continue
        key = img.resize((16, 16)).tobytes()
        if key in seen or min(img.size) < 32:
            continue  # the same picture under another manifest
        seen.add(key)
        for q in range(4):
            yield Case(f"{rel} rot{q * 90}", _rotate(img, [], q)[0], [])


def encode(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def upright_haar(data: bytes) -> list[Box]:
    """The detector provguard used before: frontal cascade, upright only, 640 px, minNeighbors 5."""
    import cv2
    import numpy as np

    img = Image.open(io.BytesIO(data)).convert("L")
    scale = max(img.size) / 640
    if scale > 1:
        img = img.resize((round(img.width / scale), round(img.height / scale)))
    else:
        scale = 1.0
    clf = cv2.CascadeClassifier(str(cv2.data.haarcascades) + "haarcascade_frontalface_default.xml")
    arr = np.asarray(img)
    side = max(24, min(arr.shape) // 12)
    found = clf.detectMultiScale(arr, scaleFactor=1.1, minNeighbors=5, minSize=(side, side))
    return [tuple(int(round(v * scale)) for v in b) for b in found]  # type: ignore[misc]


def provguard_faces(data: bytes) -> list[Box]:
    return list(detect_faces(data).boxes)


def _hit(found: list[Box], truth: Box) -> bool:
    x, y, w, h = truth
    return any(x <= fx + fw / 2 <= x + w and y <= fy + fh / 2 <= y + h for fx, fy, fw, fh in found)


def run(detector: Callable[[bytes], list[Box]], pos: list[tuple[Case, bytes]],
        neg: list[tuple[Case, bytes]], show: bool) -> dict[str, float]:
    found_faces = total_faces = 0
    images_hit = 0
    times: list[float] = []
    misses: list[str] = []
    for case, data in pos:
        t0 = time.perf_counter()
        boxes = detector(data)
        times.append(time.perf_counter() - t0)
        hits = [_hit(boxes, b) for b in case.faces]
        found_faces += sum(hits)
        total_faces += len(hits)
        images_hit += any(hits)
        if not all(hits):
            misses.append(case.name)
    fp = 0
    fp_names = []
    for case, data in neg:
        t0 = time.perf_counter()
        boxes = detector(data)
        times.append(time.perf_counter() - t0)
        if boxes:
            fp += 1
            fp_names.append(case.name)
    if show:
        print("  missed:", ", ".join(misses) or "-")
        print("  false positives:", ", ".join(fp_names) or "-")
    return {
        "face_recall": found_faces / total_faces,
        "image_recall": images_hit / len(pos),
        "fp_rate": fp / len(neg),
        "fp": fp,
        "ms_median": 1000 * statistics.median(times),
        "ms_max": 1000 * max(times),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    pos = [(c, encode(c.image)) for c in positives()]
    neg = [(c, encode(c.image)) for c in negatives()]
    n_faces = sum(len(c.faces) for c, _ in pos)
    print(f"face set: {len(pos)} positive images ({n_faces} faces), {len(neg)} negative images")
    print(f"{'detector':34s} {'face recall':>11s} {'image recall':>12s} {'false pos.':>12s} "
          f"{'median ms':>9s} {'max ms':>7s}")
    detectors = (("upright frontal Haar (before)", upright_haar), ("provguard detect_faces", provguard_faces))
    for name, det in detectors:
        r = run(det, pos, neg, args.show_misses)
        print(f"{name:34s} {r['face_recall']:11.1%} {r['image_recall']:12.1%} "
              f"{int(r['fp']):4d} ({r['fp_rate']:5.1%}) {r['ms_median']:9.1f} {r['ms_max']:7.1f}")


if __name__ == "__main__":
    main()
