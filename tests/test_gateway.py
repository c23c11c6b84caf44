"""The gateway on its own: real Screener, Inspector, AuditLog and upstream stand-in; no HTTP front end."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from provguard.audit import AuditLog
from provguard.config import Settings
from provguard.errors import StoreUnavailable
from provguard.gateway import Caller, ContentBlocked, Gateway, ImageInput, request_digest, upstream_error
from provguard.provenance import InspectOptions, Inspector
from provguard.screen import Screener
from tests.test_service_harness import UPSTREAM_KEY, make_settings
from tests.upstream_server import DEFAULT_IMAGE, UpstreamServer

CALLER = Caller(team="acme", actor="k1", request_id="req-1")


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.load()


@pytest.fixture(scope="module")
def inspector() -> Inspector:
    return Inspector(InspectOptions())


@pytest.fixture()
def upstream() -> Iterator[UpstreamServer]:
    srv = UpstreamServer(api_key=UPSTREAM_KEY).start()
    yield srv
    srv.stop()


def gateway(settings: Settings, screener: Screener, inspector: Inspector, audit_url: str) -> Gateway:
    def open_log() -> Any:
        return AuditLog.open(audit_url, key_path=settings.audit_key_path())

    return Gateway(settings=settings, screener=screener, inspector=inspector, audit=open_log)


# an audit store that cannot be opened: a SQLite file below a regular file
def broken_url(tmp_path: Path) -> str:
    (tmp_path / "not-a-dir").write_text("x")
    return "sqlite:///" + str(tmp_path / "not-a-dir" / "audit.sqlite3")


def test_fail_closed_forwards_nothing(
    tmp_path: Path, upstream: UpstreamServer, screener: Screener, inspector: Inspector
) -> None:
    gw = gateway(make_settings(tmp_path, upstream, None), screener, inspector, broken_url(tmp_path))
    with pytest.raises(StoreUnavailable):
        anyio.run(lambda: gw.generate(CALLER, {"prompt": "a lighthouse at dawn"}))
    assert upstream.received == []


def test_fail_open_forwards_and_logs_loudly(
    tmp_path: Path,
    upstream: UpstreamServer,
    screener: Screener,
    inspector: Inspector,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = make_settings(tmp_path, upstream, None, fail_open=True)
    gw = gateway(settings, screener, inspector, broken_url(tmp_path))
    with caplog.at_level(logging.ERROR, logger="provguard.gateway"):
        result = anyio.run(lambda: gw.generate(CALLER, {"prompt": "a lighthouse at dawn"}))
    assert result.request_seq is None and result.body["data"]
    assert base64.b64decode(result.body["data"][0]["b64_json"]) == DEFAULT_IMAGE.read_bytes()  # unsigned
    assert any("AUDIT STORE UNAVAILABLE" in r.getMessage() for r in caplog.records)
    # blocking still works without a store
    with pytest.raises(ContentBlocked):
        anyio.run(lambda: gw.generate(CALLER, {"prompt": "news photo of Joe Biden being arrested by police"}))
    assert len(upstream.received) == 1


def test_records_and_decisions(
    tmp_path: Path, upstream: UpstreamServer, screener: Screener, inspector: Inspector
) -> None:
    settings = make_settings(tmp_path, upstream, None)
    gw = gateway(settings, screener, inspector, settings.db_url())
    result = anyio.run(lambda: gw.generate(CALLER, {"prompt": "a lighthouse at dawn", "n": 2}))
    assert len(result.body["data"]) == 2 and result.verdicts[0].verdict == "ai_generated"
    log = AuditLog.open(settings.db_url(), key_path=settings.audit_key_path())
    req, res = log.query(limit=10)
    assert req.event_type == "generation.request" and req.subject["prompt_hmac"].startswith("hmac-sha256:")
    assert res.subject["request_seq"] == req.seq and len(res.subject["images"]) == 2
    assert res.subject["images"][0]["verdict"] == "ai_generated"
    with pytest.raises(Exception, match="prompt"):
        anyio.run(lambda: gw.generate(CALLER, {"prompt": "  "}))
    with pytest.raises(Exception, match="streaming"):
        anyio.run(lambda: gw.generate(CALLER, {"prompt": "a cat", "stream": True}))


def test_request_digest_binds_prompt_and_images() -> None:
    a = request_digest("edit", "p", [ImageInput(b"1")])
    assert a != request_digest("edit", "p", [ImageInput(b"2")])
    assert a != request_digest("generation", "p", [ImageInput(b"1")])
    assert a == request_digest("edit", "p", [ImageInput(b"1", filename="other.png")])


def test_unknown_exception_maps_to_502() -> None:
    err = upstream_error(RuntimeError("boom"))
    assert err.http_status == 502 and err.code == "upstream_error"
