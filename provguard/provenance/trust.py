"""Trust anchors: a PEM bundle loaded once; each anchor keeps a readable name (its subject CN)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from provguard.errors import ConfigError

_BEGIN = "-----BEGIN CERTIFICATE-----"


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
        blocks = [_BEGIN + b for b in text.split(_BEGIN)[1:]]
        pems, names = [], []
        for block in blocks:
            end = block.find("-----END CERTIFICATE-----")
            pem = block[: end + len("-----END CERTIFICATE-----")] + "\n"
            try:
                cert = x509.load_pem_x509_certificate(pem.encode())
            except ValueError as exc:
                raise ConfigError(f"trust anchors {path}: a certificate is not valid PEM: {exc}") from exc
            pems.append(pem)
            names.append(_name(cert))
        if not pems:
            raise ConfigError(
                f"trust anchors {path} hold no PEM certificate",
                hint="the file must contain -----BEGIN CERTIFICATE----- blocks",
            )
        return cls(tuple(pems), tuple(names))

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
