"""The screen stage: the prompt with its conversation context, once per input image.

Where the face detector is unavailable (no OpenCV, a broken model), "no face found" proves
nothing. An edit whose context would be held or blocked with a face in its image is then held
for review instead of allowed: the prompt is screened once more as if a face were there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import anyio

from provguard.errors import PayloadTooLarge
from provguard.gateway.protocols import ScreenerLike
from provguard.gateway.values import Caller, ImageInput
from provguard.models import ACTION_ORDER, Decision

if TYPE_CHECKING:
    from provguard.config import Settings
    from provguard.tenancy import TenancyStore


async def screen_request(screener: ScreenerLike, tenancy: TenancyStore | None, settings: Settings,
                         prompt: str, *, caller: Caller, images: Sequence[ImageInput] = (),
                         conversation_id: str | None = None, earlier: Sequence[Any] = ()) -> Decision:
    """The most severe decision over the prompt (with conversation context) and each input image.

    ``earlier``: turns an adapter already loaded (a Responses API chain), oldest first.
    """
    if len(prompt) > settings.max_prompt_chars:
        raise PayloadTooLarge(f"prompt is {len(prompt)} characters; the limit is "
                              f"{settings.max_prompt_chars}")
    context: list[Any] = list(earlier)
    if conversation_id and tenancy is not None:
        from provguard.screen import Turn

        turns = await anyio.to_thread.run_sync(tenancy.conversation, caller.team, conversation_id)
        for t in turns:
            prior = Decision.model_validate(t.decision) if t.decision else None
            context.append(Turn(prompt=t.prompt, decision=prior))
    if not images:
        return screener.screen(prompt, context=context, id=caller.request_id)

    def run(data: bytes) -> Decision:
        return screener.screen(prompt, context=context, image=data, id=caller.request_id)

    decisions = [await anyio.to_thread.run_sync(run, img.data) for img in images]
    decision = max(decisions, key=lambda d: ACTION_ORDER[d.action])
    if ACTION_ORDER[decision.action] < ACTION_ORDER["review"] and not await anyio.to_thread.run_sync(
            face_detector_available):
        decision = await anyio.to_thread.run_sync(
            lambda: assume_face(screener, prompt, context, decision, caller.request_id))
    return decision


_PROBE: bytes | None = None


def face_detector_available() -> bool:
    """Whether the screener's face detector runs here (probed on a tiny image; it is cheap)."""
    global _PROBE
    from provguard.screen.detectors.faces import detect_faces

    if _PROBE is None:
        import io

        from PIL import Image

        buf = io.BytesIO()
        Image.new("L", (32, 32), 128).save(buf, "PNG")
        _PROBE = buf.getvalue()
    return detect_faces(_PROBE).available


ASSUMED_FACE_RULE = "face.image.unavailable"


def assume_face(screener: ScreenerLike, prompt: str, context: list[Any], decision: Decision,
                request_id: str) -> Decision:
    """``decision`` raised to ``review`` when, with a face in the image, the edit would be held or blocked."""
    from provguard.models import Finding
    from provguard.screen import Turn

    face = Finding(rule=ASSUMED_FACE_RULE, category="face_in_image", span=(0, 0),
                   match="input image (face detector unavailable)", signal="face_image")
    assumed = Decision(action="allow", findings=[face], policy=screener.policy_name,
                       policy_digest=screener.policy_digest,
                       explanation="a face is assumed in the input image")
    turns = [*context, Turn(prompt="", decision=assumed)]
    hypothetical = screener.screen(prompt, context=turns, id=request_id)
    if ACTION_ORDER[hypothetical.action] < ACTION_ORDER["review"]:
        return decision
    findings = [f.model_copy(update={"turn": None}) if f.rule == ASSUMED_FACE_RULE else f
                for f in hypothetical.findings]
    return decision.model_copy(update={
        "action": "review", "categories": hypothetical.categories, "hazards": hypothetical.hazards,
        "findings": findings,
        "explanation": "review: the face detector is unavailable, so the input images could not be checked "
                       f"for a face; with a face this edit would be {hypothetical.action} "
                       f"({hypothetical.explanation})"})
