"""Machine output shared by every command: JSON and JSON Lines from the core models."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from pydantic import BaseModel


class DataFormat(StrEnum):
    """``--format`` of commands that list data: a table for people, JSON for programs."""

    table = "table"
    json = "json"


class StatusFormat(StrEnum):
    """``--format`` of commands that change something and report what they did."""

    text = "text"
    json = "json"


def to_jsonable(obj: BaseModel | dict[str, Any]) -> dict[str, Any]:
    """A pydantic model as JSON-ready data (duck-typed, so importing this module stays cheap)."""
    return obj if isinstance(obj, dict) else obj.model_dump(mode="json")


def emit_json(obj: BaseModel | dict[str, Any] | list[Any], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    data = [to_jsonable(o) for o in obj] if isinstance(obj, list) else to_jsonable(obj)
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit_jsonl(objs: Iterable[BaseModel | dict[str, Any]], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    for obj in objs:
        stream.write(json.dumps(to_jsonable(obj), ensure_ascii=False, separators=(",", ":")) + "\n")
        stream.flush()
