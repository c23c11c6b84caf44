"""``provguard screen``: decide allow / warn / review / block for prompts before generation.

Exit codes (documented contract): 0 everything allowed or warned; 1 something was blocked or
sent to review; 2 usage error; 3 an input could not be read (invalid UTF-8, a line that is not
JSON, a missing image): a clear message on stderr, the other lines are still screened.
The work is in ``screen_run``; ``screen_fast`` runs the common invocations without Typer.
"""

from __future__ import annotations

from pathlib import Path

import typer

from provguard.cli.audit_hook import AUDIT_OPTION, TEAM_OPTION, batch_recorder
from provguard.cli.screen_run import (
    EXIT_FLAGGED,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    OutputFormat,
    Request,
    iter_jsonl,
    parse_turn,
    read_context_file,
    run_screen,
)

__all__ = [
    "EXIT_FLAGGED", "EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "OutputFormat", "Request", "iter_jsonl",
    "parse_turn", "read_context_file", "register", "screen_command",
]


def screen_command(
    prompt: str | None = typer.Argument(None, help="The prompt to screen (or use --input)."),
    input: str | None = typer.Option(
        None, "--input", "-i", help="JSONL file of {id, prompt, image?, context?}; '-' = stdin."
    ),
    image: Path | None = typer.Option(None, "--image", help="Input image of an edit (face signal)."),
    policy: str | None = typer.Option(
        None, "--policy", "-p", help="Profile name (strict|standard|permissive) or a profile YAML file."
    ),
    context: Path | None = typer.Option(None, "--context", help="JSONL of earlier turns for PROMPT."),
    format: OutputFormat | None = typer.Option(
        None, "--format", "-f", help="table (default for PROMPT) | json | jsonl (default for --input)."
    ),
    audit: bool | None = AUDIT_OPTION,
    team: str = TEAM_OPTION,
) -> None:
    """Screen prompts before generation; exit 1 if anything is blocked or sent to review."""
    with batch_recorder(audit, team) as recorder:
        code = run_screen(prompt, input, image, policy, context, format, recorder)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add ``provguard screen``."""
    app.command("screen")(screen_command)
