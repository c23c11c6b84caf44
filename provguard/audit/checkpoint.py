"""Signed checkpoints in the C2SP ``tlog-checkpoint`` signed-note format (Ed25519).

::

    <origin>
    <tree size>
    <base64 root hash>
    time 2026-11-23T12:00:00.000000Z

    — <key name> <base64(key hash[4] || signature)>

Key hash and verifier key (``vkey``) follow c2sp.org/signed-note: the key hash is the first
four bytes of ``SHA-256(name || "\\n" || 0x01 || public key)``. Checkpoints are meant to be
copied somewhere the database operator cannot rewrite; that copy is what catches a full
rewrite by someone who holds both the database and the key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from provguard.audit.records import format_time
from provguard.errors import ConfigError, SigningError

ED25519_ALG = b"\x01"
DASH = "\u2014"


class CheckpointError(ValueError):
    """The text is not a well-formed signed checkpoint, or no trusted signature verifies."""


def key_hash(name: str, public_raw: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519_ALG + public_raw).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """A public key under a name: ``<name>+<hex key hash>+<base64(0x01 || key)>``."""

    name: str
    public_raw: bytes

    @property
    def key_id(self) -> str:
        return key_hash(self.name, self.public_raw).hex()

    @property
    def vkey(self) -> str:
        return f"{self.name}+{self.key_id}+{base64.b64encode(ED25519_ALG + self.public_raw).decode()}"

    @classmethod
    def parse(cls, vkey: str) -> VerifierKey:
        try:
            name, hexid, b64 = vkey.strip().split("+", 2)
            raw = base64.b64decode(b64, validate=True)
        except (ValueError, TypeError) as exc:
            raise CheckpointError(f"not a verifier key: {vkey[:80]!r}") from exc
        if raw[:1] != ED25519_ALG or len(raw) != 33:
            raise CheckpointError("verifier key is not an Ed25519 key")
        key = cls(name, raw[1:])
        if key.key_id != hexid.lower():
            raise CheckpointError("verifier key hash does not match its key")
        return key

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_raw).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    """An Ed25519 private key and the name it signs under."""

    name: str
    private: Ed25519PrivateKey

    @property
    def verifier(self) -> VerifierKey:
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return VerifierKey(self.name, raw)

    def sign_line(self, body: bytes) -> str:
        sig = self.private.sign(body)
        blob = key_hash(self.name, self.verifier.public_raw) + sig
        return f"{DASH} {self.name} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True)
class Checkpoint:
    """A parsed (and, when built by ``verify_checkpoint``, verified) signed checkpoint."""

    text: str
    origin: str
    size: int
    root: bytes
    time: str | None = None
    key_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def root_hash(self) -> str:
        return self.root.hex()


def sign_checkpoint(signer: Signer, origin: str, size: int, root: bytes, time: datetime) -> Checkpoint:
    body = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\ntime {format_time(time)}\n"
    text = body + "\n" + signer.sign_line(body.encode())
    return parse_checkpoint(text)


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse without verifying signatures (see ``verify_checkpoint``)."""
    body, sigs = _split(text)
    lines = body.split("\n")[:-1]
    if len(lines) < 3:
        raise CheckpointError("checkpoint needs origin, size and root lines")
    origin, size_s, root_b64 = lines[0], lines[1], lines[2]
    if not origin or not size_s.isdigit() or (size_s != "0" and size_s.startswith("0")):
        raise CheckpointError("checkpoint origin or size line is malformed")
    try:
        root = base64.b64decode(root_b64, validate=True)
    except ValueError as exc:
        raise CheckpointError("checkpoint root is not base64") from exc
    if len(root) != 32:
        raise CheckpointError("checkpoint root is not a SHA-256 hash")
    time = next((ln[5:] for ln in lines[3:] if ln.startswith("time ")), None)
    key_ids = tuple(blob[:4].hex() for _name, blob in sigs)
    return Checkpoint(text=text, origin=origin, size=int(size_s), root=root, time=time, key_ids=key_ids)


def verify_checkpoint(text: str, keys: list[VerifierKey]) -> Checkpoint:
    """Parse and require at least one signature by one of ``keys``."""
    cp = parse_checkpoint(text)
    body, sigs = _split(text)
    by_id = {(k.name, k.key_id): k for k in keys}
    for name, blob in sigs:
        key = by_id.get((name, blob[:4].hex()))
        if key is not None and key.verify(body.encode(), blob[4:]):
            return cp
    known = ", ".join(sorted(k.key_id for k in keys)) or "none"
    raise CheckpointError(
        f"no valid signature by a trusted key on checkpoint of size {cp.size} "
        f"(signed by {', '.join(cp.key_ids) or 'nobody'}; trusted: {known})"
    )


def _split(text: str) -> tuple[str, list[tuple[str, bytes]]]:
    if not text.endswith("\n") or "\n\n" not in text:
        raise CheckpointError("not a signed note (needs a body, a blank line and signature lines)")
    body, _, sig_block = text.partition("\n\n")
    body += "\n"
    sigs: list[tuple[str, bytes]] = []
    for line in sig_block.split("\n")[:-1]:
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise CheckpointError(f"malformed signature line {line[:60]!r}")
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except ValueError as exc:
            raise CheckpointError("signature is not base64") from exc
        if len(blob) < 5:
            raise CheckpointError("signature is too short")
        sigs.append((parts[1], blob))
    if not sigs:
        raise CheckpointError("checkpoint carries no signature")
    return body, sigs


# --------------------------------------------------------------------------- key files


def generate_key(path: Path, *, overwrite: bool = False) -> Ed25519PrivateKey:
    """Write a new Ed25519 key as PKCS#8 PEM, readable only by its owner."""
    if path.exists() and not overwrite:
        raise ConfigError(
            f"key file {path} already exists", hint="use `provguard audit rotate-key` to replace it"
        )
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return key


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(
            f"cannot read audit signing key {path}: {exc.strerror}",
            hint="create one with `provguard audit keygen`",
        ) from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{path} is not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path} is not an Ed25519 key")
    return key
