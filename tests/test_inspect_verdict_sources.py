"""Verdicts for shapes found on real-world files, rebuilt here with Pillow and c2pa-python:
ComfyUI JSON in a WebP's EXIF Make/Model, diffusers-style parameters one per line, and a
structurally malformed (but intact) C2PA manifest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import c2pa
import exifread
import pytest
from PIL import Image, PngImagePlugin

from provguard.models import Verdict
from provguard.provenance import InspectOptions, Inspector
from tests.conftest import IMAGES
from tests.test_provenance_c2pa import DST, Chain, _make_chain

PROMPT = {
    "3": {"class_type": "KSampler", "inputs": {"seed": 42, "steps": 20, "cfg": 7.0}},
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
}
WORKFLOW = {
    "last_node_id": 9,
    "nodes": [{"id": 3, "type": "KSampler"}, {"id": 4, "type": "CheckpointLoaderSimple"}],
}
LINES = ("a lighthouse at dusk, oil painting\nNegative prompt: blurry, lowres\nSteps: 30\n"
         "Sampler: DPM++ 2M Karras\nCFG scale: 7.5\nSeed: 1234567\nSize: 1024x1024\n")


@pytest.fixture(scope="module")
def insp() -> Inspector:
    return Inspector(InspectOptions())


def kinds(v: Verdict) -> set[str]:
    return {e.kind for e in v.evidence}


def _comfy_webp() -> bytes:
    """What ComfyUI's SaveAnimatedWEBP writes: IFD0 Model = 'prompt:<json>', Make = 'workflow:<json>'."""
    img = Image.new("RGB", (320, 240), (40, 80, 120))
    exif = img.getexif()
    exif[0x0110] = "prompt:" + json.dumps(PROMPT)
    exif[0x010F] = "workflow:" + json.dumps(WORKFLOW)
    buf = io.BytesIO()
    img.save(buf, "WEBP", exif=exif, quality=90)
    return buf.getvalue()


def test_comfyui_webp_exif_is_ai_generated_not_a_camera(insp: Inspector) -> None:
    data = _comfy_webp()
    v = insp.inspect_bytes(data, "comfy.webp")
    assert v.verdict == "ai_generated", v
    assert "camera_exif" not in kinds(v)
    details = " ".join(e.detail for e in v.evidence)
    assert "ComfyUI" in details and "KSampler" in details


def test_comfyui_json_in_jpeg_exif_too(insp: Inspector) -> None:
    img = Image.new("RGB", (64, 64))
    exif = img.getexif()
    exif[0x010F] = "workflow:" + json.dumps(WORKFLOW)
    exif[0x0110] = "prompt:" + json.dumps(PROMPT)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    tags = exifread.process_file(io.BytesIO(buf.getvalue()), details=False)
    assert str(tags["Image Make"]).startswith("workflow:")  # exifread does see it in JPEG ...
    v = insp.inspect_bytes(buf.getvalue(), "comfy.jpg")
    assert v.verdict == "ai_generated" and "camera_exif" not in kinds(v)  # ... but it is no camera


def test_real_camera_make_is_still_reported(insp: Inspector) -> None:
    img = Image.new("RGB", (64, 64))
    exif = img.getexif()
    exif[0x010F], exif[0x0110] = "NIKON CORPORATION", "NIKON Z 9"
    buf = io.BytesIO()
    img.save(buf, "WEBP", exif=exif)
    v = insp.inspect_bytes(buf.getvalue(), "camera.webp")
    assert v.verdict == "no_provenance"


def test_diffusers_lines_in_png_text(insp: Inspector) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Draw Things")
    info.add_text("Description", LINES)
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), (9, 9, 9)).save(buf, "PNG", pnginfo=info)
    v = insp.inspect_bytes(buf.getvalue(), "lines.png")
    assert v.verdict == "ai_generated", v
    assert any("Draw Things" in e.detail for e in v.evidence)


def test_diffusers_lines_in_jpeg_exif(insp: Inspector) -> None:
    img = Image.new("RGB", (64, 64))
    exif = img.getexif()
    exif[0x0131] = "diffusers-webui 0.4"  # Software
    exif[0x010E] = LINES  # ImageDescription
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    v = insp.inspect_bytes(buf.getvalue(), "lines.jpg")
    assert v.verdict == "ai_generated", v
    assert any("diffusers-webui" in e.detail and "ImageDescription" in e.detail for e in v.evidence)


def test_plain_captions_are_not_parameters(insp: Inspector) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", "Steps: the old stone steps\nSeed: none\nA walk in the park")
    buf = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buf, "PNG", pnginfo=info)
    assert insp.inspect_bytes(buf.getvalue()).verdict == "no_provenance"


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return _make_chain(tmp_path_factory.mktemp("chain"), "provguard verdict test root")


def _sign_unchecked(chain: Chain, actions: list[dict]) -> bytes:
    """Sign without c2pa-rs's post-sign verification, so a malformed action list gets signed."""
    source = (IMAGES / "c2pa-python/A.jpg").read_bytes()
    signer = c2pa.Signer.from_info(
        c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain.chain_pem, chain.key_pem, None)
    )
    ctx = c2pa.Context(c2pa.Settings.from_dict({"verify": {"verify_after_sign": False}}))
    manifest = {"claim_generator_info": [{"name": "provguard-tests", "version": "0"}],
                "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": actions}}]}
    out = io.BytesIO()
    with c2pa.Builder(manifest, context=ctx) as builder:
        builder.sign(signer, "image/jpeg", io.BytesIO(source), out)
    return out.getvalue()


def test_malformed_action_is_unverifiable_not_tampered(insp: Inspector, fixtures_dir: Path,
                                                       chain: Chain) -> None:
    data = _sign_unchecked(chain, [{"action": "c2pa.created"}])  # created needs a digitalSourceType
    v = insp.inspect_bytes(data, "malformed.jpg")
    assert v.c2pa is not None and "assertion.action.malformed" in v.c2pa.validation_codes
    assert v.verdict == "unverifiable", v
    assert any("assertion.action.malformed" in e.detail for e in v.evidence if e.source == "c2pa")
    # the same manifest with its content altered after signing is still tampered
    pos = data.rfind(b"\xff\xd9") - 300
    broken = data[:pos] + bytes([data[pos] ^ 0xFF, data[pos + 1] ^ 0xFF]) + data[pos + 2 :]
    t = insp.inspect_bytes(broken, "malformed-and-altered.jpg")
    assert t.verdict == "tampered", t


def test_malformed_manifest_does_not_vouch_for_its_claims(insp: Inspector, chain: Chain) -> None:
    """A well-formed created action next to a malformed one: the AI claim is evidence only."""
    data = _sign_unchecked(chain, [
        {"action": "c2pa.created", "digitalSourceType": DST + "trainedAlgorithmicMedia"},
        {"action": "c2pa.placed"},  # names no ingredient: assertion.action.ingredientMismatch
    ])
    v = insp.inspect_bytes(data, "mixed.jpg")
    codes = v.c2pa.validation_codes if v.c2pa else []
    assert "assertion.action.ingredientMismatch" in codes, codes
    assert v.verdict == "unverifiable", v
    assert any(e.kind == "digital_source_type" for e in v.evidence)
