"""``audit_outcome=group``: one durable commit before forwarding, the outcome group-committed after."""

from __future__ import annotations

from pathlib import Path

import httpx

from provguard.audit import AuditLog
from provguard.service.app import create_app
from tests.test_responses_e2e import TOOLS
from tests.test_service_e2e import client
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain)
from tests.test_service_harness import make_settings, serve
from tests.test_sign_chain import Chain
from tests.upstream_server import UpstreamServer


def test_group_committed_outcomes_are_all_recorded(
    tmp_path: Path, upstream: UpstreamServer, chain: Chain
) -> None:
    settings = make_settings(tmp_path, upstream, chain, audit_outcome="group")
    svc = serve(create_app(settings), settings)
    try:
        key = svc.key()
        oa = client(svc, key)
        image = oa.images.generate(prompt="a red kite over a beach")
        pg = image.model_extra["provguard"]  # type: ignore[index]
        assert isinstance(pg["audit_seq"], int) and pg["result_seq"] is None  # not waited for
        resp = oa.responses.create(model="gpt-5", input="a lighthouse at dawn", tools=TOOLS)
        request_seq = resp.model_extra["provguard"]["audit_seq"]  # type: ignore[index]
        # audit reads on this replica wait for outcome records still in flight
        records = httpx.get(
            svc.url + "/v1/audit/records",
            params={"after_seq": -1, "limit": 100},
            headers={"authorization": f"Bearer {key}"},
        ).json()["records"]
        results = [r for r in records if r["event_type"] == "generation.result"]
        assert {r["subject"]["request_seq"] for r in results} == {pg["audit_seq"], request_seq}
        assert any(r["subject"].get("response_id") == resp.id for r in results)
        oa.responses.create(model="gpt-5", input="a kite over dunes", tools=TOOLS)
    finally:
        svc.stop()  # shutdown flushes the last outcome record
    log = AuditLog.open(settings.db_url(), key_path=settings.audit_key_path())
    assert len(log.query(event_type="generation.result", limit=100)) == 3
    assert log.verify().ok
