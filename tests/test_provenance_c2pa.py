"""C2PA verdict rules on files that teach something, plus files signed here with a throwaway chain.

Real fixtures: expired vs tampered, ingredient-only AI marker, Microsoft Designer statement,
algorithmicMedia = undeclared, remote-only and pre-release manifests = unverifiable. Synthetic
(signed at test time with c2pa-python and a `cryptography` chain): tampered by flipping bytes,
trusted with our root as the anchor, and provguard's own decision assertion.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import c2pa
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from provguard.errors import ConfigError
from provguard.models import Verdict
from provguard.provenance import InspectOptions, Inspector
from tests.conftest import IMAGES

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def kinds(v: Verdict) -> set[str]:
    return {e.kind for e in v.evidence}


@pytest.fixture(scope="module")
def insp() -> Inspector:
    return Inspector(InspectOptions())


# --------------------------------------------------------------------------- real files


def test_expired_certificate_is_not_tampering(insp: Inspector, fixtures_dir: Path) -> None:
    gemini = insp.inspect_path(IMAGES / "huminify-c2pa-detector/lady.png")
    assert gemini.c2pa is not None and gemini.c2pa.validation_state == "Invalid"
    assert "signingCredential.expired" in gemini.c2pa.validation_codes
    assert (gemini.verdict, gemini.trust) == ("ai_generated", "expired")
    assert "integrity_failure" not in kinds(gemini)
    broken = insp.inspect_path(IMAGES / "c2pa-extension-validator/cards_invalid.jpg")
    assert (broken.verdict, broken.trust) == ("tampered", "expired")
    assert any("assertion.dataHash.mismatch" in e.detail for e in broken.evidence)


def test_ai_marker_only_in_parent_ingredient(insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / "c2pa-extension-validator/DALL-E_cloud_surfing_puppy.webp")
    assert v.verdict == "ai_generated"
    assert v.c2pa is not None and v.c2pa.claim_generator and v.c2pa.claim_generator.startswith("ChatGPT")
    dst = [e for e in v.evidence if e.kind == "digital_source_type"]
    assert dst and "ingredient manifest" in dst[0].detail and "DALL" in dst[0].detail


def test_designer_statement_without_source_type(insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / "c2pa-extension-validator/bing_creator_cloud_surfing_puppy.jpg")
    assert (v.verdict, v.trust) == ("ai_generated", "untrusted")  # MS C2PA EKU is in the C2PA EKU policy
    assert "generator_statement" in kinds(v)


def test_algorithmic_media_is_undeclared(insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / "c2pa-rs/C.jpg")
    assert v.verdict == "undeclared"
    assert any("algorithmicMedia" in e.detail and "not AI" in e.detail for e in v.evidence)


def test_generative_fill_is_ai_edited(insp: Inspector, fixtures_dir: Path) -> None:
    assert insp.inspect_path(IMAGES / "c2pa-rs/ocsp.jpg").verdict == "ai_edited"


@pytest.mark.parametrize("name", ["c2pa-rs/cloud.jpg", "c2pa-js/PirateShip_save_credentials_to_cloud.jpg"])
def test_remote_only_manifest_is_unverifiable_offline(name: str, insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / name)
    assert v.verdict == "unverifiable"
    remote = [e for e in v.evidence if e.kind == "remote_manifest"]
    assert remote and "https://cai-manifests.adobe.com/" in remote[0].detail


@pytest.mark.parametrize("name", ["c2pa-rs/prerelease.jpg", "c2pa-rs/no_alg.jpg"])
def test_prerelease_and_unknown_algorithm_are_unverifiable(
    name: str, insp: Inspector, fixtures_dir: Path
) -> None:
    v = insp.inspect_path(IMAGES / name)
    assert v.verdict == "unverifiable" and "unverifiable_manifest" in kinds(v)


def test_ingredient_broken_on_import_is_tampered(insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / "c2pa-rs/CIE-sig-CA.jpg")
    assert v.c2pa is not None and v.c2pa.validation_state == "Valid"  # c2pa-rs: active manifest fine
    assert v.verdict == "tampered"
    assert any("E-sig-CA.jpg" in e.detail and "claimSignature.mismatch" in e.detail for e in v.evidence)


def test_camera_capture_manifest(insp: Inspector, fixtures_dir: Path) -> None:
    v = insp.inspect_path(IMAGES / "public-testfiles/nikon-20221019-building.jpeg")
    assert (v.verdict, v.trust) == ("captured", "expired")


# --------------------------------------------------------------------------- our own chain


@dataclass(frozen=True)
class Chain:
    chain_pem: bytes
    key_pem: bytes
    root_pem: bytes
    root_path: Path


def _key_usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _make_chain(directory: Path, root_cn: str) -> Chain:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, root_cn)])
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, f"{root_cn} signer"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "provguard tests"),
                ]
            )
        )
        .issuer_name(root_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    root_pem = root.public_bytes(pem)
    root_path = directory / f"{root_cn.replace(' ', '_')}.pem"
    root_path.write_bytes(root_pem)
    key_pem = leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return Chain(leaf.public_bytes(pem) + root_pem, key_pem, root_pem, root_path)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return _make_chain(tmp_path_factory.mktemp("chain"), "provguard inspect test root")


def _sign(chain: Chain, source: bytes, manifest: dict, parent: bytes | None = None) -> bytes:
    signer = c2pa.Signer.from_info(
        c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain.chain_pem, chain.key_pem, None)
    )
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        if parent is not None:
            builder.add_ingredient(
                {"title": "upstream.jpg", "relationship": "parentOf", "label": "parent1"},
                "image/jpeg",
                io.BytesIO(parent),
            )
        builder.sign(signer, "image/jpeg", io.BytesIO(source), out)
    return out.getvalue()


def _created(dst: str) -> dict:
    return {
        "claim_generator_info": [{"name": "provguard-tests", "version": "0"}],
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": DST + dst}]},
            }
        ],
    }


@pytest.fixture(scope="module")
def base_jpeg(fixtures_dir: Path) -> bytes:
    return (IMAGES / "c2pa-python/A.jpg").read_bytes()


@pytest.fixture(scope="module")
def ai_signed(chain: Chain, base_jpeg: bytes) -> bytes:
    return _sign(chain, base_jpeg, _created("trainedAlgorithmicMedia"))


def test_signed_ai_image_untrusted_without_anchor(ai_signed: bytes, insp: Inspector) -> None:
    v = insp.inspect_bytes(ai_signed, "signed.jpg")
    assert (v.verdict, v.trust) == ("ai_generated", "untrusted")
    assert v.c2pa is not None and v.c2pa.trust_anchor is None
    assert v.c2pa.signer == "provguard tests / provguard inspect test root signer"


def test_trusted_with_our_root_as_anchor(ai_signed: bytes, chain: Chain, tmp_path: Path) -> None:
    other = _make_chain(tmp_path, "some other root")
    bundle = tmp_path / "bundle.pem"
    # three anchors; ours in the middle: the inspector must name the one that matched
    bundle.write_bytes(other.root_pem + chain.root_pem + _make_chain(tmp_path, "third root").root_pem)
    v = Inspector(InspectOptions(trust_anchors=bundle)).inspect_bytes(ai_signed, "signed.jpg")
    assert (v.verdict, v.trust) == ("ai_generated", "trusted")
    assert v.c2pa is not None and v.c2pa.validation_state == "Trusted"
    assert v.c2pa.trust_anchor == "provguard inspect test root"
    # the same file against someone else's anchor only: not trusted
    alone = Inspector(InspectOptions(trust_anchors=other.root_path)).inspect_bytes(ai_signed, "signed.jpg")
    assert alone.trust == "untrusted" and alone.c2pa is not None and alone.c2pa.trust_anchor is None


def test_flipped_bytes_are_tampered(ai_signed: bytes, insp: Inspector) -> None:
    data = bytearray(ai_signed)
    sos = data.rfind(b"\xff\xda")
    assert sos > 0
    for off in (400, 401):
        data[sos + off] ^= 0xFF
    v = insp.inspect_bytes(bytes(data), "flipped.jpg")
    assert v.verdict == "tampered"
    assert v.c2pa is not None and "assertion.dataHash.mismatch" in v.c2pa.validation_codes


def test_digital_capture_is_captured(chain: Chain, base_jpeg: bytes, insp: Inspector) -> None:
    v = insp.inspect_bytes(_sign(chain, base_jpeg, _created("digitalCapture")), "cam.jpg")
    assert v.verdict == "captured"


def test_provguard_decision_assertion_and_upstream_ai(
    ai_signed: bytes, chain: Chain, base_jpeg: bytes, insp: Inspector
) -> None:
    decision = {
        "request_id": "req-123",
        "decision": {"action": "allow", "categories": [], "rule_ids": []},
        "policy_digest": "sha256:abc",
        "audit": {"log_id": "log-1", "seq": 7, "leaf_hash": "00ff"},
    }
    manifest = {
        "claim_generator_info": [{"name": "provguard", "version": "0.1.0"}],
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [{"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent1"]}}]
                },
            },
            {"label": "org.provguard.decision", "data": decision},
        ],
    }
    resigned = _sign(chain, ai_signed, manifest, parent=ai_signed)
    v = insp.inspect_bytes(resigned, "resigned.jpg")
    assert v.verdict == "ai_generated"  # the upstream AI marker in the parent ingredient still counts
    assert v.c2pa is not None and v.c2pa.provguard == decision
    assert v.c2pa.manifests == 2
    ev = [e for e in v.evidence if e.kind == "provguard_decision"]
    assert ev and ev[0].source == "c2pa" and "req-123" in ev[0].detail and "seq 7" in ev[0].detail


def test_bad_trust_anchor_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    with pytest.raises(ConfigError):
        Inspector(InspectOptions(trust_anchors=bad))


def test_summary_serialises(ai_signed: bytes, insp: Inspector) -> None:
    data = json.loads(insp.inspect_bytes(ai_signed, "x.jpg").model_dump_json())
    assert data["c2pa"]["validation_codes"] == ["signingCredential.untrusted"]
