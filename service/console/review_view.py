"""What a reviewer sees of one held request: prompt and turns with labelled spans, images, policy.

Everything is read from the stores the API uses: the review row (tenancy), the held request's
audit record (prompt and findings in its payload) and the conversation's earlier turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from provguard.audit import AuditLog, AuditRecord
from provguard.service.console.text import Segment, segments, visible
from provguard.tenancy import Review, TenancyStore

MAX_CONTEXT_TURNS = 50  # what the gateway passes to the screener (TenancyStore.conversation's default)
_STANDARD_KEYS = ("rule", "category", "span", "match", "entity", "signal", "turn", "hazard")
_FACE_BOX = re.compile(r"x=(\d+) y=(\d+) w=(\d+) h=(\d+)")


@dataclass(frozen=True)
class Label:
    """One finding, numbered, with everything that explains it."""

    number: int
    rule: str
    category: str
    match: str
    span: tuple[int, int] | None
    person_id: str | None
    person_name: str | None
    signal: str | None
    hazard: str | None
    turn: int | None
    extra: tuple[tuple[str, str], ...]  # any further fields (e.g. via, fuzzy distance)
    face_box: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class TurnView:
    index: int
    prompt: str | None
    segments: list[Segment]
    labels: list[Label]
    action: str | None
    audit_seq: int | None


@dataclass
class ReviewView:
    review: Review
    prompt: str | None
    prompt_state: str
    segments: list[Segment]
    labels: list[Label]
    turns: list[TurnView]
    images: list[str]
    record: AuditRecord | None
    age_seconds: float
    notes: list[str] = field(default_factory=list)


def _label(number: int, f: dict[str, Any]) -> Label:
    entity = f.get("entity") if isinstance(f.get("entity"), dict) else None
    span = f.get("span")
    span_t = (int(span[0]), int(span[1])) if isinstance(span, list | tuple) and len(span) == 2 else None
    extra = tuple((str(k), str(v)) for k, v in sorted(f.items()) if k not in _STANDARD_KEYS and v is not None)
    box = None
    if f.get("signal") == "face_image":
        m = _FACE_BOX.search(str(f.get("match", "")))
        if m:
            box = (int(m[1]), int(m[2]), int(m[3]), int(m[4]))
    return Label(number, str(f.get("rule", "?")), str(f.get("category", "?")), str(f.get("match", "")),
                 span_t, entity.get("id") if entity else None, entity.get("name") if entity else None,
                 f.get("signal"), f.get("hazard"), f.get("turn"), extra, box)


def age_seconds(created_at: str) -> float:
    try:
        created = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (datetime.now(UTC) - created).total_seconds()


def held_record(log: AuditLog, team: str, seq: int | None) -> AuditRecord | None:
    """The audit record of the held request, only when it belongs to ``team``."""
    if seq is None:
        return None
    rows = log.query(team=team, after_seq=seq - 1, limit=1)
    return rows[0] if rows and rows[0].seq == seq else None


def _conversation_turns(tenancy: TenancyStore, team: str, request_id: str | None) -> list[Any]:
    """Earlier turns of the conversation the held request belongs to (as the screener saw them)."""
    if not request_id:
        return []
    with tenancy.db.tx(write=False) as cur:
        row = cur.execute("SELECT conversation_id, turn FROM tenancy_turns WHERE team = ? AND request_id = ? "
                          "ORDER BY turn DESC LIMIT 1", (team, request_id)).fetchone()
    if row is None:
        return []
    conversation_id, own_turn = row[0], int(row[1])
    turns = tenancy.conversation(team, conversation_id, limit=own_turn + MAX_CONTEXT_TURNS + 1)
    earlier = [t for t in turns if t.turn < own_turn]
    return earlier[-MAX_CONTEXT_TURNS:]


def build(review: Review, log: AuditLog, tenancy: TenancyStore) -> ReviewView:
    decision = review.decision or {}
    findings = [f for f in decision.get("findings") or [] if isinstance(f, dict)]
    labels = [_label(i + 1, f) for i, f in enumerate(findings)]
    record = held_record(log, review.team, review.audit_seq)
    prompt: str | None = None
    state = "missing"
    notes: list[str] = []
    if record is not None:
        state = record.payload_state
        if record.payload and isinstance(record.payload.get("prompt"), str):
            prompt = record.payload["prompt"]
    if prompt is None:
        notes.append({"purged": "The prompt was purged from the audit payload by retention; findings remain.",
                      "none": "The audit record holds no prompt.",
                      "missing": "The held request's audit record could not be found for this team."}
                     .get(state, "The prompt is not available."))
    current = [lb for lb in labels if lb.turn is None]
    segs = segments(prompt, [(lb.number, lb.span) for lb in current if lb.span]) if prompt else []
    earlier = _conversation_turns(tenancy, review.team, review.request_id)
    turns: list[TurnView] = []
    carried_turns = sorted({lb.turn for lb in labels if lb.turn is not None})
    for k, t in enumerate(earlier):
        tl = [lb for lb in labels if lb.turn == k]
        tsegs = segments(t.prompt, [(lb.number, lb.span) for lb in tl if lb.span])
        turns.append(TurnView(k, t.prompt, tsegs, tl, (t.decision or {}).get("action"), t.audit_seq))
    for k in carried_turns:
        if k >= len(earlier):  # a carried finding whose turn text is no longer stored
            tl = [lb for lb in labels if lb.turn == k]
            turns.append(TurnView(k, None, [], tl, None, None))
    images: list[str] = []
    if record is not None:
        images = [str(h) for h in record.subject.get("input_images_sha256") or []]
    return ReviewView(review, prompt, state, segs, labels, turns, images, record,
                      age_seconds(review.created_at), notes)


def queue_item(review: Review) -> dict[str, Any]:
    """The JSON the queue page polls (display-only; strings are shown with textContent)."""
    decision = review.decision or {}
    findings = [f for f in decision.get("findings") or [] if isinstance(f, dict)]
    people = sorted({str(f["entity"].get("name")) for f in findings
                     if isinstance(f.get("entity"), dict) and f["entity"].get("name")})
    return {
        "review_id": review.review_id,
        "status": review.status,
        "kind": visible(review.kind),
        "requester": visible(review.actor),
        "reviewer": visible(review.reviewer or ""),
        "created_at": review.created_at,
        "age_seconds": round(age_seconds(review.created_at)),
        "action": decision.get("action"),
        "categories": [visible(str(c)) for c in decision.get("categories") or []],
        "rules": sorted({visible(str(f.get("rule"))) for f in findings}),
        "people": [visible(p) for p in people],
        "url": f"/console/reviews/{review.review_id}",
    }
