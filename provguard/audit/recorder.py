"""Turn screening decisions and provenance verdicts into audit events (CLI and service share this).

Leaves hold digests only; the prompt and the matched spans (personal data about the very
people being impersonated) go to the purgeable payload. The prompt digest is an HMAC under a
per-team secret the log keeps, so a log reader cannot dictionary-attack prompts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provguard.audit.records import AuditEvent, Receipt
from provguard.models import Decision, Verdict

if TYPE_CHECKING:
    from provguard.audit.log import AuditLog


def decision_event(
    decision: Decision,
    *,
    prompt: str,
    log: AuditLog,
    team: str = "default",
    actor: str | None = None,
    request_id: str | None = None,
    event_type: str = "screen.decision",
) -> AuditEvent:
    """An event for one screening decision; ``log`` supplies the team's prompt-HMAC secret."""
    return AuditEvent(
        event_type=event_type,
        team=team,
        actor=actor,
        request_id=request_id or decision.id,
        decision=decision.action,
        rule_ids=sorted({f.rule for f in decision.findings}),
        policy_digest=decision.policy_digest,
        subject={
            "prompt_hmac": log.hmac_prompt(team, prompt),
            "policy": decision.policy,
            "categories": list(decision.categories),
            "hazards": list(decision.hazards),
        },
        payload={
            "prompt": prompt,
            "explanation": decision.explanation,
            "findings": [f.model_dump(mode="json") for f in decision.findings],
        },
    )


def verdict_event(
    verdict: Verdict,
    *,
    team: str = "default",
    actor: str | None = None,
    request_id: str | None = None,
    event_type: str = "inspect.result",
) -> AuditEvent:
    """An event for one provenance verdict; the file path stays in the payload."""
    c2pa = verdict.c2pa
    subject: dict[str, object] = {
        "image_sha256": verdict.sha256,
        "verdict": verdict.verdict,
        "trust": verdict.trust,
        "format": verdict.format,
    }
    if c2pa is not None:
        subject.update(
            c2pa_active_manifest=c2pa.active_manifest,
            c2pa_validation_state=c2pa.validation_state,
            c2pa_signer=c2pa.signer,
        )
    if verdict.error is not None:
        subject["error"] = verdict.error.code
    return AuditEvent(
        event_type=event_type,
        team=team,
        actor=actor,
        request_id=request_id,
        decision=verdict.verdict or "error",
        rule_ids=sorted({f"{e.source}:{e.kind}" for e in verdict.evidence}),
        subject=subject,
        payload={"path": verdict.path, "evidence": [e.model_dump(mode="json") for e in verdict.evidence]},
    )


def record_decision(
    log: AuditLog,
    decision: Decision,
    *,
    prompt: str,
    team: str = "default",
    actor: str | None = None,
    request_id: str | None = None,
    event_type: str = "screen.decision",
) -> Receipt:
    """Build and durably append the event for ``decision``."""
    return log.append(
        decision_event(
            decision,
            prompt=prompt,
            log=log,
            team=team,
            actor=actor,
            request_id=request_id,
            event_type=event_type,
        )
    )


def record_verdict(
    log: AuditLog,
    verdict: Verdict,
    *,
    team: str = "default",
    actor: str | None = None,
    request_id: str | None = None,
) -> Receipt:
    return log.append(verdict_event(verdict, team=team, actor=actor, request_id=request_id))
