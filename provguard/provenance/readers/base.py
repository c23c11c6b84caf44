"""The reader plug-in contract: bytes in, typed evidence (plus what it claims) out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol

from provguard.models import C2paSummary, Evidence, EvidenceSource, Strength, Trust
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe

Claim = Literal["ai_generated", "ai_edited", "captured", "tampered", "undeclared", "unverifiable"]


@dataclass(frozen=True)
class Signal:
    """One piece of evidence and the verdict it argues for (None: informational only)."""

    evidence: Evidence
    claim: Claim | None = None


def signal(
    source: EvidenceSource, kind: str, detail: str, strength: Strength, claim: Claim | None = None
) -> Signal:
    return Signal(Evidence(source=source, kind=kind, detail=detail, strength=strength), claim)


@dataclass
class ReaderResult:
    """What one reader found; only the C2PA reader sets ``c2pa`` and ``trust``."""

    signals: list[Signal] = field(default_factory=list)
    c2pa: C2paSummary | None = None
    trust: Trust | None = None


@dataclass
class ReadState:
    """Results of the readers that already ran on this file (readers run in list order)."""

    results: list[ReaderResult] = field(default_factory=list)

    def signals(self) -> list[Signal]:
        return [s for r in self.results for s in r.signals]

    def c2pa_decided(self) -> bool:
        """True when a signed manifest already settles the verdict (pixel readers can be skipped)."""
        return any(
            s.evidence.source == "c2pa" and s.claim in ("ai_generated", "ai_edited", "captured", "tampered")
            for s in self.signals()
        )


    def ai_declared(self) -> bool:
        """True when the verdict is already AI or settled by C2PA: a pixel reader could add
        evidence but not change the verdict, so ``auto`` mode skips its decode."""
        return self.c2pa_decided() or any(s.claim in ("ai_generated", "ai_edited") for s in self.signals())


class Reader(Protocol):
    """A provenance reader. Built once per Inspector (thread-safe, no per-file state)."""

    name: ClassVar[str]

    def __init__(self, options: InspectOptions) -> None: ...

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        """Inspect one file. Must not raise for hostile input; report problems as weak evidence."""
        ...
