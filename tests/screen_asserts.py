"""Shared assertions of the screening tests: what "flagged" means and how a conversation is
driven through the proxy, written once so every class test reads the same way."""

from __future__ import annotations

from collections.abc import Sequence

import openai
import pytest

from provguard.models import Decision
from provguard.screen import Screener

# the actions that hold a prompt back (review) or refuse it (block); warn and allow let it through
FLAGGED = ("review", "block")

__all__ = ["FLAGGED", "assert_allowed", "assert_flagged", "assert_refused_in_conversation", "proxy_client"]


def assert_flagged(screener: Screener, prompt: str, context: Sequence[str] = ()) -> Decision:
    """The prompt (after ``context``, earlier turns) goes to review or is blocked."""
    d = screener.screen(prompt, context=list(context))
    assert d.action in FLAGGED, (prompt, d.action, d.explanation)
    return d


def assert_allowed(screener: Screener, prompt: str, context: Sequence[str] = ()) -> Decision:
    """The prompt passes: allow or warn, never review or block."""
    d = screener.screen(prompt, context=list(context))
    assert d.action not in FLAGGED, (prompt, d.action, d.explanation)
    return d


def proxy_client(url: str, key: str) -> openai.OpenAI:
    """The real ``openai`` client pointed at a running provguard service (``url``: its base)."""
    return openai.OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, timeout=30)


def assert_refused_in_conversation(
    oa: openai.OpenAI, turns: Sequence[str], conversation: str, received: Sequence[object]
) -> openai.APIStatusError:
    """Send ``turns`` in one conversation (``X-Provguard-Conversation``); the earlier ones pass
    through, the last is held (403) or refused (400) and never reaches the upstream, whose
    requests so far are ``received`` (objects with a ``prompt``)."""
    conv = {"X-Provguard-Conversation": conversation}
    for t in turns[:-1]:
        oa.images.generate(prompt=t, extra_headers=conv)
    with pytest.raises(openai.APIStatusError) as info:
        oa.images.generate(prompt=turns[-1], extra_headers=conv)
    assert info.value.status_code in (400, 403), info.value
    assert all(getattr(r, "prompt", None) != turns[-1] for r in received)
    return info.value
