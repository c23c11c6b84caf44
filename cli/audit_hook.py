"""Recording CLI batch work (screen, inspect) in the audit log when one is configured.

Auditing is on with ``--audit``, or whenever ``PROVGUARD_DB`` names a store, so a team that
sets the variable once gets every batch run logged. Records are appended as results are
produced, before the command exits, so an interrupted run keeps what it reported.
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the audit package (cryptography, stores) is imported only when auditing is on
    from provguard.audit import AuditEvent, AuditLog, Receipt


def __getattr__(name: str) -> Any:
    """``AUDIT_OPTION`` and ``TEAM_OPTION``, made on first use: ``screen``'s fast path (which
    records through ``batch_recorder`` too) does not import Typer."""
    if name not in ("AUDIT_OPTION", "TEAM_OPTION"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import typer

    if name == "AUDIT_OPTION":
        opt = typer.Option(
            None,
            "--audit/--no-audit",
            help="Record results in the audit log (default: on when PROVGUARD_DB is set).",
            show_default=False,
        )
    else:
        opt = typer.Option("default", "--team", help="Team recorded with each audit record.")
    globals()[name] = opt
    return opt


def auditing_enabled(flag: bool | None) -> bool:
    return flag if flag is not None else bool(os.environ.get("PROVGUARD_DB"))


class BatchRecorder:
    """Appends one event per result for one CLI invocation (one request id for the batch)."""

    def __init__(self, log: AuditLog, team: str) -> None:
        self.log = log
        self.team = team
        self.actor = f"cli:{_user()}"
        self.request_id = f"cli-{uuid.uuid4().hex[:16]}"

    def append(self, event: AuditEvent) -> Receipt:
        return self.log.append(event)


@contextmanager
def batch_recorder(flag: bool | None, team: str) -> Iterator[BatchRecorder | None]:
    """Yield a recorder when auditing is on, else None; StoreUnavailable propagates (exit 3)."""
    if not auditing_enabled(flag):
        yield None
        return
    from provguard.audit import AuditLog
    from provguard.config import load_settings

    settings = load_settings()
    with AuditLog.open(settings.db_url(), key_path=settings.audit_key_path(),
                       checkpoint_dir=settings.checkpoint_dir) as log:
        yield BatchRecorder(log, team)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return str(os.getuid())
