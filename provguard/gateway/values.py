"""The values that flow through the guard pipeline: who asked, what they sent, what comes back."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from provguard.models import Decision, Verdict


@dataclass(frozen=True)
class Caller:
    """Who asked (team = tenant, actor = API key id) and the request id for correlation."""

    team: str
    actor: str
    request_id: str


@dataclass(frozen=True)
class ImageInput:
    data: bytes
    filename: str = "image.png"
    content_type: str | None = None


@dataclass
class GuardedResult:
    """The OpenAI-shaped body to return plus what the front end needs for headers/metrics."""

    body: dict[str, Any]
    decision: Decision
    request_seq: int | None
    result_seq: int | None
    verdicts: list[Verdict] = field(default_factory=list)
    signed: int = 0


def request_digest(kind: str, prompt: str, images: Sequence[ImageInput]) -> str:
    """What a review approves: the prompt and the exact input images, nothing else."""
    h = hashlib.sha256(kind.encode() + b"\x00" + prompt.encode())
    for img in images:
        h.update(b"\x00" + hashlib.sha256(img.data).digest())
    return h.hexdigest()


def decision_rule_ids(decision: Decision) -> list[str]:
    return sorted({f.rule for f in decision.findings})
