"""Streaming Responses through provguard: holding partial images, withholding, client disconnects."""

from __future__ import annotations

import time

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from tests.test_responses_e2e import TOOLS
from tests.test_service_e2e import client
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain, fresh_upstream)
from tests.test_service_harness import Running
from tests.upstream_server import UpstreamServer

PARTIALS = [{"type": "image_generation", "partial_images": 3}]


def audit(service: Running) -> AuditLog:
    return AuditLog.open(service.settings.db_url(), key_path=service.settings.audit_key_path())


def set_policy(service: Running, **values: object) -> None:
    admin = service.key("acme", "admin")
    r = httpx.put(
        f"{service.url}/v1/policy/responses", json=values, headers={"authorization": f"Bearer {admin}"}
    )
    assert r.status_code == 200, r.text


def test_blocked_stream_is_refused_before_any_event(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = client(service, service.key())
    with pytest.raises(openai.BadRequestError) as info:
        oa.responses.create(
            model="gpt-5", input="news photo of Joe Biden being arrested by police", stream=True, tools=TOOLS
        )
    assert info.value.code == "content_policy_violation"
    assert fresh_upstream.received == []


def test_withheld_stream_drops_partials_and_the_image(
    service: Running, fresh_upstream: UpstreamServer
) -> None:
    fresh_upstream.revised_prompt = "Photorealistic news photo of Joe Biden being arrested by police officers"
    oa = client(service, service.key())
    events = list(
        oa.responses.create(
            model="gpt-5", input="a politician in handcuffs", stream=True, tools=PARTIALS
        )
    )
    assert not [e for e in events if e.type == "response.image_generation_call.partial_image"]
    done = next(
        e for e in events if e.type == "response.output_item.done" and e.item.type == "image_generation_call"
    )
    assert done.item.result is None and done.item.model_extra["provguard"]["withheld"] is True
    final = next(o for o in events[-1].response.output if o.type == "image_generation_call")
    assert final.result is None


def test_partials_pass_at_once_when_holding_is_off(service: Running, fresh_upstream: UpstreamServer) -> None:
    set_policy(service, hold_partial_images=False)
    try:
        fresh_upstream.stream_delay = 0.05
        oa = client(service, service.key())
        events = list(
            oa.responses.create(model="gpt-5", input="a kite over dunes", stream=True, tools=PARTIALS)
        )
        types = [e.type for e in events]
        first_partial = types.index("response.image_generation_call.partial_image")
        # not held: the "completed" event of the call comes after the partials, as the upstream sent them
        assert first_partial < types.index("response.image_generation_call.completed")
        assert types.count("response.image_generation_call.partial_image") == 3
    finally:
        set_policy(service, hold_partial_images=True)


def test_client_disconnect_mid_stream_leaves_a_complete_record(
    service: Running, fresh_upstream: UpstreamServer
) -> None:
    fresh_upstream.stream_delay = 0.4
    key = service.key()
    body = {"model": "gpt-5", "input": "a lighthouse in fog", "stream": True, "tools": PARTIALS}
    with (
        httpx.Client(timeout=30) as http,
        http.stream(
            "POST", f"{service.url}/v1/responses", json=body, headers={"authorization": f"Bearer {key}"}
        ) as resp,
    ):
        assert resp.status_code == 200
        request_id = resp.headers["x-request-id"]
        assert (
            resp.headers["x-provguard-decision"] == "allow"
            and int(resp.headers["x-provguard-audit-seq"]) >= 0
        )
        first = next(resp.iter_lines())
        assert first.startswith("event: response.created")
    # the client is gone; provguard records the stream's end (and closes the upstream)
    deadline = time.monotonic() + 20
    found = []
    while time.monotonic() < deadline and not found:
        found = [
            r
            for r in audit(service).query(team="acme", event_type="generation.result", limit=10_000)
            if r.request_id == request_id
        ]
        time.sleep(0.2)
    (rec,) = found
    assert rec.subject["stream"] == "client_disconnected" and rec.subject["request_seq"] is not None
    assert rec.subject["response_id"].startswith("resp_")


def test_review_hold_on_responses(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = client(service, service.key())
    with pytest.raises(openai.PermissionDeniedError) as info:
        oa.responses.create(model="gpt-5", input="photo of Barack Obama", tools=TOOLS)
    body = info.value.body
    assert isinstance(body, dict) and body["code"] == "review_required" and body["provguard"]["review_id"]
    assert fresh_upstream.received == []


def test_conversation_is_scoped_to_its_team(service: Running, fresh_upstream: UpstreamServer) -> None:
    from tests.test_responses_e2e import FACE, data_url, user

    oa = client(service, service.key())
    conv = {"conversation": "conv_team_acme_1"}
    oa.responses.create(model="gpt-5", input=user("Remember this person.", data_url(FACE)), extra_body=conv)
    with pytest.raises(openai.BadRequestError):
        oa.responses.create(
            model="gpt-5",
            input="a photoreal picture of him receiving an award at a gala",
            extra_body=conv,
            tools=TOOLS,
        )
    other = client(service, service.key("beta"))
    with pytest.raises(openai.NotFoundError):
        other.responses.create(model="gpt-5", input="hello", extra_body=conv)
