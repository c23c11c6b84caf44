"""Pre-generation prompt screening: ``Screener.load(...).screen(prompt) -> Decision``."""

from __future__ import annotations

from provguard.screen.engine import Screener, Turn

__all__ = ["Screener", "Turn"]
