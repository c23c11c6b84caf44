"""Unit tests per reader (XMP, EXIF, PNG text, stealth pnginfo, sniffing) on inputs built here."""

from __future__ import annotations

import gzip
import io
import re
import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from provguard.models import Verdict
from provguard.provenance import InspectOptions, Inspector
from provguard.provenance.readers import READERS
from provguard.provenance.readers.exif import decode_user_comment
from provguard.provenance.readers.stealth import extract
from provguard.provenance.sniff import sniff
from tests.conftest import IMAGES, REPO

A1111 = (
    "a photo of a duck\nNegative prompt: blurry\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512"
)


def xmp_packet(dst_xml: str) -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'xmlns:xmp="http://ns.adobe.com/xap/1.0/">{dst_xml}</rdf:Description></rdf:RDF></x:xmpmeta>'
        '<?xpacket end="w"?>'
    ).encode()


def jpeg(size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buf, "JPEG", **save)
    return buf.getvalue()


def with_xmp(data: bytes, packet: bytes) -> bytes:
    body = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]


def png(info: PngInfo | None = None, img: Image.Image | None = None) -> bytes:
    buf = io.BytesIO()
    (img or Image.new("RGB", (8, 8), (10, 20, 30))).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


@pytest.fixture(scope="module")
def insp() -> Inspector:
    return Inspector(InspectOptions())


def ev(v: Verdict, source: str) -> list[str]:
    return [e.kind for e in v.evidence if e.source == source]


def test_every_registered_reader_has_tests() -> None:
    text = "".join(
        p.read_text()
        for p in (REPO / "tests").glob("test_*.py")
        if p.name.startswith(("test_provenance", "test_inspect"))
    )
    for reader in READERS:
        assert reader.__name__ in text or f'"{reader.name}"' in text, (
            f"no tests mention reader {reader.__name__}"
        )
    assert [r.name for r in READERS] == ["c2pa", "xmp", "exif", "png_text", "stealth", "watermark"]


# --------------------------------------------------------------------------- XmpReader


@pytest.mark.parametrize(
    ("xml", "verdict"),
    [
        (
            "<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
            "</Iptc4xmpExt:DigitalSourceType>",
            "ai_generated",
        ),
        (
            '<Iptc4xmpExt:DigitalSourceType rdf:resource="http://cv.iptc.org/newscodes/digitalsourcetype/'
            'compositeWithTrainedAlgorithmicMedia"/>',
            "ai_edited",
        ),
        (
            "<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"
            "</Iptc4xmpExt:DigitalSourceType>",
            "undeclared",
        ),
        ("<xmp:CreatorTool>Adobe Photoshop 25.0</xmp:CreatorTool>", "no_provenance"),
        ("<xmp:CreatorTool>Midjourney</xmp:CreatorTool>", "ai_generated"),
    ],
)
def test_xmp_digital_source_type(insp: Inspector, xml: str, verdict: str) -> None:
    v = insp.inspect_bytes(with_xmp(jpeg(), xmp_packet(xml)), "x.jpg")
    assert v.verdict == verdict
    if verdict != "no_provenance":
        assert ev(v, "xmp")


def test_xmp_in_compressed_png_itxt(insp: Inspector) -> None:
    info = PngInfo()
    dst = (
        "<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
        "</Iptc4xmpExt:DigitalSourceType>"
    )
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(dst).decode(), zip=True)
    v = insp.inspect_bytes(png(info), "meta.png")
    assert v.verdict == "ai_generated" and ev(v, "xmp") == ["digital_source_type"]


def test_xmp_malformed_is_weak_note(insp: Inspector) -> None:
    broken = b"<x:xmpmeta><rdf:RDF><DigitalSourceType></x:xmpmeta>"
    v = insp.inspect_bytes(with_xmp(jpeg(), broken), "bad.jpg")
    assert v.verdict == "no_provenance" and ev(v, "xmp") == ["xmp_malformed"]


# --------------------------------------------------------------------------- ExifReader


def _exif_jpeg(comment: bytes | None = None, make: str = "Canon", software: str | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = "EOS 40D"
    if software:
        exif[0x0131] = software
    if comment is not None:
        exif.get_ifd(0x8769)[0x9286] = comment
    return jpeg(exif=exif.tobytes())


def test_camera_exif_is_weak_only(insp: Inspector) -> None:
    v = insp.inspect_bytes(_exif_jpeg(), "cam.jpg")
    assert v.verdict == "no_provenance"
    cam = [e for e in v.evidence if e.kind == "camera_exif"]
    assert cam and cam[0].strength == "weak" and "forged" in cam[0].detail


def test_a1111_user_comment_unicode(insp: Inspector) -> None:
    v = insp.inspect_bytes(_exif_jpeg(b"UNICODE\x00" + A1111.encode("utf-16-be")), "a1111.jpg")
    assert v.verdict == "ai_generated" and "generator_parameters" in ev(v, "exif")
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + A1111.encode("utf-16-be")
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buf, "WEBP", exif=exif.tobytes())  # A1111 saves WebP this way
    v = insp.inspect_bytes(buf.getvalue(), "a1111.webp")
    assert (v.format, v.verdict) == ("webp", "ai_generated") and "generator_parameters" in ev(v, "exif")


def test_ai_software_tag(insp: Inspector) -> None:
    assert insp.inspect_bytes(_exif_jpeg(software="GIMP 2.10"), "s.jpg").verdict == "no_provenance"
    assert insp.inspect_bytes(_exif_jpeg(software="NovelAI Diffusion"), "s.jpg").verdict == "ai_generated"
    assert insp.inspect_bytes(_exif_jpeg(software="Stable Diffusion XL"), "s.jpg").verdict == "ai_generated"


def test_user_comment_decoding() -> None:
    assert decode_user_comment(b"ASCII\x00\x00\x00hello") == "hello"
    assert decode_user_comment(b"UNICODE\x00" + "hé".encode("utf-16-be")) == "hé"
    assert decode_user_comment(None) == ""


# --------------------------------------------------------------------------- PngTextReader


@pytest.mark.parametrize(
    ("chunks", "tool"),
    [
        ({"parameters": A1111}, "AUTOMATIC1111"),
        ({"prompt": '{"3": {"inputs": {"seed": 1}, "class_type": "KSampler"}}'}, "ComfyUI"),
        ({"workflow": '{"last_node_id": 2, "nodes": [{"id": 1}]}'}, "ComfyUI"),
        ({"invokeai_metadata": '{"generation_mode": "txt2img"}'}, "InvokeAI"),
        ({"Software": "NovelAI", "Source": "Stable Diffusion XL C1E1DE52"}, "NovelAI"),
        ({"parameters": '{"base_model": "juggernaut.safetensors"}', "fooocus_scheme": "fooocus"}, "Fooocus"),
        ({"Description": "a cat --ar 16:9 Job ID: 7d8f8f5e-1c2b-4d3a-9e8f-0a1b2c3d4e5f"}, "Midjourney"),
    ],
)
def test_png_text_generators(insp: Inspector, chunks: dict[str, str], tool: str) -> None:
    for zipped in (False, True):
        info = PngInfo()
        for k, val in chunks.items():
            info.add_text(k, val, zip=zipped)
        v = insp.inspect_bytes(png(info), "gen.png")
        assert v.verdict == "ai_generated", (zipped, v.evidence)
        assert any(e.source == "png_text" and e.detail.startswith(tool) for e in v.evidence)


def test_png_text_plain_keys_are_not_ai(insp: Inspector) -> None:
    info = PngInfo()
    info.add_text("parameters", "brightness=3")
    info.add_text("Description", "holiday photo")
    info.add_text("Software", "GIMP 2.10")
    assert insp.inspect_bytes(png(info), "plain.png").verdict == "no_provenance"


# --------------------------------------------------------------------------- StealthReader


def _embed_stealth(img: np.ndarray, payload: bytes, mode: str, compressed: bool) -> np.ndarray:
    sig = {
        ("alpha", False): b"stealth_pnginfo",
        ("alpha", True): b"stealth_pngcomp",
        ("rgb", False): b"stealth_rgbinfo",
        ("rgb", True): b"stealth_rgbcomp",
    }[(mode, compressed)]
    data = gzip.compress(payload) if compressed else payload
    bits = np.unpackbits(np.frombuffer(sig + (len(data) * 8).to_bytes(4, "big") + data, dtype=np.uint8))
    out = img.copy()
    planes = out[:, :, 3:4] if mode == "alpha" else out[:, :, 0:3]
    view = planes.transpose(1, 0, 2).reshape(-1)  # column-major pixel order, channels innermost
    view[: bits.size] = (view[: bits.size] & 0xFE) | bits
    planes[:] = view.reshape(planes.shape[1], planes.shape[0], planes.shape[2]).transpose(1, 0, 2)
    return out


@pytest.mark.parametrize(
    ("mode", "compressed"), [("alpha", False), ("alpha", True), ("rgb", False), ("rgb", True)]
)
def test_stealth_roundtrip(insp: Inspector, mode: str, compressed: bool) -> None:
    rng = np.random.default_rng(7)
    base = rng.integers(0, 256, (96, 80, 4), dtype=np.uint8)
    marked = _embed_stealth(base, A1111.encode(), mode, compressed)
    found = extract(marked if mode == "alpha" else marked[:, :, :3])
    assert found == (mode, A1111.encode())
    img = Image.fromarray(marked if mode == "alpha" else np.ascontiguousarray(marked[:, :, :3]))
    v = insp.inspect_bytes(png(img=img), "stealth.png")
    assert v.verdict == "ai_generated" and ev(v, "stealth") == ["stealth_pnginfo"]
    assert "Steps: 20" in v.evidence[-1].detail


def test_real_stealth_fixture(insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / "sd-parsers/automatic1111_stealth.png")
    detail = [e.detail for e in v.evidence if e.source == "stealth"][0]
    assert "alpha" in detail and re.search(r"Steps: \d+", detail)


def test_no_stealth_in_plain_images(fixtures_dir: Path) -> None:
    for name in ("stable-diffusion/mountains-1.png", "huminify-c2pa-detector/lady.png"):
        arr = np.asarray(Image.open(IMAGES / name).convert("RGBA"))
        assert extract(arr) is None


# --------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("c2pa-rs/C.jpg", "jpeg"),
        ("c2pa-rs/libpng-test.png", "png"),
        ("c2pa-rs/sample1.webp", "webp"),
        ("c2pa-rs/sample1.avif", "avif"),
        ("c2pa-rs/sample1.heif", "heif"),
        ("exif-samples/IMG_5195.HEIC", "heic"),
        ("c2pa-python/C.dng", "dng"),
        ("c2pa-rs/TUSCANY.TIF", "tiff"),
        ("c2pa-js/sample1.jxl", "jxl"),
        ("c2pa-extension-validator/cards_trusted.gif", "gif"),
    ],
)
def test_sniff_by_content(name: str, fmt: str, fixtures_dir: Path) -> None:
    got = sniff((IMAGES / name).read_bytes())
    assert got is not None and got.name == fmt
    assert sniff(b"%PDF-1.7") is None and sniff(b"") is None


def test_webp_lossless_flag() -> None:
    for lossless in (True, False):
        buf = io.BytesIO()
        Image.new("RGB", (32, 32), (1, 2, 3)).save(buf, "WEBP", lossless=lossless)
        got = sniff(buf.getvalue())
        assert got is not None and got.lossless is lossless


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_fast_header_size_matches_pillow(fmt: str) -> None:
    from provguard.provenance.sniff import fast_size

    for lossless in (True, False):
        buf = io.BytesIO()
        extra = {"lossless": lossless} if fmt == "WEBP" else {}
        Image.new("RGB", (321, 123), (5, 6, 7)).save(buf, fmt, **extra)
        got = sniff(buf.getvalue())
        assert got is not None and fast_size(buf.getvalue(), got.name) == (321, 123)
