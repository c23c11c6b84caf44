"""The face detector behind edit screening: in the default install, rotated, profile and small faces,
bounded memory, a lazy import. Images are fixtures, transformed here with Pillow."""

from __future__ import annotations

import importlib.metadata
import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from provguard.screen.detectors.faces import FaceResult, detect_faces
from tests.conftest import IMAGES

LADY = "huminify-c2pa-detector/lady.png"
LADY_FACE = (339, 296, 325, 325)
POSTER = "exif-samples/no_exif.jpg"  # a film poster: one face, in profile
POSTER_FACE = (197, 14, 50, 50)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _inside(result: FaceResult, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    return any(x <= bx + bw / 2 <= x + w and y <= by + bh / 2 <= y + h for bx, by, bw, bh in result.boxes)


def test_opencv_is_a_core_dependency() -> None:
    requires = importlib.metadata.requires("provguard") or []
    core = [r for r in requires if "extra ==" not in r]
    assert any(r.startswith("opencv-python-headless") and "<5" in r for r in core), core


def test_cli_help_does_not_import_opencv() -> None:
    code = "import sys\nfrom provguard.cli.main import run\nsys.argv = ['provguard', '--help']\n" \
           "try:\n    run()\nexcept SystemExit:\n    pass\nprint('cv2' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False"), out.stdout[-200:]


@pytest.mark.parametrize("turn", [Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180,
                                  Image.Transpose.ROTATE_270])
def test_rotated_face_is_found(fixtures_dir: Path, turn: Image.Transpose) -> None:
    img = Image.open(IMAGES / LADY).convert("RGB")
    w, h = img.size
    x, y, bw, bh = LADY_FACE
    boxes = {
        Image.Transpose.ROTATE_90: (y, w - x - bw, bh, bw),
        Image.Transpose.ROTATE_180: (w - x - bw, h - y - bh, bw, bh),
        Image.Transpose.ROTATE_270: (h - y - bh, x, bh, bw),
    }
    res = detect_faces(_png(img.transpose(turn)))
    assert res.available and _inside(res, boxes[turn]), res


def test_small_face_thumbnail_is_found(fixtures_dir: Path) -> None:
    """The issue's dodge: the same face scaled down to 64x48."""
    img = Image.open(IMAGES / LADY).convert("RGB")
    x, y, w, h = LADY_FACE
    m = int(0.6 * w)
    thumb = img.crop((x - m, y - m, x + w + m, y + h + m)).resize((64, 48), Image.Resampling.LANCZOS)
    res = detect_faces(_png(thumb))
    assert res.available and res.boxes, res
    upside_down = detect_faces(_png(thumb.transpose(Image.Transpose.ROTATE_180)))
    assert upside_down.boxes, upside_down


def test_profile_face_both_sides(fixtures_dir: Path) -> None:
    img = Image.open(IMAGES / POSTER).convert("RGB")
    assert _inside(detect_faces(_png(img)), POSTER_FACE)
    x, y, w, h = POSTER_FACE
    mirrored = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    assert _inside(detect_faces(_png(mirrored)), (img.width - x - w, y, w, h))


def test_face_free_landscape_has_no_face(fixtures_dir: Path) -> None:
    data = (IMAGES / "stable-diffusion/mountains-1.png").read_bytes()
    res = detect_faces(data)
    assert res.available and res.boxes == []


@pytest.mark.slow
def test_big_input_image_memory_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("RGB", (6000, 6000), (200, 180, 160)).save(path)
    code = (
        "from provguard.screen.detectors.faces import detect_faces\n"
        "import cv2, numpy\n"
        "def hwm():\n"
        "    rows = [x for x in open('/proc/self/status') if x.startswith('VmHWM')]\n"
        "    return int(rows[0].split()[1]) // 1024\n"
        "before = hwm()\n"
        f"r = detect_faces(open({str(path)!r}, 'rb').read())\n"
        "print(before, hwm(), r.available)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, peak, available = out.stdout.split()
    assert available == "True"
    assert int(peak) - int(before) < 300, out.stdout  # 144 MB decoded, then reduced, never converted
