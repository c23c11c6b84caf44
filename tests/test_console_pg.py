"""The console on PostgreSQL with two worker processes: one session serves every worker."""

from __future__ import annotations

import re
from pathlib import Path

import openai
import pytest

from provguard.tenancy import TenancyStore
from tests.test_console_harness import UPSTREAM_KEY, csrf_of, sign_in
from tests.test_service_serve import serve_env, start_service, stop
from tests.upstream_server import UpstreamServer

pytestmark = pytest.mark.postgres


def test_console_sessions_and_reviews_on_postgres_across_workers(tmp_path: Path, pg_db_url: str) -> None:
    upstream = UpstreamServer(api_key=UPSTREAM_KEY).start()
    env = serve_env(tmp_path, upstream)
    env["PROVGUARD_DB"] = pg_db_url
    store = TenancyStore.open(pg_db_url)
    member, reviewer = store.create_key("acme", "member")[1], store.create_key("acme", "reviewer")[1]
    store.close()
    proc, url = start_service(env, "--workers", "2")
    try:
        oa = openai.OpenAI(base_url=url + "/v1", api_key=member, max_retries=0, timeout=30)
        with pytest.raises(openai.PermissionDeniedError) as info:
            oa.images.generate(prompt="photo of Barack Obama")
        review_id = info.value.body["provguard"]["review_id"]  # type: ignore[index]
        client = sign_in(url, reviewer)
        for _ in range(12):  # the two workers share the session (it lives in PostgreSQL)
            assert client.get("/console/api/queue").status_code == 200
        page = client.get(f"/console/reviews/{review_id}").text
        assert re.search(r'<mark class="hl"[^>]*>Barack Obama<sup', page)
        r = client.post(f"/console/reviews/{review_id}/approve",
                        data={"reason": "approved on postgres", "csrf": csrf_of(page)})
        assert r.status_code == 200 and 'id="outcome"' in r.text
        seq = int(re.search(r'id="override-link">#(\d+)<', r.text).group(1))  # type: ignore[union-attr]
        record = client.get(f"/console/audit/{seq}").text
        assert "Inclusion proof verified" in record
        assert client.post("/console/logout", data={"csrf": csrf_of(record)}).status_code == 303
        assert client.get("/console/api/queue").status_code == 401
    finally:
        stop(proc)
        upstream.stop()
