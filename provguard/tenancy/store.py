"""Teams, API keys, conversations and held reviews, in the audit log's own database.

Keys are ``pvg_<key id>_<secret>``: the id is public (it is the audit ``actor``), the secret is
256 random bits stored only as its SHA-256 (a slow password hash buys nothing for a random
256-bit secret and would cost every request). The full key is returned once, at creation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from provguard.errors import AuthError, InputError, NotFound, PermissionDenied, UsageError
from provguard.tenancy.db import Database, open_database
from provguard.tenancy.duties import check_separation

Role = Literal["admin", "member", "reviewer"]
ROLES: tuple[str, ...] = get_args(Role)
ReviewStatus = Literal["pending", "approved", "rejected", "used"]
KEY_PREFIX = "pvg"
_AUTH_CACHE_SECONDS = 5.0

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tenancy_teams (
        team TEXT PRIMARY KEY, created_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tenancy_keys (
        key_id TEXT PRIMARY KEY, team TEXT NOT NULL, role TEXT NOT NULL, name TEXT,
        secret_sha256 TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS tenancy_turns (
        team TEXT NOT NULL, conversation_id TEXT NOT NULL, turn INTEGER NOT NULL,
        request_id TEXT, prompt TEXT NOT NULL, decision TEXT, audit_seq BIGINT, created_at TEXT NOT NULL,
        PRIMARY KEY (team, conversation_id, turn))""",
    """CREATE TABLE IF NOT EXISTS tenancy_reviews (
        review_id TEXT PRIMARY KEY, team TEXT NOT NULL, actor TEXT NOT NULL, request_id TEXT,
        kind TEXT NOT NULL, request_digest TEXT NOT NULL, decision TEXT NOT NULL, audit_seq BIGINT,
        status TEXT NOT NULL, reviewer TEXT, note TEXT, created_at TEXT NOT NULL, resolved_at TEXT)""",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key id (audit actor), its team and its role."""

    key_id: str
    team: str
    role: Role

    def require(self, *roles: str) -> None:
        if self.role not in roles:
            raise PermissionDenied(f"this needs role {' or '.join(roles)}; key {self.key_id} is {self.role}")


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    team: str
    role: Role
    name: str | None
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class StoredTurn:
    turn: int
    prompt: str
    decision: dict[str, Any] | None
    audit_seq: int | None
    request_id: str | None


@dataclass(frozen=True)
class Review:
    review_id: str
    team: str
    actor: str
    request_id: str | None
    kind: str
    request_digest: str
    decision: dict[str, Any]
    audit_seq: int | None
    status: ReviewStatus
    reviewer: str | None
    note: str | None
    created_at: str
    resolved_at: str | None

    def public(self) -> dict[str, Any]:
        """The JSON a client sees (the request digest stays internal)."""
        return {
            "review_id": self.review_id, "team": self.team, "actor": self.actor,
            "request_id": self.request_id, "kind": self.kind, "decision": self.decision,
            "audit_seq": self.audit_seq, "status": self.status, "reviewer": self.reviewer,
            "note": self.note, "created_at": self.created_at, "resolved_at": self.resolved_at,
        }


def parse_key(token: str) -> tuple[str, str] | None:
    """Split ``pvg_<id>_<secret>`` into (id, secret); None when it is not shaped like a key."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or len(parts[2]) < 20:
        return None
    return parts[1], parts[2]


class TenancyStore:
    """Keys, conversations and reviews; thread-safe, one per process."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, tuple[float, Principal | None]] = {}
        self._cache_lock = threading.Lock()
        self.migrate()

    @classmethod
    def open(cls, url: str, *, lock_timeout: float | None = None) -> TenancyStore:
        return cls(open_database(url, lock_timeout=lock_timeout))

    def migrate(self) -> None:
        """Create the tables if missing; replicas starting together serialise on a lock."""
        with self.db.tx() as cur:
            if self.db.dialect == "postgres":
                cur.execute("SELECT pg_advisory_xact_lock(7247168)")  # arbitrary constant: tenancy DDL
            for stmt in SCHEMA:
                cur.execute(stmt)

    def close(self) -> None:
        self.db.close()

    def ping(self) -> None:
        """Raise StoreUnavailable when the database cannot be reached."""
        with self.db.tx(write=False) as cur:
            cur.execute("SELECT 1").fetchone()

    # ------------------------------------------------------------------ keys
    def create_key(self, team: str, role: str = "member", name: str | None = None) -> tuple[ApiKey, str]:
        """Create a key; returns the record and the full secret key (shown once, never stored)."""
        team = team.strip()
        if not team or len(team) > 100 or any(c.isspace() for c in team):
            raise UsageError("team must be a non-empty name without spaces (at most 100 characters)")
        if role not in ROLES:
            raise UsageError(f"role must be one of {', '.join(ROLES)}")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        now = _now()
        with self.db.tx() as cur:
            if cur.execute("SELECT 1 FROM tenancy_teams WHERE team = ?", (team,)).fetchone() is None:
                cur.execute("INSERT INTO tenancy_teams (team, created_at) VALUES (?, ?)", (team, now))
            cur.execute(
                "INSERT INTO tenancy_keys (key_id, team, role, name, secret_sha256, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key_id, team, role, name, _sha256(secret), now),
            )
        return ApiKey(key_id, team, role, name, now, None), f"{KEY_PREFIX}_{key_id}_{secret}"  # type: ignore[arg-type]

    def list_keys(self, team: str | None = None) -> list[ApiKey]:
        sql = "SELECT key_id, team, role, name, created_at, revoked_at FROM tenancy_keys"
        params: tuple[Any, ...] = ()
        if team is not None:
            sql += " WHERE team = ?"
            params = (team,)
        with self.db.tx(write=False) as cur:
            rows = cur.execute(sql + " ORDER BY created_at, key_id", params).fetchall()
        return [ApiKey(*r) for r in rows]

    def revoke_key(self, key_id: str, *, team: str | None = None) -> ApiKey:
        with self.db.tx() as cur:
            row = cur.execute(
                "SELECT key_id, team, role, name, created_at, revoked_at FROM tenancy_keys WHERE key_id = ?",
                (key_id,),
            ).fetchone()
            if row is None or (team is not None and row[1] != team):
                raise NotFound(f"no key {key_id}")
            revoked = row[5] or _now()
            cur.execute("UPDATE tenancy_keys SET revoked_at = ? WHERE key_id = ?", (revoked, key_id))
        with self._cache_lock:
            self._cache.clear()
        return ApiKey(row[0], row[1], row[2], row[3], row[4], revoked)

    def authenticate(self, token: str) -> Principal:
        """The principal for a bearer token; AuthError when unknown, malformed or revoked.

        Results are cached for a few seconds per process (keyed by the token's hash) so a
        revocation takes effect everywhere within that window.
        """
        parsed = parse_key(token.strip())
        if parsed is None:
            raise AuthError("invalid API key", hint="keys look like pvg_<id>_<secret>; create one with "
                            "`provguard keys create --team NAME`")
        key_id, secret = parsed
        digest = _sha256(secret)
        cache_key = key_id + ":" + digest
        now = time.monotonic()
        with self._cache_lock:
            hit = self._cache.get(cache_key)
        if hit is not None and now - hit[0] < _AUTH_CACHE_SECONDS:
            principal = hit[1]
        else:
            principal = self._lookup(key_id, digest)
            with self._cache_lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[cache_key] = (now, principal)
        if principal is None:
            raise AuthError("invalid or revoked API key")
        return principal

    def _lookup(self, key_id: str, digest: str) -> Principal | None:
        with self.db.tx(write=False) as cur:
            row = cur.execute(
                "SELECT team, role, secret_sha256, revoked_at FROM tenancy_keys WHERE key_id = ?", (key_id,)
            ).fetchone()
        if row is None or row[3] is not None or not hmac.compare_digest(row[2], digest):
            return None
        return Principal(key_id=key_id, team=row[0], role=row[1])

    # ------------------------------------------------------------------ conversations
    def conversation(self, team: str, conversation_id: str, limit: int = 50) -> list[StoredTurn]:
        """Earlier turns of a team's conversation, oldest first (at most ``limit`` latest)."""
        with self.db.tx(write=False) as cur:
            rows = cur.execute(
                "SELECT turn, prompt, decision, audit_seq, request_id FROM tenancy_turns "
                "WHERE team = ? AND conversation_id = ? ORDER BY turn DESC LIMIT ?",
                (team, conversation_id, limit),
            ).fetchall()
        return [
            StoredTurn(r[0], r[1], json.loads(r[2]) if r[2] else None, r[3], r[4]) for r in reversed(rows)
        ]

    def add_turn(
        self, team: str, conversation_id: str, *, prompt: str, decision: dict[str, Any] | None,
        audit_seq: int | None, request_id: str | None,
    ) -> int:
        """Append a turn; returns its number (0-based). Safe under concurrent appends."""
        if not conversation_id or len(conversation_id) > 200:
            raise InputError("conversation id must be 1-200 characters")
        for _ in range(20):
            try:
                with self.db.tx() as cur:
                    row = cur.execute(
                        "SELECT COALESCE(MAX(turn), -1) + 1 FROM tenancy_turns "
                        "WHERE team = ? AND conversation_id = ?",
                        (team, conversation_id),
                    ).fetchone()
                    turn = int(row[0]) if row else 0
                    cur.execute(
                        "INSERT INTO tenancy_turns (team, conversation_id, turn, request_id, prompt, "
                        "decision, audit_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (team, conversation_id, turn, request_id, prompt,
                         json.dumps(decision) if decision is not None else None, audit_seq, _now()),
                    )
                return turn
            except Exception as exc:  # unique violation from a concurrent writer: retry
                if "unique" not in str(exc).lower() and "duplicate" not in str(exc).lower():
                    raise
        raise InputError(f"conversation {conversation_id} is too busy; retry")

    # ------------------------------------------------------------------ reviews
    def create_review(
        self, *, team: str, actor: str, request_id: str | None, kind: str, request_digest: str,
        decision: dict[str, Any], audit_seq: int | None,
    ) -> Review:
        review_id = "rev_" + secrets.token_hex(10)
        now = _now()
        with self.db.tx() as cur:
            cur.execute(
                "INSERT INTO tenancy_reviews (review_id, team, actor, request_id, kind, request_digest, "
                "decision, audit_seq, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                (review_id, team, actor, request_id, kind, request_digest, json.dumps(decision),
                 audit_seq, now),
            )
        return Review(review_id, team, actor, request_id, kind, request_digest, decision, audit_seq,
                      "pending", None, None, now, None)

    _REVIEW_COLS = ("review_id, team, actor, request_id, kind, request_digest, decision, audit_seq, status, "
                    "reviewer, note, created_at, resolved_at")

    @staticmethod
    def _review(row: tuple[Any, ...]) -> Review:
        values = list(row)
        values[6] = json.loads(values[6])
        return Review(*values)

    def get_review(self, review_id: str, *, team: str) -> Review:
        with self.db.tx(write=False) as cur:
            row = cur.execute(
                f"SELECT {self._REVIEW_COLS} FROM tenancy_reviews WHERE review_id = ? AND team = ?",
                (review_id, team),
            ).fetchone()
        if row is None:
            raise NotFound(f"no review {review_id} for this team")
        return self._review(row)

    def list_reviews(self, *, team: str, status: str | None = None, limit: int = 100) -> list[Review]:
        sql = f"SELECT {self._REVIEW_COLS} FROM tenancy_reviews WHERE team = ?"
        params: list[Any] = [team]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        sql += " ORDER BY created_at DESC, review_id LIMIT ?"
        params.append(limit)
        with self.db.tx(write=False) as cur:
            rows = cur.execute(sql, params).fetchall()
        return [self._review(r) for r in rows]

    def resolve_review(
        self, review_id: str, *, team: str, approve: bool, reviewer: str, note: str | None,
        separation: str = "person",
    ) -> Review:
        """pending -> approved|rejected, once; an approval obeys separation of duties (``duties``)."""
        if approve:
            held = self.get_review(review_id, team=team)
            names = self._key_names([held.actor, reviewer])
            check_separation(requester=held.actor, approver=reviewer, requester_name=names.get(held.actor),
                             approver_name=names.get(reviewer), mode=separation)
        status = "approved" if approve else "rejected"
        with self.db.tx() as cur:
            n = cur.execute(
                "UPDATE tenancy_reviews SET status = ?, reviewer = ?, note = ?, resolved_at = ? "
                "WHERE review_id = ? AND team = ? AND status = 'pending'",
                (status, reviewer, note, _now(), review_id, team),
            ).rowcount
        review = self.get_review(review_id, team=team)
        if n != 1:
            raise UsageError(f"review {review_id} is already {review.status}")
        return review

    def _key_names(self, key_ids: list[str]) -> dict[str, str | None]:
        with self.db.tx(write=False) as cur:
            rows = [cur.execute("SELECT key_id, name FROM tenancy_keys WHERE key_id = ?", (k,)).fetchone()
                    for k in dict.fromkeys(key_ids)]
        return {r[0]: r[1] for r in rows if r is not None}

    def release_review(self, review_id: str, *, team: str) -> None:
        """Undo ``consume_review`` when the request it let through could not be recorded."""
        with self.db.tx() as cur:
            cur.execute("UPDATE tenancy_reviews SET status = 'approved' WHERE review_id = ? AND team = ? "
                        "AND status = 'used'", (review_id, team))

    def consume_review(self, review_id: str, *, team: str, request_digest: str) -> Review:
        """Use an approved review for the very request it held; single use."""
        with self.db.tx() as cur:
            n = cur.execute(
                "UPDATE tenancy_reviews SET status = 'used' WHERE review_id = ? AND team = ? "
                "AND status = 'approved' AND request_digest = ?",
                (review_id, team, request_digest),
            ).rowcount
        review = self.get_review(review_id, team=team)
        if n != 1:
            if review.request_digest != request_digest:
                raise PermissionDenied(f"review {review_id} was for a different request")
            raise PermissionDenied(f"review {review_id} is {review.status}, not approved")
        return review
