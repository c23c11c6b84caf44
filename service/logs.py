"""Service logs: readable lines on a terminal, one JSON object per line otherwise.

Format: ``--log-format`` / ``PROVGUARD_LOG_FORMAT`` = ``human`` (alias ``console``), ``json`` or
``auto`` (human when stderr is a TTY). Request ids and other fields ride along; keys and
prompts never do. uvicorn's ``color_message`` (the same text with ANSI colour codes) is dropped,
and escape sequences are stripped from every value, so a JSON line is always clean text.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any, Literal

_STD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime"}
_REDACT = ("authorization", "api_key", "key", "secret", "prompt")
_DROP = {"color_message"}  # uvicorn: the message again, with ANSI colours
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
HANDLER_NAME = "provguard-log"
LogFormat = Literal["human", "json"]


def _clean(value: Any) -> Any:
    return _ANSI.sub("", value) if isinstance(value, str) else value


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The record's extra fields, redacted and without uvicorn's coloured duplicate."""
    out: dict[str, Any] = {}
    for key, value in vars(record).items():
        if key in _STD or key in _DROP or key.startswith("_"):
            continue
        out[key] = "[redacted]" if key.lower() in _REDACT else _clean(value)
    return out


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": _clean(record.getMessage()),
        }
        out.update(_fields(record))
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


class HumanFormatter(logging.Formatter):
    """``16:18:13 INFO  message  key=value ...``: local time, short and greppable."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        fields = " ".join(f"{k}={v}" for k, v in _fields(record).items() if v is not None)
        line = f"{when} {record.levelname:<5} {_clean(record.getMessage())}"
        if fields:
            line += f"  {fields}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def resolve_format(value: str | None, stream: Any = None) -> LogFormat:
    """``human``/``console``/``json``/``auto`` (or None = auto) to the format actually used."""
    choice = (value or "auto").strip().lower()
    if choice in ("human", "console"):
        return "human"
    if choice == "json":
        return "json"
    if choice != "auto":
        from provguard.errors import ConfigError

        raise ConfigError(f"log format {value!r} is not one of human, json, auto")
    stream = stream or sys.stderr
    return "human" if hasattr(stream, "isatty") and stream.isatty() else "json"


def configure(level: str = "INFO", fmt: str | None = None) -> LogFormat:
    """Send provguard's and uvicorn's loggers to stderr in one format (idempotent); returns it."""
    chosen = resolve_format(fmt)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(HumanFormatter() if chosen == "human" else JsonFormatter())
    handler.set_name(HANDLER_NAME)
    for name in ("provguard", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [h for h in logger.handlers if not isinstance(h, logging.StreamHandler)]
        logger.addHandler(handler)
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True  # our access line carries more (request id, team)
    return chosen
