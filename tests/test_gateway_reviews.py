"""Separation of duties over the API: a reviewer cannot approve (and then use) its own held request.

Real uvicorn and the real ``openai`` client; the refusal is an audit record.
"""

from __future__ import annotations

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from provguard.service.app import create_app
from provguard.tenancy import TenancyStore
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.upstream_server import UpstreamServer

REVIEW = "photo of Barack Obama"


def named_key(svc: Running, name: str, role: str = "reviewer") -> str:
    return TenancyStore.open(svc.settings.db_url()).create_key("acme", role, name)[1]


def hold(oa: openai.OpenAI) -> str:
    with pytest.raises(openai.PermissionDeniedError) as info:
        oa.images.generate(prompt=REVIEW)
    body = info.value.body
    assert isinstance(body, dict)
    return str(body["provguard"]["review_id"])


def approve(svc: Running, key: str, review_id: str) -> httpx.Response:
    return httpx.post(f"{svc.url}/v1/reviews/{review_id}/approve", headers={"authorization": f"Bearer {key}"},
                      json={}, timeout=30)


@pytest.mark.parametrize("separation", ["person", "key", "off"])
def test_self_approval(tmp_path_factory: pytest.TempPathFactory, fresh_upstream: UpstreamServer,
                       separation: str) -> None:
    settings = make_settings(tmp_path_factory.mktemp("sod"), fresh_upstream, None,
                             review_separation=separation)
    svc = serve(create_app(settings), settings)
    try:
        alice = named_key(svc, "alice")
        alice_admin = named_key(svc, "Alice", "admin")  # the same person's second key
        bob = named_key(svc, "bob")
        oa = openai.OpenAI(base_url=svc.url + "/v1", api_key=alice, max_retries=0, timeout=60)
        review_id = hold(oa)
        own = approve(svc, alice, review_id)
        if separation == "off":
            assert own.status_code == 200
        else:
            assert own.status_code == 403 and own.json()["code"] == "separation_of_duties"
            with pytest.raises(openai.PermissionDeniedError):  # not approved: cannot be used
                oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id})
            other_key = approve(svc, alice_admin, review_id)
            if separation == "person":
                assert other_key.status_code == 403 and other_key.json()["code"] == "separation_of_duties"
                assert approve(svc, bob, review_id).status_code == 200
            else:
                assert other_key.status_code == 200
        assert oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id}).data
        assert len(fresh_upstream.received) == 1
        log = AuditLog.open(settings.db_url(), key_path=settings.audit_key_path())
        overrides = log.query(event_type="review.override", limit=100)
        refused = [r for r in overrides if r.decision == "refused"]
        assert len(refused) == {"off": 0, "key": 1, "person": 2}[separation]
        assert all(r.subject["reason"] == "separation_of_duties" for r in refused)
        approved = [r for r in overrides if r.decision == "approved"]
        assert len(approved) == 1 and approved[0].subject["separation"] == separation
    finally:
        svc.stop()


def test_an_approval_is_not_used_up_by_a_request_that_could_not_be_recorded(
    tmp_path_factory: pytest.TempPathFactory, fresh_upstream: UpstreamServer
) -> None:
    settings = make_settings(tmp_path_factory.mktemp("release"), fresh_upstream, None)
    svc = serve(create_app(settings), settings)
    try:
        alice, bob = named_key(svc, "alice", "member"), named_key(svc, "bob")
        oa = openai.OpenAI(base_url=svc.url + "/v1", api_key=alice, max_retries=0, timeout=60)
        review_id = hold(oa)
        assert approve(svc, bob, review_id).status_code == 200
        writer = svc.services.audit().store._writer_conn()
        writer.execute("PRAGMA query_only = ON")  # real SQLite refusing the audit write
        with pytest.raises(openai.APIStatusError) as info:
            oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id})
        assert info.value.status_code == 503 and fresh_upstream.received == []
        svc.services.audit().store._writer_conn().execute("PRAGMA query_only = OFF")
        assert oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id}).data
        assert len(fresh_upstream.received) == 1
    finally:
        svc.stop()
