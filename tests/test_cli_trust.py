"""`provguard trust` and the EKU policy: why cards_trusted.* read as trusted only with their anchor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IMAGES
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from provguard.provenance import InspectOptions, Inspector
from provguard.provenance.trust import add_anchors, parse_pem_certificates, read_bundle, remove_anchor

CEV = IMAGES / "c2pa-extension-validator"


def embedded_root(image: Path) -> bytes:
    """The self-signed root the image's signer chain carries (the validator project's test CA)."""
    data = image.read_bytes()
    i = 0
    while (i := data.find(b"\x30\x82", i)) >= 0:
        size = int.from_bytes(data[i + 2 : i + 4], "big") + 4
        try:
            cert = x509.load_der_x509_certificate(data[i : i + size])
        except ValueError:
            cert = None
        is_root = cert is not None and cert.subject == cert.issuer
        if cert is not None and is_root and "Test Root CA" in cert.subject.rfc4514_string():
            return cert.public_bytes(Encoding.PEM)
        i += 1
    raise AssertionError(f"no test root in {image}")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    e["PROVGUARD_DATA_DIR"] = str(tmp_path / "data")
    return e


@pytest.fixture
def root_pem(tmp_path: Path, fixtures_dir: Path) -> Path:
    path = tmp_path / "cev_root.pem"
    path.write_bytes(embedded_root(CEV / "cards_trusted.jpg"))
    return path


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "provguard.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_document_signing_certificates_are_not_invalid_credentials(fixtures_dir: Path) -> None:
    insp = Inspector(InspectOptions())
    for name in ("cards_trusted.jpg", "cards_trusted.webp", "cards_trusted.avif", "cards_untrusted.jpg"):
        v = insp.inspect_path(CEV / name)
        assert v.trust == "untrusted", (name, v.trust)
        assert v.c2pa is not None and "signingCredential.invalid" not in v.c2pa.validation_codes


def test_with_the_validator_root_cards_trusted_reads_trusted(fixtures_dir: Path, root_pem: Path) -> None:
    insp = Inspector(InspectOptions(trust_anchors=root_pem))
    for name in ("cards_trusted.jpg", "cards_trusted.webp", "cards_trusted.avif"):
        v = insp.inspect_path(CEV / name)
        assert (v.trust, v.c2pa and v.c2pa.trust_anchor) == ("trusted", "Test Root CA"), name
    assert insp.inspect_path(CEV / "cards_untrusted.jpg").trust == "untrusted"  # a different CA signed it


def test_trust_add_list_check_remove(env: dict[str, str], root_pem: Path) -> None:
    r = run(env, "trust", "list", "-f", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["anchors"] == []
    r = run(env, "trust", "check", str(CEV / "cards_trusted.jpg"))
    assert r.returncode == 2 and "no trust anchors" in r.stderr
    r = run(env, "trust", "add", str(root_pem))
    assert r.returncode == 0 and "added" in r.stdout and "Test Root CA" in r.stdout, r.stderr
    r = run(env, "trust", "add", str(root_pem), "-f", "json")
    assert json.loads(r.stdout)["added"] == [] and len(json.loads(r.stdout)["already_present"]) == 1
    listed = json.loads(run(env, "trust", "list", "-f", "json").stdout)["anchors"]
    assert [a["name"] for a in listed] == ["Test Root CA"] and listed[0]["ca"] is True
    r = run(env, "trust", "check", str(CEV / "cards_trusted.jpg"), "-f", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["anchor"] == "Test Root CA"
    r = run(env, "trust", "check", str(CEV / "cards_untrusted.jpg"))
    assert r.returncode == 1 and "untrusted" in r.stdout
    # inspect uses the bundle by default; an explicit --trust-anchors replaces it
    r = run(env, "inspect", str(CEV / "cards_trusted.jpg"), "-f", "jsonl")
    assert json.loads(r.stdout)["trust"] == "trusted"
    other = root_pem.parent / "other.pem"
    other.write_bytes(_self_signed())
    r = run(env, "inspect", str(CEV / "cards_trusted.jpg"), "-f", "jsonl", "--trust-anchors", str(other))
    assert json.loads(r.stdout)["trust"] == "untrusted"
    r = run(env, "trust", "remove", listed[0]["sha256"][:12])
    assert r.returncode == 0 and "removed" in r.stdout
    assert run(env, "trust", "remove", "Test Root CA").returncode == 3
    r = run(env, "inspect", str(CEV / "cards_trusted.jpg"), "-f", "jsonl")
    assert r.returncode == 0 and json.loads(r.stdout)["trust"] == "untrusted"


def test_bad_files_are_clear_errors(env: dict[str, str], tmp_path: Path, root_pem: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    der = tmp_path / "root.der"
    der.write_bytes(x509.load_pem_x509_certificate(root_pem.read_bytes()).public_bytes(Encoding.DER))
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    for path, words in ((text, "no PEM certificate"), (der, "PEM"), (broken, "not valid PEM"),
                        (tmp_path / "missing.pem", "no such file")):
        r = run(env, "trust", "add", str(path))
        assert r.returncode == 3 and words in r.stderr and "Traceback" not in r.stderr, (path, r.stderr)
    assert not (tmp_path / "data" / "trust_anchors.pem").exists()


def test_bundle_functions_deduplicate_and_write_atomically(tmp_path: Path, root_pem: Path) -> None:
    bundle = tmp_path / "b.pem"
    anchors = parse_pem_certificates(root_pem.read_text() * 2, "x")
    added, skipped = add_anchors(bundle, anchors)
    assert len(added) == 1 and len(skipped) == 1
    assert [a.sha256 for a in read_bundle(bundle)] == [anchors[0].sha256]
    assert not bundle.with_name("b.pem.tmp").exists()
    remove_anchor(bundle, anchors[0].sha256[:8])
    assert not bundle.exists()  # an empty bundle is no bundle, so inspect does not fail on it


def _self_signed() -> bytes:
    """A CA certificate unrelated to the fixtures."""
    from datetime import UTC, datetime, timedelta

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "unrelated root")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(Encoding.PEM)
