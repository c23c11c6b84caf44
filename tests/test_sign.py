"""Re-signing real upstream images (OpenAI's DALL-E WebP, c2pa JPEG/PNG) with provguard's manifest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import c2pa
import pytest

from provguard.errors import ConfigError, SigningError, UnsupportedFormat
from provguard.provenance.sign import ASSERTION_LABEL, DecisionAssertion, ImageSigner, sniff_mime
from tests.conftest import IMAGES
from tests.test_sign_chain import Chain, make_chain

DALLE = IMAGES / "c2pa-extension-validator" / "DALL-E_cloud_surfing_puppy.webp"


@pytest.fixture(scope="session")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return make_chain(tmp_path_factory.mktemp("chain"))


def _read(data: bytes, mime: str, anchors: bytes | None = None) -> tuple[dict, str]:
    settings: dict = {"verify": {"remote_manifest_fetch": False}}
    if anchors:
        settings["trust"] = {"trust_anchors": anchors.decode()}
    ctx = c2pa.Context(c2pa.Settings.from_dict(settings))
    with c2pa.Reader(mime, io.BytesIO(data), context=ctx) as r:
        return json.loads(r.json()), r.get_validation_state()


ASSERTION = DecisionAssertion(request_id="req-1", action="allow", categories=[], rule_ids=[],
                              policy_digest="sha256:abc", log_id="log", seq=7, leaf_hash="ff" * 32)


def test_resign_openai_webp_keeps_parent(chain: Chain) -> None:
    original = DALLE.read_bytes()
    signer = ImageSigner.from_files(chain.cert_path, chain.key_path)
    out = signer.sign(original, ASSERTION)
    store, state = _read(out, "image/webp", chain.root_pem)
    assert state == "Trusted"
    active = store["manifests"][store["active_manifest"]]
    data = next(a["data"] for a in active["assertions"] if a["label"] == ASSERTION_LABEL)
    assert data == ASSERTION.to_data()
    parent = active["ingredients"][0]
    assert parent["relationship"] == "parentOf"
    parent_manifest = store["manifests"][parent["active_manifest"]]
    assert "OpenAI" in json.dumps(parent_manifest.get("signature_info", {}))
    # without the anchor: valid but untrusted; never Invalid
    _, state = _read(out, "image/webp")
    assert state == "Valid"


@pytest.mark.parametrize(("rel", "mime"), [("c2pa-rs/C.jpg", "image/jpeg"),
                                           ("c2pa-rs/no_manifest.jpg", "image/jpeg")])
def test_resign_jpeg_and_tamper_detected(chain: Chain, rel: str, mime: str) -> None:
    out = bytearray(ImageSigner(chain.chain_pem, chain.key_pem).sign((IMAGES / rel).read_bytes(), ASSERTION))
    _, state = _read(bytes(out), mime, chain.root_pem)
    assert state == "Trusted"
    out[-600] ^= 0xFF
    out[-601] ^= 0xFF
    store, state = _read(bytes(out), mime, chain.root_pem)
    assert state == "Invalid"
    assert "assertion.dataHash.mismatch" in json.dumps(store["validation_results"])


def test_resign_png(chain: Chain) -> None:
    out = ImageSigner(chain.chain_pem, chain.key_pem).sign((IMAGES / "c2pa-rs/libpng-test.png").read_bytes(),
                                                           ASSERTION)
    assert sniff_mime(out) == "image/png"
    assert _read(out, "image/png", chain.root_pem)[1] == "Trusted"


def test_sniff_and_bad_inputs(chain: Chain) -> None:
    assert sniff_mime(DALLE.read_bytes()) == "image/webp"
    assert sniff_mime(b"hello") is None
    signer = ImageSigner(chain.chain_pem, chain.key_pem)
    with pytest.raises(UnsupportedFormat):
        signer.sign(b"not an image at all", ASSERTION)
    with pytest.raises(SigningError):
        signer.sign(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ASSERTION)
    with pytest.raises(ConfigError):
        ImageSigner(chain.chain_pem, b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with pytest.raises(ConfigError):
        ImageSigner(chain.chain_pem, chain.key_pem, alg="md5")
    with pytest.raises(ConfigError):
        ImageSigner.from_files(Path("/nonexistent/cert.pem"), chain.key_path)
