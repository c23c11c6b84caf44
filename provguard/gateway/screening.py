"""The screen stage: the prompt with its conversation context, once per input image."""

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
                         conversation_id: str | None = None) -> Decision:
    """The most severe decision over the prompt (with conversation context) and each input image."""
    if len(prompt) > settings.max_prompt_chars:
        raise PayloadTooLarge(f"prompt is {len(prompt)} characters; the limit is "
                              f"{settings.max_prompt_chars}")
    context: list[Any] = []
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
    return max(decisions, key=lambda d: ACTION_ORDER[d.action])
