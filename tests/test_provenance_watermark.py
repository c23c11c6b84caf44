"""The dwtDct (Stable Diffusion) watermark decoder: bit-compatible with invisible-watermark.

Proof, three ways: (1) the U plane equals OpenCV's BGR2YUV exactly; (2) images encoded by
imwatermark itself (tests/data/watermark, see make_fixtures.py there) decode to exactly the bits
imwatermark's own decoder read, bit errors included; (3) an encoder written here from the public
method reproduces imwatermark's output pixels and round-trips through PNG and the Inspector.
"""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import cv2
import numpy as np
import pytest
import pywt
from PIL import Image

from provguard.provenance import InspectOptions, Inspector, dwtdct
from tests.conftest import IMAGES, REPO

DATA = REPO / "tests" / "data" / "watermark"
V1_BITS = np.unpackbits(np.frombuffer(dwtdct.SD_V1, dtype=np.uint8))


def _make_fixtures_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def encode_dwtdct(bgr: np.ndarray, bits: np.ndarray, scale: float = 36.0) -> np.ndarray:
    """Our own encoder, written from the published method (EmbedMaxDct.encode), for round trips."""
    out = bgr.copy()
    h, w = out.shape[0] // 4 * 4, out.shape[1] // 4 * 4
    yuv = cv2.cvtColor(out, cv2.COLOR_BGR2YUV)
    ca, (ch, cv, cd) = pywt.dwt2(yuv[:h, :w, 1], "haar")  # U only: Y has scale 0, V is never reached
    num = 0
    for i in range(ca.shape[0] // 4):
        for j in range(ca.shape[1] // 4):
            block = ca[i * 4 : i * 4 + 4, j * 4 : j * 4 + 4]
            pos = int(np.argmax(np.abs(block.flatten()[1:]))) + 1
            r, c = divmod(pos, 4)
            val = block[r, c]
            q = (abs(val) // scale + 0.25 + 0.5 * int(bits[num % len(bits)])) * scale
            block[r, c] = q if val >= 0 else -q
            num += 1
    yuv[:h, :w, 1] = pywt.idwt2((ca, (cv, ch, cd)), "haar")  # imwatermark passes (v, h, d) back
    return cv2.cvtColor(yuv, cv2.COLOR_YUV2BGR)


def rgb_of(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def png_bytes(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "PNG")
    return buf.getvalue()


def test_u_plane_matches_opencv_exactly() -> None:
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (512, 512, 3), dtype=np.uint8)
    rgb[0, :8] = [
        [0, 0, 0],
        [255, 255, 255],
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
        [255, 255, 0],
        [0, 255, 255],
        [255, 0, 255],
    ]
    expected = cv2.cvtColor(np.ascontiguousarray(rgb[..., ::-1]), cv2.COLOR_BGR2YUV)[..., 1]
    assert np.array_equal(dwtdct.yuv_u_channel(rgb), expected)


@pytest.mark.parametrize("name", sorted(json.loads((DATA / "imwatermark_decoded.json").read_text())))
def test_bits_equal_imwatermark_decoder(name: str) -> None:
    expected = json.loads((DATA / "imwatermark_decoded.json").read_text())[name]
    scores = dwtdct.block_scores(rgb_of(DATA / name))
    for length, bits in expected.items():
        assert "".join(map(str, dwtdct.vote(scores, int(length)))) == bits


def test_imwatermark_encoded_files_decode() -> None:
    assert dwtdct.decode(rgb_of(DATA / "imwatermark_sdv1_320x256.png")).sd_v1_bytes == b"StableDiffusionV1"
    assert dwtdct.decode(rgb_of(DATA / "imwatermark_sdxl_288x256.png")).sdxl_matches == 48
    flat = dwtdct.decode(rgb_of(DATA / "imwatermark_sdv1_flat_256x256.png"))
    assert flat.sd_v1_distance > 8  # a flat image loses the mark (imwatermark itself misreads it)


def test_our_encoder_reproduces_imwatermark_pixels() -> None:
    mod = _make_fixtures_module()
    ours = encode_dwtdct(mod.synthetic(256, 320, 1), V1_BITS)
    theirs = cv2.imread(str(DATA / "imwatermark_sdv1_320x256.png"))
    assert theirs is not None and np.array_equal(ours, theirs)


def test_round_trip_through_png_and_inspector(tmp_path: Path) -> None:
    mod = _make_fixtures_module()
    bgr = encode_dwtdct(mod.synthetic(320, 448, 5), V1_BITS)
    path = tmp_path / "marked.png"
    path.write_bytes(png_bytes(np.ascontiguousarray(bgr[..., ::-1])))
    v = Inspector(InspectOptions()).inspect_path(path)
    assert v.verdict == "ai_generated"
    wm = [e for e in v.evidence if e.source == "watermark"]
    assert wm and wm[0].kind == "sd_watermark" and wm[0].strength == "strong"
    sdxl = encode_dwtdct(mod.synthetic(256, 256, 6), dwtdct.SDXL_BITS)
    v2 = Inspector(InspectOptions()).inspect_bytes(png_bytes(np.ascontiguousarray(sdxl[..., ::-1])), "xl.png")
    assert [e.kind for e in v2.evidence if e.source == "watermark"] == ["sdxl_watermark"]


def test_modes_and_auto_gating() -> None:
    marked = rgb_of(DATA / "imwatermark_sdv1_320x256.png")
    as_png = png_bytes(marked)
    buf = io.BytesIO()
    Image.fromarray(marked).save(buf, "JPEG", quality=95)
    as_jpeg = buf.getvalue()

    def wm(data: bytes, mode: str) -> list[str]:
        v = Inspector(InspectOptions(watermark=mode)).inspect_bytes(data, "x")  # type: ignore[arg-type]
        return [e.kind for e in v.evidence if e.source == "watermark"]

    assert wm(as_png, "auto") == ["sd_watermark"]
    assert wm(as_png, "never") == []
    assert wm(as_jpeg, "auto") == []  # lossy: auto does not even try
    assert "sd_watermark" not in wm(as_jpeg, "always")  # tried, and JPEG destroyed the mark
    small = png_bytes(marked[:255, :300])
    assert wm(small, "auto") == [] and wm(small, "always") == []  # a side under 256 px
    grey = io.BytesIO()
    Image.fromarray(marked).convert("L").save(grey, "PNG")
    assert wm(grey.getvalue(), "always") == []  # no chroma, no mark


def test_fixture_photos_carry_no_watermark(fixtures_dir: Path) -> None:
    checked = 0
    for path in sorted(IMAGES.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (
            ".png",
            ".jpg",
            ".jpeg",
            ".webp",
            ".tif",
            ".tiff",
        ):
            continue
        try:
            img = Image.open(path)
            if min(img.size) < 256 or img.size[0] * img.size[1] > 16_000_000:
                continue
            rgb = np.asarray(img.convert("RGB"))
        except Exception:
            continue
        read = dwtdct.decode(rgb)
        assert read.sd_v1_distance > 8 and read.sdxl_matches < 46, (path, read)
        checked += 1
    assert checked >= 40
