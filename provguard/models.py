"""The typed results every front end serialises: one model, one JSON shape.

The CLI's ``--format json`` and the service's responses are ``model_dump(mode="json")`` of
these models, so the two front ends cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


# --------------------------------------------------------------------------- screening

Action = Literal["allow", "warn", "review", "block"]
ACTION_ORDER: dict[str, int] = {"allow": 0, "warn": 1, "review": 2, "block": 3}


class Entity(_Frozen):
    """A real person (or protected subject) a finding points at."""

    id: str
    name: str


class Finding(_Frozen):
    """One matched signal, with its span in the ORIGINAL prompt text of its turn."""

    rule: str
    category: str
    span: tuple[int, int]
    match: str
    entity: Entity | None = None
    signal: str = "context"  # person | face_ref | face_image | context | standalone
    turn: int | None = None  # None: the prompt being screened; k: index of an earlier turn
    hazard: str | None = None  # nearest Llama Guard hazard code (S1..S14)
    # how a person was resolved when not by name: role | translit | morph | decoded | homoglyph
    via: str | None = None
    fuzzy: int | None = None  # edit distance of a misspelt name to the gazetteer form


class Decision(_Frozen):
    """The screening outcome: what to do, why, under which policy."""

    schema_version: str = SCHEMA_VERSION
    id: str | int | None = None  # the caller's id, echoed as given (JSONL ids may be numbers)
    action: Action
    categories: list[str] = Field(default_factory=list)
    hazards: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    policy: str
    policy_digest: str
    explanation: str
    audit_seq: int | None = None


# --------------------------------------------------------------------------- provenance

VerdictKind = Literal[
    "ai_generated", "ai_edited", "captured", "tampered", "undeclared", "unverifiable", "no_provenance"
]
VERDICTS: tuple[str, ...] = (
    "ai_generated", "ai_edited", "captured", "tampered", "undeclared", "unverifiable", "no_provenance",
)
Trust = Literal["trusted", "untrusted", "expired", "invalid_credential", "none"]
EvidenceSource = Literal["c2pa", "xmp", "exif", "png_text", "stealth", "watermark"]
Strength = Literal["strong", "moderate", "weak"]


class Evidence(_Frozen):
    source: EvidenceSource
    kind: str
    detail: str
    strength: Strength


class ErrorInfo(_Frozen):
    code: str
    message: str


class C2paSummary(_Frozen):
    active_manifest: str | None = None
    claim_generator: str | None = None
    signer: str | None = None
    validation_state: str | None = None
    validation_codes: list[str] = Field(default_factory=list)
    trust_anchor: str | None = None
    manifests: int = 0
    provguard: dict[str, Any] | None = None  # provguard's own decision assertion, when present


class Verdict(_Frozen):
    schema_version: str = SCHEMA_VERSION
    path: str
    verdict: VerdictKind | None
    trust: Trust = "none"
    evidence: list[Evidence] = Field(default_factory=list)
    c2pa: C2paSummary | None = None
    error: ErrorInfo | None = None
    format: str | None = None
    sha256: str | None = None
