"""Helpers for the service tests: a real uvicorn server on a loopback port, keys, the upstream.

No tests here; test modules import these fixtures and helpers.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from provguard.config import Settings
from provguard.service.app import create_app
from provguard.service.state import Services
from provguard.tenancy import TenancyStore
from tests.test_sign_chain import Chain, make_chain
from tests.upstream_server import UPSTREAM_KEY_DEFAULT, UpstreamServer

UPSTREAM_KEY = UPSTREAM_KEY_DEFAULT


@dataclass
class Running:
    """A service listening on 127.0.0.1:<port> in a background thread."""

    server: uvicorn.Server
    thread: threading.Thread
    port: int
    settings: Settings
    app: Any

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def services(self) -> Services:
        return self.app.state.services  # type: ignore[no-any-return]

    def key(self, team: str = "acme", role: str = "member") -> str:
        return TenancyStore.open(self.settings.db_url()).create_key(team, role)[1]

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def serve(app: Any, settings: Settings) -> Running:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("service did not start")
        time.sleep(0.02)
    return Running(server, thread, port, settings, app)


def make_settings(
    tmp: Path, upstream: UpstreamServer | None, chain: Chain | None, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp,
        "db": str(tmp / "audit.sqlite3"),
        "audit_key": tmp / "audit_ed25519.pem",
        "upstream_base_url": upstream.base_url if upstream else "http://127.0.0.1:9/v1",
        "upstream_api_key": UPSTREAM_KEY,
        "upstream_timeout": 10.0,
        "upstream_retries": 0,
        "rate_limit_per_minute": 100_000,
    }
    if chain is not None:
        values.update(signing_cert=chain.cert_path, signing_key=chain.key_path)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return make_chain(tmp_path_factory.mktemp("chain"))


@pytest.fixture(scope="module")
def upstream() -> Iterator[UpstreamServer]:
    srv = UpstreamServer(api_key=UPSTREAM_KEY).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, upstream: UpstreamServer, chain: Chain
) -> Iterator[Running]:
    settings = make_settings(tmp_path_factory.mktemp("svc"), upstream, chain)
    running = serve(create_app(settings), settings)
    yield running
    running.stop()


@pytest.fixture()
def fresh_upstream(upstream: UpstreamServer) -> UpstreamServer:
    upstream.reset()
    return upstream


def wait_healthy(url: str) -> None:
    r = httpx.get(url + "/healthz", timeout=5)
    assert r.status_code == 200 and r.json() == {"status": "ok"}
