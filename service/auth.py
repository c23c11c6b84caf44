"""Bearer API keys -> Principal (team + role), plus the per-key rate limit."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from provguard.config import Settings
from provguard.errors import AuthError
from provguard.service.errors import RateLimitExceeded
from provguard.tenancy import Principal

bearer = HTTPBearer(auto_error=False, description="A provguard API key (`provguard keys create`).")


class RateLimiter:
    """Token bucket per key id, in this process.

    With N worker processes each enforces ``per_minute / N``, so the total stays at the
    configured rate when the load balancer spreads requests evenly.
    """

    def __init__(self, per_minute: int, processes: int = 1) -> None:
        self.rate = max(per_minute, 1) / 60.0 / max(processes, 1)
        self.capacity = max(1.0, max(per_minute, 1) / max(processes, 1) / 6.0)  # ~10 s of burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                retry = max(1, math.ceil((1.0 - tokens) / self.rate))
                raise RateLimitExceeded(f"rate limit of {round(self.rate * 60)} requests/minute per key "
                                        "(per process) exceeded", retry_after=retry)
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > 100_000:
                self._buckets.clear()


class SharedRateLimiter:
    """The same bucket per key id for every replica, kept in PostgreSQL (``SharedBucket``).

    A replica takes tokens in small leases (a tenth of the burst, at least one; unused ones
    lapse after a second), so most requests cost no database round trip and the total across
    replicas never exceeds the configured rate. Opened on first use; a database that cannot be
    reached fails the request closed (503) like the audit store.
    """

    LEASE_SECONDS = 1.0

    def __init__(self, db_url: str, per_minute: int) -> None:
        self.db_url = db_url
        self.per_minute = per_minute
        self.lease = max(1, int(max(per_minute, 1) / 6.0 / 10))
        self._bucket: Any = None
        self._leases: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, until = self._leases.get(key, (0, 0.0))
            if tokens >= 1 and now < until:
                self._leases[key] = (tokens - 1, until)
                return
            if self._bucket is None:
                from provguard.tenancy.db import open_database
                from provguard.tenancy.ratelimit import SharedBucket

                self._bucket = SharedBucket(open_database(self.db_url), self.per_minute)
        granted, retry = self._bucket.take(key, self.lease)
        if not granted:
            raise RateLimitExceeded(f"rate limit of {self.per_minute} requests/minute per key exceeded "
                                    "(shared by all replicas)", retry_after=retry)
        with self._lock:
            if len(self._leases) > 100_000:
                self._leases.clear()
            self._leases[key] = (granted - 1, now + self.LEASE_SECONDS)


def make_limiter(settings: Settings) -> RateLimiter | SharedRateLimiter:
    """Across replicas when the store is PostgreSQL; per process (rate / workers) on SQLite."""
    url = settings.db_url()
    if url.startswith(("postgresql://", "postgres://")):
        return SharedRateLimiter(url, settings.rate_limit_per_minute)
    return RateLimiter(settings.rate_limit_per_minute, settings.workers)


async def principal(request: Request,
                    creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    """Authenticate the bearer key and charge one request to its rate limit."""
    if creds is None or not creds.credentials:
        raise AuthError("missing API key", hint="send Authorization: Bearer <provguard key>")
    services = request.app.state.services
    who: Principal = services.tenancy.authenticate(creds.credentials)
    request.app.state.limiter.check(who.key_id)
    extra = request.scope.get("state", {}).get("log_extra")
    if extra is not None:
        extra.update({"team": who.team, "key_id": who.key_id})
    return who
