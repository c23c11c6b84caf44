"""Separation of duties: a held request is approved by someone other than its requester.

In the core so that every front end (the HTTP API, a web console, the CLI) enforces the same
rule. Modes (``PROVGUARD_REVIEW_SEPARATION``):

* ``person`` (default): not the requesting key, and not another key of the same person (keys
  carry their owner's name, ``--name``; names are compared case-insensitively).
* ``key``: any key but the requesting one.
* ``off``: self-approval allowed (single-person teams); every approval still records the mode.

Rejecting one's own request is always allowed: it can only make the outcome stricter.
"""

from __future__ import annotations

from typing import Literal, get_args

from provguard.errors import PermissionDenied, UsageError

Separation = Literal["person", "key", "off"]
SEPARATIONS: tuple[str, ...] = get_args(Separation)


class SeparationOfDuties(PermissionDenied):
    """The approver is the requester (same key, or same person under ``person``)."""

    code = "separation_of_duties"

    def __init__(self, message: str, *, mode: str) -> None:
        super().__init__(message, hint="another reviewer must approve it (PROVGUARD_REVIEW_SEPARATION="
                                       f"{mode})")
        self.mode = mode


def _person(name: str | None) -> str | None:
    person = " ".join((name or "").split()).casefold()
    return person or None


def check_separation(*, requester: str, approver: str, requester_name: str | None,
                     approver_name: str | None, mode: str) -> None:
    """Raise SeparationOfDuties when ``approver`` may not approve ``requester``'s request."""
    if mode not in SEPARATIONS:
        raise UsageError(f"review separation must be one of {', '.join(SEPARATIONS)}, not {mode!r}")
    if mode == "off":
        return
    if approver == requester:
        raise SeparationOfDuties(f"key {approver} made this request and cannot approve it", mode=mode)
    if mode == "person":
        who = _person(requester_name)
        if who is not None and who == _person(approver_name):
            raise SeparationOfDuties(
                f"keys {requester} and {approver} both belong to {requester_name!r}: the requester "
                "cannot approve their own request with another key", mode=mode)
