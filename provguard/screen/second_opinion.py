"""Apply the learned second opinion (screen/learned.py) to a rule decision, as the profile allows.

Why a separate step: the rules decide and explain; the model only moves a decision where the rules
had nothing to say (an allowed or warned prompt the model reads as harmful goes to the profile's
``learned_risk`` action, normally review) or where a rule's review is very unlikely by the model
(it falls to warn). A block is never touched, and every move is written into the explanation.
"""

from __future__ import annotations

from collections.abc import Sequence

from provguard.models import ACTION_ORDER, Action, Decision, Finding
from provguard.screen.learned import LinearModel
from provguard.screen.rules import LearnedPolicy
from provguard.screen.taxonomy import hazard

RULE_ID = "learned.second_opinion"


_ANCHORS = frozenset({"person", "unknown_person", "face_ref", "face_image", "standalone"})


def apply(
    d: Decision,
    prompt: str,
    context: Sequence[str],
    model: LinearModel,
    learned: LearnedPolicy,
    actions: dict[str, Action],
    norm: str | None = None,
) -> Decision:
    """``d`` as the rules decided it, escalated or relieved by the model's score."""
    # the lower bar needs something the rules tied to harm: a person, a face, a stand-alone category; a
    # context alone ("threesome in an adult video": sexual content, no one named) is a generic scene
    anchored = any(f.signal in _ANCHORS for f in d.findings)
    bar = learned.escalate if anchored else learned.escalate_alone
    if not anchored and d.action == "warn" and learned.escalate_context is not None:
        bar = learned.escalate_context  # a generic sexual or drug scene the rules already named
    up = bar is not None and d.action in ("allow", "warn")
    # an unknown name is the rules' own reading of a name no list holds: the model has never seen it
    down = learned.relieve is not None and d.action == "review" and "unknown_person" not in d.categories
    if not (up or down):
        return d
    score = model.score(prompt, context, norm)
    if up and bar is not None and score >= bar:
        act = actions["learned_risk"]
        if ACTION_ORDER[act] <= ACTION_ORDER[d.action]:
            return d
        words = model.explain(prompt, context, norm=norm)
        finding = Finding(
            rule=RULE_ID,
            category="learned_risk",
            span=(0, len(prompt)),
            match=", ".join(words),
            signal="learned",
            hazard=hazard("learned_risk"),
        )
        why = (
            f"{act}: the learned second opinion scores the prompt {score:.2f} (≥ {bar:g}), "
            f"weighed most by: {', '.join(words) or '-'}; the rules said: {d.explanation}"
        )
        return d.model_copy(
            update={
                "action": act,
                "categories": [*d.categories, "learned_risk"],
                "findings": [*d.findings, finding],
                "explanation": why,
            }
        )
    if (
        down
        and learned.relieve is not None
        and score < learned.relieve
        and model.evidence(prompt, context, norm) >= learned.relieve_evidence
    ):
        why = f"warn: {d.explanation} (relieved from review: the learned second opinion scores it "
        why += f"{score:.2f}, below {learned.relieve:g})"
        return d.model_copy(update={"action": "warn", "explanation": why})
    return d
