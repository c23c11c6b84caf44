"""Trust anchors: PEM bundles of CA certificates, the EKU policy, and the user's own bundle.

Nothing here touches the network: a bundle is whatever PEM file the user downloaded and
checked themselves (see docs/trust.md). ``c2pa_trust_settings`` is the one place the
``trust`` section of a c2pa ``Settings`` is built, so every reader applies the same policy.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from provguard.errors import ConfigError, InputError, NotFound

_BEGIN = "-----BEGIN CERTIFICATE-----"
_END = "-----END CERTIFICATE-----"
BUNDLE_NAME = "trust_anchors.pem"

#: Extended key usages a C2PA claim signer may carry: the set c2pa-rs ships as its trust store
#: configuration (sdk/tests/fixtures/certs/trust/store.cfg), which the C2PA/CAI validators use.
#: Without it c2pa-rs 0.91 accepts only some of them and reports a valid document-signing
#: certificate as ``signingCredential.invalid`` ("certificate missing required EKU").
C2PA_EKUS: tuple[tuple[str, str], ...] = (
    ("1.3.6.1.5.5.7.3.4", "id-kp-emailProtection"),
    ("1.3.6.1.5.5.7.3.36", "id-kp-documentSigning"),
    ("1.3.6.1.5.5.7.3.8", "id-kp-timeStamping"),
    ("1.3.6.1.5.5.7.3.9", "id-kp-OCSPSigning"),
    ("1.3.6.1.4.1.311.76.59.1.9", "MS C2PA Signing"),
    ("1.3.6.1.4.1.62558.2.1", "c2pa-kp-claimSigning"),
)


def trust_config_text() -> str:
    """The EKU list in c2pa-rs ``trust_config`` format (``//`` comments, one OID per line)."""
    return "".join(f"//{name}\n{oid}\n" for oid, name in C2PA_EKUS)


def c2pa_trust_settings(anchors_pem: str | None) -> dict[str, Any]:
    """The ``trust`` section for c2pa Settings: the EKU policy, plus anchors when given."""
    section: dict[str, Any] = {"trust_config": trust_config_text()}
    if anchors_pem:
        section["trust_anchors"] = anchors_pem
    return section


@dataclass(frozen=True)
class Anchor:
    """One certificate of a bundle, described for people (list/check output)."""

    name: str
    subject: str
    sha256: str
    not_after: str
    is_ca: bool
    pem: str

    @property
    def expired(self) -> bool:
        return datetime.fromisoformat(self.not_after) < datetime.now(UTC)


def parse_pem_certificates(text: str, where: str) -> list[Anchor]:
    """Every ``CERTIFICATE`` block of ``text``; a broken block is a ConfigError naming ``where``."""
    anchors: list[Anchor] = []
    for n, block in enumerate(text.split(_BEGIN)[1:], start=1):
        end = block.find(_END)
        if end < 0:
            raise ConfigError(f"{where}: certificate {n} has no {_END} line")
        pem = _BEGIN + block[: end + len(_END)] + "\n"
        try:
            cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise ConfigError(f"{where}: certificate {n} is not valid PEM: {exc}") from exc
        anchors.append(_describe(cert))
    return anchors


def _describe(cert: x509.Certificate) -> Anchor:
    try:
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    pem = cert.public_bytes(Encoding.PEM).decode("ascii")
    return Anchor(
        name=_name(cert),
        subject=cert.subject.rfc4514_string(),
        sha256=hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest(),
        not_after=cert.not_valid_after_utc.isoformat(),
        is_ca=is_ca,
        pem=pem,
    )


@dataclass(frozen=True)
class TrustAnchors:
    pems: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> TrustAnchors:
        try:
            text = Path(path).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"cannot read trust anchors {path}: {exc}", hint="pass a PEM bundle of CA certificates"
            ) from exc
        anchors = parse_pem_certificates(text, f"trust anchors {path}")
        if not anchors:
            raise ConfigError(
                f"trust anchors {path} hold no PEM certificate",
                hint="the file must contain -----BEGIN CERTIFICATE----- blocks",
            )
        return cls(tuple(a.pem for a in anchors), tuple(a.name for a in anchors))

    def __len__(self) -> int:
        return len(self.pems)

    def pem(self, subset: tuple[int, ...] | None = None) -> str:
        idx = range(len(self.pems)) if subset is None else subset
        return "".join(self.pems[i] for i in idx)

    def name(self, index: int) -> str:
        return self.names[index]


def _name(cert: x509.Certificate) -> str:
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(cns[0].value) if cns else cert.subject.rfc4514_string()


# --------------------------------------------------------------------------- the user's bundle


def user_bundle(data_dir: Path) -> Path:
    """Where ``provguard trust add`` keeps anchors; inspect uses it when no other bundle is set."""
    return Path(data_dir) / BUNDLE_NAME


def resolve_anchors(configured: Path | None, data_dir: Path) -> Path | None:
    """The bundle inspect should use: the configured one, else the user bundle if it exists."""
    if configured is not None:
        return configured
    bundle = user_bundle(data_dir)
    return bundle if bundle.is_file() else None


def read_bundle(bundle: Path) -> list[Anchor]:
    """The anchors in ``bundle`` (empty when it does not exist yet)."""
    if not bundle.is_file():
        return []
    try:
        text = bundle.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read trust bundle {bundle}: {exc}") from exc
    return parse_pem_certificates(text, f"trust bundle {bundle}")


def read_pem_file(path: Path) -> list[Anchor]:
    """Certificates to add, from a PEM file the user supplied; no certificate is an InputError."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path} as PEM text: {exc}") from exc
    try:
        found = parse_pem_certificates(text, str(path))
    except ConfigError as exc:
        raise InputError(exc.message) from exc
    if not found:
        raise InputError(
            f"{path} holds no PEM certificate",
            hint="expected -----BEGIN CERTIFICATE----- blocks (PEM, not DER)",
        )
    return found


def add_anchors(bundle: Path, new: list[Anchor]) -> tuple[list[Anchor], list[Anchor]]:
    """Append certificates not already in ``bundle`` (by SHA-256); returns (added, already there)."""
    current = read_bundle(bundle)
    have = {a.sha256 for a in current}
    added: list[Anchor] = []
    skipped: list[Anchor] = []
    for anchor in new:
        if anchor.sha256 in have:
            skipped.append(anchor)
        else:
            have.add(anchor.sha256)
            added.append(anchor)
    if added:
        _write_bundle(bundle, current + added)
    return added, skipped


def remove_anchor(bundle: Path, selector: str) -> Anchor:
    """Remove the one anchor whose SHA-256 starts with ``selector`` or whose name equals it."""
    current = read_bundle(bundle)
    key = selector.strip().lower().replace(":", "")
    hits = [a for a in current if a.sha256.startswith(key) and len(key) >= 8] or [
        a for a in current if a.name == selector
    ]
    if not hits:
        raise NotFound(f"no trust anchor matches {selector!r}", hint="see `provguard trust list`")
    if len(hits) > 1:
        raise InputError(
            f"{selector!r} matches {len(hits)} anchors", hint="give more of the SHA-256 fingerprint"
        )
    _write_bundle(bundle, [a for a in current if a.sha256 != hits[0].sha256])
    return hits[0]


def _write_bundle(bundle: Path, anchors: list[Anchor]) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a bundle."""
    if not anchors:  # an empty bundle would make inspect fail; no file means "no anchors"
        bundle.unlink(missing_ok=True)
        return
    bundle.parent.mkdir(parents=True, exist_ok=True)
    tmp = bundle.with_name(bundle.name + ".tmp")
    body = "".join(f"# {_ascii(a.subject)}\n# sha256 {a.sha256}\n{a.pem}" for a in anchors)
    tmp.write_text(body, encoding="ascii")
    os.replace(tmp, bundle)


def _ascii(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")
