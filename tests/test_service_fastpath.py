"""The pure-ASGI fast path of POST /v1/screen answers exactly as the FastAPI route does."""

from __future__ import annotations

import json
from typing import Any

import httpx

from provguard.audit import AuditLog
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain)
from tests.test_service_harness import Running

PROMPT = "news photo of Joe Biden being arrested by police"


def fast(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}", "content-type": "application/json"}


def slow(key: str) -> dict[str, str]:
    # a lower-case scheme is valid HTTP auth but not the plain case: FastAPI serves it
    return {"authorization": f"bearer {key}", "content-type": "application/json"}


def post(service: Running, headers: dict[str, str], body: bytes) -> httpx.Response:
    return httpx.post(service.url + "/v1/screen", headers=headers, content=body)


def comparable(r: httpx.Response) -> dict[str, Any]:
    body = r.json()
    for volatile in ("audit_seq", "request_id", "instance"):
        body.pop(volatile, None)
    return {"status": r.status_code, "type": r.headers["content-type"], "body": body}


def test_fast_and_framework_paths_give_the_same_decision(service: Running) -> None:
    key = service.key("fastpath")
    raw = json.dumps({"prompt": PROMPT, "id": "p1", "context": ["a portrait of a man"]}).encode()
    a, b = post(service, fast(key), raw), post(service, slow(key), raw)
    assert a.status_code == 200 and a.json()["action"] == "block"
    assert comparable(a) == comparable(b)
    assert b.json()["audit_seq"] > a.json()["audit_seq"]
    for r in (a, b):
        assert r.headers["x-request-id"]
    log = service.services.audit()
    records = {rec.seq: rec for rec in log.query(team="fastpath", limit=10)}
    for r in (a, b):
        rec = records[r.json()["audit_seq"]]
        assert rec.event_type == "screen.decision" and rec.decision == "block" and rec.actor
        assert rec.request_id == r.headers["x-request-id"]


def test_refusals_are_the_frameworks(service: Running) -> None:
    key = service.key("fastpath-errors")
    cases = [
        b"{not json",
        b'{"prompt": 5}',
        b'{"prompt": "a cat", "unknown": 1}',
        b'{"prompt": "a cat", "policy": "no-such-policy"}',
        b'{"prompt": "' + b"x" * 9000 + b'"}',
        b"",
    ]
    for raw in cases:
        a, b = post(service, fast(key), raw), post(service, slow(key), raw)
        assert a.status_code in (400, 413, 422), (raw[:40], a.status_code)
        assert comparable(a) == comparable(b), raw[:40]
    bad_key = post(service, fast("pvg_nope_nope"), b'{"prompt": "a cat"}')
    assert bad_key.status_code == 401 and bad_key.json()["code"] == "unauthorized"


def test_store_failure_is_a_503_and_recovers(service: Running) -> None:
    key = service.key("fastpath-store")
    log: AuditLog = service.services.audit()
    before = log.size()
    log.store._writer_conn().execute("PRAGMA query_only = ON")  # real SQLite refusing writes
    r = post(service, fast(key), b'{"prompt": "a lighthouse at dawn"}')
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "store_unavailable"
    ok = post(service, fast(key), b'{"prompt": "a lighthouse at dawn"}')  # the log was re-opened
    assert ok.status_code == 200 and ok.json()["audit_seq"] == before
    assert service.services.audit().size() == before + 1


def test_metrics_keep_the_route_template(service: Running) -> None:
    key = service.key("fastpath-metrics")
    assert post(service, fast(key), b'{"prompt": "a cat"}').status_code == 200
    text = httpx.get(service.url + "/metrics").text
    assert 'provguard_http_requests_total{method="POST",route="/v1/screen",status="200"}' in text
