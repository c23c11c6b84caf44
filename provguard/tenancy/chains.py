"""Responses API chains: each response's screened signals, per team, in the shared database.

A response made through provguard is stored with its parent (``previous_response_id``), its
conversation, its turn number and the decisions screening made (the input and every revised
prompt) with their audit seqs. A later turn sent to *any* replica rebuilds its context from
here, so a face or person introduced in turn 1 still counts in turn 3. A response or
conversation id of another team is unknown (``NotFound``); a conversation belongs to the
first team that used it. Team settings for the Responses API (inputs provguard cannot see,
holding partial images) live here too.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Literal

from provguard.errors import InputError, NotFound
from provguard.tenancy.db import Database

POLICY_CACHE_SECONDS = 5.0
MAX_CHAIN = 50  # earlier responses re-screened per turn (bounded work per request)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tenancy_responses (
        team TEXT NOT NULL, response_id TEXT NOT NULL, previous_response_id TEXT, conversation_id TEXT,
        turn INTEGER NOT NULL, signals TEXT NOT NULL, audit_seq BIGINT, created_at DOUBLE PRECISION NOT NULL,
        deleted_at DOUBLE PRECISION, PRIMARY KEY (team, response_id))""",
    "CREATE INDEX IF NOT EXISTS tenancy_responses_conv ON tenancy_responses (conversation_id)",
    """CREATE TABLE IF NOT EXISTS tenancy_team_settings (
        team TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (team, name))""",
)

UnseenInputs = Literal["refuse", "allow"]


@dataclass(frozen=True)
class Signal:
    """One screened text of a turn (the input, or a revised prompt) and the decision it got."""

    prompt: str
    decision: dict[str, Any]
    audit_seq: int | None


@dataclass(frozen=True)
class StoredResponse:
    response_id: str
    previous_response_id: str | None
    conversation_id: str | None
    turn: int
    signals: list[Signal]
    audit_seq: int | None


@dataclass(frozen=True)
class ResponsesPolicy:
    """What a team lets through the Responses API. Defaults are the safe ones."""

    unseen_inputs: UnseenInputs = "refuse"  # image URLs and file ids provguard cannot screen
    hold_partial_images: bool = True  # partial images wait for the call's revised prompt

    def public(self) -> dict[str, Any]:
        return {"unseen_inputs": self.unseen_inputs, "hold_partial_images": self.hold_partial_images}


class ResponseChains:
    """Thread-safe; one per process, over the tenancy database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._policies: dict[str, tuple[float, ResponsesPolicy]] = {}
        with self.db.tx() as cur:
            if self.db.dialect == "postgres":
                cur.execute("SELECT pg_advisory_xact_lock(7247169)")  # arbitrary constant: chains DDL
            for stmt in SCHEMA:
                cur.execute(stmt.replace("DOUBLE PRECISION", "REAL") if self.db.dialect == "sqlite" else stmt)

    # ------------------------------------------------------------------ chains
    def lineage(self, team: str, response_id: str) -> list[StoredResponse]:
        """The response and its ancestors, oldest first (at most ``MAX_CHAIN``); NotFound if not ours."""
        chain: list[StoredResponse] = []
        current: str | None = response_id
        with self.db.tx(write=False) as cur:
            while current is not None and len(chain) < MAX_CHAIN:
                found = self._get(cur, team, current)
                if found is None:
                    if not chain:
                        raise NotFound(f"no response {response_id!r} for this team")
                    break  # an ancestor made before provguard: its signals are unknown
                chain.append(found)
                current = found.previous_response_id
        return list(reversed(chain))

    def conversation(self, team: str, conversation_id: str) -> list[StoredResponse]:
        """The team's responses in a conversation, oldest first; NotFound if another team owns it."""
        with self.db.tx(write=False) as cur:
            owner = cur.execute(
                "SELECT team FROM tenancy_responses WHERE conversation_id = ? LIMIT 1", (conversation_id,)
            ).fetchone()
            if owner is not None and owner[0] != team:
                raise NotFound(f"no conversation {conversation_id!r} for this team")
            rows = cur.execute(
                f"SELECT {self._COLS} FROM tenancy_responses WHERE team = ? AND conversation_id = ? "
                "ORDER BY turn DESC, created_at DESC LIMIT ?",
                (team, conversation_id, MAX_CHAIN),
            ).fetchall()
        return [self._row(r) for r in reversed(rows)]

    def get(self, team: str, response_id: str) -> StoredResponse:
        """A live (not deleted) response of the team; NotFound otherwise."""
        with self.db.tx(write=False) as cur:
            found = self._get(cur, team, response_id, live=True)
        if found is None:
            raise NotFound(f"no response {response_id!r} for this team")
        return found

    def add(self, team: str, response: StoredResponse) -> None:
        """Remember a response; a repeated id (a retried store) keeps the first row."""
        if not response.response_id or len(response.response_id) > 200:
            raise InputError("response id must be 1-200 characters")
        signals = json.dumps([s.__dict__ for s in response.signals])
        with self.db.tx() as cur:
            if self._get(cur, team, response.response_id) is not None:
                return
            cur.execute(
                "INSERT INTO tenancy_responses (team, response_id, previous_response_id, conversation_id, "
                "turn, signals, audit_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    team,
                    response.response_id,
                    response.previous_response_id,
                    response.conversation_id,
                    response.turn,
                    signals,
                    response.audit_seq,
                    time.time(),
                ),
            )

    def mark_deleted(self, team: str, response_id: str) -> None:
        """Deleted responses stay as context of their descendants (their signals are evidence)."""
        with self.db.tx() as cur:
            cur.execute(
                "UPDATE tenancy_responses SET deleted_at = ? WHERE team = ? AND response_id = ?",
                (time.time(), team, response_id),
            )

    _COLS = "response_id, previous_response_id, conversation_id, turn, signals, audit_seq, deleted_at"

    def _get(self, cur: Any, team: str, response_id: str, *, live: bool = False) -> StoredResponse | None:
        row = cur.execute(
            f"SELECT {self._COLS} FROM tenancy_responses WHERE team = ? AND response_id = ?",
            (team, response_id),
        ).fetchone()
        if row is None or (live and row[6] is not None):
            return None
        return self._row(row)

    @staticmethod
    def _row(row: tuple[Any, ...]) -> StoredResponse:
        signals = [
            Signal(str(s["prompt"]), dict(s["decision"]), s.get("audit_seq")) for s in json.loads(row[4])
        ]
        return StoredResponse(row[0], row[1], row[2], int(row[3]), signals, row[5])

    # ------------------------------------------------------------------ team settings
    def policy(self, team: str) -> ResponsesPolicy:
        """The team's policy; cached for a few seconds per process (a change reaches every replica
        within ``POLICY_CACHE_SECONDS``), so a request does not pay a read for it."""
        now = time.monotonic()
        hit = self._policies.get(team)
        if hit is not None and now - hit[0] < POLICY_CACHE_SECONDS:
            return hit[1]
        policy = self._read_policy(team)
        if len(self._policies) > 10_000:
            self._policies.clear()
        self._policies[team] = (now, policy)
        return policy

    def _read_policy(self, team: str) -> ResponsesPolicy:
        with self.db.tx(write=False) as cur:
            rows = cur.execute(
                "SELECT name, value FROM tenancy_team_settings WHERE team = ? AND name LIKE ?",
                (team, "responses.%"),
            ).fetchall()
        values = {name.split(".", 1)[1]: json.loads(value) for name, value in rows}
        return ResponsesPolicy(
            **{k: v for k, v in values.items() if k in ResponsesPolicy.__dataclass_fields__}
        )

    def set_policy(self, team: str, policy: ResponsesPolicy) -> ResponsesPolicy:
        if policy.unseen_inputs not in ("refuse", "allow"):
            raise InputError("unseen_inputs must be 'refuse' or 'allow'")
        with self.db.tx() as cur:
            for name, value in policy.public().items():
                cur.execute(
                    "DELETE FROM tenancy_team_settings WHERE team = ? AND name = ?",
                    (team, f"responses.{name}"),
                )
                cur.execute(
                    "INSERT INTO tenancy_team_settings (team, name, value) VALUES (?, ?, ?)",
                    (team, f"responses.{name}", json.dumps(value)),
                )
        self._policies.pop(team, None)
        return policy
