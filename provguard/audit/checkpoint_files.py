"""Checkpoint files: read a checkpoint given as text, object or path; write one where it can be copied.

Apart from the log so that verifiers (proof checks, scans) read checkpoints without opening a store.
"""

from __future__ import annotations

import re
from pathlib import Path

from provguard.audit.checkpoint import Checkpoint
from provguard.errors import InputError


def read_checkpoint_arg(checkpoint: Checkpoint | str | Path) -> str:
    if isinstance(checkpoint, Checkpoint):
        return checkpoint.text
    if isinstance(checkpoint, str) and "\n" in checkpoint:
        return checkpoint
    path = Path(checkpoint)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read checkpoint {path}: {exc}") from exc


def write_checkpoint(cp: Checkpoint, target: Path, *, directory: bool | None = None) -> Path:
    """Write to ``target`` (a file) or ``target/<origin>-<size>.checkpoint`` (a directory)."""
    if directory is None:
        directory = target.is_dir() or str(target).endswith("/")
    if directory:
        target.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", cp.origin)
        target = target / f"{safe}-{cp.size:012d}.checkpoint"
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(cp.text, encoding="utf-8")
    return target
