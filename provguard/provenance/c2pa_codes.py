"""C2PA validation status codes, sorted by what they mean for a verdict.

* integrity: a hash or signature no longer matches, or something the claim signed is gone. The
  content or the manifest was altered after signing: ``tampered``.
* credential: who signed (expired, untrusted, revoked, no EKU, CAWG identity). Changes trust only.
* structural: anything else the validator rejects (``assertion.action.malformed``,
  ``claim.malformed``, ``manifest.multipleParents``, ``algorithm.unsupported``...). The manifest
  cannot be relied on, but nothing shows the content was altered: ``unverifiable``, with the code.
"""

from __future__ import annotations

CREDENTIAL_PREFIXES = ("signingCredential.", "timeStamp.", "cawg.", "ocsp.")

#: Codes that say something signed is missing (removed after signing), besides every ``*.mismatch``.
_MISSING_SIGNED = frozenset(
    {
        "claimSignature.missing",
        "assertion.hashedURI.missing",
        "assertion.missing",
        "ingredient.manifest.missing",
        "ingredient.claimSignature.missing",
        "ingredient.hashedURI.missing",
    }
)


def is_integrity(code: str) -> bool:
    """A hash or signature mismatch, or a signed part missing: evidence of alteration."""
    return code.endswith(".mismatch") or code in _MISSING_SIGNED


def is_credential(code: str) -> bool:
    return code.startswith(CREDENTIAL_PREFIXES)


def is_structural(code: str) -> bool:
    """A failure that is neither integrity nor credential: the manifest is malformed or unsupported."""
    return not is_integrity(code) and not is_credential(code)
