"""What ``provguard screen`` does, without Typer: shared by the command and its fast path.

Exit codes (documented contract): 0 everything allowed or warned; 1 something was blocked or
sent to review; 2 usage error; 3 an input could not be read (invalid UTF-8, a line that is not
JSON, a missing image): a clear message on stderr, the other lines are still screened.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provguard.cli.output import emit_json, emit_jsonl
from provguard.errors import InputError, UsageError

if TYPE_CHECKING:  # the screening engine is imported when a prompt is screened, not for --help
    from provguard.cli.audit_hook import BatchRecorder
    from provguard.models import Decision
    from provguard.screen import Turn

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


@dataclass
class Request:
    id: str | int | None
    prompt: str
    image: bytes | None
    context: list[str | Turn]


def echo_err(message: str) -> None:
    """``typer.echo(message, err=True)``; Typer is imported only when there is something to say."""
    import typer

    typer.echo(message, err=True)


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: invalid UTF-8 at byte {exc.start}") from exc


def _read_image(path: str | Path, where: str) -> bytes:
    if not isinstance(path, str | Path):
        raise InputError(f"{where}: 'image' must be a file path string")
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read image {path}: {exc.strerror}") from exc
    except ValueError as exc:  # e.g. an embedded NUL byte
        raise InputError(f"{where}: cannot read image {path!r}: {exc}") from exc


def _loads(line: str, where: str) -> Any:
    """json.loads whose every failure (syntax, nesting depth, huge integers) is an InputError."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from exc
    except RecursionError:
        raise InputError(f"{where}: not JSON we accept (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer literal over Python's digit limit
        raise InputError(f"{where}: not JSON we accept ({exc})") from exc


def parse_turn(obj: Any, where: str) -> str | Turn:
    """A context entry: a string, or {"prompt": ..., "decision": {...}?}."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict) and isinstance(obj.get("prompt"), str):
        from provguard.models import Decision
        from provguard.screen import Turn

        dec = obj.get("decision")
        try:
            decision = Decision.model_validate(dec) if isinstance(dec, dict) else None
        except ValueError as exc:
            raise InputError(f"{where}: context decision is not a provguard decision: {exc}") from exc
        return Turn(obj["prompt"], decision)
    raise InputError(f"{where}: a context turn must be a string or an object with a 'prompt' string")


def read_context_file(path: Path) -> list[str | Turn]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read context file {path}: {exc.strerror}") from exc
    turns: list[str | Turn] = []
    for n, line in enumerate(_decode(raw, str(path)).removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        obj = _loads(line, f"{path}:{n}")
        turns.append(parse_turn(obj, f"{path}:{n}"))
    return turns


def iter_jsonl(stream: Any, name: str) -> Iterator[tuple[int, Request | InputError]]:
    """Parse each JSONL line independently; a bad line yields an InputError, not an exception."""
    for n, raw in enumerate(stream, start=1):
        where = f"{name}:{n}"
        try:
            line = _decode(raw, where)
            if n == 1:
                line = line.removeprefix("\ufeff")  # a UTF-8 BOM, as Windows tools write it
            if not line.strip():
                continue
            obj = _loads(line, where)
            if not isinstance(obj, dict) or not isinstance(obj.get("prompt"), str):
                raise InputError(f"{where}: expected an object with a 'prompt' string")
            rid = obj.get("id")
            image = _read_image(obj["image"], where) if obj.get("image") else None
            ctx_raw = obj.get("context") or []
            if not isinstance(ctx_raw, list):
                raise InputError(f"{where}: 'context' must be a list of earlier turns")
            context = [parse_turn(t, where) for t in ctx_raw]
            rid = rid if isinstance(rid, int | str) and not isinstance(rid, bool) else (
                None if rid is None else str(rid)
            )
            yield n, Request(rid, obj["prompt"], image, context)
        except InputError as exc:
            yield n, exc


def run_screen(
    prompt: str | None,
    input: str | None,
    image: Path | None,
    policy: str | None,
    context: Path | None,
    format: OutputFormat | None,
    recorder: BatchRecorder | None,
) -> int:
    if (prompt is None) == (input is None):
        raise UsageError(
            "give exactly one of PROMPT or --input FILE|-",
            hint="provguard screen 'a prompt' or --input prompts.jsonl",
        )
    if input is not None and (image is not None or context is not None):
        raise UsageError(
            "--image and --context apply to a single PROMPT; put 'image'/'context' on each --input line"
        )
    from provguard.config import load_settings
    from provguard.screen import Screener

    settings = load_settings()
    screener = Screener.load(policy or settings.policy, settings=settings)
    fmt = format or (OutputFormat.table if prompt is not None else OutputFormat.jsonl)
    decisions: list[Decision] = []
    input_errors = 0
    flagged = [0]

    def out(d: Decision, text: str) -> None:
        if recorder is not None:  # durable before it is reported
            from provguard.audit.recorder import decision_event

            receipt = recorder.append(
                decision_event(
                    d, prompt=text, log=recorder.log, team=recorder.team, actor=recorder.actor,
                    request_id=recorder.request_id,
                )
            )
            d = d.model_copy(update={"audit_seq": receipt.seq})
        if d.action in ("block", "review"):
            flagged[0] += 1
        if fmt is OutputFormat.jsonl:
            emit_jsonl([d])
        else:
            decisions.append(d)

    if prompt is not None:
        ctx = read_context_file(context) if context else []
        img = _read_image(image, "--image") if image else None
        out(screener.screen(prompt, context=ctx, image=img), prompt)
    else:
        assert input is not None
        if input == "-":
            stream: Any = sys.stdin.buffer
            name = "<stdin>"
        else:
            try:
                stream = open(input, "rb")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise InputError(f"cannot read {input}: {exc.strerror}") from exc
            name = input
        try:
            for _, item in iter_jsonl(stream, name):
                if isinstance(item, InputError):
                    input_errors += 1
                    echo_err(f"provguard: input error: {item.diagnostics()}")
                    continue
                try:
                    decision = screener.screen(
                        item.prompt, context=item.context, image=item.image, id=item.id
                    )
                    out(decision, item.prompt)
                except InputError as exc:
                    input_errors += 1
                    echo_err(f"provguard: input error: {name} id={item.id}: {exc.diagnostics()}")
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
    if fmt is OutputFormat.json:
        if input is not None:
            emit_json(list(decisions))
        elif decisions:
            emit_json(decisions[0])
    elif fmt is OutputFormat.table:
        from provguard.cli.tables import render_screen_table

        render_screen_table(decisions)
    return _exit_code(input_errors, flagged[0] > 0)


def _exit_code(input_errors: int, flagged: bool) -> int:
    if input_errors:
        return EXIT_INPUT
    return EXIT_FLAGGED if flagged else EXIT_OK
