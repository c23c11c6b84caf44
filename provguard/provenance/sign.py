"""Re-sign generated images with a provguard C2PA manifest (c2pa-python Builder).

The upstream image (e.g. one carrying OpenAI's manifest) becomes the ``parentOf`` ingredient,
named by a ``c2pa.opened`` action (c2pa-rs requires opened/placed actions to name their
ingredient), and the ``org.provguard.decision`` assertion records which screening decision
and which audit record let the image through, so anyone holding the file can later check it
against the audit log's inclusion proof.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from importlib.metadata import version as _pkg_version
from pathlib import Path
from typing import Any

import c2pa

from provguard.errors import ConfigError, SigningError, UnsupportedFormat

ASSERTION_LABEL = "org.provguard.decision"
_VERSION = _pkg_version("provguard")
PARENT_LABEL = "provguard.upstream"

_ALGS = {
    "es256": c2pa.C2paSigningAlg.ES256,
    "es384": c2pa.C2paSigningAlg.ES384,
    "es512": c2pa.C2paSigningAlg.ES512,
    "ps256": c2pa.C2paSigningAlg.PS256,
    "ps384": c2pa.C2paSigningAlg.PS384,
    "ps512": c2pa.C2paSigningAlg.PS512,
    "ed25519": c2pa.C2paSigningAlg.ED25519,
}


def sniff_mime(data: bytes) -> str | None:
    """Image MIME type from magic bytes (never from a client-supplied name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis"):
            return "image/avif"
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
            return "image/heic"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    return None


@dataclass(frozen=True)
class DecisionAssertion:
    """The data of the ``org.provguard.decision`` assertion (the inspector parses this shape)."""

    request_id: str
    action: str
    categories: list[str] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    policy_digest: str = ""
    log_id: str | None = None
    seq: int | None = None
    leaf_hash: str | None = None
    response_id: str | None = None  # Responses API: the response and its turn in the chain
    turn: int | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "request_id": self.request_id,
            "decision": {
                "action": self.action,
                "categories": list(self.categories),
                "rule_ids": list(self.rule_ids),
            },
            "policy_digest": self.policy_digest,
            "audit": {"log_id": self.log_id, "seq": self.seq, "leaf_hash": self.leaf_hash},
        }
        if self.response_id is not None:
            data["response"] = {"id": self.response_id, "turn": self.turn}
        return data


def _context() -> c2pa.Context:
    """No thumbnails (they cost ~20x the signature on a 1 MP image) and never fetch remote
    manifests of the upstream image (no network access driven by image content)."""
    return c2pa.Context(
        c2pa.Settings.from_dict(
            {
                "builder": {"thumbnail": {"enabled": False}},
                "verify": {"remote_manifest_fetch": False, "verify_after_sign": False},
            }
        )
    )


class ImageSigner:
    """Holds a certificate chain and key; ``sign`` is thread-safe (one Signer per call)."""

    def __init__(self, chain_pem: bytes, key_pem: bytes, alg: str = "es256") -> None:
        try:
            self.alg = _ALGS[alg.lower()]
        except KeyError:
            raise ConfigError(f"unknown signing_alg {alg!r}; use one of {', '.join(_ALGS)}") from None
        self._chain = chain_pem
        self._key = key_pem
        self._lock = threading.Lock()
        self._signer()  # fail at startup, not on the first image

    @classmethod
    def from_files(cls, cert: Path, key: Path, alg: str = "es256") -> ImageSigner:
        try:
            return cls(Path(cert).read_bytes(), Path(key).read_bytes(), alg)
        except OSError as exc:
            raise ConfigError(f"cannot read signing certificate or key: {exc}") from exc

    def _signer(self) -> c2pa.Signer:
        try:
            return c2pa.Signer.from_info(c2pa.C2paSignerInfo(self.alg, self._chain, self._key, None))
        except Exception as exc:
            raise ConfigError(f"signing certificate/key rejected by c2pa: {exc}") from exc

    def manifest(self, assertion: DecisionAssertion) -> dict[str, Any]:
        return {
            "claim_generator_info": [{"name": "provguard", "version": _VERSION}],
            "assertions": [
                {
                    "label": "c2pa.actions.v2",
                    "data": {
                        "actions": [
                            {"action": "c2pa.opened", "parameters": {"ingredientIds": [PARENT_LABEL]}},
                        ]
                    },
                },
                {"label": ASSERTION_LABEL, "data": assertion.to_data()},
            ],
        }

    def sign(self, image: bytes, assertion: DecisionAssertion, *, mime: str | None = None) -> bytes:
        """Return ``image`` with a provguard manifest whose parent ingredient is the original."""
        mime = mime or sniff_mime(image)
        if mime is None:
            raise UnsupportedFormat("cannot sign: not a recognised image format")
        try:
            signer = self._signer()
            with c2pa.Builder(self.manifest(assertion), _context()) as builder:
                builder.add_ingredient(
                    {"title": "upstream image", "relationship": "parentOf", "label": PARENT_LABEL},
                    mime,
                    io.BytesIO(image),
                )
                out = io.BytesIO()
                builder.sign(signer, mime, io.BytesIO(image), out)
            signer.close()
        except c2pa.C2paError as exc:
            raise SigningError(f"C2PA signing failed: {exc}") from exc
        return out.getvalue()
