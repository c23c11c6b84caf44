"""Console sessions: an API key is exchanged once for a server-side session.

The browser holds only a random 256-bit token in an HttpOnly cookie; the database keeps its
SHA-256 (like API keys, nothing usable is stored at rest), the key id, team and role, and a
per-session CSRF token. Sessions live in the tenancy database so every worker process and
replica sees the same ones, and end on sign-out, after ``IDLE_SECONDS`` without a request,
``ABSOLUTE_SECONDS`` after sign-in, or as soon as the key is revoked.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass

from provguard.errors import AuthError
from provguard.tenancy import Principal, TenancyStore

COOKIE = "provguard_console"
LOGIN_COOKIE = "provguard_console_login"  # CSRF token for the sign-in form (no session yet)
IDLE_SECONDS = int(os.environ.get("PROVGUARD_CONSOLE_IDLE_SECONDS", "1800"))
ABSOLUTE_SECONDS = int(os.environ.get("PROVGUARD_CONSOLE_MAX_SECONDS", str(12 * 3600)))
_TOUCH_EVERY_MS = 30_000  # write last_seen at most this often (the queue polls every few seconds)
CONSOLE_ROLES = ("reviewer", "admin")

SCHEMA = """CREATE TABLE IF NOT EXISTS console_sessions (
    token_sha256 TEXT PRIMARY KEY, key_id TEXT NOT NULL, team TEXT NOT NULL, role TEXT NOT NULL,
    csrf TEXT NOT NULL, created_ms BIGINT NOT NULL, seen_ms BIGINT NOT NULL)"""


class NotSignedIn(AuthError):
    """No session, or it ended (idle, too old, signed out, key revoked)."""

    code = "console_sign_in"


@dataclass(frozen=True)
class Session:
    """A signed-in reviewer or admin: who (the key id is the audit actor), team, role and CSRF token."""

    key_id: str
    team: str
    role: str
    csrf: str
    created_ms: int

    @property
    def principal(self) -> Principal:
        return Principal(key_id=self.key_id, team=self.team, role=self.role)  # type: ignore[arg-type]

    def csrf_ok(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf.encode(), str(token).encode())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now_ms() -> int:
    return int(time.time() * 1000)


class SessionStore:
    """Create, look up and end sessions in the tenancy database (table ``console_sessions``)."""

    def __init__(self, tenancy: TenancyStore) -> None:
        self.tenancy = tenancy
        self.db = tenancy.db
        self._ready = False
        self._lock = threading.Lock()

    def _migrate(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            with self.db.tx() as cur:
                if self.db.dialect == "postgres":
                    cur.execute("SELECT pg_advisory_xact_lock(7247169)")  # arbitrary constant: console DDL
                cur.execute(SCHEMA)
            self._ready = True

    def sign_in(self, api_key: str) -> tuple[Session, str]:
        """Authenticate ``api_key`` with the tenancy store; reviewers and admins get a session.

        Returns the session and the cookie token (shown to the browser once, stored hashed).
        """
        who = self.tenancy.authenticate(api_key)
        who.require(*CONSOLE_ROLES)
        self._migrate()
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), _now_ms()
        with self.db.tx() as cur:
            cur.execute("DELETE FROM console_sessions WHERE seen_ms < ? OR created_ms < ?",
                        (now - IDLE_SECONDS * 1000, now - ABSOLUTE_SECONDS * 1000))
            cur.execute("INSERT INTO console_sessions (token_sha256, key_id, team, role, csrf, created_ms, "
                        "seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (_digest(token), who.key_id, who.team, who.role, csrf, now, now))
        return Session(who.key_id, who.team, who.role, csrf, now), token

    def lookup(self, token: str | None, *, touch: bool = True) -> Session:
        """The live session for a cookie token; NotSignedIn when there is none (expired ones are deleted).

        ``touch=False`` (background polls) does not count as activity, so a tab left open on the
        queue still goes idle.
        """
        if not token or len(token) > 200:
            raise NotSignedIn("sign in to use the console")
        self._migrate()
        digest, now = _digest(token), _now_ms()
        with self.db.tx(write=False) as cur:
            row = cur.execute("SELECT key_id, team, role, csrf, created_ms, seen_ms FROM console_sessions "
                              "WHERE token_sha256 = ?", (digest,)).fetchone()
        if row is None:
            raise NotSignedIn("sign in to use the console")
        key_id, team, role, csrf, created, seen = row[0], row[1], row[2], row[3], int(row[4]), int(row[5])
        if now - seen > IDLE_SECONDS * 1000 or now - created > ABSOLUTE_SECONDS * 1000:
            self.end(token)
            raise NotSignedIn("your console session expired; sign in again")
        if not self._key_live(key_id, team):
            self.end(token)
            raise NotSignedIn("the API key behind this session was revoked")
        if touch and now - seen > _TOUCH_EVERY_MS:
            with self.db.tx() as cur:
                cur.execute("UPDATE console_sessions SET seen_ms = ? WHERE token_sha256 = ?", (now, digest))
        return Session(key_id, team, role, csrf, created)

    def _key_live(self, key_id: str, team: str) -> bool:
        return any(k.key_id == key_id and k.revoked_at is None for k in self.tenancy.list_keys(team))

    def end(self, token: str | None) -> None:
        """Sign out: the session row is deleted, so the cookie is worthless even if it was copied."""
        if not token:
            return
        self._migrate()
        with self.db.tx() as cur:
            cur.execute("DELETE FROM console_sessions WHERE token_sha256 = ?", (_digest(token),))
