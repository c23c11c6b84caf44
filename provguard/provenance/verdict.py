"""Evidence -> one verdict. Signed C2PA outranks unsigned metadata; integrity failures outrank all.

Order: tampered (C2PA integrity failure) > what signed C2PA declares (ai_generated, ai_edited,
captured) > unsigned AI markers (XMP, EXIF, PNG text, stealth, watermark) > undeclared >
unverifiable > no_provenance. Absence of provenance is never "human-made".
"""

from __future__ import annotations

from collections.abc import Sequence

from provguard.models import VerdictKind
from provguard.provenance.readers.base import Signal


def decide(signals: Sequence[Signal]) -> VerdictKind:
    c2pa = {s.claim for s in signals if s.evidence.source == "c2pa" and s.claim}
    unsigned = {s.claim for s in signals if s.evidence.source != "c2pa" and s.claim}
    if "tampered" in c2pa:
        return "tampered"
    for claim in ("ai_generated", "ai_edited", "captured"):
        if claim in c2pa:
            return claim
    for claim in ("ai_generated", "ai_edited"):
        if claim in unsigned:
            return claim
    if "unverifiable" in c2pa:
        return "unverifiable"
    if "undeclared" in c2pa or "undeclared" in unsigned:
        return "undeclared"
    return "no_provenance"
