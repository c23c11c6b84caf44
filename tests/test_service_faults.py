"""Upstream faults map to OpenAI error shapes and leave an audit record; the service stays healthy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from provguard.service.app import create_app
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.test_sign_chain import Chain
from tests.upstream_server import UpstreamServer


@pytest.fixture(scope="module")
def svc(
    tmp_path_factory: pytest.TempPathFactory, upstream: UpstreamServer, chain: Chain
) -> Iterator[Running]:
    settings = make_settings(tmp_path_factory.mktemp("faults"), upstream, chain, upstream_timeout=1.0)
    running = serve(create_app(settings), settings)
    yield running
    running.stop()


def failures(svc: Running) -> list:
    log = AuditLog.open(svc.settings.db_url(), key_path=svc.settings.audit_key_path())
    return [r for r in log.query(event_type="generation.result", limit=1000) if r.decision == "error"]


@pytest.mark.parametrize(
    ("mode", "exc", "status", "code"),
    [
        ("429", openai.RateLimitError, 429, "rate_limit_exceeded"),
        ("500", openai.InternalServerError, 500, "upstream_error"),
        ("drop", openai.APIStatusError, 502, "upstream_unavailable"),
        ("slow", openai.APIStatusError, 504, "upstream_timeout"),
    ],
)
def test_upstream_failure_is_openai_shaped_and_audited(
    svc: Running, fresh_upstream: UpstreamServer, mode: str, exc: type, status: int, code: str
) -> None:
    fresh_upstream.set_mode(mode, delay=3.0)
    before = len(failures(svc))
    oa = openai.OpenAI(base_url=svc.url + "/v1", api_key=svc.key(), max_retries=0, timeout=30)
    with pytest.raises(exc) as info:
        oa.images.generate(prompt="a lighthouse at dawn")
    err = info.value
    assert isinstance(err, openai.APIStatusError)
    assert err.status_code == status and err.code == code
    assert (
        isinstance(err.body, dict)
        and err.body["provguard"]["request_id"] == err.response.headers["x-request-id"]
    )
    if mode == "429":
        assert err.response.headers.get("retry-after") == "1"
    assert len(fresh_upstream.received) == 1  # the screened request was forwarded once (retries=0)
    new = failures(svc)[before:]
    assert len(new) == 1 and new[0].subject["status"] == status and new[0].subject["error_code"] == code
    assert new[0].request_id == err.response.headers["x-request-id"]
    fresh_upstream.set_mode("ok")
    assert httpx.get(svc.url + "/healthz").status_code == 200
    assert oa.images.generate(prompt="a lighthouse at dawn").data


def test_upstream_unreachable(tmp_path: Path, chain: Chain) -> None:
    settings = make_settings(tmp_path, None, chain)  # nothing listens on port 9
    running = serve(create_app(settings), settings)
    try:
        oa = openai.OpenAI(base_url=running.url + "/v1", api_key=running.key(), max_retries=0)
        with pytest.raises(openai.APIStatusError) as info:
            oa.images.generate(prompt="a lighthouse at dawn")
        assert info.value.status_code == 502 and info.value.code == "upstream_unavailable"
        assert len(failures(running)) == 1
        log = AuditLog.open(settings.db_url(), key_path=settings.audit_key_path())
        assert log.verify().ok
    finally:
        running.stop()
