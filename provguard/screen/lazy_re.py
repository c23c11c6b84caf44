"""Module-level regular expressions compiled on first use.

Why: the screening modules hold about 55 module-level patterns whose compilation costs ~30 ms of
every ``provguard screen`` start-up, and most prompts touch none of them (they serve multi-turn
conversations, name cues, Persian or leetspeak). A lazy pattern compiles when a method is first
looked up, then keeps the compiled pattern's bound methods as its own attributes, so later calls
cost the same as on a compiled pattern.
"""

from __future__ import annotations

import re
import threading
from typing import Any, cast

__all__ = ["compile"]

_lock = threading.Lock()


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        with _lock:
            compiled = re.compile(self.pattern, self.flags)
            for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
                self.__dict__[method] = getattr(compiled, method)
            self.__dict__["groups"] = compiled.groups
            self.__dict__["groupindex"] = compiled.groupindex
        return getattr(compiled, name)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - mirrors re.compile
    """A pattern that behaves like ``re.compile(pattern, flags)`` and compiles on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
