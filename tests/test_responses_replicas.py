"""Two replicas on one PostgreSQL behind no sticky load balancer: chains, URL images and the
rate limit are shared (turn 1 on replica A, turn 2 on replica B)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from provguard.service.app import create_app
from tests.test_responses_e2e import FACE, TOOLS, data_url, user
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.test_sign_chain import Chain
from tests.upstream_server import UpstreamServer

pytestmark = pytest.mark.postgres
RATE = 30  # per minute: a burst of 5 (10 s), shared by both replicas


@pytest.fixture()
def replicas(
    tmp_path: Path, pg_db_url: str, upstream: UpstreamServer, chain: Chain
) -> Iterator[list[Running]]:
    running = []
    for name in ("a", "b"):  # separate data dirs: nothing is shared but the database
        settings = make_settings(
            tmp_path / name,
            upstream,
            chain,
            db=pg_db_url,
            audit_key=tmp_path / "audit_ed25519.pem",
            rate_limit_per_minute=RATE,
        )
        running.append(serve(create_app(settings), settings))
    yield running
    for r in running:
        r.stop()
        r.services.tenancy.close()


def oa(svc: Running, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=svc.url + "/v1", api_key=key, max_retries=0, timeout=60)


def test_turns_on_two_replicas(replicas: list[Running], fresh_upstream: UpstreamServer) -> None:
    a, b = replicas
    key = a.key()
    first = oa(a, key).responses.create(model="gpt-5", input=user("Remember this person.", data_url(FACE)))
    # turn 2 on the other replica: the face signal of turn 1 carries over
    with pytest.raises(openai.BadRequestError) as info:
        oa(b, key).responses.create(
            model="gpt-5",
            previous_response_id=first.id,
            tools=TOOLS,
            input="Now a photoreal picture of him receiving an award at a gala ceremony",
        )
    body = info.value.body
    assert isinstance(body, dict)
    assert any(f["signal"] == "face_image" for f in body["provguard"]["findings"])
    assert len(fresh_upstream.received) == 1
    # a benign chain continues across replicas, and the retrieval works on either
    second = oa(b, key).responses.create(model="gpt-5", previous_response_id=first.id, input="thanks!")
    assert second.model_extra["provguard"]["turn"] == 1  # type: ignore[index]
    assert oa(a, key).responses.retrieve(second.id).id == second.id
    # a URL image made on A downloads from B
    made = oa(a, key).images.generate(prompt="a red kite over a beach", response_format="url")
    url = made.data[0].url or ""
    assert url.startswith(a.url)
    got = httpx.get(b.url + url[len(a.url) :])
    assert got.status_code == 200 and got.headers["content-type"] == "image/webp" and len(got.content) > 1000


def test_rate_limit_is_shared(replicas: list[Running]) -> None:
    a, b = replicas
    key = a.key("ratelimited")
    statuses = []
    for i in range(10):
        svc = (a, b)[i % 2]
        r = httpx.get(svc.url + "/v1/policy/responses", headers={"authorization": f"Bearer {key}"})
        statuses.append(r.status_code)
    # the burst is 5 for both replicas together (per-process limits would let 10 through)
    allowed = statuses.count(200)
    assert 5 <= allowed <= 6 and statuses.count(429) == 10 - allowed, statuses
    assert statuses[:5] == [200] * 5


def test_leased_tokens_never_exceed_the_shared_burst(pg_db_url: str) -> None:
    from provguard.service.auth import SharedRateLimiter
    from provguard.service.errors import RateLimitExceeded

    a, b = SharedRateLimiter(pg_db_url, 600), SharedRateLimiter(pg_db_url, 600)  # burst 100, leases of 10
    assert a.lease == 10
    allowed = 0
    started = time.monotonic()
    for i in range(160):
        try:
            (a, b)[i % 2].check("k1")
            allowed += 1
        except RateLimitExceeded as exc:
            assert exc.retry_after >= 1
    refill = (time.monotonic() - started) * 10  # 600/min
    assert 100 - 2 * a.lease <= allowed <= 100 + refill + 1, (allowed, refill)
    assert allowed < 160
