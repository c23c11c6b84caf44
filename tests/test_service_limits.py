"""Auth, limits, hostile input and the native API's error shapes, over real sockets."""

from __future__ import annotations

import json
import logging
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from provguard.service.app import create_app
from tests.secrets_check import assert_key_absent
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, serve
from tests.upstream_server import DEFAULT_IMAGE, UpstreamServer

PROBLEM = "application/problem+json"


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (a decompression bomb's first bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def tight(service: Running) -> Iterator[Running]:
    """A second app on the same Services with small limits (body 64 KiB, upload 32 KiB, prompt 200)."""
    settings = service.settings.model_copy(
        update={
            "max_body_bytes": 64 * 1024,
            "max_upload_bytes": 32 * 1024,
            "max_prompt_chars": 200,
        }
    )
    running = serve(create_app(settings, services=service.services), settings)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def limited(service: Running) -> Iterator[Running]:
    """A third app on the same Services allowing 6 requests per minute per key."""
    settings = service.settings.model_copy(update={"rate_limit_per_minute": 6})
    running = serve(create_app(settings, services=service.services), settings)
    yield running
    running.stop()


def test_auth_errors_in_both_shapes(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = openai.OpenAI(base_url=service.url + "/v1", api_key="pvg_nope_" + "x" * 40, max_retries=0)
    with pytest.raises(openai.AuthenticationError) as info:
        oa.images.generate(prompt="a cat")
    assert info.value.code == "invalid_api_key"
    r = httpx.post(service.url + "/v1/screen", json={"prompt": "a cat"})
    assert r.status_code == 401 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["code"] == "unauthorized" and r.json()["request_id"] == r.headers["x-request-id"]
    assert fresh_upstream.received == []


def test_revoked_key_is_refused(service: Running) -> None:
    rec, key = service.services.tenancy.create_key("acme", "member")
    assert (
        httpx.post(service.url + "/v1/screen", json={"prompt": "a cat"}, headers=bearer(key)).status_code
        == 200
    )
    service.services.tenancy.revoke_key(rec.key_id)
    assert (
        httpx.post(service.url + "/v1/screen", json={"prompt": "a cat"}, headers=bearer(key)).status_code
        == 401
    )


def test_screen_endpoint_matches_cli_decision(service: Running) -> None:
    key = service.key()
    r = httpx.post(
        service.url + "/v1/screen",
        headers=bearer(key),
        json={"prompt": "news photo of Joe Biden being arrested by police", "id": "p1"},
    )
    assert r.status_code == 200
    body = r.json()
    direct = service.services.screener.screen("news photo of Joe Biden being arrested by police", id="p1")
    assert {k: v for k, v in body.items() if k != "audit_seq"} == {
        k: v for k, v in direct.model_dump(mode="json").items() if k != "audit_seq"
    }
    assert isinstance(body["audit_seq"], int)
    strict = httpx.post(
        service.url + "/v1/screen", headers=bearer(key), json={"prompt": "a cat", "policy": "strict"}
    )
    assert strict.status_code == 200 and strict.json()["policy"] == "strict"
    bad = httpx.post(
        service.url + "/v1/screen", headers=bearer(key), json={"prompt": "a", "policy": "../etc/x"}
    )
    assert bad.status_code == 400 and bad.json()["code"] == "usage_error"
    invalid = httpx.post(service.url + "/v1/screen", headers=bearer(key), json={"text": "a"})
    assert invalid.status_code == 422 and invalid.headers["content-type"].startswith(PROBLEM)


def test_inspect_upload(service: Running) -> None:
    key = service.key()
    ok = httpx.post(
        service.url + "/v1/inspect",
        headers=bearer(key),
        files={"file": ("puppy.webp", DEFAULT_IMAGE.read_bytes(), "image/webp")},
    )
    assert ok.status_code == 200 and ok.json()["verdict"] == "ai_generated"
    junk = httpx.post(
        service.url + "/v1/inspect",
        headers=bearer(key),
        files={"file": ("x.jpg", os.urandom(5000), "image/jpeg")},
    )
    # unreadable upload: a 4xx carrying the same Verdict body, error says why
    assert junk.status_code in (415, 422), junk.text
    assert junk.json()["error"]["code"] in ("unsupported_format", "truncated")
    assert junk.json()["verdict"] is None
    empty = httpx.post(
        service.url + "/v1/inspect", headers=bearer(key), files={"file": ("e.png", b"", "image/png")}
    )
    assert empty.status_code == 400
    url_only = httpx.post(
        service.url + "/v1/inspect",
        headers=bearer(key),
        data={"url": "http://169.254.169.254/latest/meta-data"},
    )
    assert url_only.status_code == 422  # no file: URLs are never fetched


def test_limits_413(tight: Running, fresh_upstream: UpstreamServer) -> None:
    key = tight.key()
    big = httpx.post(tight.url + "/v1/screen", headers=bearer(key), json={"prompt": "x" * 100_000})
    assert big.status_code == 413 and big.json()["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"prompt": "'
        for _ in range(100):
            yield b"y" * 1024
        yield b'"}'

    streamed = httpx.post(
        tight.url + "/v1/screen",
        headers={**bearer(key), "content-type": "application/json"},
        content=chunks(),
    )
    assert streamed.status_code == 413
    long_prompt = httpx.post(tight.url + "/v1/screen", headers=bearer(key), json={"prompt": "z" * 300})
    assert long_prompt.status_code == 413
    oa = openai.OpenAI(base_url=tight.url + "/v1", api_key=key, max_retries=0)
    with pytest.raises(openai.APIStatusError) as info:
        oa.images.generate(prompt="a cat " * 60)
    assert info.value.status_code == 413 and info.value.code == "payload_too_large"
    upload = httpx.post(
        tight.url + "/v1/inspect",
        headers=bearer(key),
        files={"file": ("big.webp", b"\x00" * 40_000, "image/webp")},
    )
    assert upload.status_code == 413
    assert fresh_upstream.received == []
    assert httpx.get(tight.url + "/healthz").status_code == 200


def test_hostile_edit_uploads(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = openai.OpenAI(base_url=service.url + "/v1", api_key=service.key(), max_retries=0)
    with pytest.raises(openai.BadRequestError) as info:
        oa.images.edit(image=("x.png", os.urandom(4096), "image/png"), prompt="add a hat")
    assert "not a readable image" in str(info.value.message)
    with pytest.raises(openai.APIStatusError) as bomb:
        oa.images.edit(image=("bomb.png", png_header_only(60_000, 60_000), "image/png"), prompt="add a hat")
    assert bomb.value.status_code == 413
    stray = httpx.post(
        service.url + "/v1/images/edits",
        headers=bearer(service.key()),
        data={"prompt": "add a hat"},
        files={"x": ("a", b"b")},
    )
    assert stray.status_code == 400 and stray.json()["error"]["type"] == "invalid_request_error"
    no_image = httpx.post(
        service.url + "/v1/images/edits",
        headers=bearer(service.key()),
        data={"prompt": "add a hat"},
        files={"mask": ("m.png", png_header_only(8, 8))},
    )
    assert no_image.status_code == 400
    not_multipart = httpx.post(
        service.url + "/v1/images/edits", headers=bearer(service.key()), json={"prompt": "x"}
    )
    assert not_multipart.status_code == 400 and "error" in not_multipart.json()
    assert fresh_upstream.received == []
    assert httpx.get(service.url + "/healthz").status_code == 200
    assert httpx.get(service.url + "/readyz").status_code == 200


def test_rate_limit_429_with_retry_after(limited: Running) -> None:
    key = limited.key("ratelimited")
    statuses = []
    for _ in range(4):
        r = httpx.post(limited.url + "/v1/screen", headers=bearer(key), json={"prompt": "a cat"})
        statuses.append(r.status_code)
    assert 429 in statuses
    again = httpx.post(limited.url + "/v1/screen", headers=bearer(key), json={"prompt": "a"})
    assert again.status_code == 429 and again.json()["code"] == "rate_limited"
    assert int(again.headers["retry-after"]) >= 1
    oa = openai.OpenAI(base_url=limited.url + "/v1", api_key=key, max_retries=0)
    with pytest.raises(openai.RateLimitError) as info:
        oa.images.generate(prompt="a cat")
    assert info.value.code == "rate_limit_exceeded"
    other = limited.key("ratelimited")  # limits are per key
    assert (
        httpx.post(limited.url + "/v1/screen", headers=bearer(other), json={"prompt": "a"}).status_code == 200
    )


def test_team_isolation_of_audit_records(service: Running) -> None:
    a, b = service.key("team-a"), service.key("team-b")
    seq = httpx.post(service.url + "/v1/screen", headers=bearer(a), json={"prompt": "a cat"}).json()[
        "audit_seq"
    ]
    mine = httpx.get(service.url + "/v1/audit/records", headers=bearer(a), params={"limit": 1000}).json()
    assert seq in [r["seq"] for r in mine["records"]] and all(r["team"] == "team-a" for r in mine["records"])
    assert all("payload" not in r for r in mine["records"])  # members do not read prompts
    theirs = httpx.get(service.url + "/v1/audit/records", headers=bearer(b), params={"limit": 1000}).json()
    assert seq not in [r["seq"] for r in theirs["records"]]
    assert httpx.get(f"{service.url}/v1/audit/proof/{seq}", headers=bearer(b)).status_code == 404
    assert httpx.get(f"{service.url}/v1/audit/proof/{seq}", headers=bearer(a)).status_code == 200
    cp = httpx.get(service.url + "/v1/audit/checkpoint", headers=bearer(a)).json()
    assert cp["size"] > seq and cp["text"].startswith("provguard\n")
    admin = service.key("team-a", "admin")
    full = httpx.get(
        service.url + "/v1/audit/records", headers=bearer(admin), params={"after_seq": seq - 1, "limit": 1}
    ).json()
    assert full["records"][0]["payload"]["prompt"] == "a cat"


def test_keys_api_admin_only(
    service: Running, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    admin, member = service.key("keys-team", "admin"), service.key("keys-team", "member")
    assert (
        httpx.post(service.url + "/v1/keys", headers=bearer(member), json={"role": "member"}).status_code
        == 403
    )
    created = httpx.post(
        service.url + "/v1/keys", headers=bearer(admin), json={"role": "reviewer", "name": "r"}
    )
    assert created.status_code == 201
    new = created.json()
    assert new["team"] == "keys-team" and new["key"].startswith("pvg_")
    listed = httpx.get(service.url + "/v1/keys", headers=bearer(admin)).json()["keys"]
    assert new["key_id"] in [k["key_id"] for k in listed] and "key" not in listed[0]
    assert httpx.delete(f"{service.url}/v1/keys/{new['key_id']}", headers=bearer(admin)).status_code == 200
    other_admin = service.key("elsewhere", "admin")
    assert (
        httpx.delete(f"{service.url}/v1/keys/{new['key_id']}", headers=bearer(other_admin)).status_code == 404
    )
    # the key made over the API: never in the service's logs or output, nor in the database
    out, err = capfd.readouterr()
    assert_key_absent(
        new["key"],
        {"logs": caplog.text, "stdout": out, "stderr": err, "listing": json.dumps(listed)},
        [Path(str(service.settings.db))],
    )


def test_metrics_and_request_ids(service: Running) -> None:
    key = service.key()
    r = httpx.post(
        service.url + "/v1/screen",
        headers={**bearer(key), "x-request-id": "abc-123"},
        json={"prompt": "a cat"},
    )
    assert r.headers["x-request-id"] == "abc-123"
    weird = httpx.post(
        service.url + "/v1/screen",
        headers={**bearer(key), "x-request-id": "bad id\u00e9"[:6]},
        json={"prompt": "a cat"},
    )
    assert weird.headers["x-request-id"].startswith("req_")
    text = httpx.get(service.url + "/metrics").text
    assert 'provguard_http_requests_total{method="POST",route="/v1/screen",status="200"}' in text
    assert "provguard_screen_decisions_total" in text and key not in text
    missing = httpx.get(service.url + "/v1/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(PROBLEM)
    assert 'route="unmatched"' in httpx.get(service.url + "/metrics").text
