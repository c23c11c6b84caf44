"""``provguard screen`` without Typer, for the invocations whose meaning is unambiguous.

Why: importing Typer and letting it build a pydantic ``TypeAdapter`` per option costs ~60-70 ms
of a ~0.3 s one-prompt start. This parser accepts only a strict subset of what the Typer command
accepts (each known option at most once, as ``--opt VALUE``/``-o VALUE`` or a flag, at most one
positional PROMPT not starting with ``-``, a valid ``--format``) and hands everything else, help
and every error included, back to the Typer command (returns None): so a run either does exactly
what the Typer command would do with the same values (``screen_run.run_screen``) or is the Typer
command itself.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any, cast

from provguard.cli.screen_run import OutputFormat

# option spellings -> parameter (the Typer command's names and aliases, see screen_cmd)
_VALUED = {
    "--input": "input", "-i": "input",
    "--image": "image",
    "--policy": "policy", "-p": "policy",
    "--context": "context",
    "--format": "format", "-f": "format",
    "--team": "team",
}
_FLAGS = {"--audit": True, "--no-audit": False}
ENABLED = True  # tests and bench/cli_startup_bench.py turn it off to compare with the Typer command
_FORMATS = frozenset(f.value for f in OutputFormat)


def parse(args: list[str]) -> dict[str, str | bool] | None:
    """The parameters of an unambiguous ``screen`` command line, or None (Typer decides)."""
    values: dict[str, str | bool] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a in _VALUED:
            name = _VALUED[a]
            if name in values or i + 1 >= len(args):
                return None
            v = args[i + 1]
            if v.startswith("-") and not (name == "input" and v == "-"):
                return None  # Typer would take it as the value; leave that reading to Typer
            if name == "format" and v not in _FORMATS:
                return None
            values[name] = v
            i += 2
        elif a in _FLAGS:
            if "audit" in values:
                return None
            values["audit"] = _FLAGS[a]
            i += 1
        elif a.startswith("-") or "prompt" in values:
            return None  # --help, --, -x, --opt=value, bundled short options, a second PROMPT
        else:
            values["prompt"] = a
            i += 1
    if ("prompt" in values) == ("input" in values):
        return None  # the usage error, worded by the Typer command
    return values


def screen_fast(args: list[str]) -> int | None:
    """Run ``provguard screen ARGS`` and return its exit code, or None to let Typer run it."""
    if not ENABLED or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # a shell-completion request: Click answers it
    values = parse(args)
    if values is None:
        return None
    from provguard.cli.audit_hook import batch_recorder
    from provguard.cli.screen_run import run_screen

    def text(name: str) -> str | None:
        v = values.get(name)
        return v if isinstance(v, str) else None

    image, context, fmt = text("image"), text("context"), text("format")
    audit, team = values.get("audit"), text("team")
    try:
        with batch_recorder(
            audit if isinstance(audit, bool) else None, "default" if team is None else team
        ) as recorder:
            return run_screen(
                text("prompt"),
                text("input"),
                Path(image) if image is not None else None,
                text("policy"),
                Path(context) if context is not None else None,
                OutputFormat(fmt) if fmt is not None else None,
                recorder,
            )
    except OSError as exc:  # a closed pipe (``| head``): what Click's main does
        if exc.errno != errno.EPIPE:
            raise
        from typer._click.utils import PacifyFlushWrapper

        sys.stdout = cast(Any, PacifyFlushWrapper(sys.stdout))
        sys.stderr = cast(Any, PacifyFlushWrapper(sys.stderr))
        return 1
