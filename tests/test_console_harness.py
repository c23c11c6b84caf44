"""Helpers for the console tests: a real ``provguard serve`` subprocess, keys, held requests, sign-in.

No tests here; test modules import these fixtures and helpers.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from provguard.tenancy import TenancyStore
from tests.test_service_serve import serve_env, start_service, stop
from tests.upstream_server import UpstreamServer

UPSTREAM_KEY = "sk-upstream-test-key"
REVIEW_PROMPT = "photo of Barack Obama"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class ConsoleServer:
    url: str
    env: dict[str, str]
    data: Path
    proc: Any
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.data / "audit.sqlite3"

    def key(self, team: str, role: str) -> str:
        store = TenancyStore.open("sqlite:///" + str(self.db_path))
        try:
            return store.create_key(team, role, f"{team}-{role}")[1]
        finally:
            store.close()

    def hold(self, member_key: str, prompt: str = REVIEW_PROMPT, **kw: Any) -> str:
        """Send a review-level prompt through the proxy with the real openai client; return the review id."""
        oa = openai.OpenAI(base_url=self.url + "/v1", api_key=member_key, max_retries=0, timeout=30)
        with pytest.raises(openai.PermissionDeniedError) as info:
            oa.images.generate(prompt=prompt, **kw)
        body = info.value.body
        assert isinstance(body, dict)
        review_id = body["provguard"]["review_id"]
        assert isinstance(review_id, str)
        return review_id

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(str(self.db_path), timeout=30)
        try:
            with conn:
                return list(conn.execute(statement, params).fetchall())
        finally:
            conn.close()


def start_console(tmp: Path, upstream: UpstreamServer) -> ConsoleServer:
    env = serve_env(tmp, upstream)
    env["PROVGUARD_RATE_LIMIT_PER_MINUTE"] = "100000"
    proc, url = start_service(env)
    return ConsoleServer(url, env, tmp / "data", proc)


@pytest.fixture(scope="module")
def console_upstream() -> Iterator[UpstreamServer]:
    srv = UpstreamServer(api_key=UPSTREAM_KEY).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory,
            console_upstream: UpstreamServer) -> Iterator[ConsoleServer]:
    server = start_console(tmp_path_factory.mktemp("console"), console_upstream)
    try:
        yield server
    finally:
        err = stop(server.proc)
        for secret in server.keys.values():
            assert secret.split("_")[2] not in err  # keys never reach the logs


def csrf_of(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def sign_in(url: str, api_key: str) -> httpx.Client:
    """An httpx client holding a console session (as a browser would after the sign-in form)."""
    client = httpx.Client(base_url=url, timeout=30, follow_redirects=False)
    page = client.get("/console/login")
    r = client.post("/console/login", data={"api_key": api_key, "csrf": csrf_of(page.text)})
    assert r.status_code == 303, r.text
    return client
