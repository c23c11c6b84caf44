"""Upstream output is checked, request options are validated, and a missing upstream is said at once.

Real uvicorn, the real ``openai`` client and the local upstream stand-in sending bad answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from provguard.service.app import create_app
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.upstream_server import BAD_OUTPUTS, DEFAULT_IMAGE, UpstreamServer


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory, upstream: UpstreamServer) -> Iterator[Running]:
    settings = make_settings(tmp_path_factory.mktemp("outputs"), upstream, None,
                             max_upstream_body_bytes=4 * 1024 * 1024)
    running = serve(create_app(settings), settings)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def key(svc: Running) -> str:
    return svc.key()


def records(svc: Running, event_type: str) -> list:
    log = AuditLog.open(svc.settings.db_url(), key_path=svc.settings.audit_key_path())
    try:
        return log.query(event_type=event_type, limit=10_000)
    finally:
        log.close()


@pytest.mark.parametrize("mode", BAD_OUTPUTS)
def test_bad_upstream_output_is_a_502_audited_as_upstream_invalid(
    svc: Running, key: str, fresh_upstream: UpstreamServer, mode: str
) -> None:
    fresh_upstream.set_mode(mode)
    oa = openai.OpenAI(base_url=svc.url + "/v1", api_key=key, max_retries=0, timeout=60)
    with pytest.raises(openai.APIStatusError) as info:
        oa.images.generate(prompt="a lighthouse at dawn")
    err = info.value
    assert err.status_code == 502 and err.code == "upstream_invalid", err.message
    assert isinstance(err.body, dict) and err.body["type"] == "api_error"  # OpenAI's error shape
    request_id = err.response.headers["x-request-id"]
    results = [r for r in records(svc, "generation.result") if r.request_id == request_id]
    assert len(results) == 1 and results[0].decision == "error"
    assert results[0].subject["error_code"] == "upstream_invalid" and results[0].subject["status"] == 502
    fresh_upstream.set_mode("ok")
    assert oa.images.generate(prompt="a lighthouse at dawn").data  # healthy afterwards


@pytest.mark.parametrize(
    ("field", "value"),
    [("size", "99999x99999"), ("size", "1000x1000"), ("size", "3840x400"), ("size", "big"),
     ("quality", "ultra"), ("n", 0), ("n", 11), ("output_format", "bmp"), ("background", "green"),
     ("output_compression", 101)],
)
def test_generation_options_outside_openai_values_are_400(
    svc: Running, key: str, fresh_upstream: UpstreamServer, field: str, value: object
) -> None:
    r = httpx.post(svc.url + "/v1/images/generations", headers={"authorization": f"Bearer {key}"},
                   json={"prompt": "a lighthouse at dawn", field: value}, timeout=30)
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["param"] == field and err["type"] == "invalid_request_error"
    assert fresh_upstream.received == []


@pytest.mark.parametrize("prompt", ["", "   "])
def test_empty_prompt_is_400(svc: Running, key: str, fresh_upstream: UpstreamServer, prompt: str) -> None:
    oa = openai.OpenAI(base_url=svc.url + "/v1", api_key=key, max_retries=0)
    with pytest.raises(openai.BadRequestError):
        oa.images.generate(prompt=prompt)
    with pytest.raises(openai.BadRequestError):
        oa.images.edit(image=("in.webp", DEFAULT_IMAGE.read_bytes(), "image/webp"), prompt=prompt)
    assert fresh_upstream.received == []


def test_documented_options_pass(svc: Running, key: str, fresh_upstream: UpstreamServer) -> None:
    oa = openai.OpenAI(base_url=svc.url + "/v1", api_key=key, max_retries=0, timeout=60)
    for size in ("1024x1024", "1536x1024", "auto", "2048x1152", "1280x720"):
        assert oa.images.generate(prompt="a lighthouse at dawn", size=size, quality="high",  # type: ignore[arg-type]
                                  output_format="png", background="opaque", n=1).data
    edit = oa.images.edit(image=("in.webp", DEFAULT_IMAGE.read_bytes(), "image/webp"),
                          prompt="make the sky purple", size="1024x1024", n=2)
    assert len(edit.data) == 2
    assert len(fresh_upstream.received) == 6
    with pytest.raises(openai.BadRequestError) as info:  # multipart fields are checked the same way
        oa.images.edit(image=("in.webp", DEFAULT_IMAGE.read_bytes(), "image/webp"),
                       prompt="make the sky purple", size="99999x99999")  # type: ignore[arg-type]
    assert info.value.param == "size"  # type: ignore[attr-defined]
    assert len(fresh_upstream.received) == 6


def test_no_upstream_configured_answers_at_once(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, None, None, upstream_base_url=None)
    running = serve(create_app(settings), settings)
    try:
        oa = openai.OpenAI(base_url=running.url + "/v1", api_key=running.key(), timeout=60)  # default retries
        started = time.monotonic()
        with pytest.raises(openai.APIStatusError) as info:
            oa.images.generate(prompt="a lighthouse at dawn")
        elapsed = time.monotonic() - started
        assert info.value.status_code == 503 and info.value.code == "upstream_not_configured"
        assert "PROVGUARD_UPSTREAM_BASE_URL" in info.value.message
        assert info.value.response.headers["x-should-retry"] == "false"
        # the client did not retry (one screened request in the log) and got its answer at once,
        # not after the openai client's back-off (0.5 s + 1 s + ...) of the old 502
        assert len(records(running, "generation.request")) == 1
        assert elapsed < 3, elapsed
        failures = records(running, "generation.result")
        assert len(failures) == 1 and failures[0].subject["error_code"] == "upstream_not_configured"
        # a blocked prompt is still blocked (screening comes first)
        with pytest.raises(openai.BadRequestError):
            oa.images.generate(prompt="news photo of Joe Biden being arrested by police")
    finally:
        running.stop()
